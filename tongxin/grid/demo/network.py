"""The four-level network of every branch.

Each secretary imports the branch's sheet of links (services.network.links_import: the
leadership member who links to the branch, secretary and team head → cadres, cadres →
crew leaders and Party members, Party members → the workers of their crews); in
综采一队 and one other branch the crews are split among their Party members on the
split page instead (crew_split). A few workers are left uncovered, a couple of Party
members cover nobody and one covers too many, so the coverage pages have something to
show; some links were handed over last quarter (link_move) when people moved, so the
history has both.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.files.uploadedfile import SimpleUploadedFile

from tongxin.people.models import Organisation, OrgKind, Person

from ..models import GridLink, Level
from ..services import network
from .context import MAX_COVERED, Branch, Seeder


def build(seeder: Seeder) -> None:
    """Every branch's sheet of links imported by its secretary; in 综采一队 and one
    other branch the crews are split on the split page instead (crew_split)."""
    actor = seeder.admin or seeder.logins.get("demo08")
    others = [b for b in seeder.branches if not b.is_demo and b.crews]
    split = {b.org.pk for b in seeder.rng.sample(others, min(1, len(others)))}
    for i, branch in enumerate(seeder.branches):
        manager = branch.secretary or actor
        rows = []
        if seeder.leaders:
            leader = seeder.leaders[i % len(seeder.leaders)]
            if branch.is_demo and "demo06" in seeder.logins:
                leader = seeder.logins["demo06"]
            rows.append((leader, None, Level.LEADER_BRANCH))
        rows += upper_levels(seeder, branch)
        plan = split_plan(seeder, branch)
        by_crew = branch.is_demo or branch.org.pk in split
        if not by_crew:
            people = branch.roster.people
            rows += [
                (people[member], people[worker], Level.MEMBER_WORKER)
                for pairs in plan.values()
                for worker, member in pairs.items()
            ]
        import_sheet(seeder, branch, manager, rows)
        if by_crew:
            for crew in [*branch.crews, branch.org.unit]:
                if plan.get(crew.pk):
                    network.crew_split(
                        actor=manager, crew=crew, assignments=plan[crew.pk],
                        starts_on=seeder.start,
                    )  # fmt: skip
    history(seeder, actor)


def import_sheet(seeder: Seeder, branch: Branch, manager: Person, rows: list) -> None:
    """The branch's 网格联系名单 as a CSV file, through links_import."""
    if not rows:
        return
    lines = ["责任人工号,联系对象工号,层级,生效日期"]
    for responsible, person, level in rows:
        covered = person.employee_no if person is not None else ""
        lines.append(f"{responsible.employee_no},{covered},{level.label},{seeder.start}")
    upload = SimpleUploadedFile(
        f"{branch.org.name}网格联系名单.csv",
        ("\n".join(lines) + "\n").encode("utf-8-sig"),
        content_type="text/csv",
    )
    result = network.links_import(actor=manager, branch=branch.org, upload=upload)
    if result["errors"]:
        raise RuntimeError(f"{branch.org.name}: {result['errors'][:3]}")


def upper_levels(seeder: Seeder, branch: Branch) -> list[tuple[Person, Person, Level]]:
    """Levels two and three: secretary and team head → cadres, cadres → crew leaders
    and Party members (each cadre takes whole crews)."""
    roster = branch.roster
    people = roster.people
    unit = branch.org.unit
    heads = sorted(roster.heads, key=lambda pk: people[pk].employee_no)
    local_cadres = [
        pk
        for pk in sorted(roster.cadres - roster.heads, key=lambda pk: people[pk].employee_no)
        if people[pk].unit_id == unit.pk
    ]
    if unit.kind == OrgKind.DEPARTMENT:
        # A department's 队干 are its deputies and its union chair.
        local_cadres = [
            pk for pk in local_cadres if people[pk].post.startswith("副")
            or people[pk].post == "分工会主席"
        ] or local_cadres[:1]  # fmt: skip
    rows = []
    for k, pk in enumerate(local_cadres):
        if heads:
            rows.append((people[heads[k % len(heads)]], people[pk], Level.SECRETARY_CADRE))
    # Cadres who cover crew leaders and Party members: the deputies first.
    covering = [pk for pk in local_cadres if people[pk].post.startswith("副")] or local_cadres
    covering = covering or [pk for pk in heads if people[pk].post != "党支部书记"] or heads
    if not covering:
        return rows
    skip = set(heads) | set(local_cadres)
    covered = sorted(
        ((roster.crew_leaders | roster.members) - skip),
        key=lambda pk: (
            people[pk].unit.path if people[pk].unit else "",
            people[pk].employee_no,
        ),
    )
    crew_index = {c.pk: i for i, c in enumerate(branch.crews)}
    for pk in covered:
        person = people[pk]
        index = crew_index.get(person.unit_id, 0)
        cadre = covering[index % len(covering)]
        if cadre == pk:
            cadre = covering[(index + 1) % len(covering)]
            if cadre == pk:
                continue
        rows.append((people[cadre], person, Level.CADRE_MEMBER))
        seeder.cadre_of[pk] = cadre
    return rows


