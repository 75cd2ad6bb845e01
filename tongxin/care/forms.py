"""Reading what the care pages post and ask for, before the services check it.

Plain dictionaries rather than Django forms, as in hazards: what the person typed goes
back into the page unchanged whenever a service refuses. Only what cannot reach a
service in a usable shape (a date that is not a date, an unknown 工号) is refused here;
the services do the real checking and say why in Chinese.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.core.forms import small_id
from tongxin.people.models import Organisation, Person
from tongxin.people.scoping import Reach

# How much of a typed field the care pages keep (`tongxin.core.forms.posted`).
TYPED_MAX = 5000


def person_by_no(employee_no: str, reach: Reach | None = None) -> Person | None:
    """A person by 工号, inside `reach` when given (their unit's path)."""
    employee_no = (employee_no or "").strip()
    if not employee_no or not employee_no.isprintable() or len(employee_no) > 20:
        return None
    qs = Person.objects.select_related("unit").filter(employee_no=employee_no)
    if reach is not None:
        qs = qs.filter(reach.q("unit__path"))
    return qs.first()


def worker_in_reach(values: dict, reach: Reach, errors: dict, *, optional: bool = False):
    """The worker named by the form's 工号 inside the officer's reach; when there is none,
    the form's error for it (no error for a blank 工号 when `optional`: the record is
    then for a whole unit)."""
    if optional and not values["employee_no"].strip():
        return None
    person = person_by_no(values["employee_no"], reach)
    if person is None:
        errors["employee_no"] = [_("您负责的单位中没有这个工号的职工。")]
    return person


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
