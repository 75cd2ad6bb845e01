"""What the workers' pages share: the anonymous-path decorator, paging, a case's
page with its photos and the steps its owner takes, and the unit choice of the
submission forms."""

from __future__ import annotations

import base64
from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from tongxin.people.models import OrgKind
from tongxin.people.selectors import nearest_ancestor

from .. import selectors, services
from ..models import Case, CasePhoto, Channel, State

PAGE_SIZE = 20
# Kinds of unit the anonymous form proposes by default for a signed-in worker: the
# nearest big one above their crew (never the crew itself).
DEFAULT_ANON_KINDS = (OrgKind.DISTRICT, OrgKind.DEPARTMENT, OrgKind.MINE)
OWNER_ACTIONS = ("rate", "reopen", "supplement")


def anonymous_path(view):
    """No caching anywhere, and no path of these pages in the Referer of what they load
    (stylesheets, scripts), whose log lines would otherwise say who was here. Only the
    origin is sent: with "no-referrer" browsers post forms with `Origin: null`, which
    the CSRF check rightly refuses."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "origin"
        return response

    return never_cache(wrapped)


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


def anonymous_default(person) -> int | None:
    """The nearest district, department or mine over a signed-in person's unit."""
    unit = getattr(person, "unit", None) if person.is_authenticated else None
    if unit is None:
        return None
    nearest = nearest_ancestor(unit, DEFAULT_ANON_KINDS, selectors.anonymous_units())
    return nearest.pk if nearest else None


def unit_choice(selected: int | None, mine_id: int | None = None) -> dict:
    """The two-step unit chooser of an anonymous note: the mine, then its districts and
    departments (the mine itself first, for the mine's own offices).

    A group has 20–50 mines of about 40 such units each; offering every one of them in
    one list made the request form 64 KB and most of its cost (issue #14). Only the
    chosen mine's units are listed, the mine being the one of the selected unit (the
    writer's own by default) or, in a single-mine deployment, the only one."""
    # The mines and the selected unit's path in one query.
    rows = selectors.anonymous_units().filter(Q(kind=OrgKind.MINE) | Q(pk=selected or 0))
    rows = list(rows.values_list("pk", "name", "path", "kind"))
    mines = [(pk, name, path) for pk, name, path, kind in rows if kind == OrgKind.MINE]
    mine = None
    if mine_id is not None:
        mine = next((m for m in mines if m[0] == mine_id), None)
    if mine is None and selected is not None:
        path = next((row[2] for row in rows if row[0] == selected), None)
        mine = next((m for m in mines if path and path.startswith(m[2])), None)
    if mine is None and len(mines) == 1:
        mine = mines[0]
    return {
        "mines": [(pk, name) for pk, name, _path in mines],
        "mine": mine[0] if mine else None,
        "units": mine_units(mine[0], mine[2]) if mine else [],
        "selected": selected,
    }


def mine_units(mine_id: int, mine_path: str) -> list[tuple[int, str]]:
    """(id, label) of a mine's own offices and its districts and departments."""
    rows = selectors.anonymous_units().filter(path__startswith=mine_path).exclude(pk=mine_id)
    return [(mine_id, gettext_lazy("矿机关（全矿）"))] + list(rows.values_list("pk", "name"))
