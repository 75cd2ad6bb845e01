"""The coverage pages: a mine's (or the group's) rate per branch and its lists, a
branch's rate per crew, the limit set by ?over=, scoping, and flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongxin.grid.models import Level
from tongxin.grid.services import network
from tongxin.people import services as people_services
from tongxin.people.models import OrgKind

pytestmark = pytest.mark.django_db


def _cover(cast, member, worker):
    return network.link_assign(
        actor=cast.feng_admin, level=Level.MEMBER_WORKER, responsible=member, person=worker
    )


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_mine_page_has_a_row_per_branch_with_links(cast, crew, client_for):
    _cover(cast, crew.chen_member, cast.wang_worker)
    html = _html(client_for(cast.wu_leader), "/grid/coverage/")
    assert "红岩矿" in html
    assert f'href="/grid/coverage/{cast.branch_a.pk}/"' in html
    assert f'href="/grid/coverage/{cast.branch_dept.pk}/"' in html
    assert f'data-rate="{cast.branch_a.pk}">20.0%' in html
    assert 'data-figure="workers">6<' in html and 'data-figure="covered">1<' in html
    assert 'data-figure="uncovered">5<' in html and 'data-figure="idle">4<' in html


def test_the_lists_of_the_mine_page(cast, crew, client_for):
    for worker in (cast.wang_worker, crew.liu_worker, crew.he_worker):
        _cover(cast, crew.chen_member, worker)
    client = client_for(cast.zheng_inspector)
    uncovered = _html(client, "/grid/coverage/?show=uncovered")
    for name in ("杨工", "孙工", "周科长"):
        assert name in uncovered
    assert "王强" not in uncovered and "吴矿长" not in uncovered
    idle = _html(client, "/grid/coverage/?show=idle")
    assert all(name in idle for name in ("李红", "马队", "钱进", "赵书文"))
    assert "陈党" not in idle
    over = _html(client, "/grid/coverage/?show=over&over=2")
    assert "包保超过2人的党员" in over and "陈党" in over and ">3<" in over
    assert "陈党" not in _html(client, "/grid/coverage/?show=over")  # default limit: 8
    assert 'value="8"' in _html(client, "/grid/coverage/?show=over")


def test_bad_filters_are_said_and_ignored(cast, crew, client_for):
    client = client_for(cast.wu_leader)
    html = _html(client, "/grid/coverage/?over=abc&on=2026-02-30&show=nonsense")
    assert "部分条件无效" in html and 'value="8"' in html
    outside = people_services.org_create(
        actor=None, name="白山矿", kind=OrgKind.MINE, parent=cast.company
    )
    html = _html(client, f"/grid/coverage/?unit={outside.pk}")
    assert "不在您的查看范围内" in html and "红岩矿" in html
    assert "部分条件无效" in _html(client, "/grid/coverage/?over=-1")


def test_a_group_administrator_picks_a_mine(cast, crew, client_for):
    group_admin = people_services.person_create(
        actor=None, employee_no="990001", name="集团管理", unit=cast.group
    )
    people_services.role_assign(
        actor=None, person=group_admin, role="admin", organisation=cast.group
    )
    client = client_for(group_admin)
    html = _html(client, "/grid/coverage/")
    assert "东方能源集团" in html and f'<option value="{cast.mine.pk}"' in html
    assert "红岩矿" in _html(client, f"/grid/coverage/?unit={cast.mine.pk}")


def test_a_secretary_sees_their_own_district(cast, crew, client_for):
    html = _html(client_for(cast.zhao_secretary), "/grid/coverage/")
    assert "综采一队党支部" in html and "掘进二队党支部" not in html


def test_the_branch_page_has_a_row_per_crew_and_split_links(cast, crew, client_for):
    _cover(cast, crew.chen_member, cast.wang_worker)
    html = _html(client_for(cast.zhao_secretary), f"/grid/coverage/{cast.branch_a.pk}/")
    assert "综采一队 一班" in html and "综采一队 二班" in html
    assert f'href="/grid/network/{cast.branch_a.pk}/split/{cast.crew_a1.pk}/"' in html
    assert f'data-uncovered="{cast.crew_a1.pk}">2<' in html
    reader = _html(client_for(cast.wu_leader), f"/grid/coverage/{cast.branch_a.pk}/")
    assert "/split/" not in reader
    assert (
        client_for(cast.qian_outsider).get(f"/grid/coverage/{cast.branch_a.pk}/").status_code == 404
    )
    assert client_for(cast.qian_outsider).get("/grid/coverage/999999/").status_code == 404


def test_the_uncovered_list_pages(cast, crew, client_for):
    for i in range(35):
        people_services.person_create(
            actor=None, employee_no=f"6{i:04d}", name=f"新工{i}", unit=cast.crew_a2
        )
    client = client_for(cast.zhao_secretary)
    first = _html(client, f"/grid/coverage/{cast.branch_a.pk}/?show=uncovered")
    assert "共 40 条" in first and "page=2" in first
    second = _html(client, f"/grid/coverage/{cast.branch_a.pk}/?show=uncovered&page=2")
    assert second.count("data-person=") == 10


# --- query budgets ----------------------------------------------------------------------------


def _grow(cast, n_districts: int, per_crew: int) -> None:
    org = people_services.org_create
    for d in range(n_districts):
        district = org(actor=None, name=f"掘进{d + 5}队", kind=OrgKind.DISTRICT, parent=cast.mine)
        branch = org(
            actor=None,
            name=f"掘进{d + 5}队党支部",
            kind=OrgKind.BRANCH,
            parent=cast.committee,
            unit=district,
        )
        crew_unit = org(actor=None, name="一班", kind=OrgKind.CREW, parent=district)
        member = people_services.person_create(
            actor=None,
            employee_no=f"4{d:03d}00",
            name=f"党员{d}",
            unit=crew_unit,
            political_status="member",
            party_org=branch,
        )
        for w in range(per_crew):
            worker = people_services.person_create(
                actor=None, employee_no=f"4{d:03d}{w + 1:02d}", name=f"职工{d}{w}", unit=crew_unit
            )
            if w % 3 == 0:
                _cover(cast, member, worker)
    for w in range(per_crew):  # and more of 综采一队 itself
        people_services.person_create(
            actor=None, employee_no=f"39{w:04d}", name=f"补员{w}", unit=cast.crew_a1
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_coverage_pages_queries_do_not_grow(cast, crew, client_for, django_assert_max_num_queries):
    _cover(cast, crew.chen_member, cast.wang_worker)
    branch_url = f"/grid/coverage/{cast.branch_a.pk}/"
    urls = [
        ("wu_leader", "/grid/coverage/"),
        ("wu_leader", "/grid/coverage/?show=uncovered"),
        ("wu_leader", "/grid/coverage/?show=idle"),
        ("wu_leader", "/grid/coverage/?show=over&over=0"),
        ("zhao_secretary", branch_url),
        ("zhao_secretary", branch_url + "?show=uncovered"),
        ("zhao_secretary", branch_url + "?show=idle"),
        ("zhao_secretary", branch_url + "?show=over&over=0"),
    ]
    small = {(who, url): _count(client_for(getattr(cast, who)), url) for who, url in urls}
    _grow(cast, n_districts=5, per_crew=8)
    for who, url in urls:
        client = client_for(getattr(cast, who))
        with django_assert_max_num_queries(small[(who, url)]):
            assert client.get(url).status_code == 200
