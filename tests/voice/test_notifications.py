"""In-app notifications, the daily digest, and the chat-robot webhook delivered to a
real HTTP server on this machine."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from tongxin.core import notify
from tongxin.core.models import Notification, OrgWebhook
from tongxin.core.tasks import deliver_webhook


def test_people_who_chose_the_digest_get_one_message_a_day(cast, submit):
    notify.preference_set(person=cast.sun_chair, daily_digest=True)
    submit()
    submit(title="宿舍热水", body="宿舍晚上没有热水可用")
    queued = Notification.objects.filter(recipient=cast.sun_chair)
    assert queued.count() == 2 and notify.unread_count(cast.sun_chair) == 0
    assert notify.send_digests() == 1
    inbox = Notification.objects.filter(recipient=cast.sun_chair, state="inbox")
    assert inbox.count() == 1 and "2 条" in inbox.get().title
    assert notify.send_digests() == 0  # nothing twice


class _Robot(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        _Robot.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode":0}')

    def log_message(self, *args):
        pass


def test_the_webhook_posts_the_robot_json_shape(cast):
    server = HTTPServer(("127.0.0.1", 0), _Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/robot"
        wecom = OrgWebhook.objects.create(organisation=cast.mine, url=url, flavour="wecom")
        feishu = OrgWebhook.objects.create(organisation=cast.mine, url=url, flavour="feishu")
        assert set(notify.webhooks_for(cast.crew_a1)) == {wecom.pk, feishu.pk}
        assert deliver_webhook.call_local(wecom.pk, "【同心】新诉求") == 200
        assert deliver_webhook.call_local(feishu.pk, "【同心】新诉求") == 200
    finally:
        server.shutdown()
    assert _Robot.received[-2] == {"msgtype": "text", "text": {"content": "【同心】新诉求"}}
    assert _Robot.received[-1] == {"msg_type": "text", "content": {"text": "【同心】新诉求"}}
