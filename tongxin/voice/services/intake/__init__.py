"""How matters arrive: a worker's submission (named or anonymous), a congress proposal
and its co-signatures, a forum meeting's matters, a case opened by another area, and
the information a submitter adds when asked.

A module per way in: workers.py (a worker's submission and supplement), entered.py
(from another area, a forum meeting), congress.py (proposals and co-signatures);
common.py holds what they share.
"""

from .common import anonymous_notice
from .congress import congress_cosign, congress_submit
from .entered import case_open, forum_record
from .workers import case_submit, case_supplement

__all__ = [
    "anonymous_notice",
    "case_open",
    "case_submit",
    "case_supplement",
    "congress_cosign",
    "congress_submit",
    "forum_record",
]
