"""What the desk pages share: the filter read from the query string, the units the
viewer may narrow a page to, the board's rows for a filter and their labels."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.people.models import Organisation, Person, Role
from tongxin.people.scoping import Reach, reach_of
from tongxin.people.selectors import unit_labels

from .. import selectors
from ..models import CLOCK_STATES, Severity
from ..selectors import BoardFilter

PAGE_SIZE = 30


# More units than this in the filter list would make an unusable <select>.
MAX_UNITS = 3000

# The board's tabs: "open" is every state still to be dealt with.
TABS = ("open", "all", "pending", "reported", "rectifying", "rectified", "closed", "dismissed")


class DeskFilterForm(forms.Form):
    state = forms.ChoiceField(choices=[(t, t) for t in TABS], required=False)
    unit = forms.IntegerField(required=False, min_value=1)
    severity = forms.ChoiceField(choices=[("", ""), *Severity.choices], required=False)
    category = forms.IntegerField(required=False, min_value=1)
    overdue = forms.BooleanField(required=False)
    supervised = forms.BooleanField(required=False)
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("结束日期不能早于开始日期。"))
            data.pop("until", None)
        return data


@dataclasses.dataclass
class DeskFilter:
    board: BoardFilter
    tab: str = "open"
    since: date | None = None
    until: date | None = None
    errors: list[str] = dataclasses.field(default_factory=list)


def units_of(viewer: Person, reach: Reach | None = None) -> list[Organisation]:
    """The mines, districts and departments the viewer may narrow a page to."""
    units = list(selectors.units_for(viewer)[:MAX_UNITS])
    if reach is not None:
        units = [u for u in units if reach.covers(u)]
    return units


def top_unit(units: list[Organisation]) -> Organisation | None:
    return min(units, key=lambda u: (u.depth, u.path)) if units else None


def errors_of(form: forms.Form) -> list[str]:
    labels = {
        "unit": _("单位"),
        "severity": _("等级"),
        "category": _("类别"),
        "since": _("开始日期"),
        "until": _("结束日期"),
        "state": _("状态"),
    }
    return [
        f"{labels.get(name, name)}：{error}"
        for name, errors in form.errors.items()
        for error in errors
    ]


def desk_filter(request, units: list[Organisation], *, default_tab: str = "open") -> DeskFilter:
    """The filter in the query string; a value that is not valid is left out and said."""
    form = DeskFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    errors = errors_of(form)
    by_pk = {u.pk: u for u in units}
    unit = None
    if data.get("unit"):
        unit = by_pk.get(data["unit"])
        if unit is None:
            errors.append(_("单位：所选单位不在您的查看范围内。"))
    return DeskFilter(
        board=BoardFilter(
            unit=unit,
            state="open",
            severity=data.get("severity") or "",
            category_id=data.get("category"),
            overdue=bool(data.get("overdue")),
            supervised=bool(data.get("supervised")),
        ),
        tab=data.get("state") or default_tab,
        since=data.get("since"),
        until=data.get("until"),
        errors=errors,
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def board_hazards(viewer: Person, f: DeskFilter):
    """The board's rows for the filter: open by default, one tab at a time.

    Dates bound `created_at` as a range (not `__date`) so that the (unit_path,
    created_at) index serves them.
    """
    state = "" if f.tab in ("all", "rectifying") else f.tab
    qs = selectors.board(viewer, dataclasses.replace(f.board, state=state))
    if f.tab == "rectifying":
        qs = qs.filter(state__in=CLOCK_STATES)
    if f.since:
        qs = qs.filter(created_at__gte=_start_of(f.since))
    if f.until:
        qs = qs.filter(created_at__lt=_start_of(f.until + timedelta(days=1)))
    return qs


def queries_of(request) -> tuple[str, str]:
    """The query string without the page (for paging links), and without the tab too."""
    query = request.GET.copy()
    query.pop("page", None)
    tabs = query.copy()
    for key in ("state", "overdue", "supervised"):
        tabs.pop(key, None)
    return query.urlencode(), tabs.urlencode()


def label_rows(rows) -> None:
    """Crews named with their district (one query for the whole page)."""
    labels = unit_labels({h.unit for h in rows})
    today = timezone.localdate()
    for hazard in rows:
        hazard.unit_label = labels.get(hazard.unit_id, "")
        hazard.overdue = hazard.is_overdue(today)


def is_union(viewer: Person) -> bool:
    return not reach_of(viewer, {Role.UNION_CHAIR}).empty
