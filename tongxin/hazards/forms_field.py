"""What the phone pages post, read into the services' Finding and Mark.

Plain dictionaries rather than Django forms: the inspection page carries one set of
finding fields per checklist item (prefixed `f<item id>-`), and what the person typed
goes back into the page unchanged whenever a service refuses. The services do the real
checking (mine membership, severity, deadlines); here only what cannot reach them in a
usable shape (a date that is not a date, an id that is not a number) is refused.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.core.forms import parse_date, small_id
from tongxin.people.models import Organisation, OrgKind, Person
from tongxin.people.selectors import nearest_ancestor

from .models import HazardCategory, Severity
from .services import Finding

FINDING_FIELDS = (
    "location",
    "category",
    "severity",
    "description",
    "measures",
    "responsible",
    "deadline",
)


def posted_finding(data, prefix: str = "") -> dict[str, str]:
    """The finding fields as typed (stripped of nothing: shown back as they were)."""
    return {name: (data.get(prefix + name) or "")[:1000] for name in FINDING_FIELDS}


def build_finding(
    typed: dict[str, str], categories: dict[int, HazardCategory], workplace=None, unit=None
) -> tuple[Finding, dict[str, str]]:
    """A Finding from the typed fields, and the problems only the form can see. With the
    finding's `unit`, a responsible person must be one the picker offers for it."""
    from .access import finding_people

    errors: dict[str, str] = {}
    responsible = None
    responsible_id = small_id(typed["responsible"])
    if typed["responsible"].strip():
        people = finding_people(unit) if unit is not None else Person.objects.all()
        responsible = (
            people.select_related("unit").filter(pk=responsible_id).first()
            if responsible_id
            else None
        )
        if responsible is None:
            errors["responsible"] = _("请从列表中选择整改责任人。")
    deadline, ok = parse_date(typed["deadline"])
    if not ok:
        errors["deadline"] = _("整改期限的日期格式不对，请重新选择。")
    category_id = small_id(typed["category"])
    finding = Finding(
        location=typed["location"].strip(),
        category=categories.get(category_id) if category_id else None,
        severity=typed["severity"] if typed["severity"] in Severity.values else "",
        description=typed["description"].strip(),
        measures=typed["measures"].strip(),
        responsible=responsible,
        deadline=deadline,
        workplace=workplace,
    )
    return finding, errors


def district_of(unit: Organisation | None) -> Organisation | None:
    """The nearest district or department at or above `unit` (the unit itself if none)."""
    if unit is None:
        return None
    return nearest_ancestor(unit, (OrgKind.DISTRICT, OrgKind.DEPARTMENT)) or unit


def with_responsible_labels(findings: list[dict[str, str]]) -> None:
    """Give each typed finding the label of the person it names (`responsible_label`),
    for the person picker to show a posted choice back: one query for all of them."""
    from tongxin.core.pickers import person_label

    ids = {small_id(f.get("responsible") or "") for f in findings} - {None}
    people = {str(p.pk): p for p in Person.objects.filter(pk__in=ids)} if ids else {}
    for f in findings:
        person = people.get((f.get("responsible") or "").strip())
        f["responsible_label"] = person_label(person) if person is not None else ""
