"""More of 综采一队 for the grid's stories (on top of tests/cast.py).

综采一队一班: 王强 (worker, cast), 刘明 and 何军 (workers), 陈党 (Party member)
综采一队二班: 李红 (Party member, cast), 杨工 (worker)
综采一队:     马队 (Party member, deputy team head: a cadre)
"""

from dataclasses import dataclass

import pytest

from tests.cast import PASSWORD
from tongxin.people import services
from tongxin.people.models import Person


@dataclass
class Crew:
    liu_worker: Person
    he_worker: Person
    yang_worker: Person
    chen_member: Person
    ma_cadre: Person


@pytest.fixture
def crew(cast) -> Crew:
    def person(no, name, unit, **fields):
        p = services.person_create(actor=None, employee_no=no, name=name, unit=unit, **fields)
        p.set_password(PASSWORD)
        p.save(update_fields=["password"])
        return p

    return Crew(
        liu_worker=person("100011", "刘明", cast.crew_a1, post="采煤工", phone="13800011111"),
        he_worker=person("100012", "何军", cast.crew_a1, post="输送机司机", phone="13800012222"),
        yang_worker=person("100013", "杨工", cast.crew_a2, post="支架工", phone="13800013333"),
        chen_member=person(
            "100014",
            "陈党",
            cast.crew_a1,
            post="班长",
            phone="13800014444",
            political_status="member",
            party_org=cast.party_group_a,
        ),
        ma_cadre=person(
            "100015",
            "马队",
            cast.district_a,
            post="副队长",
            phone="13800015555",
            political_status="member",
            party_org=cast.branch_a,
        ),
    )
