"""Worker voice (SPEC §3): one case workflow for every channel a matter arrives by.

A `Case` is a request, a suggestion-box note, a rationalisation proposal, a workers'
congress proposal, a matter raised at a forum meeting, or a problem passed on by
another area (the grid, hazards). Its state moves only through the transitions in
`workflow.py`; every move writes a `CaseEvent`, which is also the timeline the
submitter reads (internal notes excepted).

An anonymous case keeps no person, no address and no device data: only the hash of
the receipt code its submitter was shown once, and times rounded to the hour.

A module per part: case.py (the case, its channels and states), categories.py,
meetings.py (congress sessions, forum meetings), timeline.py (its events and photos),
proposals.py (cosigns, milestones). Every model and choice is importable from here, as
it was from the single module.
"""

from .case import CLOCK_STATES, OPEN_STATES, WORKER_CHANNELS, Case, CaseTerm, Channel, State
from .categories import Category, CategoryTerm
from .meetings import CongressSession, ForumMeeting
from .proposals import Cosign, Milestone
from .timeline import ACTION_LABELS, AnonymousPhotoData, CaseEvent, CasePhoto, _photo_path

__all__ = [
    "ACTION_LABELS",
    "CLOCK_STATES",
    "OPEN_STATES",
    "WORKER_CHANNELS",
    "AnonymousPhotoData",
    "Case",
    "CaseEvent",
    "CasePhoto",
    "CaseTerm",
    "Category",
    "CategoryTerm",
    "Channel",
    "CongressSession",
    "Cosign",
    "ForumMeeting",
    "Milestone",
    "State",
    "_photo_path",  # named by migration 0001 (CasePhoto.image's upload_to)
]
