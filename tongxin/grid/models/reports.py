"""What grid members and branches file: monthly reports, quarterly self-summaries and
the branch's quarterly grid meeting."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("已提交待审核")
    ACCEPTED = "accepted", _("已审核通过")
    RETURNED = "returned", _("已退回修改")


class MonthlyReport(models.Model):
    """党员网格化管理工作月报表: the month's figures (taken from the records when the
    member submits) and the member's own words; the secretary accepts or returns it."""

    member = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="grid_reports", verbose_name=_("网格员")
    )
    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("党支部")
    )
    month = models.DateField(_("月份"))
    # {"covered": n, "visits": n, "talks": n, "tasks_total": n, "tasks_done": n,
    #  "tasks_overdue": n, "life_events": n, "problems_raised": n, "visit_rows": [...]}
    figures = models.JSONField(_("本月数据"), default=dict)
    own_words = models.TextField(_("工作情况和下月打算"), max_length=2000)
    state = models.CharField(_("状态"), max_length=10, choices=ReportState.choices)
    submitted_at = models.DateTimeField(_("提交时间"))
    # On time: submitted by the report deadline (GRID_REPORT_DUE_DAY of next month).
    on_time = models.BooleanField(_("按时提交"), default=True)
    reviewed_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("网格化管理工作月报表")
        verbose_name_plural = _("网格化管理工作月报表")
        ordering = ["-month", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="grid_one_report_per_month")
        ]
        indexes = [models.Index(fields=["branch", "month", "state"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class QuarterSummary(models.Model):
    member = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="grid_summaries", verbose_name=_("党员")
    )
    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("党支部")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    text = models.TextField(_("季度自我小结"), max_length=3000)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("季度自我小结")
        verbose_name_plural = _("季度自我小结")
        ordering = ["-year", "-quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "quarter"], name="grid_one_summary_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度"


class GridMeeting(models.Model):
    """The branch's quarterly grid meeting (季度例会)."""

    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("党支部")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    held_on = models.DateField(_("召开日期"))
    place = models.CharField(_("地点"), max_length=60, blank=True)
    attendees = models.ManyToManyField(PERSON, related_name="+", verbose_name=_("参会人员"))
    absent_note = models.CharField(_("缺席情况"), max_length=300, blank=True)
    minutes = models.TextField(_("会议记录"), max_length=5000)
    recorded_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("网格季度例会")
        verbose_name_plural = _("网格季度例会")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["branch", "year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度例会"
