"""Recording a meeting that was not in the generated plan (an extra 支部委员会, a
主题党日): type, time, place, agenda and the members expected. Thin: the branch comes
through the officer's Party reach, meetings.services.meeting_create checks the rest."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core.access import area_required
from tongxin.core.forms import all_messages, posted, refusal, small_id
from tongxin.people.models import Organisation, OrgKind, Person, Tree

from ..access import is_party_officer, members_q, party_reach
from . import services
from .forms import agenda_from, parse_starts_at
from .views import REFUSALS

FIELDS = ["type", "title", "starts_at", "place", "agenda", "first_topic"]
MAX_MEMBERS = 300


def _organisations(person):
    """The branches and Party groups the person's offices reach, tree order."""
    return Organisation.objects.filter(
        party_reach(person).q("path"),
        tree=Tree.PARTY,
        kind__in=(OrgKind.BRANCH, OrgKind.PARTY_GROUP),
        is_active=True,
    ).order_by("path")[:300]


def _page(request, orgs, org, *, values=None, chosen=None, errors=None, status=200):
    members = []
    if org is not None:
        members = list(
            Person.objects.filter(members_q(org.path)).order_by("name", "pk")[:MAX_MEMBERS]
        )
    kinds = services.types_of(services.mine_of_branch(org)) if org is not None else []
    return render(
        request,
        "learning/meetings/new.html",
        {
            "orgs": orgs,
            "org": org,
            "kinds": kinds,
            "members": members,
            # Everyone is ticked until the secretary says otherwise.
            "chosen": chosen if chosen is not None else {m.pk for m in members},
            "values": values or {},
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


@area_required(is_party_officer)
def meeting_new(request):
    orgs = list(_organisations(request.user))
    wanted = small_id(request.POST.get("branch") or request.GET.get("branch"))
    org = next((o for o in orgs if o.pk == wanted), None)
    if request.method != "POST":
        return _page(request, orgs, org or (orgs[0] if orgs else None))
    if org is None:  # a branch outside the officer's reach, as if it did not exist
        raise Http404
    values = posted(request.POST, FIELDS, limit=5000)
    chosen = {pk for pk in map(small_id, request.POST.getlist("expected")) if pk}
    try:
        meeting = services.meeting_create(
            actor=request.user,
            branch=org,
            type_code=values["type"],
            title=values["title"],
            starts_at=parse_starts_at(values["starts_at"]),
            place=values["place"],
            agenda=agenda_from(request.POST),
            expected_ids=chosen,
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _page(request, orgs, org, values=values, chosen=chosen, errors=errors, status=status)
    messages.success(request, _("计划外会议已登记，计入本期应开会议。"))
    return redirect("learning:meeting_detail", pk=meeting.pk)
