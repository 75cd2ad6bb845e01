"""Writes owned by core: the audit log's retention sweep."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent

# The floor set by 等保三级 and enforced again by the database trigger.
MIN_RETENTION = timedelta(days=180)


@transaction.atomic
def purge_audit_log(*, older_than: timedelta) -> int:
    """Delete audit events older than the retention period (never younger than 180 days)."""
    if older_than < MIN_RETENTION:
        raise ValueError("audit events are kept at least 180 days")
    cutoff = timezone.now() - older_than
    deleted, _ = AuditEvent.objects.all()._purge_older_than(cutoff)
    return deleted
