"""Integrity's home panels, each count one column of the page's shared aggregate query
(core.registry.Home) and each linking to exactly the list it counts.

- 纪检监察: the reports to handle (received, due soon, overdue), the desk's own filters.
  Nobody else gets this panel, not even with zeros: a count is a hint that a report
  exists, and a report is for its inspectors only.
- The union's democratic management officer: published questions on disclosures not yet
  answered (the disclosure desk's "未答复").
- Everyone with a unit: new disclosures to their audience they have not opened.
"""

from __future__ import annotations

from django.db.models import Count, Q

from .access import is_inspector, reports_visible_to
from .disclosure_access import _union_paths, comments_overseen_by, unread_by
from .models import CommentState, State
from .services.sweep import due_soon, overdue


def inspector_context(home):
    if not is_inspector(home.person):
        return None
    return home.aggregate(
        reports_visible_to(home.person),
        received=Count("pk", filter=Q(state=State.RECEIVED)),
        due_soon=Count("pk", filter=due_soon(home.today)),
        overdue=Count("pk", filter=overdue(home.today)),
    )


def unanswered_questions(person):
    """The disclosure desk's "未答复" list: published, with no answer yet."""
    return comments_overseen_by(person).filter(state=CommentState.PUBLISHED, answer="")


def union_context(home):
    # The union chair's unit paths: the panel's one query of its own (the menu's
    # is_disclosure_staff has usually loaded them already).
    if not _union_paths(home.person):
        return None
    row = home.aggregate(unanswered_questions(home.person), unanswered=Count("pk"))
    return lambda: row if row["unanswered"] else None


def reader_context(home):
    if not getattr(home.person, "unit_id", None):
        return None
    row = home.aggregate(unread_by(home.person, home.today), unread=Count("pk"))
    return lambda: row if row["unread"] else None
