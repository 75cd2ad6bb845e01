"""Periodic work of 三会一课 (thin: each calls a service). Every morning the secretaries
of branches with a planned meeting whose period ends within three days are reminded
(once each); on the first of January every branch's plan for the new year is made."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import services


@db_periodic_task(crontab(hour=7, minute=20))
@lock_task("learning-meetings-remind")
def remind_meetings_due():
    return services.remind_due()


@db_periodic_task(crontab(month=1, day=1, hour=0, minute=40))
@lock_task("learning-meetings-plan")
def plan_new_year():
    return services.plan_all(year=timezone.localdate().year)
