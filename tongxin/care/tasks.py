"""Periodic work of care: the daily reminder of hardship files' yearly reviews (thin)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .services import send_review_reminders


@db_periodic_task(crontab(hour="7", minute="40"))
@lock_task("care-review-reminders")
def remind_hardship_reviews():
    return send_review_reminders()
