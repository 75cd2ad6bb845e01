"""Counselling: a counsellor publishes free slots, a worker books one, either side
cancels, the counsellor writes the note — which nobody else ever reads: not the
administrator, not a superuser, not leadership, not the booked worker, not another
counsellor; by page, in the admin site, and in the audit log."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from tests.care.conftest import _person, at
from tongxin.care import selectors, services
from tongxin.care.models import Booking, BookingState, CounsellingNote, CounsellingSlot
from tongxin.care.services import SlotSpec
from tongxin.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

SECRET = "来访者谈到与班长的矛盾和失眠，约定两周后复谈"


def _messages(exc) -> str:
    return " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)


# --- slots ------------------------------------------------------------------------------------


def test_a_counsellor_publishes_several_slots_at_once(cast, care, publish):
    slots = publish(care.xu_counsellor, (1, 9), (1, 10), (2, 14))
    assert CounsellingSlot.objects.filter(counsellor__person=care.xu_counsellor).count() == 3
    assert [s.starts_at for s in slots] == sorted(s.starts_at for s in slots)
    assert AuditEvent.objects.filter(action="care.slot.published").count() == 3


@pytest.mark.parametrize(
    ("specs", "words"),
    [
        ([SlotSpec(at(-1, 9), at(-1, 10), "咨询室")], "开始时间已过"),
        ([SlotSpec(at(1, 10), at(1, 9), "咨询室")], "结束时间须晚于开始时间"),
        ([SlotSpec(at(1, 8), at(1, 13), "咨询室")], "不超过 4 小时"),
        ([SlotSpec(at(1, 9), at(1, 10), "")], "地点"),
        (
            [SlotSpec(at(1, 9), at(1, 10), "咨询室"), SlotSpec(at(1, 9, 30), at(1, 11), "咨询室")],
            "重叠",
        ),
        ([], "至少添加一个"),
    ],
)
def test_bad_slots_publish_nothing(cast, care, specs, words):
    with pytest.raises(ValidationError) as exc:
        services.slot_publish(actor=care.xu_counsellor, slots=specs)
    assert words in _messages(exc)
    assert not CounsellingSlot.objects.exists()


def test_a_slot_overlapping_a_published_one_is_refused_and_all_or_none(cast, care, publish):
    publish(care.xu_counsellor, (1, 9))
    specs = [
        SlotSpec(at(2, 9), at(2, 10), "咨询室"),
        SlotSpec(at(1, 9, 30), at(1, 10, 30), "咨询室"),
    ]
    with pytest.raises(ValidationError) as exc:
        services.slot_publish(actor=care.xu_counsellor, slots=specs)
    assert "已发布的时段" in _messages(exc)
    assert CounsellingSlot.objects.count() == 1
    # Another counsellor's slot at the same time is no overlap of hers.
    publish(care.he_counsellor, (1, 9))


def test_only_a_counsellor_publishes(cast, care):
    for person in (cast.wang_worker, cast.feng_admin, care.superuser):
        with pytest.raises(PermissionDenied):
            services.slot_publish(actor=person, slots=[SlotSpec(at(1, 9), at(1, 10), "咨询室")])
    assert not CounsellingSlot.objects.exists()


def test_a_cancelled_slot_can_be_published_again(cast, care, publish):
    (slot,) = publish(care.xu_counsellor, (1, 9))
    services.slot_cancel(actor=care.xu_counsellor, slot_id=slot.pk)
    (again,) = publish(care.xu_counsellor, (1, 9), place="二楼咨询室")
    assert again.pk == slot.pk and not again.is_cancelled and again.place == "二楼咨询室"


def test_cancelling_a_booked_slot_cancels_the_booking_and_tells_the_worker(cast, care, publish):
    (slot,) = publish(care.xu_counsellor, (1, 9))
    booking = services.booking_make(actor=cast.wang_worker, slot_id=slot.pk)
    with pytest.raises(PermissionDenied):
        services.slot_cancel(actor=care.he_counsellor, slot_id=slot.pk)
    services.slot_cancel(actor=care.xu_counsellor, slot_id=slot.pk)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert Notification.objects.filter(
        recipient=cast.wang_worker, title__contains="已取消"
    ).exists()


# --- bookings ---------------------------------------------------------------------------------


def test_a_worker_books_a_free_slot_and_the_counsellor_is_told(cast, care, publish):
    (slot,) = publish(care.xu_counsellor, (1, 9))
    assert list(selectors.free_slots(cast.wang_worker)) == [slot]
    booking = services.booking_make(actor=cast.wang_worker, slot_id=slot.pk)
    assert booking.state == BookingState.BOOKED
    assert list(selectors.free_slots(cast.li_member)) == []
    message = Notification.objects.get(recipient=care.xu_counsellor)
    assert "王强" in message.body and "心理咨询室" in message.body


def test_a_slot_already_taken_is_refused_in_chinese(cast, care, publish):
    (slot,) = publish(care.xu_counsellor, (1, 9))
    services.booking_make(actor=cast.wang_worker, slot_id=slot.pk)
    with pytest.raises(ValidationError) as exc:
        services.booking_make(actor=cast.li_member, slot_id=slot.pk)
    assert _messages(exc) == "该时段已被预约，请选择其他时段"
    assert Booking.objects.count() == 1


def test_one_booking_in_force_per_person_and_counsellor(cast, care, publish):
    first, second = publish(care.xu_counsellor, (1, 9), (2, 9))
    (other,) = publish(care.he_counsellor, (1, 9))
    services.booking_make(actor=cast.wang_worker, slot_id=first.pk)
    with pytest.raises(ValidationError) as exc:
        services.booking_make(actor=cast.wang_worker, slot_id=second.pk)
    assert "您已预约这位咨询师" in _messages(exc)
    services.booking_make(actor=cast.wang_worker, slot_id=other.pk)  # another counsellor: fine
    assert Booking.objects.filter(person=cast.wang_worker).count() == 2


def test_past_cancelled_and_out_of_area_slots_are_refused(cast, care, publish):
    (slot,) = publish(care.xu_counsellor, (1, 9))
    CounsellingSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now()
    )
    with pytest.raises(ValidationError) as exc:
        services.booking_make(actor=cast.wang_worker, slot_id=slot.pk)
    assert "该时段已过" in _messages(exc)
    (later,) = publish(care.xu_counsellor, (3, 9))
    services.slot_cancel(actor=care.xu_counsellor, slot_id=later.pk)
    with pytest.raises(ValidationError) as exc:
        services.booking_make(actor=cast.wang_worker, slot_id=later.pk)
    assert "该时段已取消" in _messages(exc)
    # A counsellor serving 综采一队 only is not bookable from 掘进二队.
    care.he_counsellor.counsellor.organisation = cast.district_a
    care.he_counsellor.counsellor.save()
    (district,) = publish(care.he_counsellor, (1, 9))
    with pytest.raises(PermissionDenied):
        services.booking_make(actor=care.jiang_worker_b, slot_id=district.pk)
    with pytest.raises(PermissionDenied):
        services.booking_make(actor=care.he_counsellor, slot_id=district.pk)  # herself
    assert not Booking.objects.exists()


def test_the_worker_or_the_counsellor_cancels_nobody_else(cast, care, publish):
    first, second = publish(care.xu_counsellor, (1, 9), (2, 9))
    mine = services.booking_make(actor=cast.wang_worker, slot_id=first.pk)
    for outsider in (cast.li_member, care.he_counsellor, cast.feng_admin, care.superuser):
        with pytest.raises(PermissionDenied):
            services.booking_cancel(actor=outsider, booking_id=mine.pk)
    services.booking_cancel(actor=cast.wang_worker, booking_id=mine.pk)
    assert Notification.objects.filter(
        recipient=care.xu_counsellor, title__contains="已取消"
    ).exists()
    with pytest.raises(services.Conflict):
        services.booking_cancel(actor=cast.wang_worker, booking_id=mine.pk)
    # The slot is free again; the counsellor cancels the next booking with a reason.
    again = services.booking_make(actor=cast.li_member, slot_id=first.pk)
    services.booking_cancel(actor=care.xu_counsellor, booking_id=again.pk, reason="临时出差")
    told = Notification.objects.filter(recipient=cast.li_member).latest("pk")
    assert "临时出差" in told.body


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_slot_at_once_exactly_one_succeeds(cast, care, publish):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    (slot,) = publish(care.xu_counsellor, (1, 9))
    barrier = threading.Barrier(2)
    made, refused, other = [], [], []

    def book(person):
        try:
            barrier.wait(timeout=10)
            made.append(services.booking_make(actor=person, slot_id=slot.pk))
        except ValidationError as exc:
            refused.append(exc.message_dict["slot"][0])
        except Exception as exc:  # noqa: BLE001 - reported below
            other.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(p,)) for p in (cast.wang_worker, cast.li_member)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not other
    assert len(made) == 1 and refused == ["该时段已被预约，请选择其他时段"]
    assert Booking.objects.filter(slot=slot).count() == 1


# --- the note -----------------------------------------------------------------------------------


@pytest.fixture
def noted(cast, care, publish):
    """王强's booking with 许心, the session held, the note written."""
    (slot,) = publish(care.xu_counsellor, (1, 9))
    booking = services.booking_make(actor=cast.wang_worker, slot_id=slot.pk)
    CounsellingSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    services.note_write(actor=care.xu_counsellor, booking_id=booking.pk, text=SECRET)
    return booking


