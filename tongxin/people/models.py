"""Organisations, people and the roles they hold (SPEC §1).

Three trees share one table: the unit tree (group → company → mine → district or
department → crew), the Party tree (committee → general branch → branch → group) and
the union tree (union → sub-union → union group). Party and union organisations hang
on a unit through `unit`. A role is held in one organisation and reaches its subtree;
`tongxin.people.scoping` turns a person's roles into what they may see.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class Tree(models.TextChoices):
    UNIT = "unit", _("行政单位")
    PARTY = "party", _("党组织")
    UNION = "union", _("工会组织")


class OrgKind(models.TextChoices):
    GROUP = "group", _("集团")
    COMPANY = "company", _("公司")
    MINE = "mine", _("矿")
    DISTRICT = "district", _("区队")
    DEPARTMENT = "department", _("科室")
    CREW = "crew", _("班组")
    PARTY_COMMITTEE = "party_committee", _("党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    PARTY_GROUP = "party_group", _("党小组")
    UNION = "union", _("工会")
    SUB_UNION = "sub_union", _("分工会")
    UNION_GROUP = "union_group", _("工会小组")


KIND_TREE = {
    OrgKind.GROUP: Tree.UNIT,
    OrgKind.COMPANY: Tree.UNIT,
    OrgKind.MINE: Tree.UNIT,
    OrgKind.DISTRICT: Tree.UNIT,
    OrgKind.DEPARTMENT: Tree.UNIT,
    OrgKind.CREW: Tree.UNIT,
    OrgKind.PARTY_COMMITTEE: Tree.PARTY,
    OrgKind.GENERAL_BRANCH: Tree.PARTY,
    OrgKind.BRANCH: Tree.PARTY,
    OrgKind.PARTY_GROUP: Tree.PARTY,
    OrgKind.UNION: Tree.UNION,
    OrgKind.SUB_UNION: Tree.UNION,
    OrgKind.UNION_GROUP: Tree.UNION,
}


class Organisation(MP_Node):
    """One node of the unit, Party or union tree (materialised path: subtree = prefix)."""

    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    tree = models.CharField(_("所属树"), max_length=10, choices=Tree.choices, db_index=True)
    # Party and union organisations hang on the unit tree: a branch on its district,
    # a sub-union on its department. Null for units themselves.
    unit = models.ForeignKey(
        "self",
        verbose_name=_("挂靠单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attached",
        limit_choices_to={"tree": Tree.UNIT},
    )
    is_active = models.BooleanField(_("启用"), default=True)

    node_order_by = None

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        indexes = [models.Index(fields=["tree", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(tree="unit", unit__isnull=True) | ~Q(tree="unit"),
                name="org_unit_tree_has_no_attachment",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_unit(self) -> bool:
        return self.tree == Tree.UNIT


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", _("中共党员")
    PROBATIONARY = "probationary", _("预备党员")
    LEAGUE = "league", _("共青团员")
    MASSES = "masses", _("群众")


PARTY_STATUSES = (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)


class SkillGrade(models.TextChoices):
    NONE = "", _("无")
    JUNIOR = "junior", _("初级工")
    INTERMEDIATE = "intermediate", _("中级工")
    SENIOR = "senior", _("高级工")
    TECHNICIAN = "technician", _("技师")
    SENIOR_TECHNICIAN = "senior_technician", _("高级技师")


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(employee_no=username)

    def create_user(self, employee_no, password=None, **fields):
        person = self.model(employee_no=employee_no, **fields)
        person.set_password(password)
        person.save()
        return person

    def create_superuser(self, employee_no, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(employee_no, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """A worker of the enterprise; also the account they sign in with (工号 + 密码)."""

    employee_no = models.CharField(_("工号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=40)
    # Kept in step with `name` by the services, for search by pinyin ("zs" → 张三).
    name_pinyin = models.CharField(max_length=120, db_index=True, editable=False)
    name_initials = models.CharField(max_length=40, db_index=True, editable=False)
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        limit_choices_to={"tree": Tree.UNIT},
    )
    party_org = models.ForeignKey(
        Organisation,
        verbose_name=_("所在党组织"),
        on_delete=models.SET_NULL,
        related_name="party_members",
        null=True,
        blank=True,
        limit_choices_to={"tree": Tree.PARTY},
    )
    union_org = models.ForeignKey(
        Organisation,
        verbose_name=_("所在工会组织"),
        on_delete=models.SET_NULL,
        related_name="union_members",
        null=True,
        blank=True,
        limit_choices_to={"tree": Tree.UNION},
    )
    post = models.CharField(_("岗位"), max_length=40, blank=True)
    phone = models.CharField(_("手机"), max_length=11, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    political_status = models.CharField(
        _("政治面貌"),
        max_length=20,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    union_member = models.BooleanField(_("工会会员"), default=True)
    skill_grade = models.CharField(
        _("技能等级"), max_length=20, choices=SkillGrade.choices, blank=True, default=""
    )
    hire_date = models.DateField(_("入职日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在职"), default=True)
    is_staff = models.BooleanField(_("可进入管理后台"), default=False)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    objects = PersonManager()

    USERNAME_FIELD = "employee_no"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["employee_no"]
        indexes = [models.Index(fields=["unit", "employee_no"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def is_party_member(self) -> bool:
        return self.political_status in PARTY_STATUSES


class Certificate(models.Model):
    """A qualification certificate a person holds (操作证、技能等级证书 …)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("人员")
    )
    name = models.CharField(_("证书名称"), max_length=80)
    number = models.CharField(_("证书编号"), max_length=40, blank=True)
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["person", "name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    BRANCH_SECRETARY = "branch_secretary", _("党支部书记")
    UNION_CHAIR = "union_chair", _("工会主席")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")
    # A district's (or the mine's) safety officer, 安全员/安全副队长: assigns and
    # re-checks the hazards of the unit it is held in (hazards.access).
    SAFETY_OFFICER = "safety_officer", _("安全员/安全副队长")
    LEADERSHIP = "leadership", _("班子成员")
    DISCIPLINE_INSPECTOR = "discipline_inspector", _("纪检监察")
    ADMIN = "admin", _("系统管理员")


# Which tree each role is held in. Secretaries hold office in a Party organisation,
# union chairs in a union organisation, the rest in a unit.
ROLE_TREE = {
    Role.BRANCH_SECRETARY: Tree.PARTY,
    Role.UNION_CHAIR: Tree.UNION,
    Role.DEPARTMENT_HEAD: Tree.UNIT,
    Role.SAFETY_OFFICER: Tree.UNIT,
    Role.LEADERSHIP: Tree.UNIT,
    Role.DISCIPLINE_INSPECTOR: Tree.UNIT,
    Role.ADMIN: Tree.UNIT,
}


class RoleAssignment(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("人员")
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="role_holders", verbose_name=_("组织")
    )
    created_at = models.DateTimeField(_("任命时间"), default=timezone.now)

    class Meta:
        verbose_name = _("角色任职")
        verbose_name_plural = _("角色任职")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "organisation"], name="unique_role_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_role_display()}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("排队待检查")
    CHECKING = "checking", _("正在检查")
    INVALID = "invalid", _("有错误，未导入")
    READY = "ready", _("检查通过，待确认")
    APPLYING = "applying", _("正在导入")
    APPLIED = "applied", _("已导入")
    FAILED = "failed", _("导入失败")
    CANCELLED = "cancelled", _("已取消")


class RosterImport(models.Model):
    """One uploaded roster file, from preview to applied (see people/roster.py)."""

    uploaded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="roster_imports", verbose_name=_("上传人")
    )
    # Unit names in the file are resolved inside this unit's subtree.
    scope_unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("导入范围")
    )
    file = models.FileField(_("文件"), upload_to="rosters/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    # [{"row": 7, "employee_no": "...", "errors": ["手机号格式不正确：…"]}, …]
    errors = models.JSONField(_("错误"), default=list, blank=True)
    # {"create": n, "update": n, "unchanged": n}
    summary = models.JSONField(_("汇总"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("花名册导入")
        verbose_name_plural = _("花名册导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
