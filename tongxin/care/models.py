"""Care and services for workers (职工关爱与服务, SPEC §5).

Needs are collected by survey or on the spot (`Need`, 需求清单) and each becomes a
`ServiceItem` with an owner and a deadline (服务清单); the items, done or not, are the
service ledger (服务台账). Hardship workers (困难职工, retired too) have a
`HardshipFile` reviewed every year, and `Assistance` records what they received.
Counselling (心理疏导) is booked against a counsellor's free slots; what is said there
is a `CounsellingNote` that only the counsellor who wrote it can read: it has no admin
page, no export and no audit copy of its text.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class NeedCategory(models.TextChoices):
    LIVING = "living", _("生活保障")
    MEDICAL = "medical", _("医疗健康")
    EDUCATION = "education", _("子女教育")
    HOUSING = "housing", _("住房通勤")
    MENTAL = "mental", _("心理疏导")
    LEGAL = "legal", _("法律援助")
    SKILL = "skill", _("技能提升")
    OTHER = "other", _("其他")


class NeedSurvey(models.Model):
    """A needs survey (需求调查) a union opens for a unit over a period."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    org_path = models.CharField(max_length=255, editable=False)
    title = models.CharField(_("调查名称"), max_length=60)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    created_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("需求调查")
        verbose_name_plural = _("需求调查")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class NeedState(models.TextChoices):
    NEW = "new", _("待转服务")
    SERVED = "served", _("已转服务项目")
    DECLINED = "declined", _("不予办理")


