"""A grid member logs a talk or visit (走访记录): with whom, when, talk or visit, what
was said, and the follow-up it needs. Logging it completes, in the same transaction,
the task it answers: the task named, or else this month's "visit each covered worker"
task for that person; and the open life-event task for that person.

A follow-up becomes a record where the matter is handled, stored on the visit:
care → a care service item (tongxin.care), case → a case in the worker-voice workflow
(channel "grid", entered by the member on the worker's behalf), problem → a line on
the branch's problem list. If that record cannot be made, nothing is saved.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.people.models import Person

from ..access import branch_of
from ..models import (
    FollowUp,
    GridTask,
    LifeEvent,
    ProblemSource,
    TaskKind,
    TaskState,
    Visit,
    VisitKind,
)
from ..periods import first_of
from .events import OUT_OF_SCOPE
from .tasks import complete_for_visit

CONTENT_MIN, CONTENT_MAX = 5, 2000
FOLLOW_UP_MAX = 500
CARE_CATEGORIES = (
    "living",
    "medical",
    "education",
    "housing",
    "mental",
    "legal",
    "skill",
    "other",
)


def _check(
    *,
    person,
    visited_on,
    kind,
    content,
    follow_up,
    follow_up_text,
    care_category,
) -> dict:
    errors = {}
    if person is None or not person.is_active:
        errors["person"] = _("请选择走访的职工。")
    if visited_on is None:
        errors["visited_on"] = _("请填写走访日期。")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("走访日期不能晚于今天。")
    if kind not in VisitKind.values:
        errors["kind"] = _("请选择方式：谈心谈话或上门走访。")
    if len(content) < CONTENT_MIN:
        errors["content"] = _("请写明谈了什么、了解到什么（至少 %(n)s 个字）。") % {
            "n": CONTENT_MIN
        }
    elif len(content) > CONTENT_MAX:
        errors["content"] = _("谈话内容不能超过 %(n)s 个字。") % {"n": CONTENT_MAX}
    if follow_up not in FollowUp.values:
        errors["follow_up"] = _("请选择是否需要跟进。")
    elif follow_up != FollowUp.NONE:
        if len(follow_up_text) < 2:
            errors["follow_up_text"] = _("请写明需要跟进的事项（至少 2 个字）。")
        elif len(follow_up_text) > FOLLOW_UP_MAX:
            errors["follow_up_text"] = _("跟进事项不能超过 %(n)s 个字。") % {"n": FOLLOW_UP_MAX}
    if follow_up == FollowUp.CARE and care_category not in CARE_CATEGORIES:
        errors["care_category"] = _("请选择关爱服务的类别。")
    return errors


def _tasks_answered(
    *, actor: Person, person: Person, visited_on: date, task: GridTask | None, event
) -> list[GridTask]:
    """The open tasks this visit answers, locked."""
    tasks: dict[int, GridTask] = {}
    if task is not None and task.state == TaskState.OPEN:
        tasks[task.pk] = task
    mine = GridTask.objects.select_for_update(of=("self",)).filter(
        owner=actor, subject=person, state=TaskState.OPEN
    )
    if task is None or task.kind != TaskKind.TEMPLATE:
        monthly = (
            mine.filter(
                kind=TaskKind.TEMPLATE,
                template__per_covered=True,
                month=first_of(visited_on),
            )
            .order_by("pk")
            .first()
        )
        if monthly is not None:
            tasks.setdefault(monthly.pk, monthly)
    events = mine.filter(kind=TaskKind.LIFE_EVENT, life_event__occurred_on__lte=visited_on)
    if event is not None:
        events = events.filter(life_event=event)
    for found in events.order_by("pk"):
        tasks.setdefault(found.pk, found)
    return list(tasks.values())


def _follow_up(visit: Visit, *, actor: Person, branch, care_category: str) -> None:
    """Open the follow-up's record and keep it on the visit (inside the transaction)."""
    text = visit.follow_up_text
    title = text.splitlines()[0][:60] if text else ""
    if len(title) < 2:
        title = text[:60]
    body = _("%(text)s\n\n网格员%(member)s %(d)s %(kind)s记录：%(content)s") % {
        "text": text,
        "member": actor.name,
        "d": visit.visited_on,
        "kind": visit.get_kind_display(),
        "content": visit.content,
    }
    try:
        if visit.follow_up == FollowUp.CARE:
            from tongxin.care.services.items import item_from_visit

            visit.care_item = item_from_visit(
                actor=actor,
                person=visit.person,
                title=title,
                description=body[:1000],
                category=care_category,
            )
            field = "care_item"
        elif visit.follow_up == FollowUp.CASE:
            from tongxin.voice.services import case_open

            visit.case = case_open(
                actor=actor,
                channel="grid",
                organisation=visit.person.unit,
                title=title,
                body=body[:2000],
                source_app="grid_visit",
                source_ref=str(visit.pk),
                submitter=visit.person,
            )
            field = "case"
        else:
            from .problems import problem_raise

            visit.problem = problem_raise(
                actor=actor,
                branch=branch,
                title=title,
                body=body[:2000],
                source=ProblemSource.VISIT,
            )
            field = "problem"
    except ValidationError as exc:
        # The record's own fields are made from the follow-up text: say it there.
        raise ValidationError({"follow_up_text": exc.messages}) from None
    except PermissionDenied:
        # voice.case_open takes cases from people whose office covers the worker's unit,
        # who work in it, or who cover the worker in the grid; anyone else is refused.
        raise ValidationError(
            {
                "follow_up": _(
                    "您不能替这名职工提交诉求（您不是他的联系党员）。请改为“列入支部问题清单”，"
                    "或请职工本人提交诉求。"
                )
            }
        ) from None
    visit.save(update_fields=[field])


