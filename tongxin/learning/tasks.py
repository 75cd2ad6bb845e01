"""Learning's periodic tasks, one module per part (found by Huey's autodiscovery)."""

from .meetings.tasks import plan_new_year, remind_meetings_due  # noqa: F401
