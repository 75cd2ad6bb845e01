"""/api/voice/…: a worker's named cases, and the anonymous suggestion box by receipt.

The story: 王强 (wang_worker, 综采一队一班) raises matters in his own name; somebody
posts to the suggestion box without a name. 孙工 (the sub-union chair of 综采一队)
accepts and assigns them to 机电科, whose head 周科长 handles and replies.
"""

import json
import secrets

import pytest
import schemathesis
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from tests.api.conftest import UNCOMPRESSED
from tongxin.core.anonymous.receipts import receipt_hash
from tongxin.core.models import AnonymousActionCount, AuditEvent
from tongxin.voice import services
from tongxin.voice.models import Case, CaseEvent, Category, State

pytestmark = pytest.mark.django_db

TITLE = "食堂夜班饭菜太凉"
BODY = "夜班下井前食堂的饭菜经常是凉的，希望能加热后再供应。"
NEUTRAL_404 = "没有找到与此回执码对应的事项，请核对回执码后重试。"


def unique_ip():
    """A client address no earlier test (or earlier run, on Redis) has counted against."""
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    # The rate limit has its own tests; elsewhere it must not get in the way.
    settings.ANON_SUBMISSIONS_PER_WINDOW = 10_000
    settings.RECEIPT_LOOKUPS_PER_WINDOW = 10_000


@pytest.fixture
def as_(token_for):
    """Clients calling as a person with a bearer token, one per person."""
    clients = {}

    def client_for(person):
        if person.pk not in clients:
            clients[person.pk] = Client(
                headers={"Authorization": f"Bearer {token_for(person)}"}, REMOTE_ADDR=unique_ip()
            )
        return clients[person.pk]

    return client_for


@pytest.fixture
def anon():
    """A client with no session and no token, from its own address."""
    return Client(REMOTE_ADDR=unique_ip())


def post(client, path, data):
    return client.post(f"/api{path}", json.dumps(data), content_type="application/json")


def submit(client, channel="request", title=TITLE, body=BODY):
    return post(client, "/voice/cases", {"channel": channel, "title": title, "body": body})


def anonymous(client, organisation, title=TITLE, body=BODY):
    return post(
        client, "/voice/anonymous", {"organisation": organisation, "title": title, "body": body}
    )


def category():
    return Category.objects.get(name="食堂")


def to_replied(cast, case_id, *, internal_note=""):
    """Officer accepts and assigns to 机电科; its head handles and replies."""
    services.case_accept(case_id=case_id, version=None, actor=cast.sun_chair, category=category())
    services.case_assign(
        case_id=case_id,
        version=None,
        actor=cast.sun_chair,
        department=cast.department,
        handler=cast.zhou_head,
    )
    if internal_note:
        services.case_note(case_id=case_id, actor=cast.zhou_head, text=internal_note)
    services.case_handle(
        case_id=case_id, version=None, actor=cast.zhou_head, result="已协调食堂增加保温设备"
    )
    services.case_reply(
        case_id=case_id,
        version=None,
        actor=cast.zhou_head,
        text="食堂已添置保温售饭台，夜班饭菜保持热度。",
    )
    return Case.objects.get(pk=case_id)


# --- Named submission ------------------------------------------------------------------


def test_worker_submits_a_named_case(cast, as_):
    response = submit(as_(cast.wang_worker))
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get()
    assert body["id"] == case.pk and body["code"] == case.code
    assert body["channel"] == "request" and body["channel_label"] == "职工诉求"
    assert (body["state"], body["state_label"]) == ("submitted", "待受理")
    assert body["title"] == TITLE
    assert body["category"] is None and body["deadline"] is None
    assert case.submitter == cast.wang_worker and case.organisation == cast.crew_a1
    assert not case.is_anonymous


