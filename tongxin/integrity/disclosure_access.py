"""Who reads a disclosure, who publishes in a category and answers its questions, and
who oversees the questions (the union's democratic management officer: the union
chair whose union hangs on the category's unit or one above it)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from tongxin.core.access import fetch
from tongxin.core.registry import day_bounds
from tongxin.people.models import Role
from tongxin.people.scoping import has_role, reach_of, role_assignments
from tongxin.people.selectors import ancestor_paths

from .models import Comment, Disclosure, DisclosureCategory

PUBLISHER_ROLES = (Role.LEADERSHIP, Role.ADMIN)
# A disclosure is "new" to its readers for this many days after it is published.
NEW_DAYS = 30


def _office_paths(person) -> set[str]:
    """Offices the person heads (a category's office publishes it)."""
    return {
        ra.organisation.path for ra in role_assignments(person) if ra.role == Role.DEPARTMENT_HEAD
    }


def _union_paths(person) -> list[str]:
    """Unit paths the person's union-chair offices hang on."""
    return [
        ra.organisation.unit.path
        for ra in role_assignments(person)
        if ra.role == Role.UNION_CHAIR and ra.organisation.unit_id
    ]


def categories_managed_by(person) -> QuerySet[DisclosureCategory]:
    if not getattr(person, "is_authenticated", False):
        return DisclosureCategory.objects.none()
    reach = reach_of(person, PUBLISHER_ROLES)
    seen = Q(office__path__in=_office_paths(person))
    if not reach.empty:
        seen |= reach.q("org_path")
    return DisclosureCategory.objects.filter(seen)


def categories_overseen_by(person) -> QuerySet[DisclosureCategory]:
    """The categories whose questions the union officer sees (all, answered or not)."""
    paths = _union_paths(person)
    if not paths:
        return DisclosureCategory.objects.none()
    q = Q()
    for path in paths:
        q |= Q(org_path__startswith=path)
    return DisclosureCategory.objects.filter(q)


def is_disclosure_staff(person) -> bool:
    return bool(_office_paths(person) or _union_paths(person) or has_role(person, *PUBLISHER_ROLES))


def disclosures_for(person) -> QuerySet[Disclosure]:
    if not getattr(person, "is_authenticated", False):
        return Disclosure.objects.none()
    seen = Q(category__in=categories_managed_by(person)) | Q(
        category__in=categories_overseen_by(person)
    )
    if person.unit_id:
        seen |= Q(audience_path__in=ancestor_paths(person.unit.path))
    return Disclosure.objects.filter(seen)


def unread_by(person, today: date) -> QuerySet[Disclosure]:
    """New disclosures to the person's own audience (their unit or one above) that
    they have not opened: the home panel's count and the list it links to."""
    if not getattr(person, "is_authenticated", False) or not person.unit_id:
        return Disclosure.objects.none()
    since, _end = day_bounds(today - timedelta(days=NEW_DAYS - 1), today)
    return Disclosure.objects.filter(
        audience_path__in=ancestor_paths(person.unit.path), published_at__gte=since
    ).exclude(reads__person=person)


def disclosure_for(person, pk: int) -> Disclosure:
    return fetch(disclosures_for(person).select_related("category", "audience"), pk=pk)


def may_publish(person, category: DisclosureCategory) -> bool:
    return categories_managed_by(person).filter(pk=category.pk).exists()


def comments_handled_by(person) -> QuerySet[Comment]:
    """Comments the person moderates and answers (the publishing office)."""
    return Comment.objects.filter(disclosure__category__in=categories_managed_by(person))


def comments_overseen_by(person) -> QuerySet[Comment]:
    return Comment.objects.filter(
        Q(disclosure__category__in=categories_managed_by(person))
        | Q(disclosure__category__in=categories_overseen_by(person))
    )
