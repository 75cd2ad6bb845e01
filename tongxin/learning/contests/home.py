"""The home page's panel: an open contest waiting for me, and today's practice."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from ..models.contests import ContestState, Paper


def home_context(home):
    now = timezone.now()
    waiting = home.aggregate(
        Paper.objects.filter(
            person=home.person,
            submitted_at__isnull=True,
            contest__state=ContestState.SCHEDULED,
            contest__opens_at__lte=now,
            contest__closes_at__gt=now,
        ),
        open=Count("pk"),
    )

    def shown():
        return {"open": waiting["open"]} if waiting["open"] else None

    return shown
