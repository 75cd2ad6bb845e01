"""Who may see and do what in care (SPEC §5): the one place.

Care is run by the union: union chairs (their union organisation's units) and the
administrators of a unit manage needs, service items, hardship files and assistance
there. Leadership members read the totals of their units, not the files. A worker sees
their own needs, the service items for them and their bookings; whoever owns a service
item sees and completes it. A grid member may record a need for a worker they cover.

Counselling is the counsellors' own: a `Counsellor` row makes a person one, and they
alone manage their slots and bookings. A counselling note is read by its counsellor
only — there is no role, superusers included, that reaches it (see
`selectors.note_for_counsellor`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from tongxin.core.access import fetch
from tongxin.grid import member as grid_member
from tongxin.people.models import Organisation, Person, Role
from tongxin.people.scoping import Reach, reach_of
from tongxin.people.selectors import ancestor_paths, mine_of

from .models import Booking, Counsellor, HardshipFile, Need, NeedSurvey, ServiceItem
from .workflow import Actor

MANAGER_ROLES = frozenset({Role.UNION_CHAIR, Role.ADMIN})
READER_ROLES = frozenset({Role.LEADERSHIP})


def manager_reach(person: Person) -> Reach:
    """The units whose care the person runs."""
    return reach_of(person, MANAGER_ROLES)


def totals_reach(person: Person) -> Reach:
    """The units whose totals the person may read (managers and leadership)."""
    return reach_of(person, MANAGER_ROLES | READER_ROLES)


def is_care_manager(person: Person) -> bool:
    return person.is_authenticated and not manager_reach(person).empty


def is_care_reader(person: Person) -> bool:
    return person.is_authenticated and not totals_reach(person).empty


def manages_path(person: Person, path: str | None) -> bool:
    return manager_reach(person).covers_path(path)


def manages_person(person: Person, subject: Person) -> bool:
    return subject.unit_id is not None and manager_reach(person).covers(subject.unit)


def may_collect_for(actor: Person, subject: Person) -> bool:
    """The worker themself, a care manager over them, or a grid member covering them."""
    if actor.pk == subject.pk:
        return True
    return manages_person(actor, subject) or grid_member.covers(actor, subject)


def in_unit_scope(person: Person | None, unit: Organisation) -> bool:
    """An owner for a unit's service item: an active person of the unit's mine."""
    return (
        person is not None
        and person.is_active
        and person.unit_id is not None
        and person.unit.path.startswith(mine_of(unit).path)
    )


# --- needs and service items -----------------------------------------------------------


def needs_managed_by(person: Person) -> QuerySet[Need]:
    if not person.is_authenticated:
        return Need.objects.none()
    reach = manager_reach(person)
    if reach.empty:
        return Need.objects.none()
    return Need.objects.filter(reach.q("org_path"))


def need_for_manager(person: Person, pk: int) -> Need:
    return fetch(
        needs_managed_by(person).select_related(
            "person__unit", "organisation", "survey", "collected_by"
        ),
        pk=pk,
    )


def items_visible_to(person: Person) -> QuerySet[ServiceItem]:
    """Items of the units the person runs, items they own, and items for them."""
    if not person.is_authenticated:
        return ServiceItem.objects.none()
    reach = manager_reach(person)
    if reach.everything:
        return ServiceItem.objects.all()
    condition = Q(owner=person) | Q(person=person)
    if not reach.empty:
        condition |= reach.q("org_path")
    return ServiceItem.objects.filter(condition)


def items_managed_by(person: Person) -> QuerySet[ServiceItem]:
    if not person.is_authenticated:
        return ServiceItem.objects.none()
    reach = manager_reach(person)
    if reach.empty:
        return ServiceItem.objects.none()
    return ServiceItem.objects.filter(reach.q("org_path"))


def item_for(person: Person, pk: int) -> ServiceItem:
    return fetch(
        items_visible_to(person).select_related(
            "person__unit", "organisation", "owner__unit", "need", "created_by"
        ),
        pk=pk,
    )


def may_manage_item(person: Person, item: ServiceItem) -> bool:
    return manages_path(person, item.org_path)


def may_complete_item(person: Person, item: ServiceItem) -> bool:
    return item.owner_id == person.pk or may_manage_item(person, item)


def actor_kinds(person: Person, record, **context) -> set[Actor]:
    """The capacities `person` holds on a need, service item, hardship file or booking,
    for the transition tables in workflow.py."""
    kinds: set[Actor] = set()
    if not person.is_authenticated:
        return kinds
    if isinstance(record, Booking):
        if record.person_id == person.pk:
            kinds.add(Actor.BOOKER)
        if record.slot.counsellor.person_id == person.pk:
            kinds.add(Actor.COUNSELLOR)
        return kinds
    if manages_path(person, record.org_path):
        kinds.add(Actor.MANAGER)
    if isinstance(record, ServiceItem) and record.owner_id == person.pk:
        kinds.add(Actor.OWNER)
    return kinds


# --- surveys ------------------------------------------------------------------------------


def surveys_managed_by(person: Person) -> QuerySet[NeedSurvey]:
    reach = manager_reach(person) if person.is_authenticated else Reach()
    if reach.empty:
        return NeedSurvey.objects.none()
    return NeedSurvey.objects.filter(reach.q("org_path"))


def open_surveys_for(person: Person, on=None) -> QuerySet[NeedSurvey]:
    """Surveys open today over the person's unit (the unit or one above it)."""
    if person.unit_id is None:
        return NeedSurvey.objects.none()
    on = on or timezone.localdate()
    return NeedSurvey.objects.filter(
        org_path__in=ancestor_paths(person.unit.path), opens_on__lte=on, closes_on__gte=on
    ).order_by("closes_on", "pk")


# --- hardship files and assistance ------------------------------------------------------------


def files_managed_by(person: Person) -> QuerySet[HardshipFile]:
    if not person.is_authenticated:
        return HardshipFile.objects.none()
    reach = manager_reach(person)
    if reach.empty:
        return HardshipFile.objects.none()
    return HardshipFile.objects.filter(reach.q("org_path"))


def file_for_manager(person: Person, pk: int) -> HardshipFile:
    return fetch(
        files_managed_by(person).select_related("person__unit", "organisation", "created_by"),
        pk=pk,
    )


# --- counselling ----------------------------------------------------------------------------


def counsellor_of(person: Person) -> Counsellor | None:
    """The person's own active counsellor row, if they are one (cached per request)."""
    if not person.is_authenticated:
        return None
    cached = getattr(person, "_counsellor_cache", False)
    if cached is False:
        cached = (
            Counsellor.objects.filter(person=person, is_active=True)
            .select_related("organisation")
            .first()
        )
        person._counsellor_cache = cached
    return cached


def counsellors_for(person: Person) -> QuerySet[Counsellor]:
    """Active counsellors whose service area takes in the person's unit."""
    if not person.is_authenticated or person.unit_id is None:
        return Counsellor.objects.none()
    return Counsellor.objects.filter(
        is_active=True, organisation__path__in=ancestor_paths(person.unit.path)
    ).exclude(person=person)


def may_book_with(person: Person, counsellor: Counsellor) -> bool:
    return (
        counsellor.is_active
        and counsellor.person_id != person.pk
        and person.unit_id is not None
        and person.unit.path.startswith(counsellor.organisation.path)
    )
