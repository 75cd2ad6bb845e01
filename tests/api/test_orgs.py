"""GET /api/orgs, /api/orgs/{id}, /api/orgs/{id}/children: browsing the three trees."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tongxin.people import services
from tongxin.people.models import OrgKind

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_roots_per_tree(cast, api_as):
    assert names(api_as(cast.feng_admin, "/orgs")) == ["红岩矿"]
    assert names(api_as(cast.feng_admin, "/orgs", tree="party")) == ["红岩矿党委"]
    assert names(api_as(cast.feng_admin, "/orgs", tree="union")) == ["红岩矿工会"]
    assert names(api_as(cast.zhao_secretary, "/orgs")) == ["综采一队"]
    assert names(api_as(cast.zhao_secretary, "/orgs", tree="party")) == ["综采一队党支部"]
    assert names(api_as(cast.zhao_secretary, "/orgs", tree="union")) == ["综采一队分工会"]


def test_unknown_tree_is_422(cast, api_as):
    response = api_as(cast.feng_admin, "/orgs", tree="forest")
    assert response.status_code == 422
    assert response.json()["detail"] == "请求参数不正确：tree。"


def test_org_detail(cast, api_as):
    body = api_as(cast.zhao_secretary, f"/orgs/{cast.crew_a1.pk}").json()
    assert body["name"] == "一班" and body["kind"] == "crew" and body["kind_label"] == "班组"
    assert body["tree"] == "unit" and body["unit"] is None
    # The mine and above are outside the secretary's reach: not in the breadcrumbs.
    assert [o["name"] for o in body["breadcrumbs"]] == ["综采一队"]
    assert body["headcount"] == 1  # 王强

    body = api_as(cast.feng_admin, f"/orgs/{cast.branch_a.pk}").json()
    assert body["tree_label"] == "党组织"
    assert body["unit"] == {
        "id": cast.district_a.pk,
        "name": "综采一队",
        "kind": "district",
        "tree": "unit",
    }
    assert [o["name"] for o in body["breadcrumbs"]] == ["红岩矿党委"]


def test_children(cast, api_as):
    assert names(api_as(cast.feng_admin, f"/orgs/{cast.mine.pk}/children")) == [
        "综采一队",
        "掘进二队",
        "机电科",
    ]
    assert names(api_as(cast.zhao_secretary, f"/orgs/{cast.district_a.pk}/children")) == [
        "一班",
        "二班",
    ]
    assert names(api_as(cast.feng_admin, f"/orgs/{cast.committee.pk}/children")) == [
        "综采一队党支部",
        "掘进二队党支部",
        "机电科党支部",
    ]


def test_children_query_count_is_flat(cast, token_for):
    client = Client(headers={"Authorization": f"Bearer {token_for(cast.zhao_secretary)}"})
    url = f"/api/orgs/{cast.district_a.pk}/children"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(30):
        services.org_create(
            actor=None, name=f"{i + 3}班", kind=OrgKind.CREW, parent=cast.district_a
        )
    assert count() == before
    assert client.get(url).json()["count"] == 32