@transaction.atomic
def visit_log(
    *,
    actor: Person,
    person: Person | None,
    visited_on: date | None,
    kind: str,
    content: str,
    follow_up: str = FollowUp.NONE,
    follow_up_text: str = "",
    task_id: int | None = None,
    life_event_id: int | None = None,
    care_category: str = "other",
) -> Visit:
    """Log a talk or visit with a person the member covers (or the subject of one of
    their tasks); completes the tasks it answers and opens the follow-up."""
    from ..member import covered_links

    content, follow_up_text = (content or "").strip(), (follow_up_text or "").strip()
    follow_up = follow_up or FollowUp.NONE
    if follow_up == FollowUp.NONE:
        follow_up_text = ""
    task = None
    if task_id is not None:
        task = (
            GridTask.objects.select_for_update(of=("self",))
            .select_related("branch")
            .filter(pk=task_id)
            .first()
        )
        if task is None or task.owner_id != actor.pk:
            raise OutOfScope(_("这项任务不是您的任务。"))
    event = None
    if life_event_id is not None:
        event = LifeEvent.objects.filter(pk=life_event_id).first()
    errors = _check(
        person=person,
        visited_on=visited_on,
        kind=kind,
        content=content,
        follow_up=follow_up,
        follow_up_text=follow_up_text,
        care_category=care_category,
    )
    if person is not None:
        if task is not None and task.subject_id and task.subject_id != person.pk:
            errors["person"] = _("走访的职工与任务的联系对象不一致。")
        if life_event_id is not None and (event is None or event.person_id != person.pk):
            errors["life_event"] = _("所选事由不是这名职工的。")
    link_branch = None
    if "person" not in errors:
        link_branch = (
            covered_links(actor).filter(person=person).values_list("branch_id", flat=True).first()
        )
        allowed = link_branch is not None or (task is not None and task.subject_id == person.pk)
        if not allowed and event is not None:
            allowed = GridTask.objects.filter(life_event=event, owner=actor).exists()
        if not allowed:
            raise OutOfScope(OUT_OF_SCOPE)
    if errors:
        raise ValidationError(errors)

    if task is not None:
        branch_id = task.branch_id
    elif link_branch is not None:
        branch_id = link_branch
    else:
        branch = branch_of(person)
        if branch is None:
            raise ValidationError({"person": _("该职工不属于任何党支部。")})
        branch_id = branch.pk
    answered = _tasks_answered(
        actor=actor, person=person, visited_on=visited_on, task=task, event=event
    )
    if event is None:
        event_id = next((t.life_event_id for t in answered if t.life_event_id), None)
        event = LifeEvent.objects.filter(pk=event_id).first() if event_id else None
    visit = Visit.objects.create(
        member=actor,
        person=person,
        branch_id=branch_id,
        visited_on=visited_on,
        kind=kind,
        content=content,
        follow_up=follow_up,
        follow_up_text=follow_up_text,
        task=task or next(iter(answered), None),
        life_event=event,
    )
    note = _("%(kind)s（%(d)s）：%(content)s") % {
        "kind": visit.get_kind_display(),
        "d": visited_on,
        "content": content[:200],
    }
    for done in answered:
        complete_for_visit(done, actor=actor, note=note)
    if follow_up != FollowUp.NONE:
        _follow_up(visit, actor=actor, branch=visit.branch, care_category=care_category)
    audit.record(
        action="grid.visit.logged",
        actor=actor,
        obj=visit,
        after={
            "person": person.pk,
            "kind": kind,
            "visited_on": str(visited_on),
            "follow_up": follow_up,
            "tasks_done": [t.pk for t in answered],
        },
    )
    return visit