def split_plan(seeder: Seeder, branch: Branch) -> dict[int, dict[int, int]]:
    """Each crew's workers shared among its Party members (at most eight each), the
    rest to Party members of the district with room; {crew (or unit) pk: {worker:
    member}}. 综采一队 keeps its gaps: three workers uncovered, a Party member who
    covers nobody, one who covers too many; now and then another branch has a gap."""
    roster = branch.roster
    people = roster.people
    rng = seeder.rng
    unit = branch.org.unit
    demo01, demo02 = seeder.logins.get("demo01"), seeder.logins.get("demo02")
    busy = set(roster.heads) | set(seeder.cadre_of.values())
    members = [
        pk
        for pk in sorted(roster.members, key=lambda pk: people[pk].employee_no)
        if people[pk].unit is not None and people[pk].unit.path.startswith(unit.path)
    ]

    def in_crew(pk: int, crew: Organisation) -> bool:
        if crew is unit:
            return people[pk].unit_id == unit.pk
        return people[pk].unit.path.startswith(crew.path)

    by_crew: dict[int, list[int]] = defaultdict(list)
    staff_members = []
    for pk in members:
        crew = next((c for c in branch.crews if in_crew(pk, c)), None)
        if crew is not None:
            by_crew[crew.pk].append(pk)
        elif pk not in busy:
            staff_members.append(pk)
    idle: set[int] = set()
    overload: int | None = None
    gaps = 0
    if branch.is_demo:
        crew_members = [pk for c in branch.crews for pk in by_crew[c.pk]]
        spare = [pk for pk in crew_members if demo02 is None or pk != demo02.pk]
        if len(spare) >= 2:
            idle.add(spare[-1])
            overload = spare[0]
        gaps = 3
    elif rng.random() < 0.15:
        gaps = 1
    plan: dict[int, dict[int, int]] = {}
    overflow: list[tuple[int, int]] = []  # (crew pk, worker)
    for crew in [*branch.crews, unit]:
        workers = sorted(
            (pk for pk in roster.workers if people[pk].unit is not None and in_crew(pk, crew)),
            key=lambda pk: people[pk].employee_no,
        )
        candidates = [
            pk for pk in (by_crew[crew.pk] if crew is not unit else staff_members)
            if pk not in idle
        ]  # fmt: skip
        plan[crew.pk] = {}
        for worker in workers:
            if demo01 is not None and demo02 is not None and worker == demo01.pk:
                member = demo02.pk
            elif (
                overload is not None
                and crew is not unit
                and len(seeder.covers[overload]) < MAX_COVERED + 2
            ):
                member = overload
            else:
                room = sorted(
                    (pk for pk in candidates if len(seeder.covers[pk]) < MAX_COVERED),
                    key=lambda pk: len(seeder.covers[pk]),
                )
                member = room[0] if room else None
            if member is None:
                overflow.append((crew.pk, worker))
                continue
            plan[crew.pk][worker] = member
            seeder.covers[member].append(worker)
    # Overflow: Party members of the district's other crews with room.
    pool = [pk for pk in members if pk not in idle and pk not in roster.heads]
    for crew_pk, worker in overflow:
        room = sorted(
            (pk for pk in pool if len(seeder.covers[pk]) < MAX_COVERED),
            key=lambda pk: len(seeder.covers[pk]),
        )
        if room:
            plan[crew_pk][worker] = room[0]
            seeder.covers[room[0]].append(worker)
    protected = {p.pk for p in (demo01, demo02) if p is not None} | {overload}
    assigned = [
        (crew_pk, worker)
        for crew_pk, pairs in plan.items()
        for worker, member in pairs.items()
        if worker not in protected and member not in protected
    ]
    for crew_pk, worker in rng.sample(assigned, min(gaps, len(assigned))):
        member = plan[crew_pk].pop(worker)
        seeder.covers[member].remove(worker)
    for pk in [*members, *roster.workers]:
        seeder.branch_of_person[pk] = branch
    return plan


def history(seeder: Seeder, actor: Person) -> None:
    """Last quarter some links were handed over when people moved (调岗、调班)."""
    rng = seeder.rng
    demo01, demo02 = seeder.logins.get("demo01"), seeder.logins.get("demo02")
    protected = {p.pk for p in (demo01, demo02) if p is not None}
    links = list(
        GridLink.objects.filter(
            level=Level.MEMBER_WORKER, ends_on__isnull=True, branch__in=[
                b.org for b in seeder.branches]
        ).select_related("person__unit", "responsible__unit", "branch")
    )  # fmt: skip
    rng.shuffle(links)
    moved = 0
    demo_moved = 0
    for link in links:
        if moved >= 6:
            break
        if link.person_id in protected or link.responsible_id in protected:
            continue
        branch = seeder.branch_of_person.get(link.person_id)
        if branch is None:
            continue
        if branch.is_demo and demo_moved >= 2:
            continue
        crew_mates = [
            pk
            for pk in seeder.covers
            if pk != link.responsible_id
            and pk not in protected
            and pk in branch.roster.members
            and 0 < len(seeder.covers[pk]) < MAX_COVERED
            and branch.roster.people[pk].unit_id == link.person.unit_id
        ]
        if not crew_mates:
            continue
        new = rng.choice(crew_mates)
        network.link_move(
            actor=branch.secretary or actor,
            link_id=link.pk,
            responsible=branch.roster.people[new],
            starts_on=seeder.day_in(seeder.move_day, seeder.lq_end),
        )
        seeder.covers[link.responsible_id].remove(link.person_id)
        seeder.covers[new].append(link.person_id)
        moved += 1
        demo_moved += branch.is_demo
    # One leadership member handed a branch to another.
    if len(seeder.leaders) > 1 and len(seeder.branches) > 2:
        link = GridLink.objects.filter(
            level=Level.LEADER_BRANCH, branch=seeder.branches[-1].org, ends_on__isnull=True
        ).first()
        others = [p for p in seeder.leaders if link is not None and p.pk != link.responsible_id]
        if link is not None and others:
            network.link_move(
                actor=actor, link_id=link.pk, responsible=others[-1], starts_on=seeder.move_day
            )
