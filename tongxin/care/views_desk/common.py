"""What the desk pages share: who may open them, the units in reach, paging, the
filters read from the query string and the refusals the services raise."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.access import area_required
from tongxin.core.forms import parse_date
from tongxin.people.models import Organisation
from tongxin.people.selectors import unit_labels

from .. import selectors
from ..access import counsellor_of, is_care_manager, is_care_reader
from ..forms import unit_from
from ..services import Conflict

PAGE_SIZE = 30
MAX_UNITS = 3000
REFUSALS = (ValidationError, PermissionDenied, Conflict)
# The fields of an assistance given, on a hardship file and on its own page.
AID_FIELDS = ("kind", "amount", "source", "given_on", "note")


manager_required = area_required(is_care_manager)


reader_required = area_required(is_care_reader)


def units_in(reach) -> list[Organisation]:
    return list(selectors.units_for(reach)[:MAX_UNITS])


def paginate(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without(request, *drop: str) -> str:
    query = request.GET.copy()
    for key in ("page", *drop):
        query.pop(key, None)
    return query.urlencode()


def desk_context(request, active: str, **extra) -> dict:
    viewer = request.user
    context = {
        "active": active,
        "is_manager": is_care_manager(viewer),
        "is_counsellor": counsellor_of(viewer) is not None,
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


def unit_filter(request, units, errors: list[str]) -> Organisation | None:
    unit, ok = unit_from(units, request.GET.get("unit"))
    if not ok:
        errors.append(_("单位：所选单位不在您的查看范围内。"))
    return unit


def date_filter(request, name: str, label: str, errors: list[str]):
    day, ok = parse_date(request.GET.get(name))
    if not ok:
        errors.append(_("%(label)s：日期格式不对。") % {"label": label})
    return day


def choice_of(value, choices) -> str:
    return value if value in choices.values else ""


def label_units(rows, attr: str = "organisation") -> None:
    labels = unit_labels({getattr(r, attr) for r in rows})
    for row in rows:
        row.unit_label = labels.get(getattr(row, f"{attr}_id"), "")
