"""Who is where in the Party tree, for every part of learning.

Learning's records belong to Party organisations (a branch's meetings, its members'
study and points), so scope here is a prefix of the Party tree's paths, where the
rest of the platform scopes by the unit tree (people.scoping). A branch secretary
reaches their branch; a general branch's secretary the branches under it; the mine's
leadership and administrator every Party organisation attached to a unit they reach
(the mine's committee, so the whole mine)."""

from __future__ import annotations

from django.db.models import Q

from tongxin.people.models import Organisation, OrgKind, Role, Tree
from tongxin.people.scoping import Reach, minimal_prefixes, reach_of, role_assignments
from tongxin.people.selectors import ancestor_paths

# Unit-tree roles whose holders oversee the Party organisations of the units they reach.
OVERSEERS = frozenset({Role.LEADERSHIP, Role.ADMIN})
_MISSING = object()


def branch_of(person) -> Organisation | None:
    """The Party branch the person belongs to: their Party organisation or the branch
    above their Party group. Kept on the person (a request asks it several times)."""
    # getattr, not person.__dict__: request.user is a SimpleLazyObject, whose own
    # __dict__ never holds what was set on the person it wraps.
    cached = getattr(person, "_branch_cache", _MISSING)
    if cached is not _MISSING:
        return cached
    branch = None
    if getattr(person, "party_org_id", None):
        org = person.party_org
        branch = (
            Organisation.objects.filter(
                tree=Tree.PARTY, path__in=ancestor_paths(org.path), kind=OrgKind.BRANCH
            )
            .order_by("-depth")
            .first()
        )
    person._branch_cache = branch
    return branch


def party_path_of(person) -> str:
    """The path a study or points row carries: the person's own Party organisation (their
    Party group if they are in one), so that a group's figures count its rows and a
    branch's, by prefix, its groups' too. Course completions carry the same."""
    return person.party_org.path if getattr(person, "party_org_id", None) else ""


def branch_path_of(person) -> str:
    branch = branch_of(person)
    if branch is not None:
        return branch.path
    return person.party_org.path if getattr(person, "party_org_id", None) else ""


def party_reach(person) -> Reach:
    """The Party-tree path prefixes the person's offices reach (empty for everyone
    else). Prefixes, as people.scoping's Reach: `reach.q("org_path")` scopes a query."""
    if not person.is_authenticated:
        return Reach()
    cached = getattr(person, "_party_reach", None)
    if cached is not None:
        return cached
    if person.is_superuser:
        reach = Reach(everything=True)
    else:
        prefixes = [
            a.organisation.path
            for a in role_assignments(person)
            if a.role == Role.BRANCH_SECRETARY and a.organisation.tree == Tree.PARTY
        ]
        units = reach_of(person, OVERSEERS)
        if not units.empty:
            prefixes += Organisation.objects.filter(
                units.q("unit__path"), tree=Tree.PARTY
            ).values_list("path", flat=True)
        reach = Reach(prefixes=minimal_prefixes(prefixes))
    person._party_reach = reach
    return reach


def branches_visible_to(person):
    """The branches whose meetings, study and points the person may see as an officer."""
    reach = party_reach(person)
    return Organisation.objects.filter(reach.q("path"), tree=Tree.PARTY, kind=OrgKind.BRANCH)


def is_party_officer(person) -> bool:
    """Whether the person holds a Party office that the 三会一课 desk serves: a branch
    secretary, or the mine's leadership and administrator (who oversee every branch of
    their units). Answered from the role assignments the request already holds, because
    it decides a menu item on every page; the desk itself scopes by `party_reach`."""
    if not person.is_authenticated:
        return False
    if person.is_superuser:
        return True
    return any(
        (a.role == Role.BRANCH_SECRETARY and a.organisation.tree == Tree.PARTY)
        or a.role in OVERSEERS
        for a in role_assignments(person)
    )


def setup_reach(person) -> Reach:
    """The unit-tree prefixes (mines) whose learning set-up the person edits: the Party
    committee's, held by the mine's leadership and administrator, or by a secretary of a
    Party committee (over the units the committee hangs on)."""
    if not person.is_authenticated:
        return Reach()
    if person.is_superuser:
        return Reach(everything=True)
    prefixes = list(reach_of(person, OVERSEERS).prefixes)
    prefixes += [
        a.organisation.unit.path
        for a in role_assignments(person)
        if a.role == Role.BRANCH_SECRETARY
        and a.organisation.kind == OrgKind.PARTY_COMMITTEE
        and a.organisation.unit_id
    ]
    return Reach(prefixes=minimal_prefixes(prefixes))


def edits_learning_setup(person, org_path: str | None = None) -> bool:
    """Whether the person edits learning's set-up (point rules, meeting types, the
    library's modules): anywhere (for showing the menu), or of the mine at `org_path`."""
    reach = setup_reach(person)
    if org_path is None:
        return not reach.empty
    return reach.covers_path(org_path)


edits_point_rules = edits_learning_setup


def members_q(branch_path: str) -> Q:
    """People of a branch, its Party groups included (a filter on Person)."""
    return Q(party_org__path__startswith=branch_path, is_active=True)
