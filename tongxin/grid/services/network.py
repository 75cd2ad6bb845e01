"""Writes of the responsibility network: assign, end and move links, split a crew, import.

Every link is kept: ending one sets `ends_on` (exclusive), moving one ends it and starts
a new one, so who covered whom on any day stays answerable. A link ended on the day it
starts (or before a future start) is *withdrawn*: `ends_on == starts_on`, current on no
day.

The rule the whole module guards: a person is covered at most once per level on any
day. Before checking it, the covered person's row is locked (`select_for_update`), so
two secretaries assigning the same worker at the same moment queue on that row and the
second one sees the first one's link; the partial unique constraint on open links is
the backstop, and its IntegrityError becomes the same message.

Who may hold which link (checked against `coverage.branch_roster`):

    leader_branch    responsible: a leadership member over the branch's unit; person: none
    secretary_cadre  responsible: the branch's secretary or the unit's head; person: a cadre
    cadre_member     responsible: a cadre; person: a crew leader or Party member of the branch
    member_worker    responsible: a Party member of the branch; person: a worker of the branch
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.models import AuditEvent
from tongxin.core.notify import notify
from tongxin.people.models import Organisation, Person

from ..access import branch_for_unit, branch_of, can_manage
from ..coverage import BranchRoster, branch_roster
from ..models import GridLink, Level
from ..network_import import read_rows
from .locks import lock_person

NOTE_MAX = 200


# --- shared checks ----------------------------------------------------------------------------


def _level(value) -> Level:
    try:
        return Level(value)
    except ValueError:
        raise ValidationError({"level": _("请选择网格层级。")}) from None


def require_manager(actor: Person, branch: Organisation) -> None:
    if actor is None or not can_manage(actor, branch):
        raise PermissionDenied(_("您无权调整%(branch)s的网格。") % {"branch": branch.name})


def overlapping(starts_on: date) -> Q:
    """Links still in force on or after `starts_on` (an open-ended new link meets them)."""
    return Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)


def _since(link: GridLink) -> str:
    if link.ends_on is not None:
        return _("%(start)s至%(end)s") % {"start": link.starts_on, "end": link.ends_on}
    return _("自%(start)s起") % {"start": link.starts_on}


def clash_message(link: GridLink, covered_name: str) -> str:
    """ "王强已由陈党联系（党员包职工，自2026-03-01起）…" for a worker covered twice."""
    return _(
        "%(person)s已由%(responsible)s联系（%(level)s，%(since)s），同一日期不能重复联系。"
        "请先终止或调整原联系。"
    ) % {
        "person": covered_name,
        "responsible": link.responsible.name,
        "level": link.get_level_display(),
        "since": _since(link),
    }


def _clash(level: str, starts_on: date, *, person=None, branch=None, exclude=None):
    qs = GridLink.objects.filter(overlapping(starts_on), level=level).select_related("responsible")
    if person is not None:
        qs = qs.filter(person=person)
    else:
        qs = qs.filter(branch=branch, person__isnull=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("starts_on").first()


def check_pair(
    roster: BranchRoster, level: str, responsible: Person | None, person: Person | None
) -> dict[str, str]:
    """Why `responsible` may not hold a `level` link over `person` in this branch
    (an empty dict when they may)."""
    branch = roster.branch
    errors: dict[str, str] = {}
    if responsible is None:
        errors["responsible"] = _("请选择责任人。")
    elif responsible.pk not in roster.responsible_for(level):
        errors["responsible"] = {
            Level.LEADER_BRANCH: _("%(name)s不是本矿班子成员，不能联系党支部。"),
            Level.SECRETARY_CADRE: _("%(name)s不是%(branch)s的书记或科队长。"),
            Level.CADRE_MEMBER: _("%(name)s不是%(branch)s的队干。"),
            Level.MEMBER_WORKER: _("%(name)s不是%(branch)s在册的党员，不能包保职工。"),
        }[level] % {"name": responsible.name, "branch": branch.name}
    if level == Level.LEADER_BRANCH:
        if person is not None:
            errors["person"] = _("班子成员联系的是党支部，不填联系对象。")
        return errors
    if person is None:
        errors["person"] = _("请选择联系对象。")
        return errors
    if responsible is not None and responsible.pk == person.pk:
        errors["person"] = _("责任人不能联系自己。")
    elif person.pk not in roster.covered_at(level):
        if level == Level.MEMBER_WORKER and person.is_party_member and person.is_active:
            message = _("%(name)s是党员，由队干在“队干包班组长和党员”层级联系。")
        else:
            message = {
                Level.SECRETARY_CADRE: _("%(name)s不是%(branch)s的队干。"),
                Level.CADRE_MEMBER: _("%(name)s不是%(branch)s的班组长或党员。"),
                Level.MEMBER_WORKER: _("%(name)s不是%(branch)s在职的职工群众。"),
            }[level]
        errors["person"] = message % {"name": person.name, "branch": branch.name}
    return errors


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("备注不能超过%(n)d个字。") % {"n": NOTE_MAX}})
    return note


def _home_branch(level: str, person: Person) -> Organisation | None:
    """The branch a covered person's link belongs to: a worker's unit's branch; for a
    Party member or cadre, their branch."""
    if level == Level.MEMBER_WORKER:
        return branch_for_unit(person.unit)
    return branch_of(person)


def _lock_branch(branch_id: int) -> Organisation:
    return (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=branch_id)
    )


def _create(links: list[GridLink], clash_of) -> list[GridLink]:
    """Insert the links; a unique-constraint race becomes the double-coverage message."""
    try:
        with transaction.atomic():
            if len(links) == 1:
                links[0].save(force_insert=True)
                return links
            return GridLink.objects.bulk_create(links)
    except IntegrityError:
        raise ValidationError({"person": clash_of()}) from None


def _record(action: str, actor: Person, links: list[GridLink], **extra) -> None:
    AuditEvent.objects.bulk_create(
        [
            audit.build(
                action=action,
                actor=actor,
                obj=link,
                after={
                    **audit.snapshot(
                        link, ["level", "responsible", "person", "branch", "starts_on", "ends_on"]
                    ),
                    **extra,
                },
            )
            for link in links
        ]
    )


def _member_url() -> str:
    try:
        return reverse("grid:member_home")
    except NoReverseMatch:
        return ""


def _tell(responsibles, title: str, body: str, actor: Person) -> None:
    notify(recipients=responsibles, title=title, body=body, url=_member_url(), exclude=actor)


# --- one link ---------------------------------------------------------------------------------


@transaction.atomic
def link_assign(
    *,
    actor: Person,
    level: str,
    responsible: Person,
    person: Person | None = None,
    branch: Organisation | None = None,
    starts_on: date | None = None,
    note: str = "",
) -> GridLink:
    """Make `responsible` answer for `person` (or, at the top level, for `branch`) from
    `starts_on` (today by default). The branch is the covered person's when not given."""
    level = _level(level)
    starts_on = starts_on or timezone.localdate()
    note = _note(note)
    if level == Level.LEADER_BRANCH:
        if branch is None:
            raise ValidationError({"branch": _("请选择联系的党支部。")})
        if person is not None:
            raise ValidationError({"person": _("班子成员联系的是党支部，不填联系对象。")})
        require_manager(actor, branch)
        branch = _lock_branch(branch.pk)
        covered_name = branch.name
    else:
        if person is None:
            raise ValidationError({"person": _("请选择联系对象。")})
        home = branch or _home_branch(level, person)
        if home is None:
            raise ValidationError(
                {"person": _("%(name)s不属于任何党支部，不能列入网格。") % {"name": person.name}}
            )
        require_manager(actor, home)
        person = lock_person(person.pk)
        branch = home
        covered_name = person.name
    roster = branch_roster(branch)
    errors = check_pair(roster, level, responsible, person)
    if errors:
        raise ValidationError(errors)
    clash = _clash(level, starts_on, person=person, branch=branch)
    if clash is not None:
        raise ValidationError({"person": clash_message(clash, covered_name)})
    link = GridLink(
        level=level,
        responsible=responsible,
        person=person,
        branch=branch,
        starts_on=starts_on,
        note=note,
        created_by=actor,
    )

    def clash_now():
        found = _clash(level, starts_on, person=person, branch=branch)
        return clash_message(found, covered_name) if found else _("联系对象已有联系人。")

    _create([link], clash_now)
    _record("grid.link.assigned", actor, [link])
    _tell(
        [responsible],
        _("网格联系：您负责联系%(name)s") % {"name": covered_name},
        _("%(level)s，自%(start)s起。") % {"level": link.get_level_display(), "start": starts_on},
        actor,
    )
    return link


