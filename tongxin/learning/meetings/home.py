"""The home page's 三会一课 panel: for secretaries the meetings due this period and
those missed; for members their next meeting. Counts only (home.aggregate)."""

from __future__ import annotations

from django.db.models import Count, Min

from ..access import is_party_officer
from . import selectors


def home_context(home):
    person = home.person
    officer = None
    if is_party_officer(person):
        scope = selectors.officer_meetings(person)
        officer = {
            "due": home.aggregate(selectors.due(scope, home.today), n=Count("pk")),
            "missed": home.aggregate(selectors.missed(scope, home.today), n=Count("pk")),
        }
    member = None
    if getattr(person, "party_org_id", None):
        member = home.aggregate(
            selectors.my_meetings(person, home.today).order_by(),
            upcoming=Count("pk"),
            next_at=Min("starts_at"),
            next_end=Min("period_end"),
        )
    if officer is None and member is None:
        return None
    return {"officer": officer, "member": member}