def test_the_counsellor_writes_and_rewrites_the_note(cast, care, noted):
    noted.refresh_from_db()
    assert noted.state == BookingState.DONE
    assert selectors.note_for_counsellor(care.xu_counsellor, noted.pk).text == SECRET
    services.note_write(actor=care.xu_counsellor, booking_id=noted.pk, text=SECRET + "。补充")
    assert CounsellingNote.objects.count() == 1
    assert selectors.note_for_counsellor(care.xu_counsellor, noted.pk).text.endswith("补充")


def test_nobody_else_writes_or_reads_the_note(cast, care, noted):
    others = [
        cast.wang_worker,
        care.he_counsellor,
        cast.feng_admin,
        cast.wu_leader,
        cast.sun_chair,
        care.superuser,
    ]
    for person in others:
        assert selectors.note_for_counsellor(person, noted.pk) is None
        with pytest.raises(PermissionDenied):
            services.note_write(actor=person, booking_id=noted.pk, text="改写")
    assert selectors.note_for_counsellor(care.xu_counsellor, noted.pk).text == SECRET


def test_bad_notes_save_nothing(cast, care, publish):
    (slot,) = publish(care.xu_counsellor, (1, 9))
    booking = services.booking_make(actor=cast.wang_worker, slot_id=slot.pk)
    with pytest.raises(ValidationError) as exc:
        services.note_write(actor=care.xu_counsellor, booking_id=booking.pk, text=" ")
    assert "请填写咨询记录" in _messages(exc)
    with pytest.raises(ValidationError):
        services.note_write(actor=care.xu_counsellor, booking_id=booking.pk, text="长" * 5001)
    services.booking_cancel(actor=cast.wang_worker, booking_id=booking.pk)
    with pytest.raises(ValidationError) as exc:
        services.note_write(actor=care.xu_counsellor, booking_id=booking.pk, text="来访未到")
    assert "已取消的预约" in _messages(exc)
    assert not CounsellingNote.objects.exists()


