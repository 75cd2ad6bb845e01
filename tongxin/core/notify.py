"""In-app notifications, the daily digest, and the organisations' chat-robot webhooks.

`notify` is called by service functions inside their transaction: the messages are
rows written with the change that caused them, so a rolled-back change notifies
nobody. Webhooks leave the building only after commit, from the task worker.
Message text never names an anonymous submitter: callers pass only what the
recipient may read.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.people.models import Organisation
from tongxin.people.selectors import ancestor_paths

from .models import (
    Notification,
    NotificationPreference,
    NotificationState,
    OrgWebhook,
    WebhookFlavour,
)

log = logging.getLogger(__name__)


def notify(
    *,
    recipients: Iterable,
    title: str,
    body: str = "",
    url: str = "",
    exclude=None,
    at=None,
) -> int:
    """Write one message per distinct recipient (inside the caller's transaction)."""
    people = {p.pk: p for p in recipients if p is not None}
    if exclude is not None:
        people.pop(exclude.pk, None)
    digest = set(
        NotificationPreference.objects.filter(
            person_id__in=list(people), daily_digest=True
        ).values_list("person_id", flat=True)
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                title=title[:120],
                body=body,
                url=url,
                created_at=at or timezone.now(),
                state=NotificationState.QUEUED if pk in digest else NotificationState.INBOX,
            )
            for pk in people
        ]
    )
    return len(people)


def broadcast(*, organisation: Organisation, text: str) -> int:
    """Post `text` to the chat robots of the unit and the units above it, after commit."""
    hooks = webhooks_for(organisation)
    if hooks:
        transaction.on_commit(lambda: _queue_webhooks(hooks, text))
    return len(hooks)


def webhooks_for(unit: Organisation) -> list[int]:
    """Active webhooks of the unit and of every unit above it."""
    return list(
        OrgWebhook.objects.filter(
            is_active=True, organisation__path__in=ancestor_paths(unit.path)
        ).values_list("pk", flat=True)
    )


def _queue_webhooks(hook_ids: list[int], text: str) -> None:
    from .tasks import deliver_webhook

    for pk in hook_ids:
        deliver_webhook(pk, text)


def webhook_payload(flavour: str, text: str) -> dict:
    """The JSON body each chat robot accepts for a plain text message."""
    if flavour == WebhookFlavour.FEISHU:
        return {"msg_type": "text", "content": {"text": text}}
    # WeCom and DingTalk robots share the same text message shape.
    return {"msgtype": "text", "text": {"content": text}}


def deliver(hook: OrgWebhook, text: str) -> int:
    """POST the message; returns the HTTP status. Raises on network errors (the task retries)."""
    body = json.dumps(webhook_payload(hook.flavour, text), ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - operator-configured http(s) URL
        hook.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    if not hook.url.startswith(("http://", "https://")):
        raise ValueError("webhook URL must be http or https")
    with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as resp:  # noqa: S310
        return resp.status


@transaction.atomic
def notification_mark_read(*, person, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, person, daily_digest: bool) -> NotificationPreference:
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(person=person)
    if pref.daily_digest != daily_digest:
        pref.daily_digest = daily_digest
        pref.save(update_fields=["daily_digest"])
    return pref


def send_digests(*, now=None) -> int:
    """Fold each person's queued messages into one digest message. Returns digests sent."""
    now = now or timezone.now()
    recipients = (
        Notification.objects.filter(state=NotificationState.QUEUED, created_at__lte=now)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(recipients):
        with transaction.atomic():
            queued = list(
                Notification.objects.select_for_update()
                .filter(recipient_id=recipient_id, state=NotificationState.QUEUED)
                .order_by("created_at")
            )
            if not queued:
                continue
            lines = [f"· {n.title}" for n in queued[:50]]
            if len(queued) > 50:
                lines.append(_("…… 另有 %(n)s 条") % {"n": len(queued) - 50})
            Notification.objects.create(
                recipient_id=recipient_id,
                title=_("今日汇总：%(n)s 条待办与动态") % {"n": len(queued)},
                body="\n".join(lines),
                url="",
                created_at=now,
            )
            Notification.objects.filter(pk__in=[n.pk for n in queued]).update(
                state=NotificationState.BUNDLED
            )
            sent += 1
    return sent


def unread_count(person) -> int:
    return Notification.objects.filter(
        recipient=person, state=NotificationState.INBOX, read_at__isnull=True
    ).count()
