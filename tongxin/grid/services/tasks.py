"""Grid members' monthly task lists (每月任务清单): the monthly generation from the
templates, tasks the secretary adds, completing a task (a note and photos), cancelling
one, and the daily reminder of tasks gone overdue.

Generation runs on the first of the month (tongxin/grid/tasks.py) for every person
responsible on a current link at a template's level: one task per template, or one per
covered person for a template marked `per_covered`. Each generated task carries a
`generation_key` (unique), so a second run, or a run after a crash half-way, adds only
what is missing. At a group of 100,000 workers the links are read in one query and the
tasks written with `bulk_create` in batches: no query per member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.images import clean_photos
from tongxin.core.notify import notify
from tongxin.core.workflow import SYSTEM_LABEL
from tongxin.people.models import PARTY_STATUSES, Organisation, Person

from ..access import can_manage
from ..models import (
    GridLink,
    GridTask,
    TaskKind,
    TaskPhoto,
    TaskState,
    TaskTemplate,
)
from ..periods import current_q, first_of, month_end
from .base import task_flow

BATCH_SIZE = 2000
TITLE_MAX = 80
NOTE_MAX = 1000
OVERDUE_TITLE = gettext_lazy("网格任务已超期")
# Overdue reminders look back this far, so a day the queue was down is not lost.
OVERDUE_LOOKBACK_DAYS = 7


# --- dates -----------------------------------------------------------------------------


def due_in_month(month: date, due_day: int) -> date:
    """The template's day of the month; 0 (or a day the month lacks) is the last day."""
    last = month_end(month)
    if due_day <= 0 or due_day > last.day:
        return last
    return month.replace(day=due_day)


def task_url(task: GridTask) -> str:
    return reverse("grid:task_detail", args=[task.pk])


# --- the monthly generation ------------------------------------------------------------


def _generation_key(template_id: int, owner_id: int, subject_id: int | None, month: date) -> str:
    return f"{template_id}:{owner_id}:{subject_id or 0}:{month:%Y%m}"


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def generate_month(*, month: date | None = None, mine: Organisation | None = None) -> int:
    """Create this month's template tasks for every grid member; returns how many were
    added (0 on a second run). `mine` limits the run to one mine's branches.

    Members are those responsible on a link current on the first of the month (or
    today, for a run later in the month being generated).
    """
    today = timezone.localdate()
    month = first_of(month or today)
    last = month_end(month)
    on = month if today <= month else min(today, last)
    templates = [
        t
        for t in TaskTemplate.objects.filter(is_active=True).select_related("mine")
        if mine is None or t.mine_id is None or t.mine_id == mine.pk
    ]
    if not templates:
        return 0
    by_level: dict[str, list[TaskTemplate]] = defaultdict(list)
    for template in templates:
        by_level[template.level].append(template)
    by_mine = any(t.mine_id for t in templates)

    links = GridLink.objects.filter(current_q(on), level__in=list(by_level))
    if mine is not None:
        links = links.filter(branch__unit__path__startswith=mine.path)
    fields = ["level", "responsible_id", "person_id", "person__name", "branch_id"]
    if by_mine:
        fields.append("branch__unit__path")
    # (level, member) -> [(covered id, covered name, branch id, branch unit path)], one query.
    members: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    for row in (
        links.order_by("responsible_id", "pk").values_list(*fields).iterator(chunk_size=10_000)
    ):
        level, owner_id, person_id, name, branch_id = row[:5]
        members[(level, owner_id)].append((person_id, name, branch_id, row[5] if by_mine else ""))

    existing = set(
        GridTask.objects.filter(month=month, kind=TaskKind.TEMPLATE)
        .exclude(generation_key__isnull=True)
        .values_list("generation_key", flat=True)
        .iterator(chunk_size=10_000)
    )
    now = timezone.now()

    def tasks() -> Iterator[GridTask]:
        for (level, owner_id), covered in members.items():
            for template in by_level[level]:
                due = due_in_month(month, template.due_day)
                mine_path = template.mine.path if template.mine_id else ""
                if template.per_covered:
                    targets = [c for c in covered if c[0] is not None] or [
                        (None, "", covered[0][2], covered[0][3])
                    ]
                else:
                    targets = [(None, "", covered[0][2], covered[0][3])]
                for subject_id, name, branch_id, path in targets:
                    if mine_path and not path.startswith(mine_path):
                        continue
                    key = _generation_key(template.pk, owner_id, subject_id, month)
                    if key in existing:
                        continue
                    title = f"{template.title}：{name}" if subject_id else template.title
                    yield GridTask(
                        owner_id=owner_id,
                        branch_id=branch_id,
                        month=month,
                        kind=TaskKind.TEMPLATE,
                        template_id=template.pk,
                        title=title[:TITLE_MAX],
                        description=template.description,
                        subject_id=subject_id,
                        due_on=due,
                        generation_key=key,
                        created_at=now,
                    )

    added = 0
    for batch in _batches(tasks(), BATCH_SIZE):
        # Another run at the same time: the unique key keeps one of each.
        GridTask.objects.bulk_create(batch, ignore_conflicts=True)
        added += len(batch)
    if added:
        audit.record(
            action="grid.tasks.generated",
            obj=mine,
            after={"month": f"{month:%Y-%m}", "added": added},
            actor_label=str(SYSTEM_LABEL),
        )
    return added


# --- tasks added by the secretary ------------------------------------------------------


def branch_people(branch: Organisation, on: date | None = None):
    """Who may own a task of the branch: its grid members and its Party members."""
    on = on or timezone.localdate()
    members = GridLink.objects.filter(current_q(on), branch=branch).values("responsible_id")
    return Person.objects.filter(
        Q(pk__in=members)
        | Q(political_status__in=PARTY_STATUSES, party_org__path__startswith=branch.path),
        is_active=True,
    )


