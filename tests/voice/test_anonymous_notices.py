"""What the anonymous owner does by receipt (rating, reopening) is told to the
department, the watching leadership and the chat robots at the top of the next hour,
with that hour's other anonymous notices, never at the moment the receipt holder acts:
the moment would link them to what they did under their name just before."""

import datetime
import threading
from http.server import HTTPServer
from zoneinfo import ZoneInfo

import pytest
import time_machine
from huey.contrib.djhuey import HUEY

from tests.voice.test_notifications import _Robot
from tongxin.core.models import Notification, OrgWebhook
from tongxin.voice import services

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ACTED = datetime.datetime(2026, 3, 10, 10, 17, 23, tzinfo=SHANGHAI)
BATCH = datetime.datetime(2026, 3, 10, 11, 0, 0, tzinfo=SHANGHAI)


@pytest.fixture
def queue():
    """Huey in memory: tasks without an eta run at once, the rest wait in its schedule."""
    HUEY.immediate = True
    try:
        yield HUEY
    finally:
        HUEY.flush()
        HUEY.immediate = False


@pytest.fixture
def robot():
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Robot.received.clear()
    try:
        yield f"http://127.0.0.1:{server.server_port}/robot"
    finally:
        server.shutdown()


def _replied_anonymous_case(cast, canteen):
    case, _receipt = services.case_submit(
        submitter=None,
        channel="suggestion",
        title="井口食堂太咸",
        body="井口食堂的班中餐这一个月都很咸。",
        anonymous=True,
        organisation=cast.district_a,
    )
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已调整"
    )
    return services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已要求少放盐。"
    )


def _rate(case):
    services.case_rate(case_id=case.pk, actor=None, receipt_ok=True, rating=2, comment="还是咸")


def _reopen(case):
    services.case_reopen(case_id=case.pk, actor=None, receipt_ok=True, reason="还是很咸")


@pytest.mark.parametrize(
    ("act", "told"),
    [(_rate, {"zhou_head"}), (_reopen, {"zhou_head", "sun_chair", "wu_leader"})],
    ids=["rate", "reopen"],
)
def test_an_owner_step_by_receipt_is_told_at_the_next_hour(
    cast, canteen, queue, robot, django_capture_on_commit_callbacks, act, told
):
    with time_machine.travel(ACTED, tick=False):
        case = _replied_anonymous_case(cast, canteen)
        OrgWebhook.objects.create(organisation=cast.mine, url=robot, flavour="dingtalk")
        last = Notification.objects.order_by("pk").last().pk
        with django_capture_on_commit_callbacks(execute=True):
            act(case)
        # Nothing now: no message, no robot post; the notices wait for the hour.
        assert not Notification.objects.filter(pk__gt=last).exists()
        assert _Robot.received == []
        assert queue.scheduled_count() >= 2
        assert queue.read_schedule() == []  # none is due yet

    with time_machine.travel(BATCH, tick=False):
        due = queue.read_schedule()
        assert len(due) >= 2 and queue.scheduled_count() == 0
        with django_capture_on_commit_callbacks(execute=True):
            for task in due:
                queue.execute(task)
    new = Notification.objects.filter(pk__gt=last)
    assert {n.recipient_id for n in new} >= {getattr(cast, name).pk for name in told}
    assert all(n.created_at == BATCH for n in new)
    [posted] = _Robot.received
    assert "井口食堂太咸" in posted["text"]["content"]


def test_a_staff_step_on_an_anonymous_case_is_told_at_once(
    cast, canteen, queue, robot, django_capture_on_commit_callbacks
):
    """Staff act under their names: only the receipt holder's steps wait."""
    with time_machine.travel(ACTED, tick=False):
        case = _replied_anonymous_case(cast, canteen)
        services.case_reopen(case_id=case.pk, actor=None, receipt_ok=True, reason="还是很咸")
        case.refresh_from_db()
        OrgWebhook.objects.create(organisation=cast.mine, url=robot, flavour="dingtalk")
        last = Notification.objects.order_by("pk").last().pk
        with django_capture_on_commit_callbacks(execute=True):
            services.case_handle(
                case_id=case.pk, version=case.version, actor=cast.zhou_head, result="换了厨师"
            )
    assert Notification.objects.filter(pk__gt=last, recipient=cast.wu_leader).exists()
    assert len(_Robot.received) == 1
