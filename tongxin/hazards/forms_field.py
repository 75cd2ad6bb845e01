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
# People offered in the responsible-person list: the district around the unit.
PEOPLE_LIMIT = 400


def posted_finding(data, prefix: str = "") -> dict[str, str]:
    """The finding fields as typed (stripped of nothing: shown back as they were)."""
    return {name: (data.get(prefix + name) or "")[:1000] for name in FINDING_FIELDS}


def build_finding(
    typed: dict[str, str], categories: dict[int, HazardCategory], workplace=None
) -> tuple[Finding, dict[str, str]]:
    """A Finding from the typed fields, and the problems only the form can see."""
    errors: dict[str, str] = {}
    responsible = None
    responsible_id = small_id(typed["responsible"])
    if typed["responsible"].strip():
        responsible = (
            Person.objects.select_related("unit").filter(pk=responsible_id).first()
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


def people_choices(unit: Organisation | None) -> list[tuple[str, list[tuple[int, str]]]]:
    """The active people of the district around `unit`, grouped by their unit for a
    <select>: two queries whatever the size of the district."""
    from tongxin.people.selectors import unit_labels

    base = district_of(unit)
    if base is None:
        return []
    people = list(
        Person.objects.filter(is_active=True, unit__path__startswith=base.path)
        .select_related("unit")
        .order_by("unit__path", "employee_no")[:PEOPLE_LIMIT]
    )
    labels = unit_labels({p.unit for p in people})
    groups: dict[str, list[tuple[int, str]]] = {}
    for person in people:
        label = labels.get(person.unit_id, "")
        text = f"{person.name}（{person.post}）" if person.post else person.name
        groups.setdefault(label, []).append((person.pk, text))
    return list(groups.items())
