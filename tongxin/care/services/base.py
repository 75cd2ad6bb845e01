"""What the care services share: the clock, the workflows of needs, service items,
hardship files and bookings on the shared runner (core.timeline: lock, check the actor,
the version and the state, write, audit), and the checks of what was typed, collected
so that a form shows every mistake at once."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.access import OutOfScope
from tongxin.core.timeline import Conflict, Workflow

from ..access import actor_kinds
from ..models import Booking, HardshipFile, Need, ServiceItem
from ..workflow import BOOKING_TRANSITIONS, FILE_TRANSITIONS, ITEM_TRANSITIONS, NEED_TRANSITIONS


def today() -> date:
    return timezone.localdate()


def year_after(day: date) -> date:
    """The same day a year on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


# Care's records have no event table (the audit log is their trace) and tell a
# stranger nothing about them: the actor is checked first.
_flow = partial(Workflow, capacities=actor_kinds, check_order=("actor", "version", "state"))


need_flow = _flow(
    model=Need,
    transitions=NEED_TRANSITIONS,
    noun=gettext_lazy("这条需求"),
    audit_prefix="care.need",
    related=("person", "organisation"),
)
item_flow = _flow(
    model=ServiceItem,
    transitions=ITEM_TRANSITIONS,
    noun=gettext_lazy("这条服务项目"),
    audit_prefix="care.item",
    related=("owner", "person", "organisation"),
)
file_flow = _flow(
    model=HardshipFile,
    transitions=FILE_TRANSITIONS,
    noun=gettext_lazy("这条困难职工档案"),
    audit_prefix="care.file",
    related=("person",),
)
# A booking carries no version: nobody edits it from a form drawn earlier.
booking_flow = _flow(
    model=Booking,
    transitions=BOOKING_TRANSITIONS,
    noun=gettext_lazy("这条预约"),
    audit_prefix="care.booking",
    related=("slot__counsellor__person", "person"),
    version_field=None,
    # Someone else's booking is answered like one that does not exist (404).
    refusal=OutOfScope,
)


def plain(value) -> str:
    """Typed text without control characters (a NUL byte breaks PostgreSQL), trimmed."""
    return "".join(ch for ch in str(value or "") if ch.isprintable() or ch in "\n\t").strip()


class Checks:
    """Collects {field: message} and raises them together as one ValidationError."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def text(self, value, *, field: str, label: str, minimum: int = 1, maximum: int) -> str:
        text = plain(value)
        if len(text) < minimum:
            if minimum <= 1:
                self.add(field, _("请填写%(label)s。") % {"label": label})
            else:
                self.add(
                    field,
                    _("请填写%(label)s（至少 %(n)s 个字）。") % {"label": label, "n": minimum},
                )
        elif len(text) > maximum:
            self.add(field, _("%(label)s最多 %(n)s 个字。") % {"label": label, "n": maximum})
        return text

    def choice(self, value, choices, *, field: str, message: str) -> str:
        if value not in choices.values:
            self.add(field, message)
        return value

    def deadline(self, value, *, field: str = "deadline") -> date | None:
        if value is None:
            self.add(field, _("请填写完成期限。"))
        elif value < today():
            self.add(field, _("完成期限不能早于今天。"))
        return value

    def done(self) -> None:
        if self.errors:
            raise ValidationError(dict(self.errors))


__all__ = [
    "Checks",
    "Conflict",
    "booking_flow",
    "file_flow",
    "item_flow",
    "need_flow",
    "plain",
    "today",
    "year_after",
]