def test_the_audit_log_and_notifications_carry_no_text(cast, care, noted):
    row = AuditEvent.objects.get(action="care.note.written")
    assert row.actor_id == care.xu_counsellor.pk
    assert row.before is None and row.after is None and row.note == ""
    for event in AuditEvent.objects.all():
        assert "矛盾" not in f"{event.object_label}{event.before}{event.after}{event.note}"
    for message in Notification.objects.all():
        assert "矛盾" not in f"{message.title}{message.body}"


def test_the_note_page_is_the_counsellors_alone(cast, care, noted, client_for):
    url = f"/care/counsellor/bookings/{noted.pk}/"
    page = client_for(care.xu_counsellor).get(url)
    assert page.status_code == 200 and SECRET in page.content.decode()
    for person in (
        cast.wang_worker,
        care.he_counsellor,
        cast.feng_admin,
        cast.wu_leader,
        cast.sun_chair,
        care.superuser,
    ):
        client = client_for(person)
        assert client.get(url).status_code == 404, person
        assert client.post(url, {"action": "note", "text": "改写"}).status_code == 404
        for other in (
            "/care/",
            "/care/counselling/",
            "/care/ledger/",
            "/care/counsellor/bookings/",
        ):
            response = client.get(other)
            assert SECRET not in response.content.decode(), (person, other)
    assert selectors.note_for_counsellor(care.xu_counsellor, noted.pk).text == SECRET


