"""Sharing a crew's uncovered workers among Party members in one go."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.people.selectors import unit_labels

from .. import coverage
from ..forms_network import SplitDateForm, form_errors, person_choices
from ..models import GridLink, Level
from ..periods import current_q
from ..services import network as services
from .common import grid_reader_required, managed_branch, messages_of


@grid_reader_required
def network_split(request, branch_id: int, crew_id: int):
    """A crew's workers, each with a select of Party members (the crew's first), pre-filled
    with the even split; saved all at once or not at all."""
    viewer = request.user
    branch = managed_branch(viewer, branch_id)
    crews = coverage.crews_of(branch)
    crew = next((c for c in crews if c.pk == crew_id), None)
    if crew is None:
        raise Http404
    roster = coverage.branch_roster(branch)
    errors, status, chosen = [], 200, None
    date_form = SplitDateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        chosen = {}
        for key, value in request.POST.items():
            if key.startswith("w") and key[1:].isdigit() and value.strip():
                if not value.strip().isdigit():
                    errors.append(_("所选党员无效。"))
                    continue
                chosen[int(key[1:])] = int(value)
        if not date_form.is_valid():
            errors.extend(form_errors(date_form))
        if not errors:
            try:
                links = services.crew_split(
                    actor=viewer,
                    crew=crew,
                    assignments=chosen,
                    starts_on=date_form.cleaned_data["starts_on"],
                )
            except ValidationError as exc:
                errors = messages_of(exc)
            else:
                messages.success(
                    request,
                    _("%(crew)s已分配%(n)d名职工的联系党员。")
                    % {"crew": crew.name, "n": len(links)},
                )
                url = reverse("grid:coverage_branch", args=[branch.pk])
                return redirect(url)
        status = 400
    proposal = coverage.split_proposal(crew, roster)
    workers = roster.choices(
        {pk for pk in roster.workers if roster.people[pk].unit.path.startswith(crew.path)}
    )
    current = {
        link.person_id: link
        for link in GridLink.objects.filter(
            current_q(), level=Level.MEMBER_WORKER, person_id__in=[w.pk for w in workers]
        ).select_related("responsible")
    }
    members = roster.choices(roster.members)
    in_crew = [m for m in members if m.unit and m.unit.path.startswith(crew.path)]
    others = [m for m in members if m not in in_crew]
    labels = unit_labels({p.unit for p in [*workers, *members]})
    rows = []
    for worker in workers:
        link = current.get(worker.pk)
        if chosen is not None:
            selected = chosen.get(worker.pk)
        else:
            selected = proposal.get(worker.pk)
        rows.append({"worker": worker, "link": link, "selected": selected})
    context = {
        "branch": branch,
        "crew": crew,
        "crew_label": unit_labels([crew]).get(crew.pk, crew.name),
        "crews": crews,
        "rows": rows,
        "uncovered": sum(1 for r in rows if r["link"] is None),
        "crew_members": person_choices(in_crew, labels),
        "other_members": person_choices(others, labels),
        "labels": labels,
        "starts_on": request.POST.get("starts_on", "") if request.method == "POST" else "",
        "errors": errors,
        "active": "network",
    }
    return render(request, "grid/network/split.html", context, status=status)
