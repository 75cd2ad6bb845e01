"""A held meeting's photos: only the secretary or the recorder uploads, only images,
several at once within the limits, metadata stripped; thumbnails on the meeting's
page for its members; removal by the uploader until the minutes are filed; a photo
added after filing is an event on the timeline."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tongxin.learning.meetings import photos, services
from tongxin.learning.models import MeetingEvent, MeetingPhoto

from .test_meetings_workflow import FIRST, MEETING_AT, committee_meeting

pytestmark = pytest.mark.django_db


def jpeg(name="会场.jpg", *, gps=True):
    """A phone's photo, with the camera and a position in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (36.0, 5.0, 0.0), 3: "E", 4: (111.0, 30.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (320, 240), "darkred").save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def held(cast):
    meeting = committee_meeting(cast, agenda=(FIRST,))
    with time_machine.travel(MEETING_AT, tick=False):
        return services.meeting_hold(
            actor=cast.zhao_secretary, meeting_id=meeting.pk, version=meeting.version
        )


def file_minutes(cast, meeting):
    return services.meeting_file(
        actor=cast.zhao_secretary,
        meeting_id=meeting.pk,
        version=meeting.version,
        minutes="会议传达学习了总书记关于安全生产的重要论述。",
    )


def test_the_secretary_uploads_several_photos_stripped_of_their_metadata(cast):
    meeting = held(cast)
    made = photos.photos_add(
        actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[jpeg(), jpeg("二.jpg")]
    )
    assert len(made) == 2 and all(p.event_id is None for p in made)
    with made[0].image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and not dict(image.getexif())
    # Before filing no event: the photos belong to the meeting's record itself.
    assert not MeetingEvent.objects.filter(meeting=meeting, action="photo").exists()


