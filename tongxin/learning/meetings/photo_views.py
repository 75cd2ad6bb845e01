"""A meeting's photos on its page: the thumbnails, uploading, removing, and the photo
itself for whoever may open the meeting (404 for anyone else). Thin: fetch through
the meeting's scope, call meetings.photos, render the meeting's page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import fetch
from tongxin.core.forms import posted, refusal
from tongxin.core.images import photo_response
from tongxin.core.timeline import Conflict

from ..models import MeetingPhoto, MeetingState
from . import photos as photo_services
from .access import meeting_for, meetings_visible_to


def _src(photo) -> str:
    return reverse("learning:meeting_photo", args=[photo.pk])


def photo_context(person, meeting) -> dict:
    """What the meeting's page shows of its photos, and what the viewer may do."""
    shown = list(meeting.photos.all())
    for photo in shown:
        photo.src = _src(photo)
        photo.removable = photo.uploaded_by_id == person.pk and meeting.state != MeetingState.FILED
    return {
        "photos": shown,
        "can_add_photos": meeting.state in photo_services.PHOTO_STATES
        and photo_services.may_add_photos(person, meeting),
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }


def timeline(meeting, *, internal: bool):
    """The meeting's events, those that added photos after filing showing them."""
    events = list(meeting.events.visible(internal=internal).prefetch_related("photos"))
    for event in events:
        event.shown_photos = [(p, _src(p)) for p in event.photos.all()]
    return events


@login_required
@require_POST
def upload(request, pk: int):
    from .views import detail_page

    meeting = meeting_for(request.user, pk)
    try:
        photo_services.photos_add(
            actor=request.user,
            meeting_id=meeting.pk,
            photos=request.FILES.getlist("photos"),
            caption=request.POST.get("caption", ""),
        )
    except (ValidationError, PermissionDenied, Conflict) as exc:
        errors, status = refusal(exc, list_field="photos")
        meeting.refresh_from_db()
        errors.setdefault("photos", []).append(_("照片没有保存，请重新选择。"))
        return detail_page(
            request, meeting, errors=errors, status=status, values=posted(request.POST, ["caption"])
        )
    messages.success(request, _("照片已上传。"))
    return redirect(f"{reverse('learning:meeting_detail', args=[meeting.pk])}#photos")


@login_required
def photo(request, photo_id: int):
    shown = fetch(
        MeetingPhoto.objects.filter(meeting__in=meetings_visible_to(request.user)), pk=photo_id
    )
    return photo_response(shown.image)


@login_required
@require_POST
def remove(request, photo_id: int):
    from .views import detail_page

    shown = fetch(
        MeetingPhoto.objects.filter(meeting__in=meetings_visible_to(request.user)).select_related(
            "meeting"
        ),
        pk=photo_id,
    )
    try:
        photo_services.photo_remove(actor=request.user, photo_id=shown.pk)
    except (ValidationError, PermissionDenied) as exc:
        errors, status = refusal(exc, list_field="photos")
        meeting = meeting_for(request.user, shown.meeting_id)
        return detail_page(request, meeting, errors=errors, status=status)
    messages.success(request, _("照片已删除。"))
    return redirect(f"{reverse('learning:meeting_detail', args=[shown.meeting_id])}#photos")
