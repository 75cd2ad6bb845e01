"""A work place's page (what its printed QR code opens), its QR code, and the photos."""

from __future__ import annotations

import io
from collections import defaultdict

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from tongxin.core.access import fetch, hide_unless
from tongxin.core.images import photo_response
from tongxin.people.selectors import unit_labels

from .. import selectors
from ..access import hazards_visible_to
from ..models import (
    OPEN_STATES,
    ChecklistItem,
    ChecklistVersion,
    HazardPhoto,
    Inspection,
    InspectionPlan,
)
from ..periods import period_of
from .common import (
    PERIOD_WORDS,
    attach_overdue,
    in_mine,
    item_groups,
    paginate,
    photo_url,
    workplace_thumb,
)

# --- the work place and its QR code ---------------------------------------------------


def _workplace_for(person, code: str):
    """The active work place with this code and its hazard history, if it is in the
    person's mine; otherwise 404."""
    place, history = selectors.workplace_history(code[:24])
    if place is None or not in_mine(person, place.unit.path):
        raise Http404
    return place, history


@login_required
def workplace(request, code: str):
    """What the printed QR code opens: the work place's checklists with today's status,
    and its hazard history. Open to the people of its mine."""
    person = request.user
    place, history = _workplace_for(person, code)
    on = timezone.localdate()
    plans = list(
        InspectionPlan.objects.filter(workplace=place, is_active=True)
        .select_related("unit", "template")
        .order_by("level", "unit__path")[:20]
    )
    keys = {p.pk: period_of(p.level, on) for p in plans}
    done = {
        (i.plan_id, i.period): i
        for i in Inspection.objects.filter(
            plan_id__in=list(keys), period__in=set(keys.values())
        ).select_related("inspector")
    }
    latest: dict[int, ChecklistVersion] = {}
    for version in ChecklistVersion.objects.filter(
        template_id__in={p.template_id for p in plans}
    ).order_by("template_id", "-number"):
        latest.setdefault(version.template_id, version)
    items_by_version = defaultdict(list)
    for item in ChecklistItem.objects.filter(
        version__in=[v.pk for v in latest.values()]
    ).select_related("category"):
        items_by_version[item.version_id].append(item)
    mine = set(selectors.plans_for(person).filter(pk__in=list(keys)).values_list("pk", flat=True))
    labels = unit_labels({p.unit for p in plans} | {place.unit})
    rows = []
    for plan in plans:
        version = latest.get(plan.template_id)
        rows.append(
            {
                "plan": plan,
                "unit_label": labels.get(plan.unit_id, ""),
                "word": PERIOD_WORDS.get(plan.level, ""),
                "done": done.get((plan.pk, keys[plan.pk])),
                "version": version,
                "groups": item_groups(items_by_version[version.pk]) if version else [],
                "mine": plan.pk in mine,
            }
        )
    page = paginate(request, history.prefetch_related("photos"))
    hazards = list(page.object_list)
    visible = set(
        hazards_visible_to(person)
        .filter(pk__in=[h.pk for h in hazards])
        .values_list("pk", flat=True)
    )
    attach_overdue(hazards, on)
    for hazard in hazards:
        hazard.visible = hazard.pk in visible
        thumb = workplace_thumb(hazard.photos.all())
        hazard.thumb = photo_url(thumb) if thumb else ""
    context = {
        "workplace": place,
        "unit_label": labels.get(place.unit_id, place.unit.name),
        "rows": rows,
        "page": page,
        "hazards": hazards,
        "open_count": history.filter(state__in=OPEN_STATES).count(),
        "today": on,
    }
    return render(request, "hazards/field/workplace.html", context)


@login_required
def workplace_qr(request, code: str):
    """The work place's QR code as SVG: the absolute address of its page."""
    place, _history = _workplace_for(request.user, code)
    url = request.build_absolute_uri(reverse("hazards:workplace", args=[place.code]))
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=2, title=f"{place.name} {place.code}"
    )
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


# --- photos ---------------------------------------------------------------------------


@login_required
def photo(request, pk: int):
    """A hazard's photo: any of them for those who may see the hazard; for the rest of
    its work place's mine, only the thumbnail the work place's page shows
    (`workplace_thumb`); 404 for anyone else."""
    person = request.user
    item = fetch(HazardPhoto.objects.select_related("hazard__workplace__unit"), pk=pk)
    if not hazards_visible_to(person).filter(pk=item.hazard_id).exists():
        place = item.hazard.workplace
        hide_unless(
            place is not None
            and place.is_active
            and in_mine(person, place.unit.path)
            and workplace_thumb(item.hazard.photos.order_by("pk")) == item
        )
    return photo_response(item.image)
