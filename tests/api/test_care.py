"""/api/care/…: a worker's needs, an owner's service items, counselling bookings, and the
counselling note, which answers only the booking's counsellor — everyone else, the mine's
administrator and a superuser included, gets the same 404 as for a booking that does
not exist."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.care.conftest import build_care, publish_slots
from tongxin.care import selectors, services
from tongxin.care.models import Booking, CounsellingNote, CounsellingSlot, Need, ServiceItem

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "未找到。"}
SECRET = "谈到夜班后失眠，家庭关系紧张"


@pytest.fixture
def care(cast):
    return build_care(cast)


@pytest.fixture
def publish():
    return publish_slots


@pytest.fixture
def as_(token_for):
    clients = {}

    def client_for(person):
        if person.pk not in clients:
            clients[person.pk] = Client(headers={"Authorization": f"Bearer {token_for(person)}"})
        return clients[person.pk]

    return client_for


def _json(client, method, path, body=None):
    return getattr(client, method)(f"/api{path}", body, content_type="application/json")


# --- needs and items -----------------------------------------------------------------------------


def test_a_worker_raises_and_follows_a_need(cast, as_):
    client = as_(cast.wang_worker)
    response = _json(
        client, "post", "/care/needs", {"category": "medical", "text": "母亲住院需要帮助"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "new" and body["category_label"] == "医疗健康" and body["item"] is None
    need = Need.objects.get()
    assert need.person == cast.wang_worker and need.collected_by == cast.wang_worker
    item = services.need_to_item(
        actor=cast.sun_chair,
        need_id=need.pk,
        version=0,
        owner=cast.li_member,
        deadline=timezone.localdate() + timedelta(days=5),
    )
    mine = client.get("/api/care/needs").json()
    assert mine["count"] == 1 and mine["items"][0]["item"]["id"] == item.pk
    assert mine["items"][0]["item"]["owner"] == "李红"
    assert as_(cast.li_member).get("/api/care/needs").json()["count"] == 0


def test_bad_needs_are_422_in_chinese_and_save_nothing(cast, as_):
    client = as_(cast.wang_worker)
    short = _json(client, "post", "/care/needs", {"category": "living", "text": "帮"})
    assert short.status_code == 422 and "至少 4 个字" in short.json()["detail"]
    wrong = _json(client, "post", "/care/needs", {"category": "food", "text": "需要帮助解决"})
    assert wrong.status_code == 422
    survey = _json(
        client,
        "post",
        "/care/needs",
        {"category": "living", "text": "需要帮助解决", "survey": 12345},
    )
    assert survey.status_code == 422 and "需求调查" in survey.json()["detail"]
    assert not Need.objects.exists()


def test_an_owner_lists_and_completes_items(cast, care, as_):
    need = services.need_collect(
        actor=cast.wang_worker, person=cast.wang_worker, category="housing", text="宿舍漏水需要维修"
    )
    item = services.need_to_item(
        actor=cast.sun_chair,
        need_id=need.pk,
        version=0,
        owner=cast.li_member,
        deadline=timezone.localdate() + timedelta(days=5),
    )
    owner = as_(cast.li_member)
    listed = owner.get("/api/care/items").json()
    assert listed["count"] == 1 and listed["items"][0]["person"] == "王强"
    path = f"/care/items/{item.pk}/complete"
    for outsider in (cast.wang_worker, care.chu_chair_b, cast.wu_leader):
        response = _json(as_(outsider), "post", path, {"version": 0, "result": "已维修"})
        assert response.status_code == 404 and response.json() == NOT_FOUND
    empty = _json(owner, "post", path, {"version": 0, "result": " "})
    assert empty.status_code == 422 and "服务结果" in empty.json()["detail"]
    done = _json(owner, "post", path, {"version": 0, "result": "已联系后勤维修"})
    assert done.status_code == 200 and done.json()["state"] == "done"
    stale = _json(owner, "post", path, {"version": 0, "result": "再次办结"})
    assert stale.status_code == 409
    assert owner.get("/api/care/items?state=open").json()["count"] == 0
    # The union chair of the unit may complete too (as a manager), not list it as owner.
    assert as_(cast.sun_chair).get("/api/care/items").json()["count"] == 0
    assert ServiceItem.objects.get().result == "已联系后勤维修"


# --- counselling ---------------------------------------------------------------------------------


def test_booking_through_the_api(cast, care, publish, as_):
    first, second = publish(care.xu_counsellor, (1, 9), (2, 9))
    worker = as_(cast.wang_worker)
    slots = worker.get("/api/care/counselling/slots").json()
    assert [s["id"] for s in slots["items"]] == [first.pk, second.pk]
    assert slots["items"][0]["counsellor"]["name"] == "许心"
    made = _json(worker, "post", "/care/counselling/bookings", {"slot": first.pk})
    assert made.status_code == 201 and made.json()["state"] == "booked"
    assert made.json()["cancellable"]
    taken = _json(as_(cast.li_member), "post", "/care/counselling/bookings", {"slot": first.pk})
    assert taken.status_code == 409
    assert taken.json()["detail"] == "该时段已被预约，请选择其他时段。"
    twice = _json(worker, "post", "/care/counselling/bookings", {"slot": second.pk})
    assert twice.status_code == 422 and "您已预约这位咨询师" in twice.json()["detail"]
    missing = _json(worker, "post", "/care/counselling/bookings", {"slot": 99999999})
    assert missing.status_code == 404
    mine = worker.get("/api/care/counselling/bookings").json()
    assert mine["count"] == 1 and mine["items"][0]["slot"]["place"] == "心理咨询室"
    booking_id = mine["items"][0]["id"]
    cancel = f"/api/care/counselling/bookings/{booking_id}/cancel"
    assert as_(cast.li_member).post(cancel).status_code == 404
    assert as_(cast.feng_admin).post(cancel).status_code == 404
    cancelled = worker.post(cancel)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert worker.post(cancel).status_code == 409
    assert (
        worker.get(
            f"/api/care/counselling/slots?counsellor={care.he_counsellor.counsellor.pk}"
        ).json()["count"]
        == 0
    )
    assert worker.get("/api/care/counselling/slots?counsellor=99999").status_code == 404


@pytest.fixture
def booking(cast, care, publish):
    (slot,) = publish(care.xu_counsellor, (1, 9))
    booking = services.booking_make(actor=cast.wang_worker, slot_id=slot.pk)
    CounsellingSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    return booking


def test_the_counsellor_writes_and_reads_the_note(cast, care, booking, as_):
    client = as_(care.xu_counsellor)
    path = f"/care/counselling/bookings/{booking.pk}/note"
    empty = client.get(f"/api{path}")
    assert (
        empty.status_code == 200
        and empty.json()["text"] == ""
        and empty.json()["written_at"] is None
    )
    bad = _json(client, "put", path, {"text": "好"})
    assert bad.status_code == 422 and "咨询记录" in bad.json()["detail"]
    written = _json(client, "put", path, {"text": SECRET})
    assert written.status_code == 200 and written.json()["text"] == SECRET
    assert client.get(f"/api{path}").json()["text"] == SECRET
    assert Booking.objects.get(pk=booking.pk).state == "done"


def test_the_note_is_404_for_everyone_else(cast, care, booking, as_, client_for):
    services.note_write(actor=care.xu_counsellor, booking_id=booking.pk, text=SECRET)
    path = f"/care/counselling/bookings/{booking.pk}/note"
    others = [
        cast.wang_worker,
        care.he_counsellor,
        cast.feng_admin,
        cast.wu_leader,
        cast.sun_chair,
        care.superuser,
    ]
    for person in others:
        client = as_(person)
        read = client.get(f"/api{path}")
        assert read.status_code == 404 and read.json() == NOT_FOUND, person
        write = _json(client, "put", path, {"text": "覆盖"})
        assert write.status_code == 404 and write.json() == NOT_FOUND, person
        # Nothing in the caller's own lists carries it either.
        for listing in ("/api/care/counselling/bookings", "/api/care/needs", "/api/care/items"):
            assert SECRET not in client.get(listing).content.decode()
    # By session too (the superuser in a browser).
    session = client_for(care.superuser)
    assert session.get(f"/api{path}").status_code == 404
    # A booking that does not exist answers the same.
    missing = as_(care.xu_counsellor).get("/api/care/counselling/bookings/99999999/note")
    assert missing.status_code == 404 and missing.json() == NOT_FOUND
    assert selectors.note_for_counsellor(care.xu_counsellor, booking.pk).text == SECRET
    assert CounsellingNote.objects.count() == 1


def test_the_counsellor_cancels_a_booking_through_the_api(cast, care, publish, as_):
    (slot,) = publish(care.xu_counsellor, (1, 9))
    booking = services.booking_make(actor=cast.wang_worker, slot_id=slot.pk)
    response = as_(care.xu_counsellor).post(f"/api/care/counselling/bookings/{booking.pk}/cancel")
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