def _locked_link(link_id: int) -> GridLink:
    """The link, its covered person (or branch) locked first, then the link itself."""
    try:
        link = GridLink.objects.select_related("branch__unit").get(pk=link_id)
    except GridLink.DoesNotExist:
        raise ValidationError({"link": _("找不到这条网格联系。")}) from None
    if link.person_id:
        lock_person(link.person_id)
    else:
        _lock_branch(link.branch_id)
    return (
        GridLink.objects.select_for_update(of=("self",))
        .select_related("branch__unit", "responsible", "person")
        .get(pk=link_id)
    )


def _ended_message(link: GridLink) -> str:
    if link.ends_on == link.starts_on:
        return _("这条联系已撤销。")
    return _("这条联系已于%(day)s终止。") % {"day": link.ends_on}


@transaction.atomic
def link_end(*, actor: Person, link_id: int, ends_on: date | None = None) -> GridLink:
    """End a link on `ends_on` (today by default; exclusive: it is no longer current that
    day). A link that has not started by then is withdrawn (`ends_on = starts_on`)."""
    link = _locked_link(link_id)
    require_manager(actor, link.branch)
    if link.ends_on is not None:
        raise ValidationError({"ends_on": _ended_message(link)})
    if ends_on is None:
        ends_on = max(timezone.localdate(), link.starts_on)
    elif ends_on < link.starts_on:
        raise ValidationError(
            {"ends_on": _("终止日期不能早于生效日期%(day)s。") % {"day": link.starts_on}}
        )
    link.ends_on = ends_on
    link.save(update_fields=["ends_on"])
    audit.record(
        action="grid.link.ended",
        actor=actor,
        obj=link,
        before={"ends_on": None},
        after={"ends_on": str(ends_on)},
    )
    return link


