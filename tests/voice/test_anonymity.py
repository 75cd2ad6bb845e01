"""Anonymous means anonymous: after the whole anonymous flow, nothing stored names or
locates the writer, and the receipt is the only way back to the case."""

import base64
import importlib
import io
import logging
import pathlib
from datetime import timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tongxin.core.anonymous.receipts import receipt_hash
from tongxin.core.images import clean_photo
from tongxin.core.models import AnonymousActionCount, AuditEvent, Notification
from tongxin.voice import services
from tongxin.voice.access import case_for_receipt
from tongxin.voice.models import AnonymousPhotoData, Case, CaseEvent, CasePhoto


def _photo_with_gps():
    image = Image.new("RGB", (64, 64), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")


def _rows() -> set[str]:
    """Every row of every table as text (the test database is small)."""
    rows = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            rows |= {f"{table}: " + " ".join(str(v) for v in row) for row in cursor.fetchall()}
    return rows


def test_after_the_anonymous_flow_nothing_names_the_writer(cast, canteen, client, caplog):
    caplog.set_level(logging.DEBUG)
    worker = cast.wang_worker
    before = _rows()
    case, receipt = services.case_submit(
        submitter=None,
        channel="suggestion",
        title="班组长克扣加班费",
        body="我们班组长每月都少报加班时间，大家敢怒不敢言。",
        anonymous=True,
        organisation=cast.district_a,
        photos=[_photo_with_gps()],
    )
    assert len(receipt.replace("-", "")) == 20
    case = Case.objects.get(pk=case.pk)
    assert (case.submitter_id, case.entered_by_id, case.is_anonymous) == (None, None, True)
    assert case.receipt_hash == receipt_hash(receipt)
    assert case.created_at.minute == 0 and case.created_at.second == 0
    assert case_for_receipt(receipt.lower()) == case
    assert case_for_receipt("2222-2222-2222-2222-2222") is None

    # The officer handles it; the writer follows by receipt, rates, all without a name.
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已核查"
    )
    case = services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已核实并补发加班费。"
    )
    services.case_rate(case_id=case.pk, actor=None, receipt_ok=True, rating=4, comment="谢谢")

    owner_events = CaseEvent.objects.filter(case=case, action__in=["submit", "rate"])
    assert all(e.actor_id is None and e.actor_label == "匿名提交人" for e in owner_events)
    # Their times: the hour, or the step before theirs if that was later in the hour.
    steps = list(CaseEvent.objects.filter(case=case))
    for event in owner_events:
        earlier = [e.at for e in steps if e.pk < event.pk]
        hour = event.at.replace(minute=0, second=0, microsecond=0)
        assert event.at == hour or event.at == max(earlier)
    # The writer's own actions are counts per hour, not rows of the log's sequence.
    assert not AuditEvent.objects.filter(
        object_type="voice.case", action__in=["voice.case.submitted", "voice.case.rate"]
    ).exists()
    counts = dict(AnonymousActionCount.objects.values_list("action", "count"))
    assert counts == {"voice.case.submitted": 1, "voice.case.rate": 1}
    assert all(
        c.hour.minute == 0 and c.hour.second == 0 for c in AnonymousActionCount.objects.all()
    )
    # Every row the flow wrote: nothing in them points at the writer.
    written = "\n".join(_rows() - before)
    assert "班组长克扣加班费" in written  # the case itself is there
    for trace in (worker.name, worker.employee_no, worker.phone, receipt, receipt.replace("-", "")):
        assert trace not in written, trace
    assert "PhoneMaker" not in written
    logged = caplog.text
    assert worker.name not in logged and worker.employee_no not in logged

    photo = case.photos.get()
    with Image.open(io.BytesIO(photo.read())) as stored:
        assert not stored.getexif()  # no EXIF at all, GPS included
        assert "exif" not in stored.info


