"""What the permission matrix (tests/core/test_permission_matrix.py) shares with every
area's `tests/<area>/matrix.py`: the people who ask, and the `Record` an area fills its
URL parameters with.

The cast of tests/cast.py, and:
the officer   赵书文 also chairs 综采一队分工会, and the outsider 钱进 掘进二队分工会: both
              hold the same district offices, each in their own district, so that every
              area's gate lets both in and only the scope tells them apart
the stranger  韩远 of 青山矿, another mine, who holds every office there: the outsider
              for records open to the whole of 红岩矿
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.cast import Cast, build_cast
from tongxin.people import services as people_services
from tongxin.people.models import Organisation, OrgKind, Person, Role


@dataclass
class Record:
    """What a URL parameter is filled with, and who may open it.

    audience: "staff" (the officer, or `viewer`, opens it; the worker is refused),
    "own" (the worker's own: the worker opens it), "shared" (both do).
    viewer: a key of `World.people`.
    mine_wide: open to everyone of the mine by design (a work place's QR history), so
    the outsider is an officer of another mine.
    """

    value: object
    audience: str = "staff"
    viewer: str = "officer"
    mine_wide: bool = False
    rows: list = field(default_factory=list)  # records a POST must leave unchanged


@dataclass
class World:
    cast: Cast
    mine2: Organisation  # 青山矿, the stranger's mine
    stranger: Person
    people: dict[str, Person]  # who asks, by the name a Record's viewer gives
    today: datetime.date
    now: datetime.datetime


def jpeg(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "gray").save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def build_world() -> World:
    cast = build_cast()
    role = people_services.role_assign
    role(
        actor=None, person=cast.zhao_secretary, role=Role.UNION_CHAIR, organisation=cast.sub_union_a
    )
    role(
        actor=None, person=cast.qian_outsider, role=Role.UNION_CHAIR, organisation=cast.sub_union_b
    )

    org = people_services.org_create
    mine2 = org(actor=None, name="青山矿", kind=OrgKind.MINE, parent=cast.company)
    district2 = org(actor=None, name="综采三队", kind=OrgKind.DISTRICT, parent=mine2)
    committee2 = org(actor=None, name="青山矿党委", kind=OrgKind.PARTY_COMMITTEE, unit=mine2)
    branch2 = org(
        actor=None, name="综采三队党支部", kind=OrgKind.BRANCH, parent=committee2, unit=district2
    )
    stranger = people_services.person_create(
        actor=None,
        employee_no="400001",
        name="韩远",
        unit=district2,
        political_status="member",
        party_org=branch2,
    )
    role(actor=None, person=stranger, role=Role.BRANCH_SECRETARY, organisation=branch2)
    for office in (Role.LEADERSHIP, Role.DISCIPLINE_INSPECTOR, Role.ADMIN):
        role(actor=None, person=stranger, role=office, organisation=mine2)

    people = {
        "worker": cast.wang_worker,
        "officer": cast.zhao_secretary,
        "outsider": cast.qian_outsider,
        "stranger": stranger,
        "inspector": cast.zheng_inspector,
        "admin": cast.feng_admin,
        "head": cast.zhou_head,  # 机电科's head: publishes its disclosures (integrity)
    }
    return World(
        cast=cast,
        mine2=mine2,
        stranger=stranger,
        people=people,
        today=timezone.localdate(),
        now=timezone.now(),
    )