@transaction.atomic
def link_move(
    *, actor: Person, link_id: int, responsible: Person, starts_on: date | None = None
) -> GridLink:
    """Hand a link to another responsible person from `starts_on` (today by default): the
    old link ends that day and a new one starts, so both stay in the history."""
    link = _locked_link(link_id)
    require_manager(actor, link.branch)
    if link.ends_on is not None:
        raise ValidationError({"link": _ended_message(link)})
    starts_on = starts_on or timezone.localdate()
    if starts_on < link.starts_on:
        raise ValidationError(
            {"starts_on": _("调整日期不能早于原联系的生效日期%(day)s。") % {"day": link.starts_on}}
        )
    if responsible is None or responsible.pk == link.responsible_id:
        raise ValidationError({"responsible": _("请选择另一位责任人。")})
    roster = branch_roster(link.branch)
    errors = check_pair(roster, link.level, responsible, link.person)
    if errors:
        raise ValidationError(errors)
    covered_name = link.person.name if link.person else link.branch.name
    clash = _clash(link.level, starts_on, person=link.person, branch=link.branch, exclude=link.pk)
    if clash is not None:
        raise ValidationError({"person": clash_message(clash, covered_name)})
    previous = link.responsible
    link.ends_on = starts_on
    link.save(update_fields=["ends_on"])
    new = GridLink(
        level=link.level,
        responsible=responsible,
        person=link.person,
        branch=link.branch,
        starts_on=starts_on,
        note=link.note,
        created_by=actor,
    )

    def clash_now():
        found = _clash(link.level, starts_on, person=link.person, branch=link.branch)
        return clash_message(found, covered_name) if found else _("联系对象已有联系人。")

    _create([new], clash_now)
    audit.record(
        action="grid.link.moved",
        actor=actor,
        obj=new,
        before={"link": link.pk, "responsible": previous.pk},
        after={"responsible": responsible.pk, "starts_on": str(starts_on)},
    )
    _tell(
        [responsible, previous],
        _("网格联系调整：%(name)s") % {"name": covered_name},
        _("自%(day)s起由%(new)s联系（原为%(old)s）。")
        % {"day": starts_on, "new": responsible.name, "old": previous.name},
        actor,
    )
    return new


