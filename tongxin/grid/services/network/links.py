"""One link at a time: assign, end (or withdraw) and move to another responsible person."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.people.models import Organisation, Person

from ...coverage import branch_roster
from ...models import GridLink, Level
from ..locks import lock_person
from .common import (
    check_pair,
    clash_message,
    clean_note,
    create_links,
    find_clash,
    home_branch,
    lock_branch,
    parse_level,
    record_links,
    require_manager,
    tell,
)


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
    level = parse_level(level)
    starts_on = starts_on or timezone.localdate()
    note = clean_note(note)
    if level == Level.LEADER_BRANCH:
        if branch is None:
            raise ValidationError({"branch": _("请选择联系的党支部。")})
        if person is not None:
            raise ValidationError({"person": _("班子成员联系的是党支部，不填联系对象。")})
        require_manager(actor, branch)
        branch = lock_branch(branch.pk)
        covered_name = branch.name
    else:
        if person is None:
            raise ValidationError({"person": _("请选择联系对象。")})
        home = branch or home_branch(level, person)
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
    clash = find_clash(level, starts_on, person=person, branch=branch)
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
        found = find_clash(level, starts_on, person=person, branch=branch)
        return clash_message(found, covered_name) if found else _("联系对象已有联系人。")

    create_links([link], clash_now)
    record_links("grid.link.assigned", actor, [link])
    tell(
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
        lock_branch(link.branch_id)
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
    clash = find_clash(
        link.level, starts_on, person=link.person, branch=link.branch, exclude=link.pk
    )
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
        found = find_clash(link.level, starts_on, person=link.person, branch=link.branch)
        return clash_message(found, covered_name) if found else _("联系对象已有联系人。")

    create_links([new], clash_now)
    audit.record(
        action="grid.link.moved",
        actor=actor,
        obj=new,
        before={"link": link.pk, "responsible": previous.pk},
        after={"responsible": responsible.pk, "starts_on": str(starts_on)},
    )
    tell(
        [responsible, previous],
        _("网格联系调整：%(name)s") % {"name": covered_name},
        _("自%(day)s起由%(new)s联系（原为%(old)s）。")
        % {"day": starts_on, "new": responsible.name, "old": previous.name},
        actor,
    )
    return new
