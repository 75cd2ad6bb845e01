"""The question bank, timed knowledge contests (线上知识竞赛) and the daily practice
quiz (每日答题). A mine keeps one bank; a contest (of the mine or of one branch) draws
each eligible person's paper from it before it opens, so that starting only stamps a
time on a row that is already there; the server's clock decides when a paper ends."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import TimelineEvent


class Kind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "true_false", _("判断题")
    FILL = "fill", _("填空题")


CATEGORIES = ("党章党规", "安全生产", "工会知识", "时事政治", "政策理论", "企业文化")


class Question(models.Model):
    """One question of a mine's bank. `answer` is normalised: the letters of the right
    options ("AC"), 对 or 错, or the fill-in text with alternatives separated by "|"."""

    mine = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("矿")
    )
    org_path = models.CharField(max_length=255, db_index=True)  # the mine's path
    kind = models.CharField(_("题型"), max_length=12, choices=Kind.choices)
    category = models.CharField(_("分类"), max_length=20)
    difficulty = models.PositiveSmallIntegerField(_("难度"), default=1)  # 1 易 2 中 3 难
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.CharField(_("答案"), max_length=200)
    explanation = models.TextField(_("解析"), blank=True)
    # Drawn into new papers and practice days only while active (disabled, or replaced).
    is_active = models.BooleanField(default=True)
    # Edits are versioned: an edit writes a new row and points the old one at it, so a
    # paper drawn before keeps (and is marked against) the question it was given.
    version = models.PositiveIntegerField(default=1)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_import = models.ForeignKey(
        "learning.QuestionImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题库")
        ordering = ["pk"]
        indexes = [models.Index(fields=["org_path", "category", "difficulty"])]

    def __str__(self) -> str:
        return self.stem[:40]

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None

    def letters(self) -> list[tuple[str, str]]:
        return [(chr(65 + i), text) for i, text in enumerate(self.options or [])]


class ImportStatus(models.TextChoices):
    REJECTED = "rejected", _("有错误，未导入")
    APPLIED = "applied", _("已导入")


class QuestionImport(models.Model):
    """One uploaded question file, checked row by row: any bad row and nothing is saved
    (the rows' errors are kept here to show); otherwise every row becomes a question."""

    mine = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True)
    file_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": 3, "errors": [...]}]
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class ContestState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    DRAWING = "drawing", _("正在抽题")
    SCHEDULED = "scheduled", _("已排定")  # open / closed follow from the clock
    CANCELLED = "cancelled", _("已取消")  # refuses starts, answers and submissions


class Contest(models.Model):
    """A timed contest for a mine (everyone of it) or one Party branch (its members)."""

    mine = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    mine_path = models.CharField(max_length=255, db_index=True)  # unit tree: bank, set-up
    scope = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True)  # the mine's or the branch's
    title = models.CharField(_("竞赛名称"), max_length=80)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("结束时间"))
    minutes = models.PositiveSmallIntegerField(_("答题时长（分钟）"))
    draw_spec = models.JSONField(_("抽题规则"), default=list)  # [{category, difficulty, count}]
    state = models.CharField(
        max_length=10, choices=ContestState.choices, default=ContestState.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    eligible = models.PositiveIntegerField(default=0)  # papers to draw
    drawn = models.PositiveIntegerField(default=0)  # papers drawn so far (progress)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancel_reason = models.CharField(_("取消原因"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("知识竞赛")
        verbose_name_plural = _("知识竞赛")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["mine_path", "state", "closes_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def question_count(self) -> int:
        return sum(int(row.get("count", 0)) for row in self.draw_spec or [])

    def phase(self, now=None) -> str:
        """draft, drawing, upcoming, open or closed: the last three from the clock."""
        if self.state != ContestState.SCHEDULED:
            return self.state
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"

    def phase_label(self, now=None) -> str:
        return str(PHASE_LABELS[self.phase(now)])


PHASE_LABELS = {
    "draft": _("草稿"),
    "drawing": _("正在抽题"),
    "upcoming": _("未开始"),
    "open": _("进行中"),
    "closed": _("已结束"),
    "cancelled": _("已取消"),
}


class ContestEvent(TimelineEvent):
    action_labels = {"create": _("创建"), "redraw": _("重新抽题")}
    states = ContestState
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["contest", "at"])]


class Paper(models.Model):
    """One person's paper, drawn before the contest opens. `deadline` is set when they
    start: the earlier of start + the minutes allowed and the contest's end."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="papers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_ids = models.JSONField(default=list)
    unit_path = models.CharField(max_length=255, blank=True)
    branch_path = models.CharField(max_length=255, blank=True, db_index=True)
    drawn_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    timed_out = models.BooleanField(default=False)  # marked by the sweep at the deadline
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # out of 100
    correct = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contest", "person"], name="one_paper_per_person")
        ]
        indexes = [
            models.Index(fields=["contest", "submitted_at"]),
            models.Index(fields=["submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.contest_id}:{self.person_id}"

    @property
    def seconds_taken(self) -> int | None:
        if self.started_at and self.submitted_at:
            return int((self.submitted_at - self.started_at).total_seconds())
        return None


class PaperAnswer(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=200, blank=True)
    correct = models.BooleanField(null=True)  # set when the paper is marked
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return self.answer


class PracticeDay(models.Model):
    """A person's daily practice quiz (每日答题): the day's questions, drawn on first visit."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    org_path = models.CharField(max_length=255, db_index=True)  # the mine's path
    question_ids = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="one_practice_day")]

    def __str__(self) -> str:
        return str(self.day)


class PracticeAnswer(models.Model):
    practice = models.ForeignKey(PracticeDay, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=200, blank=True)
    correct = models.BooleanField()
    answered_at = models.DateTimeField()
    org_path = models.CharField(max_length=255, db_index=True)  # the mine's path, for figures

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "question"], name="one_practice_answer")
        ]
        indexes = [models.Index(fields=["answered_at"])]

    def __str__(self) -> str:
        return self.answer
