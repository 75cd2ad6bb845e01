"""Learning's demo records for the demo mine (SPEC §6), called by `manage.py seed_demo`.

One story per part, each in its own module, run in this order (later parts build on
earlier ones' records):

    points.py     the point rules (the national learning app's categories)
    contests.py   the question bank, a finished contest with rankings, one open now
    meetings.py   三会一课: a year of every branch's meetings, some missed
    library.py    the study library: modules, materials, months of study, courses
"""

from __future__ import annotations

from collections.abc import Callable

from . import contests, library, meetings, points

PARTS = (points.seed, meetings.seed, contests.seed, library.seed)


def seed(*, seed: int, progress: Callable[[str], None] | None = None):
    """Seed every part's demo records, unless they are already there."""
    done = [part(seed=seed, progress=progress) for part in PARTS]
    return done if any(d is not None for d in done) else None
