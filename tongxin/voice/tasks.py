"""Periodic work of the worker-voice area: the deadline sweep (thin: calls the service)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(minute="*/15"))
@lock_task("voice-sweep")
def sweep_deadlines():
    return services.sweep()
