"""Periodic housekeeping and delivery: audit retention, submission keys, digests,
chat-robot webhooks."""

import logging
from datetime import timedelta

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import notify
from .idempotency import purge_keys
from .models import OrgWebhook
from .services import purge_audit_log

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_audit_log_daily():
    purge_audit_log(older_than=timedelta(days=settings.AUDIT_RETENTION_DAYS))


@db_periodic_task(crontab(hour="3", minute="27"))
def purge_idempotency_keys_daily():
    purge_keys()


@db_periodic_task(crontab(hour="17", minute="30"))
def send_daily_digests():
    notify.send_digests()


@db_task(retries=3, retry_delay=60)
def deliver_webhook(hook_id: int, text: str):
    hook = OrgWebhook.objects.filter(pk=hook_id, is_active=True).first()
    if hook is None:
        return None
    status = notify.deliver(hook, text)
    log.info("webhook %s answered %s", hook_id, status)
    return status
