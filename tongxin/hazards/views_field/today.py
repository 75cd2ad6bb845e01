"""Today: this period's inspections and the hazards waiting on me."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from tongxin.people.selectors import unit_labels

from .. import selectors
from ..models import CLOCK_STATES
from .common import PERIOD_WORDS, attach_overdue, paginate


@login_required
def today(request):
    """This period's inspections for my crew and district, and the hazards waiting on me."""
    person = request.user
    on = timezone.localdate()
    rows = selectors.today_for(person, on)
    labels = unit_labels({row["plan"].unit for row in rows})
    for row in rows:
        row["unit_label"] = labels.get(row["plan"].unit_id, "")
        row["word"] = PERIOD_WORDS.get(row["plan"].level, "")
    # ?waiting=rectify / recheck: exactly what the home page's count of it counts.
    waiting = request.GET.get("waiting", "")
    waiting = waiting if waiting in selectors.WAITING else ""
    page = paginate(request, selectors.my_hazards(person, waiting))
    hazards = list(page.object_list)
    attach_overdue(hazards, on)
    for hazard in hazards:
        hazard.mine_to_rectify = hazard.responsible_id == person.pk and hazard.state in (
            CLOCK_STATES
        )
    context = {
        "rows": rows,
        "to_do": sum(1 for row in rows if not row["done"]),
        "page": page,
        "hazards": hazards,
        "pending": list(selectors.pending_detections(person)[:10]),
        "today": on,
        "waiting": waiting,
        "waiting_query": f"waiting={waiting}" if waiting else "",
    }
    return render(request, "hazards/field/today.html", context)
