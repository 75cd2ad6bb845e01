"""Learning's Huey tasks, found by djhuey's autodiscovery (one module per part)."""

from .contests.tasks import draw_contest_papers, sweep_timed_out_papers

__all__ = ["draw_contest_papers", "sweep_timed_out_papers"]