def test_the_anonymous_session_is_not_touched(cast, client):
    """A signed-in worker posting anonymously leaves no fresh timestamp in their session."""
    from tongxin.accounts.middleware import UNTOUCHED_PREFIXES

    assert "/voice/anonymous/" in UNTOUCHED_PREFIXES


def _anonymous_post(client, cast, **extra):
    from django.urls import reverse

    data = {"organisation": cast.district_a.pk, "title": "食堂太咸", "body": "二食堂的菜太咸了。"}
    return client.post(reverse("voice:anonymous"), {**data, **extra})


def test_a_signed_in_writer_leaves_no_row_beside_their_own(
    cast, client, password, django_capture_on_commit_callbacks, monkeypatch
):
    """The writer signs in (an audit row with name, address, exact time) and sends an
    anonymous note: nothing the note writes lands in a sequence next to that row."""
    from django.contrib.sessions.models import Session

    from tongxin.voice import tasks

    scheduled = []
    monkeypatch.setattr(tasks.tell_about_anonymous, "schedule", lambda **kw: scheduled.append(kw))
    client.post("/accounts/login/", {"employee_no": "100001", "password": password})
    signed_in = AuditEvent.objects.get(action="accounts.signin.succeeded")
    session = Session.objects.get(session_key=client.session.session_key)
    notices = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert _anonymous_post(client, cast).status_code == 200
    case = Case.objects.get(is_anonymous=True)
    # The audit log: no row after the sign-in; the note is a count for the hour.
    assert list(AuditEvent.objects.filter(pk__gt=signed_in.pk)) == []
    assert AnonymousActionCount.objects.get().action == "voice.case.submitted"
    # The session row is not touched.
    after = Session.objects.get(session_key=session.session_key)
    assert (after.session_data, after.expire_date) == (session.session_data, session.expire_date)
    # No notice now: the officers hear at the top of the next hour, from the queue,
    # which holds only the case, whom to tell and that hour.
    assert Notification.objects.count() == notices
    [job] = scheduled
    assert job["args"][0] == case.pk and job["args"][1] == "intake"
    eta = job["eta"]
    assert (eta.minute, eta.second, eta.microsecond) == (0, 0, 0)
    assert eta - case.created_at == timedelta(hours=1)
    services.anonymous_notice(case_id=case.pk, whom="intake", title=job["args"][2])
    told = Notification.objects.filter(url__endswith=f"/{case.pk}/")
    assert {n.recipient_id for n in told} >= {cast.sun_chair.pk}
    assert all(n.created_at == case.created_at for n in told)


def test_a_named_case_still_tells_the_officers_at_once(cast):
    before = Notification.objects.count()
    services.case_submit(
        submitter=cast.wang_worker, channel="request", title="澡堂热水", body="夜班后没有热水。"
    )
    assert Notification.objects.count() > before


def _files_under(root) -> list[pathlib.Path]:
    root = pathlib.Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_anonymous_photo_leaves_no_file(
    cast, client, settings, client_for, django_capture_on_commit_callbacks
):
    """A file's ctime and birth time keep the exact second it was made, and no program
    can set them back: an anonymous photo is kept in the database, where the case's
    times are to the hour, and served from there to the staff who may see the case."""
    with django_capture_on_commit_callbacks(execute=False):  # no notice is queued
        assert _anonymous_post(client, cast, photos=[_photo_with_gps()]).status_code == 200
    case = Case.objects.get(is_anonymous=True)
    assert _files_under(settings.MEDIA_ROOT) == []
    photo = case.photos.get()
    assert not photo.image and (photo.width, photo.height) == (64, 64)
    data = AnonymousPhotoData.objects.get(photo=photo).data
    assert bytes(data)[:2] == b"\xff\xd8"
    url = reverse("voice:photo", args=[photo.pk])
    seen = client_for(cast.sun_chair).get(url)
    assert seen.status_code == 200 and seen["Content-Type"] == "image/jpeg"
    assert seen.content == bytes(data)
    assert client_for(cast.qian_outsider).get(url).status_code == 404
    assert client_for(cast.wang_worker).get(url).status_code == 404


