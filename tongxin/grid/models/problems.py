"""The branch's problem list (问题清单); a problem that needs a department is passed into
the worker-voice case workflow."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reports import GridMeeting

PERSON = settings.AUTH_USER_MODEL


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
