"""Learning's records for the permission matrix (tests/core/test_permission_matrix.py).

Each part of learning gives its own; this module joins them. Point rules belong to a
mine and are edited by its Party committee: 红岩矿's administrator opens them; the
outsider (a secretary of 掘进二队) and the stranger (every office of 青山矿) do not.
"""

from tests.matrix_world import Record, World
from tongxin.learning.models import MeetingType, PointRule
from tongxin.learning.points.rules import ensure_rules


def points(world: World) -> dict[str, Record]:
    ensure_rules(PointRule, world.cast.mine)
    rule = PointRule.objects.filter(mine=world.cast.mine).first()
    return {"learning:point_rule_update:pk": Record(rule, viewer="admin", rows=[rule])}


def meetings(world: World) -> dict[str, Record]:
    from tongxin.learning.meetings import services as meeting_services

    meeting = meeting_services.meeting_create(
        actor=world.people["officer"],
        branch=world.cast.branch_a,
        type_code="committee",
        title="支部委员会",
        starts_at=world.now,
        place="会议室",
        agenda=(("第一议题：学习重要讲话", True),),
    )
    meeting_services.types_of(world.cast.mine)
    kind = MeetingType.objects.filter(mine=world.cast.mine).first()
    names = ("detail", "edit", "hold", "file", "correct", "cancel", "attendance", "leave")
    found = {f"learning:meeting_{n}:pk": Record(meeting, rows=[meeting]) for n in names}
    found["learning:meeting_checkin:pk"] = Record(meeting, rows=[meeting])
    found["learning:meeting_checkin:token"] = Record(meeting.checkin_token)
    found["learning:meeting_type_update:pk"] = Record(kind, viewer="admin", rows=[kind])
    found["api:meeting_id"] = Record(meeting, rows=[meeting])
    return found


PARTS = (points, meetings)


def records(world: World) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for part in PARTS:
        found.update(part(world))
    return found
