"""The branch's problem list (问题清单): problems raised in the grid, solved by the
branch itself or passed to a department through the worker-voice case workflow (the
same cases, the same deadlines and escalation; no second workflow), whose reply comes
back here through voice.hooks.

    open ─solve→ solved
    open ─pass→ passed ─(department replies in voice)→ answered
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.notify import notify
from tongxin.people.models import Organisation, Person, Role
from tongxin.people.selectors import holders_over
from tongxin.voice import services as voice
from tongxin.voice.models import Case, Category, Channel

from ..access import can_manage
from ..models import GridMeeting, Problem, ProblemSource
from ..selectors_branch import departments_for_branch, is_grid_member_of
from ..workflow import Actor
from .base import problem_flow


def clean_problem_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if len(title) < 2:
        errors["title"] = _("请填写问题（至少 2 个字）。")
    elif len(title) > 60:
        errors["title"] = _("问题标题不能超过 60 个字。")
    if len(body) < 5:
        errors["body"] = _("请把具体情况写清楚（至少 5 个字）。")
    elif len(body) > 2000:
        errors["body"] = _("具体情况不能超过 2000 个字。")
    if errors:
        raise ValidationError(errors)
    return title, body


def problem_url(problem: Problem) -> str:
    return reverse("grid:problem_detail", args=[problem.pk])


def branch_secretaries(branch: Organisation) -> list[Person]:
    if branch.unit_id is None:
        return []
    return holders_over(branch.unit.path, Role.BRANCH_SECRETARY, nearest=True)


@transaction.atomic
def create_problem(
    *,
    actor: Person,
    branch: Organisation,
    title: str,
    body: str,
    source: str,
    meeting: GridMeeting | None = None,
    raised_on: date | None = None,
) -> Problem:
    """Write one line of the list (inside the caller's transaction; checked by the caller)."""
    problem = Problem.objects.create(
        branch=branch,
        title=title,
        body=body,
        source=source,
        raised_by=actor,
        raised_on=raised_on or timezone.localdate(),
        meeting=meeting,
    )
    audit.record(
        action="grid.problem.raised",
        actor=actor,
        obj=problem,
        after={"branch": branch.pk, "source": source, "meeting": meeting.pk if meeting else None},
    )
    return problem


@transaction.atomic
def problem_raise(
    *,
    actor: Person,
    branch: Organisation,
    title: str,
    body: str,
    source: str,
    meeting: GridMeeting | None = None,
) -> Problem:
    """A grid member of the branch (or whoever runs it) puts a problem on the list."""
    manager = can_manage(actor, branch)
    if not manager and not is_grid_member_of(actor, branch):
        raise PermissionDenied(_("只有本支部的网格员和支部书记可以反映问题。"))
    if source not in ProblemSource.values:
        raise ValidationError({"source": _("请选择问题来源。")})
    if meeting is not None and meeting.branch_id != branch.pk:
        raise ValidationError({"meeting": _("例会不属于这个党支部。")})
    title, body = clean_problem_text(title, body)
    problem = create_problem(
        actor=actor, branch=branch, title=title, body=body, source=source, meeting=meeting
    )
    if not manager:
        notify(
            recipients=branch_secretaries(branch),
            title=_("问题清单新增：%(title)s") % {"title": title},
            body=_("%(name)s 反映：%(body)s") % {"name": actor.name, "body": body[:200]},
            url=problem_url(problem),
            exclude=actor,
        )
    return problem


@transaction.atomic
def problem_solve(*, actor: Person, problem_id: int, version: int, resolution: str) -> Problem:
    """The branch solved it itself; the resolution says how."""
    resolution = (resolution or "").strip()
    if len(resolution) < 4:
        raise ValidationError({"resolution": _("请填写解决情况（至少 4 个字）。")})
    if len(resolution) > 2000:
        raise ValidationError({"resolution": _("解决情况不能超过 2000 个字。")})
    problem, step = problem_flow.begin(pk=problem_id, name="solved", actor=actor, version=version)
    problem.resolution = resolution
    problem.closed_at = timezone.now()
    problem_flow.finish(problem, step, actor=actor, fields=["resolution", "closed_at"])
    notify(
        recipients=[problem.raised_by],
        title=_("您反映的问题已解决：%(title)s") % {"title": problem.title},
        body=resolution[:200],
        url=problem_url(problem),
        exclude=actor,
    )
    return problem


@transaction.atomic
def problem_pass(
    *,
    actor: Person,
    problem_id: int,
    version: int,
    department: Organisation | None,
    category: Category | None,
    deadline: date | None = None,
    note: str = "",
) -> Problem:
    """Pass the problem to a department as a worker-voice case: opened on the branch's
    unit, accepted into `category` and assigned to `department`, all in this
    transaction by the same person (the branch secretary is an intake officer of the
    unit in voice). Voice's own checks apply; any refusal undoes all of it."""
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": _("交办说明不能超过 300 个字。")})
    problem, step = problem_flow.begin(pk=problem_id, name="passed", actor=actor, version=version)
    branch = problem.branch
    errors = {}
    if department is None or not departments_for_branch(branch).filter(pk=department.pk).exists():
        errors["department"] = _("请选择本矿的区队或科室作为承办部门。")
    if category is None or not category.is_active:
        errors["category"] = _("请选择问题分类。")
    if errors:
        raise ValidationError(errors)
    case = voice.case_open(
        actor=actor,
        channel=Channel.GRID,
        organisation=branch.unit,
        title=problem.title,
        body=problem.body,
        source_app="grid",
        source_ref=str(problem.pk),
    )
    case = voice.case_accept(
        case_id=case.pk,
        version=case.version,
        actor=actor,
        category=category,
        note=_("%(branch)s问题清单转办") % {"branch": branch.name},
    )
    case = voice.case_assign(
        case_id=case.pk,
        version=case.version,
        actor=actor,
        department=department,
        deadline=deadline,
        note=note,
    )
    problem.case = case
    problem_flow.finish(
        problem,
        step,
        actor=actor,
        fields=["case"],
        audit_after={"case": case.pk, "department": department.pk, "deadline": str(case.deadline)},
    )
    notify(
        recipients=[problem.raised_by],
        title=_("您反映的问题已转%(dept)s办理：%(title)s")
        % {"dept": department.name, "title": problem.title},
        body=_("办理期限 %(date)s") % {"date": case.deadline},
        url=problem_url(problem),
        exclude=actor,
    )
    return problem


def problem_answer_arrived(case: Case) -> None:
    """The department replied to a problem passed to it (called by grid.hooks inside
    voice's reply transaction): the answer goes on the list and to whoever raised it
    and the branch's secretary."""
    problem_id = Problem.objects.filter(case=case).values_list("pk", flat=True).first()
    if problem_id is None:
        return
    reply = (
        case.events.filter(action="reply").select_related("actor").order_by("-at", "-pk").first()
    )
    replier = reply.actor if reply else None
    problem, step = problem_flow.begin(
        pk=problem_id, name="answered", actor=replier, kinds={Actor.DEPARTMENT}
    )
    problem.answer = case.reply
    problem.answered_at = case.replied_at or timezone.now()
    problem_flow.finish(
        problem,
        step,
        actor=replier,
        fields=["answer", "answered_at"],
        audit_after={"case": case.pk},
    )
    notify(
        recipients=[problem.raised_by, *branch_secretaries(problem.branch)],
        title=_("问题清单：“%(title)s”部门已答复") % {"title": problem.title},
        body=problem.answer[:200],
        url=problem_url(problem),
    )
