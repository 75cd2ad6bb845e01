"""Who may see a hazard and in what capacity one may act on it: the one place.

Hazards are not secret: every staff role sees those of the units it reaches, the
union's chairs included (劳动保护监督), and everyone sees the hazards they found or
must rectify. A work place's hazard history (its QR code) is open to the people of its
mine.

Who assigns a hazard (MANAGER): the head (DEPARTMENT_HEAD) and the safety officer
(SAFETY_OFFICER) of its district or any unit above it, leadership and administrators of
the mine; and the head and safety officer of the department its category belongs to
(`CategoryDepartment`: 机电 → 机电科), for every hazard of that category in the mine.

Who re-checks it (CHECKER) depends on its severity, by `settings.HAZARD_RECHECK_ROLES`
(see `RECHECKERS`), and never the person who rectified it. Pages, the API, the
home page's "待我复查" and the runner's refusals all read these functions.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.access import fetch
from tongxin.people.models import Person, Role
from tongxin.people.scoping import STAFF_ROLES, reach_of

from .models import CategoryDepartment, Hazard, Severity, State
from .workflow import Actor

MANAGER_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.SAFETY_OFFICER, Role.LEADERSHIP, Role.ADMIN})
# Offices held in a category's department that answer for the category mine-wide.
CATEGORY_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.SAFETY_OFFICER})

# What the lists of settings.HAZARD_RECHECK_ROLES may name, and whom each stands for.
RECHECKERS = {
    "reporter": gettext_lazy("发现人"),
    "manager": gettext_lazy("单位负责人"),
    "safety_officer": gettext_lazy("区队及以上安全员"),
    "department_head": gettext_lazy("单位负责人"),
    "category_department": gettext_lazy("主管科室负责人"),
    "leadership": gettext_lazy("矿领导"),
    "admin": gettext_lazy("系统管理员"),
}
_KIND_ROLES = {
    "manager": MANAGER_ROLES,
    "safety_officer": frozenset({Role.SAFETY_OFFICER}),
    "department_head": frozenset({Role.DEPARTMENT_HEAD}),
    "leadership": frozenset({Role.LEADERSHIP}),
    "admin": frozenset({Role.ADMIN}),
}


def recheckers(severity: str) -> tuple[str, ...]:
    """Who may re-check a hazard of `severity`, as named in the setting."""
    return tuple(settings.HAZARD_RECHECK_ROLES.get(severity, ()))


# --- as a filter over many hazards ----------------------------------------------------


def _category_q(person: Person, roles=CATEGORY_ROLES) -> Q | None:
    """The hazards whose category belongs to a department where `person` holds one of
    `roles`, in that department's mine; one subquery, no query of its own."""
    reach = reach_of(person, roles)
    if reach.empty:
        return None
    departments = CategoryDepartment.objects.filter(
        reach.q("department__path"),
        StartsWith(OuterRef("unit_path"), F("scope_path")),
        category_id=OuterRef("category_id"),
    )
    return Q(Exists(departments))


def _kind_q(person: Person, kind: str) -> Q | None:
    if kind == "reporter":
        return Q(reported_by=person)
    if kind == "category_department":
        return _category_q(person)
    roles = _KIND_ROLES.get(kind)
    if roles is None:
        return None
    reach = reach_of(person, roles)
    return None if reach.empty else reach.q("unit_path")


def recheck_q(person: Person) -> Q:
    """The hazards `person` may re-check, whatever their state: by severity, the people
    the setting names; never one they rectified themselves."""
    condition = Q(pk__in=[])
    for severity in Severity.values:
        parts = [q for q in (_kind_q(person, k) for k in recheckers(severity)) if q is not None]
        if not parts:
            continue
        if any(not part for part in parts):
            # An empty Q is "everything" (a superuser's reach); OR-ing it would drop it.
            condition |= Q(severity=severity)
            continue
        condition |= Q(severity=severity) & reduce(or_, parts)
    return condition & ~Q(rectified_by=person)


def hazards_visible_to(person: Person) -> QuerySet[Hazard]:
    if not person.is_authenticated:
        return Hazard.objects.none()
    reach = reach_of(person, STAFF_ROLES)
    if reach.everything:
        return Hazard.objects.all()
    condition = Q(responsible=person) | Q(reported_by=person)
    if not reach.empty:
        condition |= reach.q("unit_path")
    category = _category_q(person)
    if category is not None:
        condition |= category
    if person.is_party_member and person.unit_id:
        # Party-member patrols (党员巡检) confirm the mine's video detections.
        from tongxin.people.selectors import mine_of

        condition |= Q(state=State.PENDING, unit_path__startswith=mine_of(person.unit).path)
    return Hazard.objects.filter(condition)


