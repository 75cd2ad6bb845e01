"""Reading points: a person's day against the caps, their recent awards."""

from __future__ import annotations

from django.db.models import Q, Sum

from tongxin.people.models import Organisation, OrgKind
from tongxin.people.selectors import ancestor_paths, mine_of

from ..access import setup_reach
from ..models import PointDay, PointEvent, PointRule
from .rules import ensure_rules


def rules_of_person(person) -> list[PointRule]:
    """The active rules of the person's mine (none for someone without a unit): one
    query, by the paths above the person's unit, without looking the mine up."""
    if not person.unit_id:
        return []
    rules = PointRule.objects.filter(org_path__in=ancestor_paths(person.unit.path))
    found = list(rules)
    if not found:
        ensure_rules(PointRule, mine_of(person.unit))
        found = list(rules)
    return [r for r in found if r.is_active]


def day_by_rule(person, day) -> list[dict]:
    """Each active rule with what the person earned under it on `day`."""
    earned = dict(PointDay.objects.filter(person=person, day=day).values_list("rule_id", "points"))
    return [
        {"rule": r, "earned": earned.get(r.pk, 0), "full": earned.get(r.pk, 0) >= r.daily_cap}
        for r in rules_of_person(person)
    ]


def rules_for_editor(person):
    """The rules of every mine whose set-up the person edits, each mine's made from the
    defaults the first time its committee opens the page."""
    reach = setup_reach(person)
    for mine in Organisation.objects.filter(reach.q("path"), kind=OrgKind.MINE):
        if not PointRule.objects.filter(mine=mine).exists():
            ensure_rules(PointRule, mine)
    return PointRule.objects.filter(reach.q("org_path")).select_related("mine", "updated_by")


def totals_since(person, **starts) -> dict[str, int]:
    """The person's points from each of `starts` (name=date) to today, in one query."""
    earliest = min(starts.values())
    got = PointDay.objects.filter(person=person, day__gte=earliest).aggregate(
        **{name: Sum("points", filter=Q(day__gte=start)) for name, start in starts.items()}
    )
    return {name: got[name] or 0 for name in starts}


def recent_events(person):
    return PointEvent.objects.filter(person=person).select_related("rule")
