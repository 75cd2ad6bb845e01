"""The in-app notification list: newest first, unread in bold, mark all read, and the
choice between one message per event and a daily digest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import fetch

from . import notify
from .models import Notification, NotificationPreference, NotificationState

PAGE_SIZE = 20


def _inbox_of(person):
    return Notification.objects.filter(recipient=person, state=NotificationState.INBOX).order_by(
        "-created_at", "-id"
    )


@login_required
def inbox(request):
    person = request.user
    page = Paginator(_inbox_of(person), PAGE_SIZE).get_page(request.GET.get("page"))
    digest = NotificationPreference.objects.filter(person=person, daily_digest=True).exists()
    return render(
        request,
        "core/notifications.html",
        {"page": page, "daily_digest": digest},
    )


@login_required
@require_POST
def mark_all_read(request):
    done = notify.notification_mark_read(person=request.user)
    if done:
        messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": done})
    return redirect("notifications:inbox")


@login_required
def open_one(request, pk: int):
    """Mark one message read and go where it points (only to a page of this site)."""
    note = fetch(_inbox_of(request.user), pk=pk)
    if note.read_at is None:
        notify.notification_mark_read(person=request.user, ids=[note.pk])
    target = note.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def preference(request):
    digest = request.POST.get("daily_digest") == "1"
    notify.preference_set(person=request.user, daily_digest=digest)
    messages.success(
        request,
        _("已改为每天汇总一次通知。") if digest else _("已改为每件事单独通知。"),
    )
    return redirect("notifications:inbox")
