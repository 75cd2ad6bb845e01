"""A held meeting's photos: uploaded by the secretary (or the meeting's recorder),
checked and re-encoded by core.images (only real images, size and count limits, EXIF
and GPS stripped), removed only by who uploaded them and only until the minutes are
filed. Once filed, the minutes are locked, so a photo added later is an event on the
meeting's timeline that the photos hang on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.images import clean_photos

from ..models import Meeting, MeetingPhoto, MeetingState
from .access import actor_kinds
from .services import meeting_flow

MAX_PER_MEETING = 30
PHOTO_STATES = (MeetingState.HELD, MeetingState.FILED)


def may_add_photos(person, meeting: Meeting) -> bool:
    """The branch's secretary (or an officer over it), or who records the meeting."""
    return bool(actor_kinds(person, meeting)) or meeting.secretary_id == person.pk


def photos_add(*, actor, meeting_id: int, photos, caption: str = "") -> list[MeetingPhoto]:
    """Add photos to a held meeting; after filing, as an event on its timeline."""
    caption = (caption or "").strip()[:80]
    uploads = [p for p in photos or () if p]
    if not uploads:
        raise ValidationError({"photos": _("请选择要上传的照片。")})
    try:
        # Every header is checked before anything is decoded or stored.
        contents = clean_photos(uploads)
    except ValidationError as exc:
        raise ValidationError({"photos": exc.messages}) from None
    with transaction.atomic():
        # The meeting's row is the lock: two uploads at once cannot pass the limit.
        meeting = meeting_flow.lock(meeting_id)
        if not may_add_photos(actor, meeting):
            raise PermissionDenied(_("只有本支部书记或会议记录人可以上传会议照片。"))
        if meeting.state not in PHOTO_STATES:
            raise ValidationError({"photos": _("会议召开后才能上传照片。")})
        have = MeetingPhoto.objects.filter(meeting=meeting).count()
        if have + len(contents) > MAX_PER_MEETING:
            raise ValidationError(
                {
                    "photos": _("每次会议最多 %(max)d 张照片，已有 %(have)d 张。")
                    % {"max": MAX_PER_MEETING, "have": have}
                }
            )
        event = None
        if meeting.state == MeetingState.FILED:
            event = meeting_flow.write_event(
                meeting,
                action="photo",
                actor=actor,
                note=_("纪要归档后补充照片 %(n)d 张") % {"n": len(contents)}
                + (f"：{caption}" if caption else ""),
            )
        made = [
            MeetingPhoto.objects.create(
                meeting=meeting, image=content, caption=caption, uploaded_by=actor, event=event
            )
            for content in contents
        ]
        audit.record(
            action="learning.meeting.photo_add",
            actor=actor,
            obj=meeting,
            after={"photos": [p.pk for p in made], "after_filing": event is not None},
        )
    return made


def photo_remove(*, actor, photo_id: int) -> None:
    """The uploader takes a photo back, until the minutes are filed."""
    with transaction.atomic():
        photo = MeetingPhoto.objects.select_related("meeting").get(pk=photo_id)
        meeting = meeting_flow.lock(photo.meeting_id)
        if photo.uploaded_by_id != actor.pk:
            raise PermissionDenied(_("只有上传者本人可以删除这张照片。"))
        if meeting.state == MeetingState.FILED:
            raise ValidationError(_("纪要已归档，照片不能再删除。"))
        name, storage = photo.image.name, photo.image.storage
        photo.delete()
        audit.record(
            action="learning.meeting.photo_remove",
            actor=actor,
            obj=meeting,
            before={"photo": photo_id},
        )
        # The file goes only once the row's removal is committed.
        transaction.on_commit(lambda: storage.delete(name))
