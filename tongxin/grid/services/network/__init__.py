"""Writes of the responsibility network: assign, end and move links, split a crew, import.

Every link is kept: ending one sets `ends_on` (exclusive), moving one ends it and starts
a new one, so who covered whom on any day stays answerable. A link ended on the day it
starts (or before a future start) is *withdrawn*: `ends_on == starts_on`, current on no
day.

The rule the whole module guards: a person is covered at most once per level on any
day. Before checking it, the covered person's row is locked (`select_for_update`), so
two secretaries assigning the same worker at the same moment queue on that row and the
second one sees the first one's link; the partial unique constraint on open links is
the backstop, and its IntegrityError becomes the same message.

Who may hold which link (checked against `coverage.branch_roster`):

    leader_branch    responsible: a leadership member over the branch's unit; person: none
    secretary_cadre  responsible: the branch's secretary or the unit's head; person: a cadre
    cadre_member     responsible: a cadre; person: a crew leader or Party member of the branch
    member_worker    responsible: a Party member of the branch; person: a worker of the branch

A module per part: links.py (one link: assign, end, move), bulk.py (many at once: a
crew's split, a spreadsheet of links); common.py holds the checks they share.
"""

from .bulk import crew_split, links_import
from .common import check_pair, clash_message, overlapping, require_manager
from .links import link_assign, link_end, link_move

__all__ = [
    "check_pair",
    "clash_message",
    "crew_split",
    "link_assign",
    "link_end",
    "link_move",
    "links_import",
    "overlapping",
    "require_manager",
]
