"""GET /api/people and /api/people/{id}: scoped search, masking, pagination, query budget."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tongxin.people import services
from tongxin.people.models import Person

pytestmark = pytest.mark.django_db

WANG_ID_NUMBER = "110101199001011234"


@pytest.fixture
def wang_has_an_id_number(cast):
    services.person_update(actor=None, person=cast.wang_worker, id_number=WANG_ID_NUMBER)


def row_of(response, employee_no):
    rows = [r for r in response.json()["items"] if r["employee_no"] == employee_no]
    assert len(rows) == 1, response.json()
    return rows[0]


def test_secretary_finds_the_branch_with_phones(cast, api_as):
    response = api_as(cast.zhao_secretary, "/people")
    assert response.status_code == 200
    body = response.json()
    names = {r["name"] for r in body["items"]}
    assert {"王强", "李红", "赵书文", "孙工"} <= names
    assert "钱进" not in names and "周科长" not in names
    assert body["count"] == len(body["items"]) and body["page"] == 1 and body["pages"] == 1
    assert row_of(response, "100001")["phone"] == "13800001111"


@pytest.mark.usefixtures("wang_has_an_id_number")
@pytest.mark.parametrize(
    "viewer, phone, id_number",
    [
        # The secretary calls the workers of the branch; ID numbers are for administrators.
        ("zhao_secretary", "13800001111", "110***********1234"),
        # The sub-union chair likewise.
        ("sun_chair", "13800001111", "110***********1234"),
        # Leadership and inspectors see the mine, masked.
        ("wu_leader", "138****1111", "110***********1234"),
        ("zheng_inspector", "138****1111", "110***********1234"),
        # The mine's administrator sees both.
        ("feng_admin", "13800001111", WANG_ID_NUMBER),
    ],
)
def test_masking_in_the_list_and_the_card(cast, api_as, viewer, phone, id_number):
    viewer = getattr(cast, viewer)
    row = row_of(api_as(viewer, "/people", q="100001"), "100001")
    card = api_as(viewer, f"/people/{cast.wang_worker.pk}").json()
    assert (row["phone"], row["id_number"]) == (phone, id_number)
    assert (card["phone"], card["id_number"]) == (phone, id_number)


@pytest.mark.usefixtures("wang_has_an_id_number")
def test_own_card_and_me_are_unmasked(cast, api_as):
    card = api_as(cast.wang_worker, f"/people/{cast.wang_worker.pk}").json()
    me = api_as(cast.wang_worker, "/me").json()
    for body in (card, me):
        assert body["phone"] == "13800001111"
        assert body["id_number"] == WANG_ID_NUMBER
    assert me["is_staff_member"] is False and me["roles"] == []
    assert [o["name"] for o in me["unit_path"]] == [
        "东方能源集团",
        "东方煤业公司",
        "红岩矿",
        "综采一队",
        "一班",
    ]


def test_card_shows_only_visible_ancestors(cast, api_as):
    card = api_as(cast.zhao_secretary, f"/people/{cast.wang_worker.pk}").json()
    assert [o["name"] for o in card["unit_path"]] == ["综采一队", "一班"]
    assert card["unit"]["name"] == "一班"


def test_card_lists_roles_with_organisations(cast, api_as):
    card = api_as(cast.feng_admin, f"/people/{cast.zhao_secretary.pk}").json()
    assert card["roles"] == [
        {
            "role": "branch_secretary",
            "role_label": "党支部书记",
            "organisation": {
                "id": cast.branch_a.pk,
                "name": "综采一队党支部",
                "kind": "branch",
                "tree": "party",
            },
        }
    ]
    assert card["party_org"]["name"] == "综采一队党支部"
    assert card["political_status_label"] == "中共党员"


def test_search_by_name_number_and_initials(cast, api_as):
    def names(**params):
        return {r["name"] for r in api_as(cast.feng_admin, "/people", **params).json()["items"]}

    assert names(q="zsw") == {"赵书文"}
    assert names(q="赵书") == {"赵书文"}
    assert names(q="2000") == {"钱进"}
    assert names(q="nobody") == set()


def test_search_stays_inside_the_reach(cast, api_as):
    response = api_as(cast.zhao_secretary, "/people", q="qj")
    assert response.status_code == 200 and response.json()["items"] == []


def test_filter_by_unit(cast, api_as):
    response = api_as(cast.feng_admin, "/people", unit=cast.crew_a1.pk)
    assert [r["name"] for r in response.json()["items"]] == ["王强"]


def test_bad_parameters_get_422_in_chinese(cast, api_as):
    for params in ({"page": 0}, {"page": "x"}, {"q": "x" * 41}, {"unit": "abc"}, {"q": "a\x00"}):
        response = api_as(cast.feng_admin, "/people", **params)
        assert response.status_code == 422, params
        body = response.json()
        assert body["detail"].startswith("请求参数不正确") and body["errors"]


def add_people(unit, count, start):
    for i in range(count):
        services.person_create(
            actor=None,
            employee_no=f"5{start + i:05d}",
            name=f"测试{start + i}",
            unit=unit,
            phone=f"139{start + i:08d}",
            id_number=f"11010119900101{start + i:04d}",
        )


def test_pagination(cast, api_as):
    add_people(cast.crew_a2, 60, start=0)
    first = api_as(cast.zhao_secretary, "/people").json()
    second = api_as(cast.zhao_secretary, "/people", page=2).json()
    beyond = api_as(cast.zhao_secretary, "/people", page=3).json()
    assert first["count"] == second["count"] == 64  # 60 + 王强 李红 赵书文 孙工
    assert first["pages"] == 2
    assert len(first["items"]) == 50 and len(second["items"]) == 14
    assert beyond["items"] == [] and beyond["count"] == 64
    seen = [r["employee_no"] for r in first["items"] + second["items"]]
    assert seen == sorted(seen) and len(set(seen)) == 64


def _queries(client, url):
    client.get(url)  # warm up: session touch, token last-used
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", ["zhao_secretary", "wu_leader", "feng_admin"])
def test_query_count_does_not_grow_with_the_data(cast, token_for, viewer):
    viewer = getattr(cast, viewer)
    by_token = Client(headers={"Authorization": f"Bearer {token_for(viewer)}"})
    by_session = Client()
    by_session.force_login(viewer)

    add_people(cast.crew_a2, 20, start=0)
    small = (_queries(by_token, "/api/people"), _queries(by_session, "/api/people"))
    add_people(cast.crew_a1, 180, start=1000)
    assert Person.objects.count() > 200
    big = (_queries(by_token, "/api/people"), _queries(by_session, "/api/people"))
    assert small == big
    assert max(big) <= 6


def test_card_query_count_is_flat(cast, token_for):
    client = Client(headers={"Authorization": f"Bearer {token_for(cast.feng_admin)}"})
    url = f"/api/people/{cast.wang_worker.pk}"
    before = _queries(client, url)
    add_people(cast.crew_a1, 50, start=0)
    assert _queries(client, url) == before