# --- many at once -----------------------------------------------------------------------------


def _lock_people(ids) -> dict[int, Person]:
    return {
        p.pk: p
        for p in Person.objects.select_for_update(of=("self",))
        .select_related("unit", "party_org")
        .filter(pk__in=sorted(ids))
        .order_by("pk")
    }


def _open_links(level: str, person_ids, starts_on: date) -> dict[int, GridLink]:
    """The link of each person still in force on or after `starts_on` (one query)."""
    found: dict[int, GridLink] = {}
    for link in (
        GridLink.objects.filter(overlapping(starts_on), level=level, person_id__in=list(person_ids))
        .select_related("responsible")
        .order_by("starts_on")
    ):
        found.setdefault(link.person_id, link)
    return found


@transaction.atomic
def crew_split(
    *, actor: Person, crew: Organisation, assignments: dict[int, int], starts_on: date | None = None
) -> list[GridLink]:
    """Share a crew's workers among Party members in one go: {worker id: member id}.

    All or nothing: any worker outside the crew, any member outside the branch, any
    worker already covered by someone else makes the whole split fail with every reason
    listed. A worker already covered by the chosen member is left as is.
    """
    branch = branch_for_unit(crew)
    if branch is None:
        raise ValidationError({"crew": _("%(crew)s不属于任何党支部。") % {"crew": crew.name}})
    require_manager(actor, branch)
    starts_on = starts_on or timezone.localdate()
    pairs = {int(w): int(m) for w, m in assignments.items() if m}
    if not pairs:
        raise ValidationError({"assignments": _("请至少为一名职工选择联系党员。")})
    workers = _lock_people(pairs)
    roster = branch_roster(branch)
    existing = _open_links(Level.MEMBER_WORKER, workers, starts_on)
    errors, links = [], []
    for worker_id, member_id in sorted(pairs.items(), key=lambda kv: kv[0]):
        worker = workers.get(worker_id)
        member = roster.people.get(member_id)
        if worker is None or worker.unit is None or not worker.unit.path.startswith(crew.path):
            errors.append(_("所选职工不在%(crew)s。") % {"crew": crew.name})
            continue
        if member is None:
            errors.append(
                _("%(name)s：所选党员不在%(branch)s。")
                % {"name": worker.name, "branch": branch.name}
            )
            continue
        problems = check_pair(roster, Level.MEMBER_WORKER, member, worker)
        if problems:
            errors.extend(f"{worker.name}：{m}" for m in problems.values())
            continue
        link = existing.get(worker_id)
        if link is not None:
            if link.responsible_id == member_id and link.ends_on is None:
                continue
            errors.append(clash_message(link, worker.name))
            continue
        links.append(
            GridLink(
                level=Level.MEMBER_WORKER,
                responsible=member,
                person=worker,
                branch=branch,
                starts_on=starts_on,
                created_by=actor,
            )
        )
    if errors:
        raise ValidationError({"assignments": errors})
    if not links:
        return []
    links = _create(links, lambda: _("有职工刚刚已被他人分配联系人，请刷新页面后重试。"))
    _record("grid.link.assigned", actor, links, via="crew_split")
    audit.record(
        action="grid.crew.split",
        actor=actor,
        obj=crew,
        after={"links": len(links), "starts_on": str(starts_on)},
    )
    _tell(
        {link.responsible for link in links},
        _("网格联系：%(crew)s职工已分配") % {"crew": crew.name},
        _("您有新的联系职工，请在“我的网格”查看。"),
        actor,
    )
    return links