@pytest.mark.parametrize(
    "title, body, message",
    [
        ("", BODY, "请填写标题"),
        ("   ", BODY, "请填写标题"),
        (TITLE, "", "请把事情写清楚"),
        ("", "", "请填写标题（至少 2 个字）。请把事情写清楚（至少 5 个字）。"),
    ],
)
def test_empty_text_is_422_in_chinese_and_saves_nothing(cast, as_, title, body, message):
    response = submit(as_(cast.wang_worker), title=title, body=body)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert response.json()["errors"][0]["loc"][0] == "body"
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="voice.").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"channel": "congress", "title": TITLE, "body": BODY},
        {"channel": "hazard", "title": TITLE, "body": BODY},
        {"channel": "", "title": TITLE, "body": BODY},
        {"title": TITLE, "body": BODY},
        {"channel": "request", "title": "标" * 61, "body": BODY},
        {"channel": "request", "title": "夜班\x00饭菜", "body": BODY},
        {"channel": "request", "title": TITLE, "body": 42},
    ],
)
def test_bad_input_is_422_and_saves_nothing(cast, as_, data):
    response = post(as_(cast.wang_worker), "/voice/cases", data)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("请求参数不正确")
    assert not Case.objects.exists()


def test_junk_body_is_400_not_500(cast, as_):
    client = as_(cast.wang_worker)
    response = client.post("/api/voice/cases", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_nobody_signed_in_cannot_submit_named(cast, anon):
    response = submit(anon)
    assert response.status_code == 401
    assert not Case.objects.exists()


def test_session_submission_needs_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.wang_worker)
    response = submit(client)
    assert response.status_code == 403
    assert not Case.objects.exists()


# --- My cases ---------------------------------------------------------------------------


def test_my_cases_newest_first_and_only_mine(cast, as_):
    wang, li = as_(cast.wang_worker), as_(cast.li_member)
    first = submit(wang, title="第一件事").json()
    second = submit(wang, channel="proposal", title="第二件事").json()
    submit(li, title="李红的事")
    body = wang.get("/api/voice/cases/mine").json()
    assert [c["id"] for c in body["items"]] == [second["id"], first["id"]]
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    assert [c["title"] for c in li.get("/api/voice/cases/mine").json()["items"]] == ["李红的事"]
    assert wang.get("/api/voice/cases/mine?page=2").json()["items"] == []


def test_another_persons_case_is_404(cast, as_):
    case_id = submit(as_(cast.wang_worker)).json()["id"]
    to_replied(cast, case_id)
    not_found = {"detail": "未找到。"}
    # Not the owner: a colleague, the officer who handles it, the department head.
    for person in (cast.li_member, cast.sun_chair, cast.zhou_head):
        client = as_(person)
        response = client.get(f"/api/voice/cases/mine/{case_id}")
        assert (response.status_code, response.json()) == (404, not_found)
        response = post(client, f"/voice/cases/mine/{case_id}/rate", {"rating": 1})
        assert (response.status_code, response.json()) == (404, not_found)
        response = post(client, f"/voice/cases/mine/{case_id}/reopen", {"reason": "不满意答复"})
        assert (response.status_code, response.json()) == (404, not_found)
    missing = as_(cast.wang_worker).get("/api/voice/cases/mine/99999999")
    assert (missing.status_code, missing.json()) == (404, not_found)
    assert Case.objects.get(pk=case_id).state == State.REPLIED


