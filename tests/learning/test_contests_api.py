"""The contests' API: start twice gives the same paper, answers after the deadline and
outside the paper refused, a double submission counted once, review after close."""

from datetime import timedelta

import pytest
import time_machine

from tongxin.accounts.services import create_api_token
from tongxin.learning.models import PointEvent, Question

from .contests_helpers import CLOSES, OPENS, bank, contest, right_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client):
    keys = {}

    def send(method, person, path, body=None):
        if person.pk not in keys:
            keys[person.pk] = create_api_token(person=person, name="测试")[1]
        return getattr(client, method)(
            f"/api/learning{path}",
            body or {},
            content_type="application/json",
            headers={"Authorization": f"Bearer {keys[person.pk]}"},
        )

    return send


def test_the_contest_over_the_api(cast, call):
    bank(cast.mine)
    made = contest(cast, minutes=10)
    worker = cast.wang_worker
    base = f"/contests/{made.pk}"
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        listed = call("get", worker, "/contests").json()
        assert [(c["id"], c["phase"]) for c in listed] == [(made.pk, "open")]
        first = call("post", worker, f"{base}/start").json()
        ids = first["paper"]["question_ids"]
        assert [q["id"] for q in first["questions"]] == ids and len(ids) == 5
        qs = Question.objects.in_bulk(ids)
        for q in ids:
            saved = call("put", worker, f"{base}/answers/{q}", {"answer": right_answer(qs[q])})
            assert saved.status_code == 200
        other = Question.objects.exclude(pk__in=ids).first()
        refused = call("put", worker, f"{base}/answers/{other.pk}", {"answer": "A"})
        assert refused.status_code == 422 and "不在您的试卷中" in refused.json()["detail"]
    with time_machine.travel(OPENS + timedelta(minutes=3), tick=False):
        again = call("post", worker, f"{base}/start").json()
        assert again["paper"]["deadline"] == first["paper"]["deadline"]
        assert set(again["answers"]) == {str(q) for q in ids}
        early = call("get", worker, f"{base}/review")
        assert early.status_code == 403
        submitted = call("post", worker, f"{base}/submit").json()
        twice = call("post", worker, f"{base}/submit").json()
    assert submitted["score"] == 100 and twice["submitted_at"] == submitted["submitted_at"]
    assert PointEvent.objects.filter(person=worker, rule__code="contest").count() == 1
    # Another person, too late by the server's clock.
    with time_machine.travel(OPENS, tick=False):
        call("post", cast.li_member, f"{base}/start")
    with time_machine.travel(OPENS + timedelta(minutes=10, seconds=1), tick=False):
        late = call("put", cast.li_member, f"{base}/answers/{ids[0]}", {"answer": "A"})
        assert late.status_code == 422 and "截止" in late.json()["detail"]
    with time_machine.travel(CLOSES + timedelta(minutes=1), tick=False):
        review = call("get", worker, f"{base}/review").json()
        assert all(item["correct"] for item in review["items"])
        assert review["items"][0]["explanation"]
        # Outside the contest's audience: 404, like an id that does not exist.
        from tongxin.people import services as people

        stranger = people.person_create(
            actor=None, employee_no="555555", name="外人", unit=cast.mine
        )
        stranger.is_active = False
        stranger.save(update_fields=["is_active"])
        assert call("get", stranger, f"{base}/review").status_code in (401, 404)
        assert call("post", worker, "/contests/999999/start").status_code == 404


def test_a_cancelled_contest_is_listed_with_its_reason_and_refuses_a_start(cast, call):
    from tongxin.learning.contests import changes

    bank(cast.mine)
    made = contest(cast, minutes=10)
    with time_machine.travel(OPENS - timedelta(minutes=30), tick=False):
        changes.contest_cancel(
            actor=cast.feng_admin, contest_id=made.pk, version=made.version, reason="改期举行"
        )
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        listed = call("get", cast.wang_worker, "/contests").json()
        assert [(c["phase"], c["cancel_reason"]) for c in listed] == [("cancelled", "改期举行")]
        start = call("post", cast.wang_worker, f"/contests/{made.pk}/start")
        assert start.status_code == 422 and "已取消" in start.json()["detail"]
