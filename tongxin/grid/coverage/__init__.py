"""Who covers whom, and how complete the network is (全面覆盖, SPEC §2).

Words used here, as the contract between the grid's parts defines them:

- A link is *current* on day d when ``starts_on <= d`` and (``ends_on`` is null or
  ``ends_on > d``); "currently" means on ``timezone.localdate()``.
- The *workers* of a branch are the active people who are not Party members and whose
  unit lies under the branch's unit (and under no deeper branch): the 职工群众 that
  Party members cover at the fourth level.
- The *Party members* of a branch are the active people with a Party status whose
  Party organisation lies under the branch.
- A worker is *covered* when a current 党员包职工 link names them; a Party member is
  *idle* when they are responsible on no current link at any level; a member is
  *overloaded* when they cover more than ``over`` workers (``settings.GRID_MAX_COVERED``
  unless the caller says otherwise).

The reports are built from a handful of aggregate queries, whatever the number of
branches or people: the units of the scope are read once and shared out to their
branches in Python (nearest branch wins), workers and members are counted grouped by
unit and by Party organisation with an EXISTS test for the link, and the lists

A module per part: roster.py (who covers one person, who is who in a branch, a crew's
even split), reports.py (coverage of a branch or a unit); common.py holds the
conditions and unit lists they share.
"""

from .reports import (
    CoverageReport,
    KnownCountPaginator,
    PeopleByLoad,
    Row,
    branch_coverage,
    unit_coverage,
)
from .roster import (
    CREW_LEADER_POST,
    HEAD_POSTS,
    BranchRoster,
    branch_roster,
    covered_by,
    covering_member,
    crews_of,
    members_of,
    split_proposal,
    workers_of,
)

__all__ = [
    "CREW_LEADER_POST",
    "HEAD_POSTS",
    "BranchRoster",
    "CoverageReport",
    "KnownCountPaginator",
    "PeopleByLoad",
    "Row",
    "branch_coverage",
    "branch_roster",
    "covered_by",
    "covering_member",
    "crews_of",
    "members_of",
    "split_proposal",
    "unit_coverage",
    "workers_of",
]