def test_my_case_shows_the_public_timeline_and_the_reply(cast, as_):
    wang = as_(cast.wang_worker)
    case_id = submit(wang).json()["id"]
    to_replied(cast, case_id, internal_note="内部：食堂承包方合同即将到期")
    response = wang.get(f"/api/voice/cases/mine/{case_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["reply"] == "食堂已添置保温售饭台，夜班饭菜保持热度。"
    assert (body["state"], body["state_label"]) == ("replied", "已答复待评价")
    assert body["category"] == "食堂" and body["department"] == "机电科"
    assert body["deadline"] is not None
    assert (body["can_rate"], body["can_reopen"], body["can_supplement"]) == (True, True, False)
    assert [e["action"] for e in body["timeline"]] == ["submit", "accept", "assign", "reply"]
    assert body["timeline"][0]["actor_label"] == "王强"
    assert body["timeline"][0]["to_state_label"] == "待受理"
    assert body["timeline"][1]["action_label"] == "受理归类"
    assert body["timeline"][1]["from_state_label"] == "待受理"
    assert body["timeline"][1]["to_state_label"] == "已受理待交办"
    # Internal notes and the handling record are for staff only.
    assert "合同即将到期" not in response.content.decode()
    assert "保温设备" not in response.content.decode()


def test_named_rate_closes_and_rating_again_is_409(cast, as_):
    wang = as_(cast.wang_worker)
    case_id = submit(wang).json()["id"]
    to_replied(cast, case_id)
    response = post(wang, f"/voice/cases/mine/{case_id}/rate", {"rating": 5, "comment": "满意"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["rating"], body["rating_comment"]) == ("closed", 5, "满意")
    assert body["closed_at"] is not None and body["can_rate"] is False
    again = post(wang, f"/voice/cases/mine/{case_id}/rate", {"rating": 1})
    assert again.status_code == 409
    assert "已办结" in again.json()["detail"]
    assert Case.objects.get(pk=case_id).rating == 5


@pytest.mark.parametrize("rating", [0, 6, -1, "五"])
def test_rating_out_of_range_is_422(cast, as_, rating):
    wang = as_(cast.wang_worker)
    case_id = submit(wang).json()["id"]
    to_replied(cast, case_id)
    response = post(wang, f"/voice/cases/mine/{case_id}/rate", {"rating": rating})
    assert response.status_code == 422
    assert Case.objects.get(pk=case_id).state == State.REPLIED


def test_rating_before_the_reply_is_409(cast, as_):
    wang = as_(cast.wang_worker)
    case_id = submit(wang).json()["id"]
    response = post(wang, f"/voice/cases/mine/{case_id}/rate", {"rating": 4})
    assert response.status_code == 409
    assert "待受理" in response.json()["detail"]


def test_named_reopen_goes_back_with_leadership_watching(cast, as_):
    wang = as_(cast.wang_worker)
    case_id = submit(wang).json()["id"]
    to_replied(cast, case_id)
    empty = post(wang, f"/voice/cases/mine/{case_id}/reopen", {"reason": ""})
    assert empty.status_code == 422 and "不满意" in empty.json()["detail"]
    response = post(wang, f"/voice/cases/mine/{case_id}/reopen", {"reason": "饭菜还是凉的"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["reopened"], body["reply"]) == ("assigned", True, None)
    assert body["timeline"][-1]["action"] == "reopen"
    case = Case.objects.get(pk=case_id)
    assert case.watch_org == cast.mine
    again = post(wang, f"/voice/cases/mine/{case_id}/reopen", {"reason": "饭菜还是凉的"})
    assert again.status_code == 409


def test_named_supplement_when_asked(cast, as_):
    wang = as_(cast.wang_worker)
    case_id = submit(wang).json()["id"]
    services.case_accept(case_id=case_id, version=None, actor=cast.sun_chair, category=category())
    not_yet = post(wang, f"/voice/cases/mine/{case_id}/supplement", {"text": "补充说明"})
    assert not_yet.status_code == 409
    services.case_request_info(
        case_id=case_id, version=None, actor=cast.sun_chair, question="请说明是哪个食堂"
    )
    assert wang.get(f"/api/voice/cases/mine/{case_id}").json()["can_supplement"] is True
    response = post(wang, f"/voice/cases/mine/{case_id}/supplement", {"text": "二号井口食堂"})
    assert response.status_code == 200
    assert response.json()["state"] == "accepted"


def _queries(client, url):
    client.get(url)  # warm up: token last-used
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_cases(cast, n, *, start):
    categories = list(Category.objects.all())
    Case.objects.bulk_create(
        Case(
            channel="request",
            title=f"事项{start + i}",
            body=BODY,
            organisation=cast.crew_a1,
            org_path=cast.crew_a1.path,
            submitter=cast.wang_worker,
            category=categories[i % len(categories)] if i % 2 else None,
            department=cast.department if i % 3 else None,
            state=State.ASSIGNED if i % 3 else State.SUBMITTED,
        )
        for i in range(n)
    )


def test_my_cases_query_count_is_flat(cast, as_):
    wang = as_(cast.wang_worker)
    _add_cases(cast, 5, start=0)
    small = _queries(wang, "/api/voice/cases/mine")
    _add_cases(cast, 45, start=5)
    assert Case.objects.filter(submitter=cast.wang_worker).count() == 50
    big = _queries(wang, "/api/voice/cases/mine")
    assert small == big
    assert big <= 6
    assert len(wang.get("/api/voice/cases/mine").json()["items"]) == 50


def test_my_case_query_count_does_not_grow_with_the_timeline(cast, as_):
    wang = as_(cast.wang_worker)
    case_id = submit(wang).json()["id"]
    url = f"/api/voice/cases/mine/{case_id}"
    short = _queries(wang, url)
    to_replied(cast, case_id)
    for n in range(10):
        services.case_note(case_id=case_id, actor=cast.zhou_head, text=f"内部备注{n}")
    assert _queries(wang, url) == short


# --- Anonymous suggestion box ------------------------------------------------------------


def test_anonymous_units_lists_mines_districts_and_departments(cast, anon):
    response = anon.get("/api/voice/anonymous/units")
    assert response.status_code == 200
    items = {u["id"]: u for u in response.json()["items"]}
    assert {cast.mine.pk, cast.district_a.pk, cast.district_b.pk, cast.department.pk} <= set(items)
    for org in (cast.crew_a1, cast.crew_b1, cast.branch_a, cast.sub_union_a, cast.company):
        assert org.pk not in items
    assert items[cast.mine.pk]["mine"] is None
    assert items[cast.district_a.pk]["mine"] == "红岩矿"
    assert items[cast.department.pk]["kind_label"] == "科室"


def test_anonymous_submission_stores_no_identity(cast, client):
    # Signed in as 王强, from a known address and browser: none of it may be kept.
    client.force_login(cast.wang_worker)
    address, agent = "203.0.113.77", "Mozilla/5.0 (Linux; Android 14; 王强的手机)"
    response = client.post(
        "/api/voice/anonymous",
        json.dumps({"organisation": cast.district_a.pk, "title": TITLE, "body": BODY}),
        content_type="application/json",
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=agent,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    receipt = body["receipt"]
    assert len(receipt.replace("-", "")) == 20 and body["state"] == "submitted"

    case = Case.objects.get()
    assert body["code"] == case.code
    assert case.is_anonymous and case.channel == "suggestion"
    assert case.submitter is None and case.entered_by is None
    assert case.organisation == cast.district_a
    assert case.receipt_hash == receipt_hash(receipt) and receipt not in case.receipt_hash
    assert case.created_at.minute == case.created_at.second == 0

    events = list(CaseEvent.objects.filter(case=case))
    assert events and all(e.actor_id is None for e in events)
    assert {e.actor_label for e in events} == {"匿名提交人"}
    # The audit log keeps an anonymous submission as a count for the hour, not a row.
    assert not AuditEvent.objects.filter(object_type="voice.case", object_id=str(case.pk))
    assert AnonymousActionCount.objects.get(action="voice.case.submitted").count == 1

    # Nothing anywhere in the database names the address, the browser or the receipt.
    dump = _dump()
    for secret in (address, "198.51.100.9", agent, "王强的手机", receipt, receipt.replace("-", "")):
        assert secret not in dump, secret
    assert f'"submitter": {cast.wang_worker.pk}' not in dump


def _dump():
    from io import StringIO

    out = StringIO()
    call_command(
        "dumpdata",
        "voice",
        "core",
        format="json",
        stdout=out,
        exclude=["contenttypes", "auth.permission"],
    )
    return out.getvalue()


@pytest.mark.parametrize(
    "unit", ["crew_a1", "branch_a", "sub_union_a", "company", "group", "missing"]
)
def test_anonymous_unit_must_be_one_offered(cast, anon, unit):
    org_id = 99999999 if unit == "missing" else getattr(cast, unit).pk
    response = anonymous(anon, org_id)
    assert response.status_code == 422
    assert response.json()["detail"] == "请选择事情所在的矿或区队、科室。"
    assert response.json()["errors"][0]["loc"] == ["body", "organisation"]
    assert not Case.objects.exists()


def test_anonymous_empty_text_is_422(cast, anon):
    response = anonymous(anon, cast.district_a.pk, title="", body="短")
    assert response.status_code == 422
    assert "请填写标题" in response.json()["detail"]
    assert not Case.objects.exists()


def test_follow_by_receipt(cast, anon):
    receipt = anonymous(anon, cast.district_a.pk).json()["receipt"]
    response = post(anon, "/voice/anonymous/follow", {"receipt": receipt})
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == TITLE and body["organisation"] == "综采一队"
    assert [(e["action"], e["actor_label"]) for e in body["timeline"]] == [("submit", "匿名提交人")]
    # Typed by hand: lower case, without the dashes, with spaces.
    sloppy = " " + receipt.lower().replace("-", " ") + " "
    assert post(anon, "/voice/anonymous/follow", {"receipt": sloppy}).status_code == 200


@pytest.mark.parametrize(
    "receipt", ["", "x", "ABCD-EFGH-JKLM-NPQR-STUV", "0000-0000-0000-0000-0000", "好" * 64]
)
def test_wrong_receipt_is_404_with_a_neutral_message(cast, anon, receipt):
    anonymous(anon, cast.district_a.pk)
    response = post(anon, "/voice/anonymous/follow", {"receipt": receipt})
    assert (response.status_code, response.json()) == (404, {"detail": NEUTRAL_404})
    rate = post(anon, "/voice/anonymous/rate", {"receipt": receipt, "rating": 5})
    assert (rate.status_code, rate.json()) == (404, {"detail": NEUTRAL_404})


def test_receipt_never_goes_in_the_url(cast, anon):
    receipt = anonymous(anon, cast.district_a.pk).json()["receipt"]
    assert anon.get("/api/voice/anonymous/follow", {"receipt": receipt}).status_code == 405


def test_anonymous_flow_reply_rate_and_conflict(cast, anon):
    receipt = anonymous(anon, cast.district_a.pk).json()["receipt"]
    case = Case.objects.get()
    to_replied(cast, case.pk)
    body = post(anon, "/voice/anonymous/follow", {"receipt": receipt}).json()
    assert body["reply"] == "食堂已添置保温售饭台，夜班饭菜保持热度。"
    assert body["can_rate"] is True

    response = post(
        anon, "/voice/anonymous/rate", {"receipt": receipt, "rating": 4, "comment": "基本满意"}
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["rating"]) == ("closed", 4)
    # Rating a case that was just closed.
    again = post(anon, "/voice/anonymous/rate", {"receipt": receipt, "rating": 1})
    assert again.status_code == 409 and "已办结" in again.json()["detail"]

    events = CaseEvent.objects.filter(case=case, action="rate")
    assert [(e.actor_id, e.actor_label) for e in events] == [(None, "匿名提交人")]
    assert not AuditEvent.objects.filter(action="voice.case.rate", object_id=str(case.pk))
    assert AnonymousActionCount.objects.get(action="voice.case.rate").count == 1


def test_anonymous_reopen(cast, anon):
    receipt = anonymous(anon, cast.district_a.pk).json()["receipt"]
    case = Case.objects.get()
    early = post(anon, "/voice/anonymous/reopen", {"receipt": receipt, "reason": "不满意答复"})
    assert early.status_code == 409
    to_replied(cast, case.pk)
    response = post(anon, "/voice/anonymous/reopen", {"receipt": receipt, "reason": "不满意答复"})
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["reopened"]) == ("assigned", True)
    event = CaseEvent.objects.get(case=case, action="reopen")
    assert (event.actor_id, event.actor_label) == (None, "匿名提交人")
    case.refresh_from_db()
    assert case.watch_org == cast.mine and case.submitter is None


def test_anonymous_supplement(cast, anon):
    receipt = anonymous(anon, cast.district_a.pk).json()["receipt"]
    case = Case.objects.get()
    services.case_accept(case_id=case.pk, version=None, actor=cast.sun_chair, category=category())
    services.case_request_info(
        case_id=case.pk, version=None, actor=cast.sun_chair, question="请说明是哪个食堂"
    )
    empty = post(anon, "/voice/anonymous/supplement", {"receipt": receipt, "text": ""})
    assert empty.status_code == 422
    response = post(anon, "/voice/anonymous/supplement", {"receipt": receipt, "text": "二号食堂"})
    assert response.status_code == 200
    assert response.json()["state"] == "accepted"
    assert CaseEvent.objects.get(case=case, action="supplement").actor_id is None


def test_a_named_owner_cannot_use_the_anonymous_endpoints_on_their_case(cast, as_):
    """Receipts exist only for anonymous cases: a named case id is not a receipt."""
    wang = as_(cast.wang_worker)
    case = submit(wang).json()
    response = post(wang, "/voice/anonymous/follow", {"receipt": case["code"]})
    assert response.status_code == 404


# --- Rate limits ------------------------------------------------------------------------


def test_anonymous_submissions_are_rate_limited(cast, settings):
    settings.ANON_SUBMISSIONS_PER_WINDOW = 2
    client = Client(REMOTE_ADDR=unique_ip())
    assert [anonymous(client, cast.district_a.pk).status_code for _ in range(2)] == [201, 201]
    response = anonymous(client, cast.district_a.pk)
    assert response.status_code == 429
    assert response.json()["detail"].startswith("操作过于频繁")
    assert int(response["Retry-After"]) > 0
    assert Case.objects.count() == 2
    # Another address is counted on its own.
    assert anonymous(Client(REMOTE_ADDR=unique_ip()), cast.district_a.pk).status_code == 201


def test_receipt_lookups_are_rate_limited(cast, settings):
    settings.RECEIPT_LOOKUPS_PER_WINDOW = 3
    client = Client(REMOTE_ADDR=unique_ip())
    receipt = anonymous(client, cast.district_a.pk).json()["receipt"]
    wrong = {"receipt": "ABCD-EFGH-JKLM-NPQR-STUV"}
    assert [post(client, "/voice/anonymous/follow", wrong).status_code for _ in range(3)] == [
        404,
        404,
        404,
    ]
    # Over the limit even the right code waits: guessing gains nothing.
    for path, data in [
        ("/voice/anonymous/follow", {"receipt": receipt}),
        ("/voice/anonymous/rate", {"receipt": receipt, "rating": 5}),
        ("/voice/anonymous/reopen", {"receipt": receipt, "reason": "不满意答复"}),
    ]:
        response = post(client, path, data)
        assert response.status_code == 429, path
        assert "操作过于频繁" in response.json()["detail"]


# --- The schema, and generated input ------------------------------------------------------


def test_voice_endpoints_are_in_the_schema(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    named = {
        ("post", "/api/voice/cases"),
        ("get", "/api/voice/cases/mine"),
        ("get", "/api/voice/cases/mine/{case_id}"),
        ("post", "/api/voice/cases/mine/{case_id}/rate"),
        ("post", "/api/voice/cases/mine/{case_id}/reopen"),
        ("post", "/api/voice/cases/mine/{case_id}/supplement"),
    }
    anonymous_ops = {
        ("get", "/api/voice/anonymous/units"),
        ("post", "/api/voice/anonymous"),
        ("post", "/api/voice/anonymous/follow"),
        ("post", "/api/voice/anonymous/rate"),
        ("post", "/api/voice/anonymous/reopen"),
        ("post", "/api/voice/anonymous/supplement"),
    }
    found = {(m, p) for p, ops in paths.items() if p.startswith("/api/voice") for m in ops}
    assert found == named | anonymous_ops
    for method, path in named:
        operation = paths[path][method]
        assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}], path
        assert operation["tags"] == ["职工诉求"]
    for method, path in anonymous_ops:
        operation = paths[path][method]
        assert "security" not in operation, path
        assert operation["tags"] == ["职工诉求"]
    for method, path in anonymous_ops - {("get", "/api/voice/anonymous/units")}:
        assert "429" in paths[path][method]["responses"], path
    # The receipt is never a URL parameter.
    for path, ops in paths.items():
        for operation in ops.values():
            assert all(p["name"] != "receipt" for p in operation.get("parameters", [])), path


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_anonymous_endpoints_never_fail_on_generated_input(cast, wsgi_app, settings):
    """Without any credentials, and with a real receipt in the mix."""
    settings.RECEIPT_LOOKUPS_PER_WINDOW = 25  # some calls reach the 429 branch too
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    # Not through the test client: it would reconnect the signals wsgi_app disconnected.
    case, receipt = services.case_submit(
        submitter=None,
        channel="suggestion",
        title=TITLE,
        body=BODY,
        anonymous=True,
        organisation=cast.district_a,
    )
    to_replied(cast, case.pk)
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/voice/anonymous")
    ]
    assert len(operations) == 6
    for operation in operations:
        strategy = operation.as_strategy(schemathesis.GenerationMode.POSITIVE) | (
            operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)
        )

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(headers=UNCOMPRESSED)
            case.validate_response(response, checks=CHECKS, headers=UNCOMPRESSED)

        check()
        if operation.method.lower() == "post" and operation.path != "/api/voice/anonymous":
            data = {"receipt": receipt, "rating": 3, "reason": "不满意答复", "text": "补充说明"}
            case = operation.Case(body=data)
            response = case.call(headers=UNCOMPRESSED)
            assert response.status_code < 500
            case.validate_response(response, checks=CHECKS)
