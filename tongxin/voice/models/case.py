"""A case, its channels and states, and the words of an open case (for finding similar
ones)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.anonymous.ids import BLOCK, is_block_id

from .categories import Category
from .meetings import CongressSession, ForumMeeting

# An anonymous case's id is a random negative block (core.anonymous.ids), not from the
# table's sequence; its events and photos take the ids just above it.
ANONYMOUS_BLOCK = BLOCK


def case_id_from_code(code: str) -> int | None:
    """The id a quoted number names: "2026-000123" (a named case), "2026-N1234567890"
    (an anonymous one); None if it is neither."""
    tail = code.strip().split("-")[-1].upper()
    if tail.isdigit():
        return int(tail)
    if tail[:1] == "N" and tail[1:].isdigit():
        return -int(tail[1:]) * ANONYMOUS_BLOCK
    return None


class Channel(models.TextChoices):
    REQUEST = "request", _("职工诉求")
    SUGGESTION = "suggestion", _("意见箱")
    PROPOSAL = "proposal", _("合理化建议")
    CONGRESS = "congress", _("职代会提案")
    FORUM = "forum", _("座谈会")
    GRID = "grid", _("网格问题")
    HAZARD = "hazard", _("隐患转办")


# Channels a worker chooses on the submit page; the others are entered by staff or
# opened by other areas through services.case_open.
WORKER_CHANNELS = (Channel.REQUEST, Channel.SUGGESTION, Channel.PROPOSAL)


class State(models.TextChoices):
    COSIGNING = "cosigning", _("征集附议")
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理待交办")
    ASSIGNED = "assigned", _("办理中")
    AWAITING_INFO = "awaiting_info", _("待补充材料")
    HANDLED = "handled", _("已办理待答复")
    REPLIED = "replied", _("已答复待评价")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已合并")
    DECLINED = "declined", _("不予立案")


OPEN_STATES = (
    State.COSIGNING,
    State.SUBMITTED,
    State.ACCEPTED,
    State.ASSIGNED,
    State.AWAITING_INFO,
    State.HANDLED,
)
# States in which the deadline clock runs.
CLOCK_STATES = (State.ASSIGNED, State.HANDLED)


class Case(models.Model):
    channel = models.CharField(_("渠道"), max_length=12, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=60)
    body = models.TextField(_("内容"), max_length=2000)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("分类")
    )
    is_major = models.BooleanField(_("重大事项"), default=False)
    # The unit the matter concerns, and its path copied for single-table scoping.
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所属单位"),
    )
    org_path = models.CharField(max_length=255, editable=False)

    # Who raised it. Anonymous: none of these, only the receipt hash.
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voice_cases",
        verbose_name=_("提出人"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("代为录入"),
    )
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    receipt_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.SUBMITTED
    )
    # Where a case waiting for the submitter's information goes back to.
    resume_state = models.CharField(max_length=16, choices=State.choices, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    # Bumped by every change; a form sends the version it was drawn from, so that the
    # second of two officers acting at once is told instead of overwriting.
    version = models.PositiveIntegerField(default=0)

    department = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办部门"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voice_handling",
        verbose_name=_("承办人"),
    )
    deadline = models.DateField(_("办理期限"), null=True, blank=True)
    # 0 none, 1 handler reminded, 2 head and union chair told, 3 leadership told.
    escalation_level = models.PositiveSmallIntegerField(default=0)
    reopened = models.BooleanField(_("已重新办理"), default=False)
    watch_org = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上级督办"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
        verbose_name=_("合并到"),
    )

    handling_note = models.TextField(_("办理情况"), blank=True)
    reply = models.TextField(_("答复"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("评价"), null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    # Rationalisation proposals.
    adopted = models.BooleanField(_("已采纳"), null=True, blank=True)
    benefit = models.CharField(_("实施效益"), max_length=300, blank=True)
    benefit_amount = models.DecimalField(
        _("经济效益（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reward_amount = models.DecimalField(
        _("奖励金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    # Workers' congress proposals.
    congress_session = models.ForeignKey(
        CongressSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("职代会届次"),
    )
    congress_number = models.PositiveIntegerField(_("提案号"), null=True, blank=True)
    cosign_count = models.PositiveSmallIntegerField(_("附议人数"), default=0)
    decision_reason = models.TextField(_("立案意见"), blank=True)

    forum = models.ForeignKey(
        ForumMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("座谈会"),
    )
    # Opened by another area (grid problem list, hazards): who to tell of the reply.
    source_app = models.CharField(max_length=20, blank=True)
    source_ref = models.CharField(max_length=40, blank=True)

    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("诉求事项")
        verbose_name_plural = _("诉求事项")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Pattern ops: `org_path LIKE 'prefix%'` uses the index whatever the
            # database's collation (C.UTF-8 and the like would not otherwise).
            models.Index(
                fields=["org_path", "state", "created_at"],
                name="voice_case_scope",
                opclasses=["varchar_pattern_ops", "varchar_ops", "timestamptz_ops"],
            ),
            models.Index(fields=["state", "-created_at"], name="voice_case_state"),
            models.Index(fields=["submitter", "-created_at"], name="voice_case_mine"),
            models.Index(fields=["department", "state", "-created_at"], name="voice_case_dept"),
            models.Index(fields=["handler", "state"], name="voice_case_handler"),
            models.Index(fields=["state", "deadline"], name="voice_case_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | Q(submitter__isnull=True, entered_by__isnull=True),
                name="voice_anonymous_has_no_person",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="voice_rating_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["congress_session", "congress_number"], name="voice_congress_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        """The number people quote: year of submission and the record's id."""
        if self.congress_number:
            return _("提案第%(n)s号") % {"n": self.congress_number}
        return self.number

    @property
    def number(self) -> str:
        """The case's own number, whatever its channel (case_id_from_code reads it back)."""
        year = f"{timezone.localtime(self.created_at):%Y}"
        if is_block_id(self.pk):  # an anonymous case: its random block, not a sequence
            return f"{year}-N{-self.pk // ANONYMOUS_BLOCK}"
        return f"{year}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def owner(self):
        """Who reads the reply and rates it: the submitter, or whoever entered it."""
        return self.submitter or self.entered_by

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.deadline) and self.state in CLOCK_STATES and today > self.deadline


class CaseTerm(models.Model):
    """The words of an open case, for finding similar open cases; removed when it closes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["term", "case"])]
        constraints = [models.UniqueConstraint(fields=["case", "term"], name="voice_case_term")]

    def __str__(self) -> str:
        return self.term