def hazard_for(person: Person, pk: int) -> Hazard:
    return fetch(
        hazards_visible_to(person).select_related(
            "unit", "category", "responsible", "workplace", "reported_by", "rectified_by"
        ),
        pk=pk,
    )


# --- on one hazard --------------------------------------------------------------------


def in_category_department(person: Person, hazard: Hazard, roles=CATEGORY_ROLES) -> bool:
    """Whether `person` holds one of `roles` in the department of the hazard's category
    (a query only for people who hold such an office somewhere)."""
    reach = reach_of(person, roles)
    if reach.empty:
        return False
    if reach.everything:
        return True
    # The page asks this several times per request (capacities, then the form).
    cache = person.__dict__.setdefault("_category_scopes", {})
    key = (hazard.category_id, roles)
    if key not in cache:
        cache[key] = list(
            CategoryDepartment.objects.filter(
                reach.q("department__path"), category_id=hazard.category_id
            ).values_list("scope_path", flat=True)
        )
    return any(hazard.unit_path.startswith(path) for path in cache[key])


def is_assigner(person: Person, hazard: Hazard) -> bool:
    """Who assigns (and may take) the hazard: the district's head and safety officer and
    those above them, and the department of its category."""
    return reach_of(person, MANAGER_ROLES).covers_path(hazard.unit_path) or (
        in_category_department(person, hazard)
    )


def _holds_kind(person: Person, hazard: Hazard, kind: str, manager: bool) -> bool:
    if kind == "reporter":
        return hazard.reported_by_id == person.pk
    if kind == "manager":
        return manager
    if kind == "category_department":
        return in_category_department(person, hazard)
    roles = _KIND_ROLES.get(kind)
    return bool(roles) and reach_of(person, roles).covers_path(hazard.unit_path)


def may_recheck_level(person: Person, hazard: Hazard, *, manager: bool | None = None) -> bool:
    """Whether the person is of the level the hazard's severity asks for a re-check."""
    if manager is None:
        manager = is_assigner(person, hazard)
    return any(_holds_kind(person, hazard, kind, manager) for kind in recheckers(hazard.severity))


def actor_kinds(person: Person, hazard: Hazard) -> set[Actor]:
    kinds: set[Actor] = set()
    if not person.is_authenticated:
        return kinds
    manager = is_assigner(person, hazard)
    if manager:
        kinds.add(Actor.MANAGER)
    if hazard.responsible_id == person.pk:
        kinds.add(Actor.RESPONSIBLE)
    if hazard.rectified_by_id != person.pk and may_recheck_level(person, hazard, manager=manager):
        kinds.add(Actor.CHECKER)
    if manager or (person.is_party_member and _same_mine(person, hazard)):
        kinds.add(Actor.PATROL)
    return kinds


def refusal_reason(person: Person, hazard: Hazard, transition) -> str:
    """Why someone may not take a step, where the hazard can say more than the generic
    refusal: the rectifier and people below the level a re-check asks for."""
    if Actor.CHECKER not in transition.actors:
        return ""
    if hazard.rectified_by_id is not None and hazard.rectified_by_id == person.pk:
        return _("整改人不能复查自己整改的隐患，请由其他人员复查验收。")
    who = "、".join(dict.fromkeys(str(RECHECKERS[t]) for t in recheckers(hazard.severity)))
    return _("%(severity)s隐患须由%(who)s复查验收，您无权复查。") % {
        "severity": hazard.get_severity_display(),
        "who": who or _("指定人员"),
    }


ASSIGN_PICKER = "hazards.assign"
# The finder naming who should rectify what they found (the report and inspection
# forms): the record is the unit the finding is against.
FINDING_PICKER = "hazards.finding"


def in_mine(person, path: str) -> bool:
    """Whether a unit at `path` is in the person's mine, or within their office's reach."""
    from tongxin.people.scoping import reach_of
    from tongxin.people.selectors import mine_of

    if person.unit is not None and path.startswith(mine_of(person.unit).path):
        return True
    return reach_of(person).covers_path(path)


def finding_unit(person: Person, pk: int):
    """The unit a finding is reported against, if it is in the person's mine or reach."""
    from django.http import Http404

    from tongxin.people.models import Organisation, Tree

    unit = Organisation.objects.filter(pk=pk, tree=Tree.UNIT).first()
    if unit is None or not in_mine(person, unit.path):
        raise Http404
    return unit


