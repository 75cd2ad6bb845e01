"""Periodic work of the hazards area: the overdue sweep (thin: calls the service)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*/15"))
@lock_task("hazards-sweep")
def sweep_overdue_hazards():
    return services.sweep()
