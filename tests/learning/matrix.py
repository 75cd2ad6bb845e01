"""Learning's records for the permission matrix (tests/core/test_permission_matrix.py).

Each part of learning gives its own; this module joins them. Point rules belong to a
mine and are edited by its Party committee: 红岩矿's administrator opens them; the
outsider (a secretary of 掘进二队) and the stranger (every office of 青山矿) do not.
"""

from tests.matrix_world import Record, World
from tongxin.learning.models import PointRule
from tongxin.learning.points.rules import ensure_rules


def points(world: World) -> dict[str, Record]:
    ensure_rules(PointRule, world.cast.mine)
    rule = PointRule.objects.filter(mine=world.cast.mine).first()
    return {"learning:point_rule_update:pk": Record(rule, viewer="admin", rows=[rule])}


PARTS = (points,)


def records(world: World) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for part in PARTS:
        found.update(part(world))
    return found
