"""Core's records for the permission matrix (tests/core/test_permission_matrix.py): a
notification of the worker's."""

from tests.matrix_world import Record, World
from tongxin.core.models import Notification


def records(world: World) -> dict[str, Record]:
    notification = Notification.objects.create(
        recipient=world.people["worker"], title="您的诉求已受理"
    )
    return {"notifications:pk": Record(notification, audience="own")}
