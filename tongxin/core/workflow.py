"""What every area's case workflow shares (voice cases, hazards): the refusal a second
person gets when someone acted first, and how an actor is named on a timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SYSTEM_LABEL = _("系统")


class Conflict(Exception):
    """Someone acted on the record first. The caller keeps what the person typed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def actor_label(person) -> str:
    """ "综采一队 一班 王强" on a timeline (every district has a 一班); "系统" for none."""
    if person is None:
        return str(SYSTEM_LABEL)
    unit = ""
    if person.unit_id and person.unit:
        from tongxin.people.selectors import unit_labels

        unit = unit_labels([person.unit]).get(person.unit_id, person.unit.name)
    return f"{unit} {person.name}".strip()[:80]