def test_the_admin_site_has_no_note(cast, care, noted, client_for):
    client = client_for(care.superuser)
    index = client.get("/admin/").content.decode()
    assert "counsellingnote" not in index
    assert client.get("/admin/care/counsellingnote/").status_code == 404
    for url in (
        "/admin/care/booking/",
        f"/admin/care/booking/{noted.pk}/change/",
        "/admin/core/auditevent/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode() and "矛盾" not in response.content.decode()


def test_the_counsellor_pages(cast, care, client_for):
    client = client_for(care.xu_counsellor)
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        "/care/counsellor/",
        {
            "action": "publish",
            "day": day,
            "start": "09:00",
            "length": "50",
            "count": "3",
            "gap": "10",
            "place": "工会二楼",
        },
    )
    assert response.status_code == 302
    assert CounsellingSlot.objects.count() == 3
    again = client.post(
        "/care/counsellor/",
        {"action": "publish", "day": day, "start": "09:30", "count": "1", "place": "工会二楼"},
    )
    assert again.status_code == 400 and "重叠" in again.content.decode()
    assert CounsellingSlot.objects.count() == 3
    slot = CounsellingSlot.objects.order_by("starts_at").first()
    booked = client_for(cast.wang_worker).post("/care/counselling/book/", {"slot": slot.pk})
    assert booked.status_code == 302
    page = client_for(care.xu_counsellor).get("/care/counsellor/").content.decode()
    assert "王强" in page
    assert client_for(cast.wang_worker).get("/care/counsellor/").status_code == 404


def test_the_worker_pages_book_and_cancel(cast, care, publish, client_for):
    first, second = publish(care.xu_counsellor, (1, 9), (1, 10))
    client = client_for(cast.wang_worker)
    page = client.get("/care/counselling/")
    assert page.status_code == 200 and "许心" in page.content.decode()
    assert client.post("/care/counselling/book/", {"slot": first.pk}).status_code == 302
    taken = client_for(cast.li_member).post("/care/counselling/book/", {"slot": first.pk})
    assert taken.status_code == 400 and "该时段已被预约，请选择其他时段" in taken.content.decode()
    booking = Booking.objects.get(person=cast.wang_worker)
    assert (
        client_for(cast.li_member)
        .post(f"/care/counselling/bookings/{booking.pk}/cancel/")
        .status_code
        == 404
    )
    client = client_for(cast.wang_worker)
    assert client.post(f"/care/counselling/bookings/{booking.pk}/cancel/").status_code == 302
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert client.post("/care/counselling/book/", {"slot": 99999999}).status_code == 404


def test_nothing_else_in_the_code_reads_a_note():
    """The note's one reader is selectors.note_for_counsellor; the one writer the service.
    (The demo data backdates when its notes were written, through an update of the dates.)"""
    import re
    from pathlib import Path

    import tongxin

    root = Path(tongxin.__file__).parent
    may_name = {"care/models.py", "care/selectors/counselling.py", "care/services/counselling.py",
                "care/admin.py", "care/demo/counselling.py"}  # fmt: skip
    reads = re.compile(r"note__text|\.note\.text|CounsellingNote\.objects\.(?!filter\(pk=)")
    readers = ("care/selectors/counselling.py", "care/services/counselling.py")
    offenders = []
    for path in root.rglob("*.py"):
        name = path.relative_to(root).as_posix()
        if "/migrations/" in name or name in readers:
            continue
        text = path.read_text(encoding="utf-8")
        if reads.search(text) or (name not in may_name and "CounsellingNote" in text):
            offenders.append(name)
    assert offenders == []
    templates = [p for p in root.rglob("*.html") if "note.text" in p.read_text(encoding="utf-8")]
    assert templates == []


