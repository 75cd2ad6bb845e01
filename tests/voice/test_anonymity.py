"""Anonymous means anonymous: after the whole anonymous flow, nothing stored names or
locates the writer, and the receipt is the only way back to the case."""

import io
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from tongxin.core.models import AuditEvent
from tongxin.voice import services
from tongxin.voice.access import case_for_receipt
from tongxin.voice.models import Case, CaseEvent
from tongxin.voice.receipts import receipt_hash


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
    assert all(e.at.minute == 0 for e in owner_events)
    for event in AuditEvent.objects.filter(
        object_type="voice.case", action__in=["voice.case.submitted", "voice.case.rate"]
    ):
        assert event.actor_id is None and event.ip is None and event.actor_label == ""
    # Every row the flow wrote: nothing in them points at the writer.
    written = "\n".join(_rows() - before)
    assert "班组长克扣加班费" in written  # the case itself is there
    for trace in (worker.name, worker.employee_no, worker.phone, receipt, receipt.replace("-", "")):
        assert trace not in written, trace
    assert "PhoneMaker" not in written
    logged = caplog.text
    assert worker.name not in logged and worker.employee_no not in logged

    photo = case.photos.get()
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()  # no EXIF at all, GPS included
        assert "exif" not in stored.info


def test_the_anonymous_session_is_not_touched(cast, client):
    """A signed-in worker posting anonymously leaves no fresh timestamp in their session."""
    from tongxin.accounts.middleware import UNTOUCHED_PREFIXES

    assert "/voice/anonymous/" in UNTOUCHED_PREFIXES
