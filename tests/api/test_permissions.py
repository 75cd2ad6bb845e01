"""The permission matrix: every cast member against every endpoint, by token and by session.

Who gets 200 is listed per endpoint; everyone else gets 404 — the same answer as for
an id that does not exist, so the API never tells whether something is there.
"""

import pytest

pytestmark = pytest.mark.django_db

EVERYONE = {
    "wang_worker",
    "li_member",
    "zhao_secretary",
    "qian_outsider",
    "sun_chair",
    "zhou_head",
    "wu_leader",
    "zheng_inspector",
    "feng_admin",
}
STAFF = EVERYONE - {"wang_worker", "li_member"}
MINE = {"wu_leader", "zheng_inspector", "feng_admin"}
# 综采一队: its branch secretary and its sub-union chair, and the mine.
DISTRICT_A = {"zhao_secretary", "sun_chair"} | MINE
DISTRICT_B = {"qian_outsider"} | MINE

# (endpoint, path with {names} filled from the cast, who gets 200)
MATRIX = [
    ("me", "/me", EVERYONE),
    ("unit roots", "/orgs?tree=unit", STAFF),
    ("party roots", "/orgs?tree=party", STAFF),
    ("union roots", "/orgs?tree=union", STAFF),
    ("mine", "/orgs/{mine}", MINE),
    ("mine children", "/orgs/{mine}/children", MINE),
    ("district A", "/orgs/{district_a}", DISTRICT_A),
    ("district A children", "/orgs/{district_a}/children", DISTRICT_A),
    ("district B", "/orgs/{district_b}", DISTRICT_B),
    ("branch A (party)", "/orgs/{branch_a}", DISTRICT_A),
    ("sub-union B (union)", "/orgs/{sub_union_b}/children", DISTRICT_B),
    ("department", "/orgs/{department}", {"zhou_head"} | MINE),
    ("company (above everyone)", "/orgs/{company}", set()),
    ("no such org", "/orgs/99999999", set()),
    ("people", "/people", STAFF),
    ("people in district A", "/people?unit={district_a}", DISTRICT_A),
    ("people in district B", "/people?unit={district_b}", DISTRICT_B),
    ("people in a party org", "/people?unit={branch_a}", set()),
    ("wang", "/people/{wang_worker}", {"wang_worker"} | DISTRICT_A),
    ("li", "/people/{li_member}", {"li_member"} | DISTRICT_A),
    ("qian", "/people/{qian_outsider}", DISTRICT_B),
    ("zhou", "/people/{zhou_head}", {"zhou_head"} | MINE),
    ("wu", "/people/{wu_leader}", MINE),
    ("no such person", "/people/99999999", set()),
]


def fill(path, cast):
    names = {
        name: getattr(cast, name).pk
        for name in (
            "mine",
            "company",
            "district_a",
            "district_b",
            "department",
            "branch_a",
            "sub_union_b",
            "wang_worker",
            "li_member",
            "qian_outsider",
            "zhou_head",
            "wu_leader",
        )
    }
    return path.format(**names)


@pytest.mark.parametrize("label, path, allowed", MATRIX, ids=[row[0] for row in MATRIX])
def test_matrix(cast, client, token_for, label, path, allowed):
    url = "/api" + fill(path, cast)
    expected = {name: 200 if name in allowed else 404 for name in EVERYONE}
    by_token, by_session = {}, {}
    for name in sorted(EVERYONE):
        person = getattr(cast, name)
        key = token_for(person)
        by_token[name] = client.get(url, headers={"Authorization": f"Bearer {key}"}).status_code
        client.force_login(person)
        by_session[name] = client.get(url).status_code
    assert by_token == expected
    assert by_session == expected
    client.logout()
    assert client.get(url).status_code == 401


def test_404_body_says_nothing_about_existence(cast, api_as):
    outside = api_as(cast.zhao_secretary, f"/people/{cast.qian_outsider.pk}")
    missing = api_as(cast.zhao_secretary, "/people/99999999")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() == {"detail": "未找到。"}