class Need(models.Model):
    survey = models.ForeignKey(
        NeedSurvey, on_delete=models.PROTECT, null=True, blank=True, related_name="needs"
    )
    person = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_needs",
        verbose_name=_("职工"),
    )
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    org_path = models.CharField(max_length=255, editable=False)
    category = models.CharField(_("类别"), max_length=12, choices=NeedCategory.choices)
    text = models.CharField(_("需求内容"), max_length=500)
    collected_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    collected_on = models.DateField(_("收集日期"), default=timezone.localdate)
    state = models.CharField(
        _("状态"), max_length=10, choices=NeedState.choices, default=NeedState.NEW
    )
    decline_reason = models.CharField(_("不予办理理由"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("需求清单")
        verbose_name_plural = _("需求清单")
        ordering = ["-collected_on", "-pk"]
        indexes = [
            models.Index(
                fields=["org_path", "state"],
                name="care_need_path_state",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return self.text[:30]


class ItemState(models.TextChoices):
    OPEN = "open", _("服务中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class ItemSource(models.TextChoices):
    NEED = "need", _("需求清单")
    VISIT = "visit", _("网格走访")
    DIRECT = "direct", _("直接登记")


class ServiceItem(models.Model):
    """One line of the service list and ledger (服务清单 / 服务台账)."""

    need = models.OneToOneField(
        Need, on_delete=models.PROTECT, null=True, blank=True, related_name="service_item"
    )
    source = models.CharField(_("来源"), max_length=10, choices=ItemSource.choices)
    person = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_items",
        verbose_name=_("服务对象"),
    )
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    org_path = models.CharField(max_length=255, editable=False)
    category = models.CharField(_("类别"), max_length=12, choices=NeedCategory.choices)
    title = models.CharField(_("服务事项"), max_length=80)
    description = models.CharField(_("具体内容"), max_length=1000, blank=True)
    owner = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="care_items_owned", verbose_name=_("责任人")
    )
    deadline = models.DateField(_("完成期限"))
    state = models.CharField(
        _("状态"), max_length=10, choices=ItemState.choices, default=ItemState.OPEN
    )
    result = models.CharField(_("服务结果"), max_length=1000, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务台账")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(
                fields=["org_path", "state", "deadline"],
                name="care_item_path_state",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", ""],
            ),
            models.Index(fields=["owner", "state"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.state == ItemState.OPEN and self.deadline < timezone.localdate()


class HardshipLevel(models.TextChoices):
    EXTREME = "extreme", _("特困")
    HARDSHIP = "hardship", _("困难")
    MARGINAL = "marginal", _("临界困难")


class HardshipCause(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    EDUCATION = "education", _("因学")
    ACCIDENT = "accident", _("因灾或意外")
    SINGLE_INCOME = "single_income", _("单职工或单亲")
    OTHER = "other", _("其他")


class FileState(models.TextChoices):
    ACTIVE = "active", _("在档")
    CLOSED = "closed", _("已脱困销档")


class HardshipFile(models.Model):
    """困难职工档案. Retired workers keep theirs (`person.is_active` False)."""

    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="hardship_files", verbose_name=_("职工")
    )
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    org_path = models.CharField(max_length=255, editable=False)
    level = models.CharField(_("困难程度"), max_length=10, choices=HardshipLevel.choices)
    cause = models.CharField(_("致困原因"), max_length=15, choices=HardshipCause.choices)
    family_situation = models.TextField(_("家庭情况"), max_length=1000)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"))
    monthly_income = models.DecimalField(_("家庭人均月收入（元）"), max_digits=9, decimal_places=2)
    is_retired = models.BooleanField(_("退休职工"), default=False)
    opened_on = models.DateField(_("建档日期"))
    last_reviewed_on = models.DateField(_("上次复核"), null=True, blank=True)
    next_review_on = models.DateField(_("下次复核"))
    # The reminder for the yearly review is sent once per due date.
    review_reminded_for = models.DateField(null=True, blank=True, editable=False)
    state = models.CharField(
        _("状态"), max_length=10, choices=FileState.choices, default=FileState.ACTIVE
    )
    created_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["next_review_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state="active"),
                name="care_one_active_hardship_file",
            )
        ]
        indexes = [
            models.Index(
                fields=["org_path", "state"],
                name="care_file_path_state",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.opened_on}"


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", _("维持")
    CHANGE = "change", _("调整困难程度")
    CLOSE = "close", _("脱困销档")


class HardshipReview(models.Model):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("复核日期"))
    outcome = models.CharField(_("复核结论"), max_length=10, choices=ReviewOutcome.choices)
    level_after = models.CharField(
        _("复核后困难程度"), max_length=10, choices=HardshipLevel.choices, blank=True
    )
    monthly_income = models.DecimalField(
        _("家庭人均月收入（元）"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("复核意见"), max_length=500, blank=True)
    reviewer = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.reviewed_on} {self.get_outcome_display()}"


class AssistanceKind(models.TextChoices):
    WARMTH = "warmth", _("送温暖")
    SCHOOLING = "schooling", _("金秋助学")
    MEDICAL = "medical", _("医疗救助")
    LIVING = "living", _("生活救助")
    CONDOLENCE = "condolence", _("慰问金")
    OTHER = "other", _("其他")


class AssistanceSource(models.TextChoices):
    UNION_FUNDS = "union_funds", _("工会经费")
    HIGHER_UNION = "higher_union", _("上级工会")
    ENTERPRISE = "enterprise", _("企业行政")
    DONATION = "donation", _("社会捐助")


class Assistance(models.Model):
    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="assistance", verbose_name=_("职工")
    )
    file = models.ForeignKey(
        HardshipFile, on_delete=models.PROTECT, null=True, blank=True, related_name="assistance"
    )
    # The unit at the time it was given: totals per unit stay as they were.
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    org_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("帮扶类型"), max_length=12, choices=AssistanceKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    source = models.CharField(_("资金来源"), max_length=15, choices=AssistanceSource.choices)
    given_on = models.DateField(_("发放日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["-given_on", "-pk"]
        indexes = [
            models.Index(
                fields=["org_path", "given_on"],
                name="care_aid_path_date",
                opclasses=["varchar_pattern_ops", ""],
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class Counsellor(models.Model):
    person = models.OneToOneField(
        PERSON, on_delete=models.PROTECT, related_name="counsellor", verbose_name=_("咨询师")
    )
    # The unit whose workers may book (usually the mine).
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("服务范围"),
    )
    intro = models.CharField(_("简介"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("心理咨询师")
        verbose_name_plural = _("心理咨询师")

    def __str__(self) -> str:
        return str(self.person)


class CounsellingSlot(models.Model):
    counsellor = models.ForeignKey(Counsellor, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=60)
    is_cancelled = models.BooleanField(_("已取消"), default=False)

    class Meta:
        verbose_name = _("咨询时段")
        verbose_name_plural = _("咨询时段")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["counsellor", "starts_at"], name="care_slot_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class BookingState(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    DONE = "done", _("已咨询")


class Booking(models.Model):
    slot = models.ForeignKey(CounsellingSlot, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=10, choices=BookingState.choices, default=BookingState.BOOKED
    )
    booked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("咨询预约")
        verbose_name_plural = _("咨询预约")
        ordering = ["-booked_at"]
        constraints = [
            # The last free slot booked by two people at once: the second insert fails.
            models.UniqueConstraint(
                fields=["slot"], condition=~Q(state="cancelled"), name="care_one_booking_per_slot"
            )
        ]

    def __str__(self) -> str:
        return self.get_state_display()


class CounsellingNote(models.Model):
    """Readable by its author only. Deliberately no admin, no export, no audit text."""

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="note")
    counsellor = models.ForeignKey(Counsellor, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=5000)
    written_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"#{self.pk}"