def finding_people(unit) -> QuerySet[Person]:
    """Whom a finder may name as responsible: the active people of the district or
    department around the unit."""
    from tongxin.hazards.forms_field import district_of

    return Person.objects.filter(is_active=True, unit__path__startswith=district_of(unit).path)


def hazard_to_assign(person: Person, pk: int) -> Hazard:
    """The hazard whose responsible person `person` is choosing: 404 outside their
    sight, 403 for someone who does not assign it."""
    from tongxin.core.access import refuse

    hazard = hazard_for(person, pk)
    if not is_assigner(person, hazard):
        refuse(_("只有负责指派这条隐患的人员可以选择整改责任人。"))
    return hazard


def assignable_people(hazard: Hazard) -> QuerySet[Person]:
    """Who may be made responsible for rectifying the hazard (the assignment picker's
    choices, and the only ids the assignment accepts): the active people of the district
    or department around its unit, of its category's departments in the mine, and those
    who assign it (who may take it themselves)."""
    from tongxin.hazards.forms_field import district_of
    from tongxin.people.models import RoleAssignment
    from tongxin.people.selectors import ancestor_paths

    base = district_of(hazard.unit)
    condition = Q(unit__path__startswith=(base or hazard.unit).path)
    departments = CategoryDepartment.objects.filter(
        category_id=hazard.category_id,
        scope_path__in=ancestor_paths(hazard.unit_path),
    ).values("department__path")
    for path in departments:
        condition |= Q(unit__path__startswith=path["department__path"])
    assigners = RoleAssignment.objects.filter(
        role__in=MANAGER_ROLES, organisation__path__in=ancestor_paths(hazard.unit_path)
    ).values("person_id")
    condition |= Q(pk__in=assigners)
    return Person.objects.filter(condition, is_active=True)


# --- whom to tell ---------------------------------------------------------------------


def _category_office_holders(hazard: Hazard) -> list[Person]:
    from tongxin.people.models import RoleAssignment
    from tongxin.people.selectors import ancestor_paths

    departments = CategoryDepartment.objects.filter(
        category_id=hazard.category_id, scope_path__in=ancestor_paths(hazard.unit_path)
    ).values("department__path")
    holders = RoleAssignment.objects.filter(
        role__in=CATEGORY_ROLES, person__is_active=True, organisation__path__in=departments
    ).values("person_id")
    return list(Person.objects.filter(pk__in=holders))


def assigners_to_tell(hazard: Hazard) -> list[Person]:
    """Whom a new hazard waiting for its assignment is announced to: the nearest head and
    safety officer over its unit, and its category's department."""
    from tongxin.people.selectors import holders_over

    return [
        *holders_over(hazard.unit_path, Role.DEPARTMENT_HEAD, nearest=True),
        *holders_over(hazard.unit_path, Role.SAFETY_OFFICER, nearest=True),
        *_category_office_holders(hazard),
    ]


def checkers_to_tell(hazard: Hazard) -> list[Person]:
    """Whom a rectified hazard is announced to for its re-check: the nearest of each
    kind the setting names for its severity (administrators are not told)."""
    from tongxin.people.selectors import holders_over

    people: list[Person] = []
    for kind in recheckers(hazard.severity):
        if kind == "reporter" and hazard.reported_by_id:
            people.append(hazard.reported_by)
        elif kind == "manager":
            people += assigners_to_tell(hazard)
        elif kind == "category_department":
            people += _category_office_holders(hazard)
        elif kind == "leadership":
            people += holders_over(hazard.unit_path, Role.LEADERSHIP)
        elif kind in ("safety_officer", "department_head"):
            role = Role.SAFETY_OFFICER if kind == "safety_officer" else Role.DEPARTMENT_HEAD
            people += holders_over(hazard.unit_path, role, nearest=True)
    unique = {p.pk: p for p in people if p is not None and p.pk != hazard.rectified_by_id}
    return list(unique.values())


def _same_mine(person: Person, hazard: Hazard) -> bool:
    from tongxin.people.selectors import mine_of

    if person.unit is None:
        return False
    return hazard.unit_path.startswith(mine_of(person.unit).path)


def is_union_supervisor(person: Person, hazard: Hazard) -> bool:
    return reach_of(person, {Role.UNION_CHAIR}).covers_path(hazard.unit_path)
