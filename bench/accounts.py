"""Pick the staff accounts the simulated users sign in as, and what each will search for.

Run inside the benchmark's environment (DATABASE_URL set), after seed_demo --bench-logins:

    python bench/accounts.py var/bench/accounts.json [--expect-people 100000]

Accounts come in three tiers by how much of the roll they reach, because that is what
a people-list query costs: `branch` (branch secretaries, sub-union chairs, department
heads: one district, ~100 people), `mine` (leadership, inspectors, the mine's
administrator and union chair: ~4,000) and `group` (the group administrator: everyone).
Search terms are taken from people inside each account's reach, so searches find
someone, as they do in real use. The sample is deterministic (every n-th, no random).
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from tongxin.people import selectors  # noqa: E402
from tongxin.people.models import OrgKind, Person, Role  # noqa: E402

PER_TIER = {"branch": 60, "mine": 30, "group": 5}
TERMS_PER_ACCOUNT = 8


def tier_of(person: Person) -> str | None:
    kinds = {a.organisation.kind for a in person.roles.all()}
    roles = {a.role for a in person.roles.all()}
    if OrgKind.GROUP in kinds or OrgKind.COMPANY in kinds:
        return "group"
    if OrgKind.MINE in kinds or (Role.UNION_CHAIR in roles and OrgKind.UNION in kinds):
        return "mine"
    if kinds & {OrgKind.BRANCH, OrgKind.SUB_UNION, OrgKind.DEPARTMENT}:
        return "branch"
    return None


def every_nth(items: list, count: int) -> list:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def search_terms(viewer: Person, visible: int) -> dict:
    people = selectors.people_visible_to(viewer).order_by("employee_no")
    picks = []
    for i in range(TERMS_PER_ACCOUNT):
        offset = (i * 7919) % visible
        picks.append(people.values_list("name", "employee_no", "name_initials")[offset])
    return {
        "names": [name for name, _no, _ini in picks],
        # A 工号 prefix two digits short of the whole number: up to a hundred matches.
        "prefixes": [no[:-2] for _name, no, _ini in picks],
        "initials": [ini for _name, _no, ini in picks],
    }


def main(path: str, expect_people: int | None) -> None:
    staff = (
        Person.objects.filter(roles__isnull=False, is_active=True)
        .distinct()
        .order_by("employee_no")
        .prefetch_related("roles__organisation")
    )
    tiers: dict[str, list[Person]] = {tier: [] for tier in PER_TIER}
    for person in staff:
        tier = tier_of(person)
        if tier:
            tiers[tier].append(person)
    accounts = []
    for tier, people in tiers.items():
        for person in every_nth(people, PER_TIER[tier]):
            if not person.has_usable_password():
                sys.exit(
                    f"{person.employee_no} has no password: seed with "
                    "seed_demo --bench-logins (bench/run.sh --reseed)"
                )
            visible = selectors.people_visible_to(person).count()
            accounts.append(
                {
                    "employee_no": person.employee_no,
                    "tier": tier,
                    "visible": visible,
                    **search_terms(person, visible),
                }
            )
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(accounts, ensure_ascii=False, indent=1))
    counts = {tier: sum(1 for a in accounts if a["tier"] == tier) for tier in PER_TIER}
    people = Person.objects.count()
    print(f"==> {len(accounts)} accounts {counts}, {people} people on the roll")
    if expect_people and people != expect_people:
        print(
            f"!!! the database holds {people} people, not {expect_people}: it was seeded at "
            "another size, or something else writes to it (bench/import_roster.py adds a mine "
            "per run). Use --reseed, or another BENCH_DATABASE_URL."
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--expect-people", type=int)
    args = parser.parse_args()
    main(args.path, args.expect_people)
