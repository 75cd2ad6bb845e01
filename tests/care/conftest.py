"""Care's extra people, on top of tests/cast.py.

许心  (xu_counsellor)   a counsellor of 红岩矿 (works in 机电科), serving the whole mine
贺宁  (he_counsellor)   another counsellor of 红岩矿
褚工  (chu_chair_b)     chair of 掘进二队分工会: runs care for 掘进二队 only
蒋力  (jiang_worker_b)  a miner of 掘进二队一班
root  (superuser)       a superuser, who still never reads a counselling note
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.cast import PASSWORD
from tests.grid.conftest import crew  # noqa: F401 - 综采一队's other workers, reused
from tongxin.care.models import Counsellor
from tongxin.care.services import SlotSpec, slot_publish
from tongxin.people import services as people_services
from tongxin.people.models import Person, Role


@dataclass
class Care:
    xu_counsellor: Person
    he_counsellor: Person
    chu_chair_b: Person
    jiang_worker_b: Person
    superuser: Person


def _person(no, name, unit, **fields):
    p = people_services.person_create(actor=None, employee_no=no, name=name, unit=unit, **fields)
    p.set_password(PASSWORD)
    p.save(update_fields=["password"])
    return p


def build_care(cast) -> Care:
    xu = _person("300101", "许心", cast.department, post="心理咨询师")
    he = _person("300102", "贺宁", cast.department, post="心理咨询师")
    Counsellor.objects.create(person=xu, organisation=cast.mine, intro="国家二级心理咨询师")
    Counsellor.objects.create(person=he, organisation=cast.mine)
    chu = _person("200002", "褚工", cast.district_b, post="分工会主席")
    people_services.role_assign(
        actor=None, person=chu, role=Role.UNION_CHAIR, organisation=cast.sub_union_b
    )
    jiang = _person("200011", "蒋力", cast.crew_b1, post="掘进机司机")
    root = Person.objects.create_superuser("999999", PASSWORD, name="超级管理员", unit=cast.mine)
    return Care(
        xu_counsellor=xu, he_counsellor=he, chu_chair_b=chu, jiang_worker_b=jiang, superuser=root
    )


def at(days: int, hour: int = 9, minute: int = 0) -> datetime:
    """An aware moment `days` from today at hour:minute (local time)."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def publish_slots(person, *starts, place="心理咨询室"):
    """Publish slots of 50 minutes for a counsellor: publish_slots(person, (days, hour), …)."""
    specs = [SlotSpec(at(d, h), at(d, h) + timedelta(minutes=50), place) for d, h in starts]
    return slot_publish(actor=person, slots=specs)


@pytest.fixture
def care(cast) -> Care:
    return build_care(cast)


@pytest.fixture
def publish():
    return publish_slots
