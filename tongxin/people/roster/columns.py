"""The columns a roster file may have: header variants, required columns, labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

# The columns an HR export has, with the header variants seen in real exports. Header
# text is compared after removing spaces, "*" and anything in brackets.
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_no": ("工号", "员工编号", "职工编号", "员工工号", "职工工号", "人员编号", "员工号"),
    "name": ("姓名", "员工姓名", "职工姓名"),
    "unit": ("单位", "所在单位", "所属单位", "单位名称", "部门", "所在部门", "单位/部门"),
    "post": ("岗位", "岗位名称", "职位"),
    "phone": ("手机", "手机号", "手机号码", "移动电话", "手机电话"),
    "political_status": ("政治面貌",),
    "union_member": ("工会会员", "是否工会会员", "是否为工会会员", "是否会员"),
    "skill_grade": ("技能等级", "技术等级", "职业技能等级", "技能鉴定等级"),
    "hire_date": ("入职日期", "入职时间", "入矿日期", "入矿时间", "进矿日期", "进矿时间"),
}
REQUIRED = ("employee_no", "name", "unit")
HEADER_KEYS = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
LABELS = {
    "employee_no": gettext_lazy("工号"),
    "name": gettext_lazy("姓名"),
    "unit": gettext_lazy("单位"),
    "post": gettext_lazy("岗位"),
    "phone": gettext_lazy("手机"),
    "political_status": gettext_lazy("政治面貌"),
    "union_member": gettext_lazy("工会会员"),
    "skill_grade": gettext_lazy("技能等级"),
    "hire_date": gettext_lazy("入职日期"),
}
TEMPLATE_HEADERS = [aliases[0] for aliases in COLUMNS.values()]
