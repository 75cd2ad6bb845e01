"""Periodic housekeeping for sign-in protection."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import forget_expired_sign_in_records


@db_periodic_task(crontab(minute="*/30"))
def forget_expired_sign_in_records_task():
    forget_expired_sign_in_records()
