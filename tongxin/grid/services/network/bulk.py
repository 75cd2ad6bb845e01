"""Many links at once: share a crew's workers among Party members, import a spreadsheet.
All or nothing: one bad pair or row and nothing is saved, every reason listed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.people.models import Organisation, Person

from ...access import branch_for_unit
from ...coverage import branch_roster
from ...models import GridLink, Level
from ...network_import import read_rows
from .common import (
    check_pair,
    clash_message,
    create_links,
    find_clash,
    overlapping,
    record_links,
    require_manager,
    tell,
)


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
    links = create_links(links, lambda: _("有职工刚刚已被他人分配联系人，请刷新页面后重试。"))
    record_links("grid.link.assigned", actor, links, via="crew_split")
    audit.record(
        action="grid.crew.split",
        actor=actor,
        obj=crew,
        after={"links": len(links), "starts_on": str(starts_on)},
    )
    tell(
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
            link = find_clash(level, starts_on, branch=branch)
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
    links = create_links(
        [link for _n, link in planned], lambda: _("有人员刚刚已被他人分配联系人，请重新导入。")
    )
    record_links("grid.link.assigned", actor, links, via="import")
    audit.record(
        action="grid.links.imported",
        actor=actor,
        obj=branch,
        after={"rows": len(rows), "created": len(links), "unchanged": unchanged},
    )
    tell(
        {link.responsible for link in links},
        _("网格联系：%(branch)s已导入联系名单") % {"branch": branch.name},
        _("您有新的网格联系对象，请在“我的网格”查看。"),
        actor,
    )
    result["created"] = len(links)
    return result
