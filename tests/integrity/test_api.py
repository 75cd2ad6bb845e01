"""Integrity over the API: its surface (pinned here, tests/api/test_openapi.py leaves
it to the area), and anonymous reports by the reporter pages' rules: no sign-in, no
trace of who (whoever may be signed in), times to the hour, the receipt once and only
in bodies, rate-limited submissions and look-ups."""

import json
import secrets
from datetime import datetime

import pytest
from django.test import Client

from tests.integrity.conftest import SECRET_TEXT
from tongxin.integrity import services
from tongxin.integrity.models import Report

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/integrity/reports": {"get"},
    "/api/integrity/reports/{report_id}": {"get"},
    "/api/integrity/reports/{report_id}/step": {"post"},
    "/api/integrity/mine": {"get", "post"},
    "/api/integrity/mine/{report_id}": {"get"},
    "/api/integrity/anonymous": {"post"},
    "/api/integrity/anonymous/follow": {"post"},
    "/api/integrity/anonymous/answer": {"post"},
}
ANONYMOUS = {p for p in PATHS if p.startswith("/api/integrity/anonymous")}


def unique_ip():
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


def post(client, path, data):
    return client.post(f"/api{path}", json.dumps(data), content_type="application/json")


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.ANON_SUBMISSIONS_PER_WINDOW = 10_000
    settings.RECEIPT_LOOKUPS_PER_WINDOW = 10_000


def _body(cast, **changes):
    return {
        "organisation": cast.district_a.pk,
        "category": "integrity",
        "subject": "综采一队队长",
        "content": SECRET_TEXT,
        **changes,
    }


def test_the_surface(client):
    schema = client.get("/api/openapi.json").json()
    mine = {p: set(ops) for p, ops in schema["paths"].items() if p.startswith("/api/integrity")}
    assert mine == PATHS
    for path, operations in schema["paths"].items():
        if path in ANONYMOUS:
            for operation in operations.values():
                assert "security" not in operation, path


def test_an_anonymous_report_through_the_api(cast, client_for):
    # Signed in or not, an anonymous report is nobody's.
    client = client_for(cast.wang_worker)
    made = post(client, "/integrity/anonymous", _body(cast))
    assert made.status_code == 201, made.content
    receipt = made.json()["receipt"]
    report = Report.objects.get()
    assert report.is_anonymous and report.reporter_key == "" and report.reporter_sealed == ""
    assert report.created_at.minute == report.created_at.second == 0
    assert receipt not in json.dumps(list(Report.objects.values_list("receipt_hash", flat=True)))
    assert made.json()["number"] == report.number

    anon = Client(REMOTE_ADDR=unique_ip())
    report = services.report_accept(
        actor=cast.zheng_inspector, report_id=report.pk, version=report.version
    )
    services.report_ask(
        actor=cast.zheng_inspector,
        report_id=report.pk,
        version=report.version,
        question="请说明收受回扣的时间",
    )
    seen = post(anon, "/integrity/anonymous/follow", {"receipt": receipt.lower()})
    assert seen.status_code == 200
    view = seen.json()
    assert view["state"] == "accepted" and view["question"] == "请说明收受回扣的时间"
    assert view["content"] == SECRET_TEXT
    submitted = next(e for e in view["events"] if e["action"] == "submit")
    at = datetime.fromisoformat(submitted["at"])
    assert at.minute == at.second == at.microsecond == 0
    answered = post(
        anon, "/integrity/anonymous/answer", {"receipt": receipt, "text": "今年三月初，在矿部"}
    )
    assert answered.status_code == 200
    assert answered.json()["question"] == ""
    assert "今年三月初，在矿部" in [e["note"] for e in answered.json()["events"]]
    # Nothing of the writer: every event of the report was written by nobody.
    assert not Report.objects.get().events.exclude(actor=None).filter(action="answer").exists()


def test_a_wrong_receipt_and_bad_input(cast):
    anon = Client(REMOTE_ADDR=unique_ip())
    missing = post(anon, "/integrity/anonymous/follow", {"receipt": "ABCD-EFGH-JKLM-NPQR-STUV"})
    assert missing.status_code == 404 and "回执码" in missing.json()["detail"]
    crew = post(anon, "/integrity/anonymous", _body(cast, organisation=cast.crew_a1.pk))
    assert crew.status_code == 422  # a crew is too small to name anonymously
    assert not Report.objects.exists()


def test_submissions_and_look_ups_are_rate_limited(cast, settings):
    settings.ANON_SUBMISSIONS_PER_WINDOW = 1
    settings.RECEIPT_LOOKUPS_PER_WINDOW = 1
    anon = Client(REMOTE_ADDR=unique_ip())
    receipt = post(anon, "/integrity/anonymous", _body(cast)).json()["receipt"]
    again = post(anon, "/integrity/anonymous", _body(cast))
    assert again.status_code == 429 and again["Retry-After"]
    assert Report.objects.count() == 1
    assert post(anon, "/integrity/anonymous/follow", {"receipt": receipt}).status_code == 200
    assert post(anon, "/integrity/anonymous/follow", {"receipt": receipt}).status_code == 429
