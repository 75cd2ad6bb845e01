"""Safety-hazard inspection by the 三三制 method (SPEC §4).

Three levels inspect on a fixed rhythm: the crew daily (班组日查), the district weekly
(区队周查), the branch monthly (支部月查). An `InspectionPlan` says which unit inspects
at which level with which checklist; each period it is due once, and an `Inspection`
records it against the checklist version in force (一队一册、一面一册, versioned so an
old inspection still reads as it was done). An item found wanting becomes a `Hazard`,
which moves only through the transitions in `workflow.py`; every step is a
`HazardEvent` on its timeline. Video patrol detections arrive as hazards awaiting a
patrol's confirmation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline.models import TimelineEvent


class Level(models.TextChoices):
    CREW_DAILY = "crew_daily", _("班组日查")
    DISTRICT_WEEKLY = "district_weekly", _("区队周查")
    BRANCH_MONTHLY = "branch_monthly", _("支部月查")


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    LARGER = "larger", _("较大")
    MAJOR = "major", _("重大")


class Source(models.TextChoices):
    INSPECTION = "inspection", _("检查发现")
    REPORT = "report", _("随手拍")
    VIDEO = "video", _("视频巡检")


class State(models.TextChoices):
    PENDING = "pending", _("待巡检确认")
    REPORTED = "reported", _("已上报待指派")
    ASSIGNED = "assigned", _("已指派待整改")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("已整改待复查")
    CLOSED = "closed", _("已销号")
    DISMISSED = "dismissed", _("误报已排除")


OPEN_STATES = (State.REPORTED, State.ASSIGNED, State.RECTIFYING, State.RECTIFIED)
# States in which the rectification deadline runs.
CLOCK_STATES = (State.ASSIGNED, State.RECTIFYING)


class HazardCategory(models.Model):
    name = models.CharField(_("名称"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("隐患类别")
        verbose_name_plural = _("隐患类别")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class CategoryDepartment(models.Model):
    """The department that answers for a category of hazards across its mine (机电 →
    机电科, 通风 → 通风科): its head and safety officer see, assign and re-check every
    hazard of that category in the mine, whichever district reported it (access.py)."""

    category = models.ForeignKey(
        HazardCategory,
        on_delete=models.CASCADE,
        related_name="departments",
        verbose_name=_("隐患类别"),
    )
    department = models.ForeignKey(
        "people.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("主管科室"),
        limit_choices_to={"tree": "unit", "kind__in": ("department", "district")},
    )
    # The mine's path: the hazards the department answers for are those under it.
    scope_path = models.CharField(max_length=255, editable=False)

    class Meta:
        verbose_name = _("隐患类别主管科室")
        verbose_name_plural = _("隐患类别主管科室")
        ordering = ["category", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "department"], name="hazards_category_department_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.department}"


class Workplace(models.Model):
    """A work place (工作面、巷道、硐室) with its own printable QR code."""

    unit = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="workplaces",
        verbose_name=_("所属单位"),
        limit_choices_to={"tree": "unit"},
    )
    name = models.CharField(_("名称"), max_length=60)
    code = models.CharField(_("编码"), max_length=24, unique=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("作业地点")
        verbose_name_plural = _("作业地点")
        ordering = ["unit", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistTemplate(models.Model):
    """A checklist drawn from a work place's standard (一队一册、一面一册)."""

    name = models.CharField(_("名称"), max_length=80)
    unit = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="checklists",
        verbose_name=_("单位"),
        limit_choices_to={"tree": "unit"},
    )
    level = models.CharField(_("检查层级"), max_length=20, choices=Level.choices)
    standard = models.CharField(_("依据标准"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("检查表")
        verbose_name_plural = _("检查表")

    def __str__(self) -> str:
        return self.name


class ChecklistVersion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("检查表版本")
        verbose_name_plural = _("检查表版本")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="hazards_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class ChecklistItem(models.Model):
    version = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="items")
    area = models.CharField(_("区域"), max_length=40)
    category = models.ForeignKey(HazardCategory, on_delete=models.PROTECT, verbose_name=_("类别"))
    text = models.CharField(_("检查内容"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["version", "area", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class InspectionPlan(models.Model):
    """Who inspects what at which level: due once each day, week or month."""

    unit = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="inspection_plans",
        verbose_name=_("检查单位"),
        limit_choices_to={"tree": "unit"},
    )
    unit_path = models.CharField(max_length=255, editable=False)
    level = models.CharField(_("检查层级"), max_length=20, choices=Level.choices)
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, verbose_name=_("检查表")
    )
    workplace = models.ForeignKey(
        Workplace, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("作业地点")
    )
    starts_on = models.DateField(_("开始日期"), default=timezone.localdate)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("检查计划")
        verbose_name_plural = _("检查计划")
        indexes = [
            models.Index(
                fields=["unit_path", "level"],
                name="hazards_plan_scope",
                opclasses=["varchar_pattern_ops", "varchar_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_level_display()}"


class Inspection(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="inspections")
    version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    # "2026-11-24" (day), "2026-W48" (ISO week) or "2026-11" (month).
    period = models.CharField(_("周期"), max_length=10)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("检查记录")
        verbose_name_plural = _("检查记录")
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="hazards_inspection_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.period}"


class InspectionResult(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    ok = models.BooleanField(_("合格"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="hazards_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {'ok' if self.ok else 'bad'}"


class Hazard(models.Model):
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="hazards"
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("责任单位"),
    )
    unit_path = models.CharField(max_length=255, editable=False)
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("作业地点"),
    )
    location = models.CharField(_("具体位置"), max_length=120)
    category = models.ForeignKey(HazardCategory, on_delete=models.PROTECT, verbose_name=_("类别"))
    severity = models.CharField(_("等级"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("隐患描述"), max_length=1000)
    measures = models.TextField(_("整改措施"), max_length=1000, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards_responsible",
        verbose_name=_("整改责任人"),
    )
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices)
    version = models.PositiveIntegerField(default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发现人"),
    )
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("整改人"),
    )
    rechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复查人"),
    )
    supervised = models.BooleanField(_("挂牌督办"), default=False)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    # Detections from outside (video patrol): where they came from, for the patrol.
    source_ref = models.CharField(_("来源编号"), max_length=60, blank=True)
    confidence = models.FloatField(_("置信度"), null=True, blank=True)
    created_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    rectified_at = models.DateTimeField(_("整改完成"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["unit_path", "state", "created_at"],
                name="hazards_scope",
                opclasses=["varchar_pattern_ops", "varchar_ops", "timestamptz_ops"],
            ),
            models.Index(
                fields=["unit_path", "created_at"],
                name="hazards_period",
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
            ),
            # The board filters on a state and a subtree: state first, then the path.
            models.Index(
                fields=["state", "unit_path", "created_at"],
                name="hazards_state_scope",
                opclasses=["varchar_ops", "varchar_pattern_ops", "timestamptz_ops"],
            ),
            models.Index(fields=["state", "deadline"], name="hazards_deadline"),
            models.Index(fields=["responsible", "state"], name="hazards_responsible"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rechecked_by__isnull=True) | ~Q(rechecked_by=models.F("rectified_by")),
                name="hazards_recheck_by_another",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.location}"

    @property
    def code(self) -> str:
        return f"YH{timezone.localtime(self.created_at):%Y}-{self.pk:07d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.deadline) and self.state in CLOCK_STATES and today > self.deadline


ACTION_LABELS = {
    "report": _("上报"),
    "detect": _("视频巡检发现"),
    "confirm": _("巡检确认"),
    "dismiss": _("误报排除"),
    "assign": _("指派整改"),
    "start": _("开始整改"),
    "rectify": _("整改完成"),
    "recheck_pass": _("复查合格，销号"),
    "recheck_fail": _("复查不合格，退回整改"),
    "supervise": _("挂牌督办"),
    "union_note": _("工会监督意见"),
    "urge": _("工会督促"),
    "escalate_1": _("超期督促"),
    "escalate_2": _("超期报告矿领导"),
}


class HazardEvent(TimelineEvent):
    action_labels = ACTION_LABELS
    states = State

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["hazard", "at"])]


class PhotoKind(models.TextChoices):
    FOUND = "found", _("隐患照片")
    RECTIFIED = "rectified", _("整改照片")


def _photo_path(instance, filename):
    return f"hazards/{filename}"


class HazardPhoto(models.Model):
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        HazardEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos"
    )
    kind = models.CharField(max_length=10, choices=PhotoKind.choices)
    image = models.ImageField(upload_to=_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name
