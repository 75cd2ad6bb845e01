"""Writing the planned group to the database, in bulk and in one transaction.

No audit rows are written: seeding demo data is not an action anyone took on the
platform, and the audit log is for those. Organisation paths are computed here
(treebeard's own `_get_path`, steplen 4) and the nodes bulk-created, since adding
thirteen thousand nodes one `add_child` at a time takes minutes. Passwords are hashed
once: the demo logins share one encoded password and everyone else gets an unusable one.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.models import Permission
from django.db import transaction

from tongxin.people.models import (
    KIND_TREE,
    Certificate,
    Organisation,
    OrgKind,
    Person,
    PoliticalStatus,
    Role,
    RoleAssignment,
    Tree,
)
from tongxin.people.pinyin import pinyin_keys

from . import logins, names
from .layout import GroupPlan, OrgPlan, plan_group
from .population import REFERENCE_DATE, PersonPlan, mine_minimum, people_for_mine

DEFAULT_SEED = 2026
PEOPLE_PER_MINE = 4000
BATCH = 1000
GROUP_OFFICE_SIZE = 1  # the group administrator


class SeedError(ValueError):
    pass


@dataclass
class SeedResult:
    people: int
    organisations: int
    roles: int
    certificates: int
    seconds: float


def seed(
    *,
    seed: int = DEFAULT_SEED,
    mines: int = 1,
    people: int | None = None,
    bench_logins: bool = False,
    progress: Callable[[str], None] | None = None,
) -> SeedResult:
    """Build the demo group: `mines` mines and `people` people in all.

    With `bench_logins`, every role holder signs in with the demo password too, so a
    load test can sign in as any of them.
    """
    started = time.monotonic()
    progress = progress or (lambda message: None)
    people = PEOPLE_PER_MINE * mines if people is None else people
    plan = plan_group(seed, mines)
    headcounts = split(people - GROUP_OFFICE_SIZE, mines)
    needed = mine_minimum(plan.mines[0])
    if min(headcounts) < needed:
        raise SeedError(needed * mines + GROUP_OFFICE_SIZE)
    # The one slow hash of the run (PBKDF2 by default), shared by every demo sign-in.
    demo_password = make_password(logins.DEMO_PASSWORD)
    writer = _Writer(demo_password, bench_logins)

    with transaction.atomic():
        organisations = write_organisations(plan)
        progress(f"组织 {organisations} 个")
        writer.write(group_office(random.Random(f"{seed}:group"), plan))
        for mine, headcount in zip(plan.mines, headcounts, strict=True):
            roll = people_for_mine(random.Random(f"{seed}:mine:{mine.index}"), mine, headcount)
            if mine.index == 1:
                logins.assign(mine, roll)
            writer.write(roll)
            progress(
                f"{mine.org.name}：{headcount} 人（累计 {writer.people} 人，"
                f"{time.monotonic() - started:.1f} 秒）"
            )
    return SeedResult(
        people=writer.people,
        organisations=organisations,
        roles=writer.roles,
        certificates=writer.certificates,
        seconds=time.monotonic() - started,
    )


def split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def group_office(rng: random.Random, plan: GroupPlan) -> list[PersonPlan]:
    """The group administrator, who reaches every mine."""
    birth = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 41)
    admin = PersonPlan(
        employee_no="1000001",
        name=names.person_name(rng, female=False),
        female=False,
        unit=plan.group,
        post="集团信息中心管理员",
        birth=birth,
        hire_date=REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 18),
        phone=names.phone(rng),
        id_number=names.id_number(rng, birth, female=False),
        political_status=PoliticalStatus.MEMBER,
        party_org=plan.party,
        union_org=plan.union,
    )
    admin.roles.append((Role.ADMIN, plan.group))
    return [admin]


def write_organisations(plan: GroupPlan) -> int:
    """Add the three roots after any existing ones, then every node below them in bulk."""
    for root in plan.roots:
        root.obj = Organisation.objects.add_root(instance=_org(root, path="", numchild=0))
        root.path = root.obj.path
    descendants = [node for root in plan.roots for node in root.walk() if node is not root]
    for root in plan.roots:
        _assign_paths(root)
    units = [n for n in descendants if KIND_TREE[n.kind] == Tree.UNIT]
    attached = [n for n in descendants if KIND_TREE[n.kind] != Tree.UNIT]
    # Units first: Party and union bodies point at them.
    for group in (units, attached):
        rows = [_org(node, node.path, len(node.children)) for node in group]
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        for node, row in zip(group, rows, strict=True):
            node.obj = row
    # numchild of the roots, which add_root saved as 0.
    for root in plan.roots:
        Organisation.objects.filter(pk=root.obj.pk).update(numchild=len(root.children))
    return len(plan.roots) + len(descendants)


def _assign_paths(node: OrgPlan) -> None:
    depth = len(node.path) // Organisation.steplen + 1
    for position, child in enumerate(node.children, start=1):
        child.path = Organisation._get_path(node.path, depth, position)
        _assign_paths(child)


def _org(node: OrgPlan, path: str, numchild: int) -> Organisation:
    return Organisation(
        name=node.name,
        kind=node.kind,
        tree=KIND_TREE[OrgKind(node.kind)],
        unit=node.unit.obj if node.unit is not None else None,
        path=path,
        depth=len(path) // Organisation.steplen,
        numchild=numchild,
    )


class _Writer:
    """Bulk-writes people with their certificates and roles, counting as it goes."""

    def __init__(self, demo_password: str, bench_logins: bool):
        self.demo_password = demo_password
        self.bench_logins = bench_logins
        self.people = self.roles = self.certificates = 0

    def _password(self, plan: PersonPlan) -> str:
        if plan.login or (self.bench_logins and plan.roles):
            return self.demo_password
        # What set_unusable_password() stores, without its per-call overhead.
        return UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20)

    def write(self, plans: list[PersonPlan]) -> None:
        rows = []
        for plan in plans:
            pinyin, initials = pinyin_keys(plan.name)
            rows.append(
                Person(
                    employee_no=plan.employee_no,
                    name=plan.name,
                    name_pinyin=pinyin,
                    name_initials=initials,
                    unit=plan.unit.obj,
                    party_org=plan.party_org.obj if plan.party_org else None,
                    union_org=plan.union_org.obj if plan.union_org else None,
                    post=plan.post,
                    phone=plan.phone,
                    id_number=plan.id_number,
                    political_status=plan.political_status,
                    union_member=plan.union_member,
                    skill_grade=plan.skill_grade,
                    hire_date=plan.hire_date,
                    password=self._password(plan),
                    must_change_password=False,
                    # The demo administrator uses /admin/ (holidays, sign-in locks), as
                    # the README promises; Django's admin admits only staff. Not a
                    # superuser: on the platform a superuser holds every role
                    # (people.scoping.has_role), and the demo administrator holds one.
                    is_staff=plan.login == logins.ADMIN_LOGIN,
                )
            )
        Person.objects.bulk_create(rows, batch_size=BATCH)
        for plan, row in zip(plans, rows, strict=True):
            if plan.login == logins.ADMIN_LOGIN:
                row.user_permissions.set(Permission.objects.all())
        certificates = [
            Certificate(
                person=row,
                name=cert.name,
                number=cert.number,
                issued_on=cert.issued_on,
                valid_until=cert.valid_until,
            )
            for plan, row in zip(plans, rows, strict=True)
            for cert in plan.certificates
        ]
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        roles = [
            RoleAssignment(person=row, role=role, organisation=org.obj)
            for plan, row in zip(plans, rows, strict=True)
            for role, org in plan.roles
        ]
        RoleAssignment.objects.bulk_create(roles, batch_size=BATCH)
        self.people += len(rows)
        self.certificates += len(certificates)
        self.roles += len(roles)


def digest() -> str:
    """A fingerprint of who is where: equal for two runs with the same seed and size."""
    sha = hashlib.sha256()
    rows = Person.objects.order_by("employee_no").values_list("employee_no", "name", "unit__path")
    for row in rows.iterator(chunk_size=5000):
        sha.update("\t".join(str(v) for v in row).encode())
        sha.update(b"\n")
    return sha.hexdigest()[:16]
