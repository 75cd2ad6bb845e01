"""The grid's records as transition tables, run by core.timeline (no event tables: the
audit log is their trace, so each step's name is the audit code already in use,
`grid.task.completed` and so on).

    problem:  open ─solved→ solved          open ─passed→ passed (a worker-voice case)
              passed ─answered→ answered (the department's reply arrives from voice;
              a reopened case's second reply answers again)
    report:   submitted ─accepted→ accepted  submitted ─returned→ returned
              returned ─resubmitted→ submitted (the member files it again)
    task:     open ─completed→ done (by its owner, or by a visit logged)
              open ─cancelled→ cancelled (by the branch)

`Actor` says who may: whoever runs the record's branch (its secretary, the mine's
administrators), the member who filed a report, the owner of a task, the department
that replied in voice (which voice has already checked). The capacities are
`access.actor_kinds`.
"""

from __future__ import annotations

from enum import Enum

from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import Transition, table

from .models import ProblemState, ReportState, TaskState


class Actor(Enum):
    SECRETARY = "secretary"
    MEMBER = "member"
    OWNER = "owner"
    DEPARTMENT = "department"


_T = Transition
RUNS_PROBLEMS = _("只有本支部书记或管理员可以办理问题清单。")
REVIEWS = _("只有本支部书记或管理员可以审核月报表。")

PROBLEM_TRANSITIONS = table(
    _T("solved", _("解决"), (ProblemState.OPEN,), ProblemState.SOLVED, (Actor.SECRETARY,),
       RUNS_PROBLEMS),
    _T("passed", _("转部门办理"), (ProblemState.OPEN,), ProblemState.PASSED, (Actor.SECRETARY,),
       RUNS_PROBLEMS),
    _T("answered", _("部门答复"), (ProblemState.PASSED, ProblemState.ANSWERED),
       ProblemState.ANSWERED, (Actor.DEPARTMENT,)),
)  # fmt: skip

REPORT_TRANSITIONS = table(
    _T("accepted", _("审核通过"), (ReportState.SUBMITTED,), ReportState.ACCEPTED,
       (Actor.SECRETARY,), REVIEWS),
    _T("returned", _("退回修改"), (ReportState.SUBMITTED,), ReportState.RETURNED,
       (Actor.SECRETARY,), REVIEWS),
    _T("resubmitted", _("重新提交"), (ReportState.RETURNED,), ReportState.SUBMITTED,
       (Actor.MEMBER,)),
)  # fmt: skip

TASK_TRANSITIONS = table(
    _T("completed", _("完成"), (TaskState.OPEN,), TaskState.DONE, (Actor.OWNER,),
       _("只有任务责任人本人可以完成这项任务。")),
    _T("cancelled", _("取消"), (TaskState.OPEN,), TaskState.CANCELLED, (Actor.SECRETARY,),
       _("只有本支部书记或管理员可以取消网格任务。")),
)  # fmt: skip
