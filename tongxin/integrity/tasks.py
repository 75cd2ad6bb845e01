"""Periodic work of the integrity area (thin: calls the services)."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from tongxin.core.anonymous.times import hour_now

from . import services
from .services.sweep import tell_inspectors


@db_periodic_task(crontab(minute="5"))
@lock_task("integrity-hourly")
def integrity_hourly():
    # An anonymous report is dated to its hour: the reports of the hour before this one.
    tell_inspectors(hour_now() - timedelta(hours=1))
    if timezone.localtime().hour == 6:
        services.sweep()
