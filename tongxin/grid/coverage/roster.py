"""Who covers one person, who is who in a branch (the roster every assignment is checked
against), and an even split of a crew's uncovered workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone

from tongxin.people.models import (
    PARTY_STATUSES,
    Organisation,
    OrgKind,
    Person,
    Role,
    RoleAssignment,
    Tree,
)
from tongxin.people.selectors import holders_over

from ..models import GridLink, Level
from ..periods import current_q
from .common import branch_units, deeper_branch_units, not_party

# Posts of a district's or department's head (科队长), who runs the second level with
# the secretary. Deputies (副队长) are cadres, not heads.
HEAD_POSTS = ("队长", "区长", "科长", "主任", "部长", "处长", "经理")
# A crew leader's post contains this (班长, 副班长).
CREW_LEADER_POST = "班长"


# --- one person -------------------------------------------------------------------------------


def covered_by(member: Person, on: date | None = None) -> QuerySet[Person]:
    """The workers `member` covers (current 党员包职工 links), by unit and 工号."""
    ids = GridLink.objects.filter(
        current_q(on), responsible=member, level=Level.MEMBER_WORKER
    ).values("person_id")
    people = Person.objects.filter(pk__in=ids).select_related("unit")
    return people.order_by("unit__path", "employee_no")


def covering_member(person: Person, on: date | None = None) -> Person | None:
    """Who covers this person: the Party member for a worker (党员包职工), the cadre for
    a Party member (队干包党员); the other level when that one has no link."""
    levels = [Level.MEMBER_WORKER, Level.CADRE_MEMBER]
    if person.is_party_member:
        levels.reverse()
    links = {
        link.level: link
        for link in GridLink.objects.filter(
            current_q(on), person=person, level__in=levels
        ).select_related("responsible")
    }
    for level in levels:
        if level in links:
            return links[level].responsible
    return None


def workers_of(branch: Organisation) -> QuerySet[Person]:
    """The branch's workers: active, not Party members, in the branch's units."""
    units = branch_units(branch, deeper_branch_units(branch))
    return Person.objects.filter(not_party(), unit_id__in=units, is_active=True)


def members_of(branch: Organisation) -> QuerySet[Person]:
    """The branch's Party members: active, Party status, Party organisation in the branch."""
    parties = Organisation.objects.filter(path__startswith=branch.path).values("pk")
    return Person.objects.filter(
        party_org_id__in=parties, political_status__in=PARTY_STATUSES, is_active=True
    )


@dataclass
class BranchRoster:
    """The people of one branch by their part in the network; a few queries, then sets.

    Used to check an assignment (one, a crew's split, or a whole file) and to fill the
    pickers of the branch's network page.
    """

    branch: Organisation
    people: dict[int, Person]
    workers: set[int]
    members: set[int]
    cadres: set[int]
    crew_leaders: set[int]
    heads: set[int]
    leaders: set[int]

    def responsible_for(self, level: str) -> set[int]:
        return {
            Level.LEADER_BRANCH: self.leaders,
            Level.SECRETARY_CADRE: self.heads,
            Level.CADRE_MEMBER: self.cadres,
            Level.MEMBER_WORKER: self.members,
        }[level]

    def covered_at(self, level: str) -> set[int]:
        return {
            Level.LEADER_BRANCH: set(),
            Level.SECRETARY_CADRE: self.cadres,
            Level.CADRE_MEMBER: self.crew_leaders | self.members,
            Level.MEMBER_WORKER: self.workers,
        }[level]

    def choices(self, ids: set[int]) -> list[Person]:
        return sorted(
            (self.people[pk] for pk in ids),
            key=lambda p: (p.unit.path if p.unit else "", p.employee_no),
        )


