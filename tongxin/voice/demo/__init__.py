"""Worker-voice demo data for the demo mine, called by `manage.py seed_demo`.

About 150 invented cases in the first mine, in every channel and every state, built by
calling the real services with the mine's real office holders as actors, so that each
case has its timeline events, audit rows and notifications exactly as if people had
used the platform. The demo sign-ins each find something of their own: demo01 three
cases of his own (one answered and waiting for his rating), demo03 and demo04 matters
of 综采一队 to accept, demo05 cases assigned to 机电科 (one overdue), demo06 the major
and the watched cases.

One channel a module, in the order they are seeded:

    requests.py     the sign-ins' own cases, a matter raised by several (merged), the rest
    suggestions.py  suggestions, named and anonymous
    proposals.py    rationalisation proposals, adopted or not, with their milestones
    congress.py     the workers' congress session, its representatives and motions
    forum.py        a workers' forum and the matters it raised
    other_areas.py  matters passed on by the grid and by hazard inspections
    driving.py      a case driven through the services as far as its script says
    timing.py       the timelines moved back into the past year, after the sweep
    context.py      the seeder's state and who does what

The content (who raised what, in which channel, how far it got) is drawn from a
`random.Random` seeded with --seed; the dates count back from today, so that a demo
seeded today has cases overdue today. Anonymous receipts are random (they must be).
The invented texts are also used by bench/voice_seed.py (imported from here).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from tongxin.people.models import Person
from tongxin.people.selectors import mine_of

from .. import services
from ..models import CLOCK_STATES, Case
from . import congress, forum, other_areas, proposals, requests, suggestions
from .congress import CONGRESS, CONGRESS_DECLINE_REASON
from .context import DEPARTMENT_FOR, Seeder
from .driving import HANDLING, RATING_COMMENTS, REPLIES
from .forum import FORUM_MATTERS
from .other_areas import GRID_MATTERS, HAZARD_MATTERS
from .proposals import PROPOSALS
from .requests import REQUESTS
from .suggestions import SUGGESTIONS
from .timing import retime, retime_sweep

__all__ = [
    "CONGRESS",
    "CONGRESS_DECLINE_REASON",
    "DEPARTMENT_FOR",
    "FORUM_MATTERS",
    "GRID_MATTERS",
    "HANDLING",
    "HAZARD_MATTERS",
    "PROPOSALS",
    "RATING_COMMENTS",
    "REPLIES",
    "REQUESTS",
    "SUGGESTIONS",
    "VoiceSeedResult",
    "seed",
]


@dataclass
class VoiceSeedResult:
    cases: int
    by_state: dict[str, int]
    overdue: int
    anonymous: int
    major: int
    seconds: float
    receipt: str | None = None  # one anonymous receipt, printed for trying "follow"


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> VoiceSeedResult | None:
    """Seed the demo mine's worker voice, unless its cases are already there."""
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    if demo01 is None or demo01.unit is None:
        return None
    mine = mine_of(demo01.unit)
    if Case.objects.filter(org_path__startswith=mine.path).exists():
        return None
    started = time.monotonic()
    with transaction.atomic():
        seeder = Seeder(random.Random(f"{seed}:voice"), mine)
        run(seeder)
    result = _result(seeder, time.monotonic() - started)
    if progress:
        progress(
            f"职工诉求：{result.cases} 件（超期 {result.overdue}，匿名 {result.anonymous}，"
            f"重大 {result.major}），{result.seconds:.1f} 秒"
        )
    return result


def run(seeder: Seeder) -> None:
    requests.for_the_sign_ins(seeder)
    requests.duplicates(seeder)
    requests.in_every_state(seeder)
    suggestions.named_and_anonymous(seeder)
    proposals.in_every_state(seeder)
    congress.session(seeder)
    forum.meeting(seeder)
    other_areas.passed_on(seeder)
    for plan in seeder.plans:
        retime(seeder, plan)
    # The periodic sweep, as the task worker would run it: one level per run.
    for _ in range(3):
        services.sweep()
    retime_sweep(seeder)


def _result(seeder: Seeder, seconds: float) -> VoiceSeedResult:
    cases = Case.objects.filter(pk__in=seeder.case_ids)
    by_state: dict[str, int] = {}
    for state in cases.values_list("state", flat=True):
        by_state[state] = by_state.get(state, 0) + 1
    return VoiceSeedResult(
        cases=len(seeder.case_ids),
        by_state=by_state,
        overdue=cases.filter(state__in=CLOCK_STATES, deadline__lt=seeder.today).count(),
        anonymous=cases.filter(is_anonymous=True).count(),
        major=cases.filter(is_major=True).count(),
        seconds=seconds,
        receipt=seeder.receipt,
    )
