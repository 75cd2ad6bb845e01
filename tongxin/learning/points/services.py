"""Awarding study points under a rule's daily cap, and the Party committee's edits of
the rules. Every other part of learning awards through `award`, never by writing
PointEvent itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.access import OutOfScope
from tongxin.core.timeline import Transition, Workflow, table
from tongxin.people.selectors import mine_of

from ..access import edits_point_rules, party_path_of, setup_reach
from ..models import PointDay, PointEvent, PointRule, RuleState
from .rules import ensure_rules

MAX_POINTS = 100  # a rule's points or cap above this is a typing error


@dataclass(frozen=True)
class Award:
    """What one award gave: `points` may be less than the rule's (the cap was near) or
    0 (the cap reached, the rule off, or the source already counted)."""

    points: int
    event: PointEvent | None
    reason: str = ""


def rule(code: str, mine) -> PointRule:
    """The mine's rule `code`, made from the defaults the first time it is asked."""
    found = PointRule.objects.filter(mine=mine, code=code).first()
    if found is None:
        ensure_rules(PointRule, mine)
        found = PointRule.objects.get(mine=mine, code=code)
    return found


def award(
    *,
    person,
    code: str,
    source: str = "",
    once_key: str = "",
    units: int = 1,
    at: datetime | None = None,
    note: str = "",
) -> Award:
    """Give `person` the points of `units` awards under rule `code`, as far as the day's
    cap allows. `once_key` makes the award count once only for that person and rule
    (an article read, a contest paper): a second call gives 0, even at the same moment.

    The day's row is locked while the cap is checked, so concurrent awards (two tabs'
    heartbeats) never pass the cap together."""
    at = at or timezone.now()
    day = timezone.localdate(at)
    if not person.unit_id:
        return Award(0, None, _("未分配单位的人员不计学习积分。"))
    the_rule = rule(code, mine_of(person.unit))
    if not the_rule.is_active:
        return Award(0, None, _("该积分项已停用。"))
    wanted = the_rule.points * max(int(units), 0)
    if wanted <= 0:
        return Award(0, None)
    if (
        once_key
        and PointEvent.objects.filter(person=person, rule=the_rule, once_key=once_key).exists()
    ):
        return Award(0, None, _("已计过分。"))
    try:
        with transaction.atomic():
            total, _created = PointDay.objects.select_for_update().get_or_create(
                person=person,
                rule=the_rule,
                day=day,
                defaults={
                    "unit_path": person.unit.path,
                    "party_path": party_path_of(person),
                },
            )
            room = the_rule.daily_cap - total.points
            if room <= 0:
                return Award(0, None, _("今日该项积分已达上限。"))
            points = min(wanted, room)
            event = PointEvent.objects.create(
                person=person,
                rule=the_rule,
                points=points,
                at=at,
                day=day,
                source=source[:60],
                once_key=once_key[:60],
                note=note[:120],
            )
            total.points += points
            total.save(update_fields=["points"])
    except IntegrityError:
        # The same once-only source at the same moment: the other request counted it.
        return Award(0, None, _("已计过分。"))
    return Award(points, event)


class Actor(Enum):
    COMMITTEE = "committee"  # the mine's Party committee


RULE_TRANSITIONS = table(
    Transition(
        "edit",
        gettext_lazy("修改"),
        (RuleState.ACTIVE, RuleState.PAUSED),
        None,  # stays on or is switched off: the form says
        (Actor.COMMITTEE,),
        denied=gettext_lazy("只有本矿党委可以修改积分规则。"),
    ),
)


def _committee(actor, rule, **context) -> set:
    return {Actor.COMMITTEE} if edits_point_rules(actor, rule.org_path) else set()


rule_flow = Workflow(
    model=PointRule,
    transitions=RULE_TRANSITIONS,
    capacities=_committee,
    noun=gettext_lazy("这条积分规则"),
    audit_prefix="learning.point_rule",
    refusal=OutOfScope,
)


def rule_update(*, actor, rule_id: int, version: int, points, daily_cap, is_active: bool):
    """The Party committee changes a rule's points, cap or whether it counts. Points
    already given stay as they were; the change applies from the next award."""
    if not PointRule.objects.filter(setup_reach(actor).q("org_path"), pk=rule_id).exists():
        raise OutOfScope()
    errors = {}
    values = {}
    fields = (("points", points, _("每次分值")), ("daily_cap", daily_cap, _("每日上限")))
    for name, raw, label in fields:
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            errors[name] = _("%(label)s须为整数。") % {"label": label}
            continue
        if not 0 <= value <= MAX_POINTS:
            errors[name] = _("%(label)s须在 0 到 %(max)d 之间。") % {
                "label": label,
                "max": MAX_POINTS,
            }
        values[name] = value
    if not errors and values["daily_cap"] < values["points"]:
        errors["daily_cap"] = _("每日上限不能小于每次分值。")
    if errors:
        raise ValidationError(errors)

    def apply(row):
        row.points, row.daily_cap = values["points"], values["daily_cap"]
        row.updated_by, row.updated_at = actor, timezone.now()
        return ["points", "daily_cap", "updated_by", "updated_at"]

    return rule_flow.run(
        pk=rule_id,
        name="edit",
        actor=actor,
        version=version,
        apply=apply,
        to_state=RuleState.ACTIVE if is_active else RuleState.PAUSED,
        audit_after=values,
    )
