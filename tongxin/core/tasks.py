"""Periodic housekeeping: the audit log's retention sweep."""

from datetime import timedelta

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import purge_audit_log


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_audit_log_daily():
    purge_audit_log(older_than=timedelta(days=settings.AUDIT_RETENTION_DAYS))
