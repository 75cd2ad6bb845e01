"""The grid's workflows on the shared runner (core.timeline): lock, check, write,
audit. Problems and reports are checked as before: first whether the person runs the
branch, then the form's version, then the state; tasks first by their state, so that
a second tap on "done" hears when it was done."""

from __future__ import annotations

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.timeline import Transition, Workflow

from ..access import actor_kinds
from ..models import GridTask, MonthlyReport, Problem, TaskState
from ..workflow import PROBLEM_TRANSITIONS, REPORT_TRANSITIONS, TASK_TRANSITIONS


def _task_refusal(task: GridTask, transition: Transition) -> str:
    if task.state == TaskState.DONE:
        when = timezone.localtime(task.done_at) if task.done_at else None
        return _("这项任务已于 %(at)s 完成，无需重复提交。") % {
            "at": f"{when:%Y-%m-%d %H:%M}" if when else ""
        }
    if task.state == TaskState.CANCELLED:
        return _("这项任务已被支部取消，不能再办理。")
    return ""


# Problems and reports: first whether the person runs the branch, as before.
_flow = partial(Workflow, capacities=actor_kinds, check_order=("actor", "version", "state"))


problem_flow = _flow(
    model=Problem,
    transitions=PROBLEM_TRANSITIONS,
    noun=gettext_lazy("这个问题"),
    audit_prefix="grid.problem",
    related=("branch__unit", "raised_by"),
)
report_flow = _flow(
    model=MonthlyReport,
    transitions=REPORT_TRANSITIONS,
    noun=gettext_lazy("这份月报表"),
    audit_prefix="grid.report",
    related=("branch__unit", "member"),
)
task_flow = _flow(
    model=GridTask,
    transitions=TASK_TRANSITIONS,
    noun=gettext_lazy("这项任务"),
    audit_prefix="grid.task",
    related=("branch__unit", "owner"),
    check_order=("state", "version", "actor"),
    wrong_state=_task_refusal,
)