def branch_roster(branch: Organisation) -> BranchRoster:
    """Who in the branch may be responsible or covered at each level (about five queries).

    - workers: see `workers_of`; members: see `members_of`;
    - cadres (队干): active people in the branch's units above crew level;
    - crew leaders: active people in the branch's units whose post names 班长;
    - heads: the branch's secretaries and the head (HEAD_POSTS) of the branch's unit;
    - leaders: leadership members whose office reaches the branch's unit (the mine's 班子).
    """
    deeper = deeper_branch_units(branch)
    active = Person.objects.filter(is_active=True).select_related("unit", "party_org")
    # Two indexed reads rather than one OR that would scan everyone.
    people = {p.pk: p for p in active.filter(unit_id__in=branch_units(branch, deeper))}
    people.update(
        {
            p.pk: p
            for p in active.filter(
                party_org_id__in=Organisation.objects.filter(path__startswith=branch.path).values(
                    "pk"
                ),
                political_status__in=PARTY_STATUSES,
            )
        }
    )
    secretaries = set(
        RoleAssignment.objects.filter(
            role=Role.BRANCH_SECRETARY, organisation=branch, person__is_active=True
        ).values_list("person_id", flat=True)
    )
    leaders = {p.pk: p for p in holders_over(branch.unit.path, Role.LEADERSHIP)}
    for extra in (secretaries - people.keys(), leaders.keys() - people.keys()):
        if extra:
            people.update(
                {
                    p.pk: p
                    for p in Person.objects.filter(pk__in=extra, is_active=True).select_related(
                        "unit", "party_org"
                    )
                }
            )

    def local(p: Person) -> bool:
        return (
            p.unit is not None
            and p.unit.path.startswith(branch.unit.path)
            and not any(p.unit.path.startswith(d) for d in deeper)
        )

    workers, members, cadres, crew_leaders, heads = set(), set(), set(), set(), set()
    for pk, p in people.items():
        if (
            p.is_party_member
            and p.party_org is not None
            and p.party_org.path.startswith(branch.path)
        ):
            members.add(pk)
        if not local(p):
            continue
        if not p.is_party_member:
            workers.add(pk)
        if p.unit.kind != OrgKind.CREW:
            cadres.add(pk)
        if CREW_LEADER_POST in p.post:
            crew_leaders.add(pk)
        if p.unit_id == branch.unit_id and p.post in HEAD_POSTS:
            heads.add(pk)
    heads |= secretaries & people.keys()
    return BranchRoster(
        branch=branch,
        people=people,
        workers=workers,
        members=members,
        cadres=cadres,
        crew_leaders=crew_leaders,
        heads=heads,
        leaders=set(leaders) & people.keys(),
    )


# --- a crew: even split -----------------------------------------------------------------------


def crews_of(branch: Organisation) -> list[Organisation]:
    """The crews in the branch's units (for the split page)."""
    deeper = deeper_branch_units(branch)
    crews = Organisation.objects.filter(
        tree=Tree.UNIT, kind=OrgKind.CREW, is_active=True, path__startswith=branch.unit.path
    ).order_by("path")
    for path in deeper:
        crews = crews.exclude(path__startswith=path)
    return list(crews)


def split_proposal(crew: Organisation, roster: BranchRoster, on: date | None = None) -> dict:
    """An even split of the crew's uncovered workers over the crew's Party members.

    Round robin: workers in 工号 order, members starting with whoever covers fewest now
    (then by 工号). A crew without Party members gets no proposal. Returns
    {worker id: member id}.
    """
    on = on or timezone.localdate()
    in_crew = [pk for pk in roster.workers if roster.people[pk].unit.path.startswith(crew.path)]
    covered = set(
        GridLink.objects.filter(
            current_q(on), person_id__in=in_crew, level=Level.MEMBER_WORKER
        ).values_list("person_id", flat=True)
    )
    workers = sorted(
        (pk for pk in in_crew if pk not in covered), key=lambda pk: roster.people[pk].employee_no
    )
    crew_members = [
        pk
        for pk in roster.members
        if roster.people[pk].unit is not None and roster.people[pk].unit.path.startswith(crew.path)
    ]
    if not workers or not crew_members:
        return {}
    load = dict(
        GridLink.objects.filter(
            current_q(on), responsible_id__in=crew_members, level=Level.MEMBER_WORKER
        )
        .values("responsible_id")
        .annotate(n=Count("pk"))
        .values_list("responsible_id", "n")
    )
    crew_members.sort(key=lambda pk: (load.get(pk, 0), roster.people[pk].employee_no))
    return {worker: crew_members[i % len(crew_members)] for i, worker in enumerate(workers)}
