"""Coverage (全面覆盖): who covers whom, the per-branch and mine-wide reports, and the
number of queries they take, which must not grow with branches or people."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongxin.grid.coverage import (
    KnownCountPaginator,
    branch_coverage,
    covered_by,
    covering_member,
    unit_coverage,
)
from tongxin.grid.models import Level
from tongxin.grid.services import network
from tongxin.people import services as people_services
from tongxin.people.models import OrgKind

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _cover(cast, member, worker, **kwargs):
    return network.link_assign(
        actor=cast.feng_admin,
        level=Level.MEMBER_WORKER,
        responsible=member,
        person=worker,
        **kwargs,
    )


def test_covered_by_and_covering_member(cast, crew):
    _cover(cast, crew.chen_member, cast.wang_worker)
    _cover(cast, crew.chen_member, crew.liu_worker)
    _cover(cast, cast.li_member, crew.yang_worker, starts_on=TODAY + 3 * DAY)
    assert list(covered_by(crew.chen_member)) == [cast.wang_worker, crew.liu_worker]
    assert list(covered_by(cast.li_member)) == []
    assert list(covered_by(cast.li_member, on=TODAY + 3 * DAY)) == [crew.yang_worker]
    assert covering_member(crew.he_worker) is None
    assert covering_member(crew.yang_worker, on=TODAY + 5 * DAY) == cast.li_member
    # a Party member is covered by their cadre, not at the fourth level
    assert covering_member(crew.chen_member) is None
    network.link_assign(
        actor=cast.feng_admin,
        level=Level.CADRE_MEMBER,
        responsible=crew.ma_cadre,
        person=crew.chen_member,
    )
    assert covering_member(crew.chen_member) == crew.ma_cadre


def test_a_branch_report(cast, crew):
    _cover(cast, crew.chen_member, cast.wang_worker)
    _cover(cast, crew.chen_member, crew.liu_worker)
    _cover(cast, crew.chen_member, crew.he_worker)
    report = branch_coverage(cast.branch_a, over=2)
    # workers: 王强 刘明 何军 (一班), 杨工 (二班), 孙工 (综采一队); members: 李红 赵书文 陈党 马队
    assert (report.workers, report.covered, report.uncovered_count) == (5, 3, 2)
    assert report.rate == 0.6 and report.pct == 60.0
    assert set(report.uncovered) == {crew.yang_worker, cast.sun_chair}
    assert (report.members, report.idle_count) == (4, 3)
    assert set(report.idle) == {cast.li_member, cast.zhao_secretary, crew.ma_cadre}
    assert [(p, p.n) for p in report.overloaded] == [(crew.chen_member, 3)]
    assert list(branch_coverage(cast.branch_a, over=3).overloaded) == []
    rows = {r.org: (r.workers, r.covered) for r in report.rows}
    assert rows == {cast.district_a: (1, 0), cast.crew_a1: (3, 3), cast.crew_a2: (1, 0)}


def test_the_default_limit_comes_from_settings(cast, crew, settings):
    settings.GRID_MAX_COVERED = 1
    _cover(cast, crew.chen_member, cast.wang_worker)
    _cover(cast, crew.chen_member, crew.liu_worker)
    report = branch_coverage(cast.branch_a)
    assert report.over == 1
    assert list(report.overloaded) == [crew.chen_member]


def test_a_mine_report_has_a_row_per_branch(cast, crew):
    _cover(cast, crew.chen_member, cast.wang_worker)
    report = unit_coverage(cast.mine)
    rows = {r.org: (r.workers, r.covered, r.members, r.idle) for r in report.rows}
    # 掘进二队 has a member and no workers; 机电科 a worker (周科长) and no members; the
    # mine's own office (吴矿长, 郑纪, 冯管理) belongs to no branch and is not counted
    assert rows == {
        cast.branch_a: (5, 1, 4, 3),
        cast.branch_b: (0, 0, 1, 1),
        cast.branch_dept: (1, 0, 0, 0),
    }
    assert (report.workers, report.covered) == (6, 1)
    assert set(report.uncovered) == {
        crew.liu_worker,
        crew.he_worker,
        crew.yang_worker,
        cast.sun_chair,
        cast.zhou_head,
    }
    assert report.idle_count == 4 and report.idle.count() == 4
    # worst first: 机电科 0%, then 综采一队 20%, then 掘进二队 with no workers
    assert [r.org for r in report.rows] == [cast.branch_dept, cast.branch_a, cast.branch_b]
    group = unit_coverage(cast.group)
    assert (group.workers, group.covered, group.idle_count) == (6, 1, 4)


def test_reports_on_a_past_day(cast, crew):
    link = _cover(cast, crew.chen_member, cast.wang_worker, starts_on=TODAY - 10 * DAY)
    network.link_end(actor=cast.feng_admin, link_id=link.pk, ends_on=TODAY - 2 * DAY)
    assert branch_coverage(cast.branch_a).covered == 0
    assert branch_coverage(cast.branch_a, on=TODAY - 5 * DAY).covered == 1
    assert unit_coverage(cast.mine, on=TODAY - 5 * DAY).covered == 1
    assert branch_coverage(cast.branch_a, on=TODAY - 11 * DAY).covered == 0


def test_an_inactive_worker_is_not_counted(cast, crew):
    people_services.person_update(actor=None, person=crew.he_worker, is_active=False)
    assert branch_coverage(cast.branch_a).workers == 4


def test_the_known_count_paginator_does_not_count_again(cast, crew):
    report = branch_coverage(cast.branch_a)
    with CaptureQueriesContext(connection) as ctx:
        page = KnownCountPaginator(report.uncovered, 2, count=report.uncovered_count).get_page(1)
        list(page.object_list)
    assert len(ctx.captured_queries) == 1
    assert page.paginator.num_pages == 3


# --- queries do not grow ----------------------------------------------------------------------


def _grow(cast, n_districts: int, per_crew: int) -> None:
    """More districts, each with a branch, two crews of workers and a member covering some."""
    org = people_services.org_create
    for d in range(n_districts):
        district = org(actor=None, name=f"综采{d + 3}队", kind=OrgKind.DISTRICT, parent=cast.mine)
        branch = org(
            actor=None,
            name=f"综采{d + 3}队党支部",
            kind=OrgKind.BRANCH,
            parent=cast.committee,
            unit=district,
        )
        for c in range(2):
            crew_unit = org(actor=None, name=f"{c + 1}班", kind=OrgKind.CREW, parent=district)
            member = people_services.person_create(
                actor=None,
                employee_no=f"5{d:02d}{c}00",
                name=f"党员{d}{c}",
                unit=crew_unit,
                political_status="member",
                party_org=branch,
            )
            for w in range(per_crew):
                worker = people_services.person_create(
                    actor=None,
                    employee_no=f"5{d:02d}{c}{w + 1:02d}",
                    name=f"职工{d}{c}{w}",
                    unit=crew_unit,
                )
                if w % 2:
                    _cover(cast, member, worker)


def _report_queries(scope_fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        report = scope_fn()
        list(report.uncovered[:30])
        list(report.idle[:30])
        list(report.overloaded[:30])
    return len(ctx.captured_queries)


def test_report_queries_do_not_grow_with_branches_or_people(cast, crew):
    small_mine = _report_queries(lambda: unit_coverage(cast.mine))
    small_group = _report_queries(lambda: unit_coverage(cast.group))
    small_branch = _report_queries(lambda: branch_coverage(cast.branch_a))
    _grow(cast, n_districts=4, per_crew=5)
    large = unit_coverage(cast.mine)
    assert len(large.rows) == 7
    assert large.workers == 6 + 4 * 2 * 5
    assert _report_queries(lambda: unit_coverage(cast.mine)) == small_mine
    assert _report_queries(lambda: unit_coverage(cast.group)) == small_group
    assert _report_queries(lambda: branch_coverage(cast.branch_a)) == small_branch
    assert small_mine <= 9  # five for the report, the rest for the lists