@transaction.atomic
def links_import(*, actor: Person, branch: Organisation, upload) -> dict:
    """Links from a spreadsheet (.xlsx, .xls, .ods or .csv) for one branch.

    Columns: 责任人工号, 联系对象工号, 层级 (optional, default 党员包职工), 生效日期
    (optional, default today). Every row is checked first; if any is bad nothing is
    saved and the answer lists each bad row by its number in the sheet with the reason.
    A row that repeats a link already in force is counted as unchanged.

    Returns {"rows": n, "created": n, "unchanged": n, "errors": [{"row", "reason"}]}.
    A file that cannot be read at all raises ValidationError({"upload": …}).
    """
    require_manager(actor, branch)
    rows = read_rows(upload)
    today = timezone.localdate()
    numbers = {no for row in rows for no in (row.responsible_no, row.person_no) if no}
    people = {
        p.employee_no: p
        for p in Person.objects.filter(employee_no__in=numbers).select_related("unit", "party_org")
    }
    covered_ids = {people[r.person_no].pk for r in rows if r.person_no in people}
    locked = _lock_people(covered_ids)
    people.update({p.employee_no: p for p in locked.values()})
    roster = branch_roster(branch)
    errors: list[dict] = []
    planned: list[tuple[int, GridLink]] = []
    unchanged = 0
    seen: dict[tuple, int] = {}
    earliest = min([today, *(r.starts_on for r in rows if r.starts_on)])
    in_force: dict[tuple[str, int], list[GridLink]] = {}
    for link in (
        GridLink.objects.filter(overlapping(earliest), person_id__in=sorted(covered_ids))
        .select_related("responsible")
        .order_by("starts_on")
    ):
        in_force.setdefault((link.level, link.person_id), []).append(link)
    for row in rows:
        reasons = list(row.errors)
        responsible = people.get(row.responsible_no) if row.responsible_no else None
        person = people.get(row.person_no) if row.person_no else None
        if row.responsible_no and responsible is None:
            reasons.append(_("责任人工号%(no)s不存在。") % {"no": row.responsible_no})
        if row.person_no and person is None:
            reasons.append(_("联系对象工号%(no)s不存在。") % {"no": row.person_no})
        if reasons or row.level is None:
            errors.append({"row": row.number, "reason": "；".join(reasons)})
            continue
        level, starts_on = row.level, row.starts_on or today
        if level != Level.LEADER_BRANCH and person is None:
            errors.append({"row": row.number, "reason": _("缺少联系对象工号。")})
            continue
        problems = check_pair(roster, level, responsible, person)
        if problems:
            errors.append({"row": row.number, "reason": "；".join(problems.values())})
            continue
        key = (level, person.pk if person else None)
        if key in seen:
            errors.append(
                {
                    "row": row.number,
                    "reason": _("与第%(n)d行的联系对象和层级相同，同一人不能重复联系。")
                    % {"n": seen[key]},
                }
            )
            continue
        seen[key] = row.number
        if person is None:
            link = _clash(level, starts_on, branch=branch)
        else:
            link = next(
                (
                    found
                    for found in in_force.get((level, person.pk), [])
                    if found.ends_on is None or found.ends_on > starts_on
                ),
                None,
            )
        if link is not None:
            if link.responsible_id == responsible.pk and link.ends_on is None:
                unchanged += 1
                continue
            name = person.name if person else branch.name
            errors.append({"row": row.number, "reason": clash_message(link, name)})
            continue
        planned.append(
            (
                row.number,
                GridLink(
                    level=level,
                    responsible=responsible,
                    person=person,
                    branch=branch,
                    starts_on=starts_on,
                    note=_("批量导入"),
                    created_by=actor,
                ),
            )
        )
    result = {"rows": len(rows), "created": 0, "unchanged": unchanged, "errors": errors}
    if errors or not planned:
        return result
    links = _create(
        [link for _n, link in planned], lambda: _("有人员刚刚已被他人分配联系人，请重新导入。")
    )
    _record("grid.link.assigned", actor, links, via="import")
    audit.record(
        action="grid.links.imported",
        actor=actor,
        obj=branch,
        after={"rows": len(rows), "created": len(links), "unchanged": unchanged},
    )
    _tell(
        {link.responsible for link in links},
        _("网格联系：%(branch)s已导入联系名单") % {"branch": branch.name},
        _("您有新的网格联系对象，请在“我的网格”查看。"),
        actor,
    )
    result["created"] = len(links)
    return result
