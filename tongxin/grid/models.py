"""The grid responsibility network (党建网格化管理, SPEC §2).

Four levels of responsibility, each a `GridLink` from the responsible person to whom
(or, at the top, to which branch) they are responsible for:

    leadership member → branch              (班子成员联系党支部)
    branch secretary / team head → cadre    (支部书记、科队长包队干)
    cadre → crew leader or Party member     (队干包班组长和普通党员)
    Party member → worker                   (普通党员包职工群众)

Links carry effective dates (`starts_on`, `ends_on` exclusive): a move ends the old
link and starts a new one, so "who covered 王强 in March" stays answerable. At most one
link per covered person and level is current (a partial unique constraint backs the
service's check).

Grid members get a monthly task list (`GridTask`, generated from `TaskTemplate` on the
first of the month, added by the secretary, or opened by a life event or a problem),
log visits (`Visit`), file a monthly report (`MonthlyReport`) and a quarterly
self-summary; the branch holds a quarterly grid meeting (`GridMeeting`). Problems
raised in the grid go on the branch's list (`Problem`); one that needs a department is
passed into the worker-voice case workflow and its answer comes back through
voice.hooks. Discipline inspectors draw grid members at random (`SpotCheck`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    LEADER_BRANCH = "leader_branch", _("班子成员联系党支部")
    SECRETARY_CADRE = "secretary_cadre", _("支部书记、科队长包队干")
    CADRE_MEMBER = "cadre_member", _("队干包班组长和党员")
    MEMBER_WORKER = "member_worker", _("党员包职工群众")


class GridLink(models.Model):
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    responsible = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="grid_links_held", verbose_name=_("责任人")
    )
    # The covered person (levels 2–4); null for a leadership member's branch link.
    person = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grid_links_covering",
        verbose_name=_("联系对象"),
    )
    # The Party branch the link belongs to: the covered branch at level 1, the
    # covered person's branch below. Per-branch coverage and scoping read it.
    branch = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="grid_links",
        verbose_name=_("党支部"),
        limit_choices_to={"kind": "branch"},
    )
    starts_on = models.DateField(_("生效日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)  # exclusive
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("网格联系")
        verbose_name_plural = _("网格联系")
        indexes = [
            models.Index(fields=["person", "level", "ends_on"]),
            models.Index(fields=["responsible", "level", "ends_on"]),
            models.Index(fields=["branch", "level", "ends_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "level"],
                condition=Q(ends_on__isnull=True, person__isnull=False),
                name="grid_one_current_link_per_person_level",
            ),
            models.UniqueConstraint(
                fields=["branch", "level"],
                condition=Q(ends_on__isnull=True, person__isnull=True),
                name="grid_one_current_leader_per_branch",
            ),
            # ends_on == starts_on: withdrawn before it took effect (current on no day).
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="grid_link_ends_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.starts_on}"


class TaskTemplate(models.Model):
    """A task every grid member of a level gets each month (每月任务清单)."""

    level = models.CharField(_("适用层级"), max_length=20, choices=Level.choices)
    title = models.CharField(_("任务"), max_length=60)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    # One task per covered person (e.g. "visit each covered worker at least once").
    per_covered = models.BooleanField(_("每个联系对象一项"), default=False)
    # Day of the month it is due; 0 = the last day.
    due_day = models.PositiveSmallIntegerField(_("完成日"), default=0)
    # Null: every mine; otherwise only this mine's grid members.
    mine = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("适用矿"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("任务模板")
        verbose_name_plural = _("任务模板")
        ordering = ["level", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class TaskKind(models.TextChoices):
    TEMPLATE = "template", _("月度任务")
    ADDED = "added", _("支部交办")
    LIFE_EVENT = "life_event", _("五必谈五必访")
    PROBLEM = "problem", _("问题办理")


class TaskState(models.TextChoices):
    OPEN = "open", _("待完成")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class GridTask(models.Model):
    owner = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="grid_tasks", verbose_name=_("责任人")
    )
    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("党支部")
    )
    month = models.DateField(_("月份"))  # the first day of the month
    kind = models.CharField(_("来源"), max_length=12, choices=TaskKind.choices)
    template = models.ForeignKey(
        TaskTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(_("任务"), max_length=80)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    subject = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("联系对象"),
    )
    life_event = models.ForeignKey(
        "LifeEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    problem = models.ForeignKey(
        "Problem", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    due_on = models.DateField(_("完成期限"))
    state = models.CharField(
        _("状态"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN
    )
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.TextField(_("完成情况"), blank=True, max_length=1000)
    added_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # "template:owner:subject:month" for generated tasks, so that running the monthly
    # generation twice adds nothing (bulk insert ignoring conflicts).
    generation_key = models.CharField(max_length=60, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("网格任务")
        verbose_name_plural = _("网格任务")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "month", "state"]),
            models.Index(fields=["branch", "state", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.state == TaskState.OPEN and self.due_on < timezone.localdate()


def _grid_photo_path(instance, filename):
    return f"grid/{filename}"


class TaskPhoto(models.Model):
    task = models.ForeignKey(GridTask, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to=_grid_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class EventKind(models.TextChoices):
    """The five occasions (五必谈、五必访)."""

    ILLNESS_INJURY = "illness_injury", _("生病或受伤")
    BEREAVEMENT = "bereavement", _("家庭丧事")
    MARRIAGE_BIRTH = "marriage_birth", _("结婚或生育")
    HARDSHIP = "hardship", _("生活困难")
    CONFLICT_DISCIPLINE = "conflict_discipline", _("矛盾纠纷或受到处分")


class VisitKind(models.TextChoices):
    TALK = "talk", _("谈心谈话")
    VISIT = "visit", _("上门走访")


class EventSource(models.TextChoices):
    GRID_MEMBER = "grid_member", _("网格员登记")
    WORKER = "worker", _("职工本人报告")
    IMPORT = "import", _("批量导入")


class LifeEvent(models.Model):
    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="life_events", verbose_name=_("职工")
    )
    kind = models.CharField(_("事由"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    description = models.CharField(_("情况说明"), max_length=500, blank=True)
    visit_kind = models.CharField(_("谈话或走访"), max_length=8, choices=VisitKind.choices)
    source = models.CharField(_("来源"), max_length=12, choices=EventSource.choices)
    recorded_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The branch of the person at the time, for the branch's lists.
    branch = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("党支部"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("五必谈五必访事由")
        verbose_name_plural = _("五必谈五必访事由")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["branch", "occurred_on"])]

    def __str__(self) -> str:
        return self.get_kind_display()


class FollowUp(models.TextChoices):
    NONE = "none", _("无需跟进")
    CARE = "care", _("转关爱服务")
    CASE = "case", _("转诉求办理")
    PROBLEM = "problem", _("列入支部问题清单")


class Visit(models.Model):
    member = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="visits_made", verbose_name=_("网格员")
    )
    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="visits_received", verbose_name=_("职工")
    )
    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("党支部")
    )
    visited_on = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=8, choices=VisitKind.choices)
    content = models.TextField(_("谈话内容"), max_length=2000)
    follow_up = models.CharField(
        _("跟进"), max_length=10, choices=FollowUp.choices, default=FollowUp.NONE
    )
    follow_up_text = models.CharField(_("跟进事项"), max_length=500, blank=True)
    task = models.ForeignKey(
        GridTask, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    life_event = models.ForeignKey(
        LifeEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    care_item = models.ForeignKey(
        "care.ServiceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "voice.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    problem = models.ForeignKey(
        "Problem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["member", "visited_on"]),
            models.Index(fields=["person", "visited_on"]),
            models.Index(fields=["branch", "visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visited_on}"


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


class ProblemSource(models.TextChoices):
    VISIT = "visit", _("走访发现")
    MEETING = "meeting", _("季度例会")
    TASK = "task", _("任务中发现")
    DIRECT = "direct", _("网格员反映")


class ProblemState(models.TextChoices):
    OPEN = "open", _("待处理")
    SOLVED = "solved", _("支部已解决")
    PASSED = "passed", _("已转部门办理")
    ANSWERED = "answered", _("部门已答复")


class Problem(models.Model):
    """One line of the branch's problem list (问题清单)."""

    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("党支部")
    )
    title = models.CharField(_("问题"), max_length=60)
    body = models.TextField(_("具体情况"), max_length=2000)
    source = models.CharField(_("来源"), max_length=10, choices=ProblemSource.choices)
    raised_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("反映人")
    )
    raised_on = models.DateField(_("反映日期"), default=timezone.localdate)
    meeting = models.ForeignKey(
        GridMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="problems"
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ProblemState.choices, default=ProblemState.OPEN
    )
    resolution = models.TextField(_("解决情况"), blank=True, max_length=2000)
    # Passed to a department: the worker-voice case carrying it, and its answer.
    case = models.OneToOneField(
        "voice.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="grid_problem"
    )
    answer = models.TextField(_("部门答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("问题清单")
        verbose_name_plural = _("问题清单")
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["branch", "state", "raised_on"])]

    def __str__(self) -> str:
        return self.title


class SpotCheck(models.Model):
    """A discipline inspector's draw of grid members for a branch or the mine."""

    inspector = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    scope = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("范围")
    )
    drawn_at = models.DateTimeField(_("抽取时间"), default=timezone.now)
    sample_size = models.PositiveSmallIntegerField(_("抽取人数"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("网格督查抽查")
        verbose_name_plural = _("网格督查抽查")
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.drawn_at:%Y-%m-%d} {self.scope_id}"


class Finding(models.TextChoices):
    PENDING = "pending", _("待检查")
    GOOD = "good", _("落实到位")
    WEAK = "weak", _("需改进")
    FAILED = "failed", _("未落实")


class SpotCheckItem(models.Model):
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="items")
    member = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    finding = models.CharField(
        _("结论"), max_length=10, choices=Finding.choices, default=Finding.PENDING
    )
    note = models.CharField(_("发现的问题"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "member"], name="grid_spot_once")
        ]

    def __str__(self) -> str:
        return self.get_finding_display()