def _queries(client, url) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_counselling_pages_query_counts_are_flat(cast, care, crew, publish, client_for):
    workers = [cast.wang_worker, crew.liu_worker, crew.he_worker, crew.yang_worker]
    slots = publish(care.xu_counsellor, *[(1, h) for h in (8, 9, 10, 11)])
    publish(care.he_counsellor, (1, 9))
    for slot, worker in zip(slots[:2], workers, strict=False):
        services.booking_make(actor=worker, slot_id=slot.pk)
    pages = {care.xu_counsellor: ["/care/counsellor/", "/care/counsellor/bookings/"],
             cast.wang_worker: ["/care/counselling/"]}  # fmt: skip
    small = {}
    for person, urls in pages.items():
        client = client_for(person)
        client.get("/care/")
        small.update({(person.pk, u): _queries(client, u) for u in urls})
    more = publish(care.xu_counsellor, *[(d, h) for d in (2, 3, 4) for h in (8, 9, 10, 11)])
    hers = publish(care.he_counsellor, *[(d, 14) for d in (2, 3, 4)])
    for n, slot in enumerate([*slots[2:], *more[::2]]):
        worker = _person(f"1009{n:02d}", f"新工{n}", cast.crew_a2)
        services.booking_make(actor=worker, slot_id=slot.pk)
    services.booking_make(actor=cast.wang_worker, slot_id=hers[0].pk)  # with 贺宁 too
    for person, urls in pages.items():
        client = client_for(person)
        client.get("/care/")
        assert {(person.pk, u): _queries(client, u) for u in urls} == {
            (person.pk, u): small[(person.pk, u)] for u in urls
        }


def test_the_counsellors_home_counts_link_to_exactly_those_bookings(
    cast, care, publish, client_for, time_machine
):
    """今天的咨询, 待进行的预约 and 咨询记录待写 on the counsellor's home page each open
    the bookings they count; nobody else gets the panel."""
    time_machine.move_to(at(0, 7), tick=False)
    early, today, tomorrow = publish(care.xu_counsellor, (0, 8), (0, 15), (1, 9))  # in time order
    booked = {
        slot.pk: services.booking_make(actor=who, slot_id=slot.pk)
        for slot, who in (
            (today, cast.wang_worker),
            (tomorrow, cast.li_member),
            (early, cast.zhou_head),
        )
    }
    time_machine.move_to(at(0, 10), tick=False)  # the 08:00 session is over, no note yet
    client = client_for(care.xu_counsellor)
    home = client.get("/").content.decode()
    expected = {
        "today": {booked[early.pk], booked[today.pk]},
        "upcoming": {booked[today.pk], booked[tomorrow.pk]},
        "no_note": {booked[early.pk]},
    }
    for show, wanted in expected.items():
        url = f"/care/counsellor/bookings/?show={show}"
        assert f'href="{url}" id="home-counselling-{show}"' in home, show
        listed = client.get(url).content.decode()
        for booking in booked.values():
            shown = f"/care/counsellor/bookings/{booking.pk}/" in listed
            assert shown == (booking in wanted), (show, booking.slot.starts_at)
    services.note_write(actor=care.xu_counsellor, booking_id=booked[early.pk].pk, text=SECRET)
    listed = client.get("/care/counsellor/bookings/?show=no_note").content.decode()
    assert f"/care/counsellor/bookings/{booked[early.pk].pk}/" not in listed
    assert "home-counselling-today" not in client_for(cast.wang_worker).get("/").content.decode()