def test_existing_anonymous_photos_move_into_the_database(
    cast, settings, django_capture_on_commit_callbacks
):
    """Migration 0007: a photo stored as a file before it loses its file."""
    from django.apps import apps

    migration = importlib.import_module("tongxin.voice.migrations.0007_anonymous_photo_data")
    case, _receipt = services.case_submit(
        submitter=None,
        channel="suggestion",
        title="澡堂漏水",
        body="澡堂天花板漏水好几天了。",
        anonymous=True,
        organisation=cast.district_a,
    )
    content = clean_photo(_photo_with_gps())
    old = CasePhoto.objects.create(case=case, image=content)  # as it was stored before
    named = CasePhoto.objects.create(
        case=Case.objects.create(
            title="名字",
            body="有名字的",
            channel="request",
            organisation=cast.district_a,
            org_path=cast.district_a.path,
            submitter=cast.wang_worker,
        ),
        image=clean_photo(_photo_with_gps()),
    )
    before = old.image.read()
    old.image.close()
    with django_capture_on_commit_callbacks(execute=True):
        migration.photos_into_the_database(apps, SimpleNamespace(connection=connection))
    old.refresh_from_db()
    assert not old.image and old.read() == before
    assert _files_under(settings.MEDIA_ROOT) == [pathlib.Path(named.image.path)]


def test_the_follow_page_inlines_an_anonymous_photo_from_the_database(cast, client):
    case, receipt = services.case_submit(
        submitter=None,
        channel="suggestion",
        title="更衣柜坏了",
        body="二号更衣室的柜门坏了很多。",
        anonymous=True,
        organisation=cast.district_a,
        photos=[_photo_with_gps()],
    )
    data = bytes(AnonymousPhotoData.objects.get(photo__case=case).data)
    page = client.post(reverse("voice:follow"), {"receipt": receipt}).content.decode()
    assert "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii") in page


def test_staff_steps_on_an_anonymous_note_keep_their_real_minute(cast, canteen, time_machine):
    """Only what the writer does is cut to the hour; the officer's steps, and the
    notifications they send, keep their minute, and the timeline stays in the order
    things happened (events are ordered by their ids, drawn in order in the case's block)."""
    time_machine.move_to("2026-03-10 09:13:27+08:00", tick=False)
    case, receipt = services.case_submit(
        submitter=None,
        channel="suggestion",
        title="井口浴室热水不够",
        body="夜班下井回来浴室经常没有热水。",
        anonymous=True,
        organisation=cast.district_a,
    )
    time_machine.move_to("2026-03-10 09:47:05+08:00", tick=False)
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    time_machine.move_to("2026-03-10 10:21:40+08:00", tick=False)
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已维修热水器"
    )
    case = services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="热水器已修好。"
    )
    time_machine.move_to("2026-03-10 10:58:12+08:00", tick=False)
    services.case_rate(case_id=case.pk, actor=None, receipt_ok=True, rating=5, comment="好")

    events = list(CaseEvent.objects.filter(case=case))
    local = {e.action: timezone.localtime(e.at).strftime("%H:%M") for e in events}
    # The writer's: the hour, or the last step before theirs if that came later.
    assert local["submit"] == "09:00" and local["rate"] == "10:21"
    assert local["accept"] == local["assign"] == "09:47"  # staff's: their real minute
    assert local["handle"] == local["reply"] == "10:21"
    assert [e.action for e in events] == ["submit", "accept", "assign", "handle", "reply", "rate"]
    case.refresh_from_db()
    assert timezone.localtime(case.replied_at).strftime("%H:%M") == "10:21"
    told = Notification.objects.all()  # the assignment's, to the department
    assert told.exists()
    assert all(timezone.localtime(n.created_at).minute != 0 for n in told)
