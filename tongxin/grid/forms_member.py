"""What the grid member's pages and the task desk post, read into service arguments.

Plain dictionaries, as on the hazards phone pages: what the person typed goes back
into the page unchanged whenever a service refuses. Only what cannot reach a service
in a usable shape (a date that is not a date, an id that is not a number) is refused
here; the services do the real checking.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from tongxin.core.forms import parse_date, small_id
from tongxin.people.models import Person

VISIT_FIELDS = (
    "person",
    "kind",
    "visited_on",
    "content",
    "follow_up",
    "follow_up_text",
    "care_category",
    "task",
    "life_event",
)
EVENT_FIELDS = ("person", "employee_no", "kind", "occurred_on", "description")
TASK_FIELDS = ("owner", "title", "description", "due_on", "subject")


def person_by_id(value) -> Person | None:
    pk = small_id(value)
    if pk is None:
        return None
    return Person.objects.select_related("unit").filter(pk=pk).first()


def person_by_employee_no(value: str) -> Person | None:
    value = (value or "").strip()
    if not value or len(value) > 20:
        return None
    return Person.objects.select_related("unit").filter(employee_no=value, is_active=True).first()


def read_date(typed: dict, name: str, errors: dict, message: str) -> date | None:
    day, ok = parse_date(typed.get(name, ""))
    if not ok:
        errors.setdefault(name, []).append(message)
    return day


def date_message() -> str:
    return _("日期格式不对，请重新选择。")
