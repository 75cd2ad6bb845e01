"""List pages run a fixed number of queries, however many people there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.people.models import Person
from tongxin.people.pinyin import pinyin_keys

pytestmark = pytest.mark.django_db

SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "强伟芳军磊洋勇杰涛明"


def add_people(cast, count, start):
    units = [cast.crew_a1, cast.crew_a2, cast.district_b, cast.department]
    people = []
    for i in range(start, start + count):
        name = SURNAMES[i % 10] + GIVEN[(i // 10) % 10] + GIVEN[(i // 100) % 10]
        full, initials = pinyin_keys(name)
        people.append(
            Person(
                employee_no=f"5{i:06d}",
                name=name,
                name_pinyin=full,
                name_initials=initials,
                unit=units[i % 4],
                phone=f"139{i:08d}",
                password="!",
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)


def queries_for(client, url, params=None):
    client.get(url, params or {})  # the first request of a session also refreshes it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "wq"}, {"q": "王"}, {"q": "5000"}, {"page": "2"}],
    ids=["list", "initials", "name", "number", "page2"],
)
def test_people_list_query_count_is_flat_from_100_to_10000(cast, client_for, params):
    client = client_for(cast.feng_admin)
    url = reverse("people:list")
    add_people(cast, 100, 0)
    small = queries_for(client, url, params)
    add_people(cast, 9900, 100)
    assert Person.objects.count() > 10000
    large = queries_for(client, url, params)
    assert small == large
    assert large <= 8


def test_secretary_list_and_org_pages_have_budgets(cast, client_for, django_assert_max_num_queries):
    add_people(cast, 500, 0)
    client = client_for(cast.zhao_secretary)
    client.get(reverse("core:home"))  # the first request of a session also refreshes it
    with django_assert_max_num_queries(8):
        assert client.get(reverse("people:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("people:org", args=[cast.district_a.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("people:tree")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("people:detail", args=[cast.wang_worker.pk])).status_code == 200
    # The home page also counts the person's voice, hazard, grid and care to-dos: the
    # registered panels share one aggregate query, none growing with the data.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("core:home")).status_code == 200
