"""Response schemas of the API: what each endpoint returns, with Chinese field descriptions.

Personal data in these schemas (phone, ID number) is filled in by the routers from
`tongxin.people.scoping`, already masked where the viewer has no need for it.
"""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

# Printable text: PostgreSQL refuses NUL, and no other control character belongs in a
# title. Bodies keep tabs and line breaks.
LINE = r"^[^\x00-\x1f\x7f]*$"
TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


class Error(Schema):
    detail: str = Field(description="错误说明（中文）")


class FieldError(Schema):
    loc: list[str | int] = Field(description='出错参数的位置，如 ["query", "page"]')
    msg: str = Field(description="错误原因")
    type: str = Field(description="错误类型代码")


class ValidationErrorOut(Schema):
    detail: str = Field(description="错误说明（中文）")
    errors: list[FieldError] = Field(description="逐项错误")


class OrgRef(Schema):
    id: int = Field(description="组织编号")
    name: str = Field(description="名称")
    kind: str = Field(description="类型代码，如 district、branch、sub_union")
    tree: str = Field(description="所属树：unit 行政单位 / party 党组织 / union 工会组织")


class Org(OrgRef):
    kind_label: str = Field(description="类型名称，如 区队、党支部")
    tree_label: str = Field(description="所属树名称")
    depth: int = Field(description="在所属树中的层级，顶层为 1")
    is_active: bool = Field(description="是否启用")
    unit: OrgRef | None = Field(description="党组织、工会组织挂靠的行政单位；行政单位本身为空")


class OrgDetail(Org):
    breadcrumbs: list[OrgRef] = Field(description="本人可见的上级组织，自上而下")
    headcount: int = Field(description="在职人数（党组织、工会组织为其成员数），含下级")


class OrgPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[Org] = Field(description="本页组织")


class Role(Schema):
    role: str = Field(description="角色代码，如 branch_secretary")
    role_label: str = Field(description="角色名称，如 党支部书记")
    organisation: OrgRef = Field(description="任职组织；角色覆盖其全部下级")


class Certificate(Schema):
    name: str = Field(description="证书名称")
    number: str = Field(description="证书编号")
    issued_on: date | None = Field(description="发证日期")
    valid_until: date | None = Field(description="有效期至")


class PersonRow(Schema):
    id: int = Field(description="人员编号")
    employee_no: str = Field(description="工号")
    name: str = Field(description="姓名")
    unit: OrgRef | None = Field(description="所在单位")
    post: str = Field(description="岗位")
    phone: str = Field(description="手机号；无需联系本人的查看者看到的是脱敏号码，如 138****1234")
    id_number: str = Field(description="身份证号；仅本人和本单位系统管理员可见全号，其余脱敏")
    political_status: str = Field(
        description="政治面貌代码：member / probationary / league / masses"
    )
    political_status_label: str = Field(description="政治面貌，如 中共党员")
    union_member: bool = Field(description="是否工会会员")
    is_active: bool = Field(description="是否在职")


class PersonDetail(PersonRow):
    party_org: OrgRef | None = Field(description="所在党组织")
    union_org: OrgRef | None = Field(description="所在工会组织")
    skill_grade: str = Field(description="技能等级代码，空为无")
    skill_grade_label: str = Field(description="技能等级，如 高级工")
    hire_date: date | None = Field(description="入职日期")
    unit_path: list[OrgRef] = Field(description="所在单位及其（查看者可见的）上级，自上而下")
    roles: list[Role] = Field(description="担任的角色及任职组织")
    certificates: list[Certificate] = Field(description="持有的证书")


class Me(PersonDetail):
    is_staff_member: bool = Field(description="是否担任职务（可使用组织、人员等管理接口）")
    must_change_password: bool = Field(
        description="是否须先修改密码；为真时除本接口外的接口均返回 403"
    )
    password_expired: bool = Field(description="密码是否已过期（网页登录须先修改）")


class PersonPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[PersonRow] = Field(description="本页人员")
