"""The point rules the demo mine starts with (learning.points.rules). The points
themselves are earned by the other parts' demo stories, through points.services.award."""

from __future__ import annotations

from tongxin.people.models import Organisation, OrgKind

from ..models import PointRule
from ..points.rules import ensure_rules


def seed(*, seed: int, progress=None):
    """Every demo mine's rules, from the defaults."""
    if PointRule.objects.exists():
        return None
    for mine in Organisation.objects.filter(kind=OrgKind.MINE):
        ensure_rules(PointRule, mine)
    return PointRule.objects.count()
