"""Reading what the care pages post and ask for, before the services check it.

Plain dictionaries rather than Django forms, as in hazards: what the person typed goes
back into the page unchanged whenever a service refuses. Only what cannot reach a
service in a usable shape (a date that is not a date, an unknown 工号) is refused here;
the services do the real checking and say why in Chinese.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tongxin.core.workflow import Conflict
from tongxin.people.models import Organisation, Person
from tongxin.people.scoping import Reach


def small_id(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and 0 < len(value) < 12 else None


def parse_date(value) -> tuple[date | None, bool]:
    """(date or None, ok). An empty value is fine (the service applies its default)."""
    value = str(value or "").strip()
    if not value:
        return None, True
    try:
        return date.fromisoformat(value), True
    except ValueError:
        return None, False


def typed(data, names) -> dict[str, str]:
    """The named fields as typed, for the page to show back."""
    return {name: str(data.get(name) or "")[:5000] for name in names}


def person_by_no(employee_no: str, reach: Reach | None = None) -> Person | None:
    """A person by 工号, inside `reach` when given (their unit's path)."""
    employee_no = (employee_no or "").strip()
    if not employee_no or not employee_no.isprintable() or len(employee_no) > 20:
        return None
    qs = Person.objects.select_related("unit").filter(employee_no=employee_no)
    if reach is not None:
        qs = qs.filter(reach.q("unit__path"))
    return qs.first()


def unit_from(units: list[Organisation], value) -> tuple[Organisation | None, bool]:
    """(unit or None, ok): a unit id from the page's own list, else not ok."""
    pk = small_id(value)
    if not str(value or "").strip():
        return None, True
    unit = next((u for u in units if u.pk == pk), None)
    return unit, unit is not None


def version_of(data) -> int | None:
    value = str(data.get("version") or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def errors_of(exc: Exception) -> tuple[dict[str, list[str]], int]:
    """A service's refusal as {field: [messages]} and the status to answer with."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return {
                ("general" if field == "__all__" else field): [str(m) for m in msgs]
                for field, msgs in exc.message_dict.items()
            }, 400
        return {"general": [str(m) for m in exc.messages]}, 400
    if isinstance(exc, Conflict):
        return {"general": [exc.message]}, 409
    return {"general": [str(exc) or _("您无权执行这个操作。")]}, 403


def all_messages(errors: dict[str, list[str]]) -> list[str]:
    return [m for msgs in errors.values() for m in msgs]
