"""Who may see a case and who may act on it: the one place voice answers these.

Staff see the cases of the units their intake roles reach (union chairs, branch
secretaries, administrators, and leadership, who watch); a department sees only the
cases assigned to it; a handler the cases they are named on. A worker sees their own
cases; an anonymous submitter reaches theirs only with the receipt code.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tongxin.core.access import fetch
from tongxin.core.anonymous.receipts import receipt_hash
from tongxin.people.models import Organisation, Person, Role, Tree
from tongxin.people.scoping import has_role, reach_of

from .models import Case
from .workflow import Actor

OFFICER_ROLES = frozenset({Role.UNION_CHAIR, Role.BRANCH_SECRETARY, Role.ADMIN})
WATCH_ROLES = frozenset({Role.LEADERSHIP})
# Forum meetings (职工座谈会) are the union's: only its chairs (and administrators) enter them.
FORUM_ROLES = frozenset({Role.UNION_CHAIR, Role.ADMIN})


def cases_visible_to(person: Person) -> QuerySet[Case]:
    """Every case the person may open on the staff side.

    Each condition is written so that PostgreSQL can answer it from an index: the
    unit reach as prefixes of `org_path`, a department head's departments as ids (a
    handful, looked up first), and the handler condition only for people who handle
    something. Leadership watching a reopened case needs no condition of its own: the
    watching mine is the case's own mine, already in their reach.
    """
    if not person.is_authenticated:
        return Case.objects.none()
    condition = Q(pk__in=[])
    intake = reach_of(person, OFFICER_ROLES | WATCH_ROLES)
    if not intake.empty:
        condition |= intake.q("org_path")
    departments = reach_of(person, {Role.DEPARTMENT_HEAD})
    if not departments.empty:
        ids = list(
            Organisation.objects.filter(departments.q("path"), tree=Tree.UNIT).values_list(
                "pk", flat=True
            )[:5000]
        )
        condition |= Q(department_id__in=ids)
    if intake.everything:
        return Case.objects.all()
    if handles_cases(person):
        condition |= Q(handler=person)
    return Case.objects.filter(condition)


def handles_cases(person: Person) -> bool:
    """Whether the person is named handler on any case; asked once per request (the
    navigation, the home page and the inbox all ask)."""
    cached = getattr(person, "_handles_cases", None)
    if cached is None:
        cached = Case.objects.filter(handler=person).exists()
        person._handles_cases = cached
    return cached


def is_voice_staff(person: Person) -> bool:
    return has_role(person, *(OFFICER_ROLES | WATCH_ROLES | {Role.DEPARTMENT_HEAD})) or (
        person.is_authenticated and handles_cases(person)
    )


def case_for_staff(person: Person, pk: int) -> Case:
    return fetch(
        cases_visible_to(person).select_related(
            "category", "organisation", "department", "handler", "submitter", "entered_by"
        ),
        pk=pk,
    )


def cases_owned_by(person: Person) -> QuerySet[Case]:
    return Case.objects.filter(Q(submitter=person) | Q(entered_by=person, submitter__isnull=True))


def case_for_owner(person: Person, pk: int) -> Case:
    return fetch(
        cases_owned_by(person).select_related("category", "organisation", "department"), pk=pk
    )


def case_for_receipt(code: str) -> Case | None:
    digest = receipt_hash(code)
    if digest is None:
        return None
    return (
        Case.objects.select_related("category", "organisation", "department")
        .filter(receipt_hash=digest)
        .first()
    )


def actor_kinds(person: Person | None, case: Case, *, receipt_ok: bool = False) -> set[Actor]:
    """What capacities `person` acts in on `case` (see workflow.Actor)."""
    kinds: set[Actor] = set()
    if receipt_ok:
        kinds.add(Actor.OWNER)
    if person is None or not person.is_authenticated:
        return kinds
    if not case.is_anonymous and person.pk in (case.submitter_id, case.entered_by_id):
        if case.submitter_id == person.pk or case.submitter_id is None:
            kinds.add(Actor.OWNER)
    if reach_of(person, OFFICER_ROLES).covers_path(case.org_path):
        kinds.add(Actor.OFFICER)
    if case.department_id is not None:
        if case.handler_id == person.pk or reach_of(person, {Role.DEPARTMENT_HEAD}).covers(
            case.department
        ):
            kinds.add(Actor.DEPARTMENT)
    return kinds


HANDLER_PICKER = "voice.handler"


def handler_department(person: Person, pk: int):
    """The department whose handler an officer is choosing (core.pickers): any unit, as
    the assignment offers; 404 for someone who does not work on cases."""
    department = Organisation.objects.filter(pk=pk, tree=Tree.UNIT).first()
    if department is None or not is_voice_staff(person):
        raise Http404
    return department


def department_handlers(department) -> QuerySet[Person]:
    """Who may handle a case assigned to `department`: its active people (the services
    refuse anyone else, services.assignment)."""
    return Person.objects.filter(is_active=True, unit__path__startswith=department.path)
