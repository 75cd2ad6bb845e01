"""The voice tasks through a real Huey consumer (SQLite or Redis, as the run is set up):
a new case reaches the unit's chat robot after commit; the deadline sweep runs as a task."""

import threading
from datetime import timedelta
from http.server import HTTPServer

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from tests.cast import build_cast
from tests.people.test_roster_pages import run_queued_task
from tests.voice.test_notifications import _Robot
from tongxin.core.models import Notification, OrgWebhook
from tongxin.voice import services
from tongxin.voice.models import Category
from tongxin.voice.tasks import sweep_deadlines

pytestmark = pytest.mark.queue


def test_a_new_case_reaches_the_chat_robot_after_commit(transactional_db):
    cast = build_cast()
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    HUEY.flush()
    try:
        OrgWebhook.objects.create(
            organisation=cast.mine,
            url=f"http://127.0.0.1:{server.server_port}/r",
            flavour="dingtalk",
        )
        _Robot.received.clear()
        case, _ = services.case_submit(
            submitter=cast.wang_worker,
            channel="request",
            title="澡堂热水不足",
            body="夜班后澡堂没有热水",
        )
        assert HUEY.pending_count() == 0  # submission itself does not broadcast
        case = services.case_accept(
            case_id=case.pk,
            version=case.version,
            actor=cast.sun_chair,
            category=Category.objects.get(name="宿舍"),
        )
        assert HUEY.pending_count() == 1
        run_queued_task("deliver_webhook")
        text = _Robot.received[-1]["text"]["content"]
        assert "澡堂热水不足" in text and "受理" in text and "王强" not in text
    finally:
        server.shutdown()
        HUEY.flush()


def test_the_sweep_runs_as_a_task(transactional_db):
    cast = build_cast()
    HUEY.flush()
    try:
        case, _ = services.case_submit(
            submitter=cast.wang_worker,
            channel="request",
            title="工资条看不懂",
            body="工资条上的扣款项目看不懂",
        )
        case = services.case_accept(
            case_id=case.pk,
            version=case.version,
            actor=cast.sun_chair,
            category=Category.objects.get(name="薪酬福利"),
        )
        services.case_assign(
            case_id=case.pk,
            version=case.version,
            actor=cast.sun_chair,
            department=cast.department,
            handler=cast.zhou_head,
            deadline=timezone.localdate() + timedelta(days=1),
        )
        HUEY.flush()
        sweep_deadlines()
        run_queued_task("sweep_deadlines")
        assert (
            Notification.objects.filter(recipient=cast.zhou_head, title__contains="将到").count()
            == 1
        )
    finally:
        HUEY.flush()
