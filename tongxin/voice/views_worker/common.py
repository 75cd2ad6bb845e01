"""What the workers' pages share: paging, a case's page with its photos and the steps
its owner takes (the anonymous-path decorator and the unit chooser are core.anonymous's)."""

from __future__ import annotations

import base64

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext_lazy

from .. import selectors, services
from ..models import Case, CasePhoto, Channel, State

PAGE_SIZE = 20
OWNER_ACTIONS = ("rate", "reopen", "supplement")


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _photo_groups(case: Case, events, src) -> list:
    """Attach each event's photos (with their `src`) to it; return the submission's own
    photos and any whose event is gone, shown with the text of the case."""
    body_photos = []
    for event in events:
        photos = [(p, src(p)) for p in event.photos.all()]
        if event.action == "submit":
            body_photos += photos
            event.shown_photos = []
        else:
            event.shown_photos = photos
    body_photos += [(p, src(p)) for p in case.photos.filter(event__isnull=True)]
    return body_photos


def photo_url(photo: CasePhoto) -> str:
    return reverse("voice:photo", args=[photo.pk])


def data_uri(photo: CasePhoto) -> str:
    """A photo inlined in the page: the follow page has no signed-in owner to serve it to."""
    data = photo.read()
    if not data:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def _pending_question(events) -> str:
    """What the handler last asked the submitter to add."""
    for event in reversed(events):
        if event.action == "request_info":
            return event.note
    return ""


def case_context(case: Case, *, photo_src, **extra) -> dict:
    events = selectors.timeline(case, internal=False)
    body_photos = _photo_groups(case, events, photo_src)
    context = {
        "case": case,
        "events": events,
        "body_photos": body_photos,
        "can_rate": case.state == State.REPLIED,
        "can_reopen": case.state == State.REPLIED
        and not case.reopened
        and case.department_id is not None,
        "can_supplement": case.state == State.AWAITING_INFO,
        "question": _pending_question(events) if case.state == State.AWAITING_INFO else "",
        "milestones": selectors.milestones(case)
        if case.channel in (Channel.PROPOSAL, Channel.CONGRESS)
        else [],
        "posted": {},
        "errors": {},
        "error_list": [],
        "active": "",
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
    }
    context.update(extra)
    return context


def owner_act(case: Case, action: str, post, files, *, actor, receipt_ok: bool):
    """Call the owner's service for `action`; the same for the signed-in and receipt pages."""
    if action == "rate":
        return services.case_rate(
            case_id=case.pk,
            actor=actor,
            rating=post.get("rating", ""),
            comment=post.get("comment", ""),
            receipt_ok=receipt_ok,
        )
    if action == "reopen":
        return services.case_reopen(
            case_id=case.pk, actor=actor, reason=post.get("reason", ""), receipt_ok=receipt_ok
        )
    return services.case_supplement(
        case_id=case.pk,
        actor=actor,
        text=post.get("text", ""),
        receipt_ok=receipt_ok,
        photos=files.getlist("photos"),
    )


DONE = {
    "rate": gettext_lazy("感谢您的评价，这件事已办结。"),
    "reopen": gettext_lazy("已退回重新办理，矿领导将督办。办理结果会再次答复您。"),
    "supplement": gettext_lazy("补充的内容已送交承办人，办理期限继续计算。"),
}
