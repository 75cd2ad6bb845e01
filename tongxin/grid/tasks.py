"""Periodic work of the grid (thin: each calls a service).

On the first of the month, every grid member's task list is generated from the
templates; every morning, owners of tasks that went overdue are told (once each).
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .services import tasks


@db_periodic_task(crontab(day=1, hour=0, minute=30))
@lock_task("grid-generate-month")
def generate_monthly_tasks():
    return tasks.generate_month()


@db_periodic_task(crontab(hour=7, minute=10))
@lock_task("grid-overdue-reminder")
def remind_overdue_tasks():
    return tasks.remind_overdue()
