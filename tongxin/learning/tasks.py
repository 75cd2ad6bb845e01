"""Learning's Huey tasks, found by djhuey's autodiscovery (one module per part)."""

from .contests.tasks import draw_contest_papers, sweep_timed_out_papers
from .meetings.tasks import plan_new_year, remind_meetings_due

__all__ = [
    "draw_contest_papers",
    "plan_new_year",
    "remind_meetings_due",
    "sweep_timed_out_papers",
]
