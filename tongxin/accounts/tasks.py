"""Periodic housekeeping for sign-in protection."""

from datetime import timedelta

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import forget_expired_sign_in_records


@db_periodic_task(crontab(minute="*/30"))
def forget_expired_sign_in_records_task():
    # Failures and locks only matter for SIGNIN_LOCK_MINUTES; the audit log keeps the history.
    forget_expired_sign_in_records(older_than=timedelta(hours=1))