def test_only_images_within_the_limits_and_only_to_a_held_meeting(cast, settings):
    meeting = held(cast)
    fake = SimpleUploadedFile("纪要.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="不是可识别的图片"):
        photos.photos_add(actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[jpeg(), fake])
    settings.PHOTO_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("大.jpg", b"\xff" * (1024 * 1024 + 1), content_type="image/jpeg")
    with pytest.raises(ValidationError, match="太大"):
        photos.photos_add(actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[big])
    with pytest.raises(ValidationError, match="最多上传"):
        photos.photos_add(
            actor=cast.zhao_secretary,
            meeting_id=meeting.pk,
            photos=[jpeg(f"{i}.jpg") for i in range(settings.PHOTO_MAX_COUNT + 1)],
        )
    with pytest.raises(ValidationError, match="请选择"):
        photos.photos_add(actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[])
    planned = services.meeting_create(
        actor=cast.zhao_secretary,
        branch=cast.branch_a,
        type_code="lecture",
        title="党课",
        starts_at=MEETING_AT,
    )
    with pytest.raises(ValidationError, match="召开后才能上传"):
        photos.photos_add(actor=cast.zhao_secretary, meeting_id=planned.pk, photos=[jpeg()])
    assert not MeetingPhoto.objects.exists()


def test_a_meeting_holds_at_most_so_many_photos(cast, monkeypatch):
    meeting = held(cast)
    monkeypatch.setattr(photos, "MAX_PER_MEETING", 3)
    photos.photos_add(actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[jpeg(), jpeg()])
    with pytest.raises(ValidationError, match="最多 3 张照片，已有 2 张"):
        photos.photos_add(actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[jpeg(), jpeg()])
    assert MeetingPhoto.objects.count() == 2


def test_members_and_outsiders_do_not_upload(cast):
    meeting = held(cast)
    for person in (cast.li_member, cast.qian_outsider, cast.wang_worker):
        with pytest.raises(PermissionDenied, match="书记或会议记录人"):
            photos.photos_add(actor=person, meeting_id=meeting.pk, photos=[jpeg()])
    # The recorder named on the meeting may, though they hold no office.
    meeting.secretary = cast.li_member
    meeting.save(update_fields=["secretary"])
    assert photos.photos_add(actor=cast.li_member, meeting_id=meeting.pk, photos=[jpeg()])


def test_removal_by_the_uploader_until_the_minutes_are_filed(
    cast, django_capture_on_commit_callbacks
):
    meeting = held(cast)
    mine, theirs = photos.photos_add(
        actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[jpeg(), jpeg()]
    )
    with pytest.raises(PermissionDenied, match="上传者本人"):
        photos.photo_remove(actor=cast.wu_leader, photo_id=mine.pk)
    name = mine.image.name
    with django_capture_on_commit_callbacks(execute=True):
        photos.photo_remove(actor=cast.zhao_secretary, photo_id=mine.pk)
    assert not MeetingPhoto.objects.filter(pk=mine.pk).exists()
    assert not mine.image.storage.exists(name)
    meeting.refresh_from_db()
    file_minutes(cast, meeting)
    with pytest.raises(ValidationError, match="纪要已归档，照片不能再删除"):
        photos.photo_remove(actor=cast.zhao_secretary, photo_id=theirs.pk)
    assert MeetingPhoto.objects.filter(pk=theirs.pk).exists()


def test_after_filing_adding_photos_is_an_event_on_the_timeline(cast, client_for):
    meeting = file_minutes(cast, held(cast))
    made = photos.photos_add(
        actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[jpeg()], caption="会后合影"
    )
    event = MeetingEvent.objects.get(meeting=meeting, action="photo")
    assert made[0].event_id == event.pk and "补充照片 1 张：会后合影" in event.note
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("会议传达") and meeting.state == "minutes_filed"
    page = client_for(cast.li_member).get(reverse("learning:meeting_detail", args=[meeting.pk]))
    body = page.content.decode()
    src = reverse("learning:meeting_photo", args=[made[0].pk])
    assert body.count(f'src="{src}"') == 2  # the thumbnails and the timeline's event
    assert "上传会议照片" not in body and "补充照片（" not in body  # a member does not upload


def test_the_pages_thumbnails_upload_remove_and_the_photo_in_scope(
    cast, client_for, django_assert_max_num_queries
):
    meeting = held(cast)
    url = reverse("learning:meeting_detail", args=[meeting.pk])
    secretary = client_for(cast.zhao_secretary)
    upload = reverse("learning:meeting_photos", args=[meeting.pk])
    refused = secretary.post(upload, {"photos": [SimpleUploadedFile("x.jpg", b"no")]})
    assert refused.status_code == 400 and "不是可识别的图片" in refused.content.decode()
    assert secretary.post(upload, {"photos": [jpeg(), jpeg("2.jpg")]}).status_code == 302
    secretary.get(url)
    with django_assert_max_num_queries(16):
        page = secretary.get(url)
    body = page.content.decode()
    assert body.count('class="tx-thumb"') == 2 and body.count("删除</button>") == 2
    shown = MeetingPhoto.objects.first()
    photo_url = reverse("learning:meeting_photo", args=[shown.pk])
    got = secretary.get(photo_url)
    assert got.status_code == 200 and got["Content-Type"] == "image/jpeg"
    # A member of the branch sees them; the outsider and a worker outside it get 404.
    assert client_for(cast.li_member).get(photo_url).status_code == 200
    assert client_for(cast.qian_outsider).get(photo_url).status_code == 404
    assert client_for(cast.wang_worker).get(photo_url).status_code == 404
    remove = reverse("learning:meeting_photo_remove", args=[shown.pk])
    assert client_for(cast.qian_outsider).post(remove).status_code == 404
    assert client_for(cast.li_member).post(remove).status_code == 403
    assert client_for(cast.zhao_secretary).post(remove).status_code == 302
    assert MeetingPhoto.objects.count() == 1


def test_a_photo_added_days_later_keeps_to_the_meeting_state(cast):
    """The meeting's state is read under its lock: an upload racing the filing either
    lands before it (no event) or after it (an event), never half."""
    meeting = held(cast)
    with time_machine.travel(MEETING_AT + timedelta(days=2), tick=False):
        photos.photos_add(actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[jpeg()])
        file_minutes(cast, meeting)
        photos.photos_add(actor=cast.zhao_secretary, meeting_id=meeting.pk, photos=[jpeg()])
    assert list(MeetingPhoto.objects.values_list("event__action", flat=True)) == [None, "photo"]
