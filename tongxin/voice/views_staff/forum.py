"""Entering a forum meeting."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.people.models import Tree
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import orgs_visible_to
from tongxin.voice.access import FORUM_ROLES

from .. import services, staff_forms
from ..models import Channel


@login_required
def forum_new(request):
    viewer = request.user
    reach = reach_of(viewer, FORUM_ROLES)
    if reach.empty:
        raise Http404
    units = (
        orgs_visible_to(viewer)
        .filter(tree=Tree.UNIT, kind__in=("mine", "district", "department"))
        .order_by("path")
    )
    units = [u for u in units if reach.covers(u)]
    rows = 6
    matters = [
        {"title": request.POST.get(f"title_{i}", ""), "body": request.POST.get(f"body_{i}", "")}
        for i in range(rows)
    ]
    error = ""
    form = staff_forms.ForumForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.forum_record(
                    actor=viewer,
                    organisation=data["organisation"],
                    held_on=data["held_on"],
                    place=data["place"],
                    attendees=data["attendees"],
                    attendee_count=data["attendee_count"] or 0,
                    matters=matters,
                )
            except PermissionDenied as exc:
                error = str(exc)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("座谈会已录入，%(n)s 件事项进入待受理。") % {"n": meeting.cases.count()},
                )
                return redirect(
                    f"{_reverse_inbox()}?{urlencode({'channel': Channel.FORUM, 'state': 'open'})}"
                )
        else:
            error = "；".join(e for errors in form.errors.values() for e in errors)
    return render(
        request,
        "voice/staff/forum_new.html",
        {
            "form": form,
            "units": units,
            "matters": matters,
            "error": error,
            "today": timezone.localdate(),
        },
    )


def _reverse_inbox():

    return reverse("voice:inbox")