@transaction.atomic
def task_add(
    *,
    actor: Person,
    branch: Organisation,
    owner: Person | None,
    title: str,
    description: str = "",
    due_on: date | None,
    subject: Person | None = None,
) -> GridTask:
    """The secretary (or an administrator) gives a grid member a task (支部交办)."""
    if not can_manage(actor, branch):
        raise PermissionDenied(_("只有本支部书记或管理员可以交办网格任务。"))
    today = timezone.localdate()
    title, description = (title or "").strip(), (description or "").strip()
    errors = {}
    if owner is None or not branch_people(branch, today).filter(pk=owner.pk).exists():
        errors["owner"] = _("责任人必须是本支部的网格员或党员。")
    if len(title) < 2:
        errors["title"] = _("请填写任务内容（至少 2 个字）。")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("任务内容不能超过 %(n)s 个字，详细要求写在说明里。") % {"n": TITLE_MAX}
    if len(description) > 500:
        errors["description"] = _("说明不能超过 500 个字。")
    if due_on is None:
        errors["due_on"] = _("请选择完成期限。")
    elif due_on < today:
        errors["due_on"] = _("完成期限不能早于今天。")
    if subject is not None and not (
        subject.is_active
        and subject.unit_id
        and branch.unit_id
        and subject.unit.path.startswith(branch.unit.path)
    ):
        errors["subject"] = _("联系对象必须是本支部所在单位的在职职工。")
    if errors:
        raise ValidationError(errors)
    task = GridTask.objects.create(
        owner=owner,
        branch=branch,
        month=first_of(today),
        kind=TaskKind.ADDED,
        title=title,
        description=description,
        subject=subject,
        due_on=due_on,
        added_by=actor,
    )
    audit.record(
        action="grid.task.added",
        actor=actor,
        obj=task,
        after={"owner": owner.pk, "due_on": str(due_on), "title": title},
    )
    notify(
        recipients=[owner],
        title=_("支部交办网格任务：%(t)s") % {"t": title},
        body=_("请于 %(d)s 前完成。%(desc)s") % {"d": due_on, "desc": description[:80]},
        url=task_url(task),
        exclude=actor,
    )
    return task


# --- completing and cancelling ----------------------------------------------------------


@transaction.atomic
def task_complete(
    *, actor: Person, task_id: int, version: int | None, note: str, photos=()
) -> GridTask:
    """The owner marks the task done, saying what was done, with photos if any."""
    note = (note or "").strip()
    if len(note) < 2:
        raise ValidationError({"note": _("请填写完成情况（至少 2 个字）。")})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("完成情况不能超过 %(n)s 个字。") % {"n": NOTE_MAX}})
    try:
        photos = clean_photos(photos)
    except ValidationError as exc:
        raise ValidationError({"photos": exc.messages}) from None
    task, step = task_flow.begin(pk=task_id, name="completed", actor=actor, version=version)
    task.done_at, task.done_note = timezone.now(), note
    task_flow.finish(
        task,
        step,
        actor=actor,
        fields=["done_at", "done_note"],
        audit_after={"photos": len(photos)},
    )
    for content in photos:
        TaskPhoto.objects.create(task=task, image=content)
    return task


@transaction.atomic
def task_cancel(*, actor: Person, task_id: int, version: int | None, reason: str) -> GridTask:
    """The secretary withdraws a task that no longer applies, saying why."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("请写明取消的原因。")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("取消原因不能超过 500 个字。")})
    task, step = task_flow.begin(pk=task_id, name="cancelled", actor=actor, version=version)
    task.done_note = _("取消原因：%(r)s") % {"r": reason}
    task_flow.finish(task, step, actor=actor, fields=["done_note"], audit_after={"reason": reason})
    notify(
        recipients=[task.owner],
        title=_("网格任务已取消：%(t)s") % {"t": task.title},
        body=reason,
        url=task_url(task),
        exclude=actor,
    )
    return task


def complete_for_visit(task: GridTask, *, actor: Person, note: str) -> None:
    """Mark a task (already locked by the caller, open, the actor's own) done by a
    visit just logged."""
    task.done_at, task.done_note = timezone.now(), note[:NOTE_MAX]
    task_flow.finish(
        task, "completed", actor=actor, fields=["done_at", "done_note"], audit_after={"by": "visit"}
    )


# --- the daily reminder ------------------------------------------------------------------


def remind_overdue(*, today: date | None = None) -> int:
    """Tell each owner of a task that went overdue (its deadline was yesterday, or a
    few days before if a run was missed) once; returns the messages sent."""
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    tasks = list(
        GridTask.objects.filter(
            state=TaskState.OPEN,
            due_on__lte=yesterday,
            due_on__gte=yesterday - timedelta(days=OVERDUE_LOOKBACK_DAYS),
        )
        .select_related("owner")
        .order_by("pk")
    )
    if not tasks:
        return 0
    from tongxin.core.models import Notification

    urls = {task_url(t): t for t in tasks}
    told = set(
        Notification.objects.filter(
            recipient_id__in={t.owner_id for t in tasks},
            url__in=list(urls),
            title__startswith=str(OVERDUE_TITLE),
        ).values_list("url", flat=True)
    )
    sent = 0
    for url, task in urls.items():
        if url in told:
            continue
        with transaction.atomic():
            notify(
                recipients=[task.owner],
                title=_("%(prefix)s：%(t)s") % {"prefix": OVERDUE_TITLE, "t": task.title},
                body=_("完成期限为 %(d)s，请尽快完成；支部书记能看到超期任务。")
                % {"d": task.due_on},
                url=url,
            )
        sent += 1
    return sent
