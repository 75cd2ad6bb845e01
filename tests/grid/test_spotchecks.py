"""Discipline inspectors' spot checks (不定期抽查): random draws bounded and kept inside
the chosen branch or mine, findings recorded by the inspector who drew, the check page
with each member's figures of the month, and nobody else at all."""

import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.grid.reports_helpers import last_month, link, task, visit
from tongxin.core.models import AuditEvent
from tongxin.grid.models import Level, SpotCheck, SpotCheckItem
from tongxin.grid.services import reports
from tongxin.grid.services import spotchecks as services
from tongxin.people import services as people
from tongxin.people.models import Role


@pytest.fixture
def grid(cast, crew):
    """Branch A: 李红, 陈党 (members) and 马队 (cadre); branch B: 钱进 covers a worker."""
    a = cast.branch_a
    link(cast.li_member, cast.wang_worker, branch=a)
    link(crew.chen_member, crew.he_worker, branch=a)
    link(crew.ma_cadre, cast.li_member, branch=a, level=Level.CADRE_MEMBER)
    worker_b = people.person_create(
        actor=None, employee_no="200011", name="孙掘", unit=cast.crew_b1
    )
    link(cast.qian_outsider, worker_b, branch=cast.branch_b)
    # An ended link does not make a grid member.
    ended = link(crew.yang_worker, crew.liu_worker, branch=a)
    ended.ends_on = ended.starts_on.replace(year=ended.starts_on.year + 1)
    ended.save(update_fields=["ends_on"])
    return crew


def _members_of(check):
    return set(check.items.values_list("member__name", flat=True))


BRANCH_A = {"李红", "陈党", "马队"}


def test_draws_are_random_bounded_and_inside_the_scope(cast, grid):
    outcomes = set()
    for seed in range(30):
        check = services.spot_draw(
            actor=cast.zheng_inspector, scope=cast.branch_a, size=2, rng=random.Random(seed)
        )
        drawn = _members_of(check)
        assert len(drawn) == 2 and drawn <= BRANCH_A
        outcomes.add(frozenset(drawn))
    assert len(outcomes) == 3  # every pair of the three comes up
    same = [
        _members_of(
            services.spot_draw(
                actor=cast.zheng_inspector, scope=cast.branch_a, size=2, rng=random.Random(7)
            )
        )
        for _ in range(2)
    ]
    assert same[0] == same[1]
    whole_mine = services.spot_draw(actor=cast.zheng_inspector, scope=cast.mine, size=4)
    assert _members_of(whole_mine) == BRANCH_A | {"钱进"}
    assert whole_mine.sample_size == 4 and whole_mine.inspector == cast.zheng_inspector
    assert AuditEvent.objects.filter(action="grid.spotcheck.drawn").count() == 33


def test_bad_draws_save_nothing(cast, grid):
    for size, message in [(0, "1 到 50"), (51, "1 到 50"), (4, "只有 3 名"), ("五", "1 到 50")]:
        with pytest.raises(ValidationError, match=message):
            services.spot_draw(actor=cast.zheng_inspector, scope=cast.branch_a, size=size)
    for scope in (None, cast.district_a, cast.party_group_a, cast.company):
        with pytest.raises(ValidationError, match="党支部或矿"):
            services.spot_draw(actor=cast.zheng_inspector, scope=scope, size=1)
    with pytest.raises(ValidationError, match="没有网格员"):
        services.spot_draw(actor=cast.zheng_inspector, scope=cast.branch_dept, size=1)
    assert not SpotCheck.objects.exists()


def test_only_the_mines_inspectors_draw(cast, grid, client_for):
    for person in (cast.zhao_secretary, cast.wu_leader, cast.feng_admin, cast.li_member):
        with pytest.raises(PermissionDenied):
            services.spot_draw(actor=person, scope=cast.branch_a, size=1)
        assert client_for(person).get("/grid/spot/").status_code == 404
    # An inspector of another mine neither.
    from tongxin.people.models import OrgKind

    other = people.org_create(actor=None, name="青山矿", kind=OrgKind.MINE, parent=cast.company)
    stranger = people.person_create(actor=None, employee_no="800001", name="外矿纪检", unit=other)
    people.role_assign(
        actor=None, person=stranger, role=Role.DISCIPLINE_INSPECTOR, organisation=other
    )
    with pytest.raises(PermissionDenied):
        services.spot_draw(actor=stranger, scope=cast.branch_a, size=1)
    check = services.spot_draw(actor=cast.zheng_inspector, scope=cast.branch_a, size=1)
    assert client_for(stranger).get(f"/grid/spot/{check.pk}/").status_code == 404
    assert client_for(cast.zhao_secretary).get(f"/grid/spot/{check.pk}/").status_code == 404
    assert SpotCheck.objects.count() == 1


def test_drawing_and_recording_through_the_pages(cast, grid, client_for):
    month = timezone.localdate()
    task(cast.li_member, month, branch=cast.branch_a, state="done")
    task(cast.li_member, month, branch=cast.branch_a)
    visit(cast.li_member, cast.wang_worker, month, branch=cast.branch_a)
    reports.report_submit(
        actor=cast.li_member, month=last_month(), own_words="本月走访两次，情况良好，下月继续。"
    )
    desk = client_for(cast.zheng_inspector)
    page = desk.get("/grid/spot/").content.decode()
    assert "综采一队党支部" in page and "红岩矿" in page
    response = desk.post("/grid/spot/", {"scope": cast.branch_a.pk, "size": "9"})
    assert response.status_code == 400 and "只有 3 名" in response.content.decode()
    response = desk.post("/grid/spot/", {"scope": cast.branch_b.pk + 9999, "size": "1"})
    assert response.status_code == 400 and "党支部或矿" in response.content.decode()
    response = desk.post(
        "/grid/spot/", {"scope": cast.branch_a.pk, "size": "3", "note": "季度督查"}
    )
    check = SpotCheck.objects.get()
    assert response.status_code == 302 and response.url == f"/grid/spot/{check.pk}/"

    response = desk.get(response.url)
    li = next(i for i in response.context["items"] if i.member_id == cast.li_member.pk)
    assert (li.figures["tasks_done"], li.figures["tasks_total"], li.figures["visits"]) == (1, 2, 1)
    assert li.figures["report"].state == "submitted"
    assert "已提交待审核" in response.content.decode()

    item = SpotCheckItem.objects.get(member=cast.li_member)
    url = f"/grid/spot/{check.pk}/items/{item.pk}/"
    response = desk.post(url, {"finding": "weak", "note": ""})
    assert response.status_code == 400 and "写明发现的问题" in response.content.decode()
    response = desk.post(url, {"finding": "maybe", "note": "x"})
    assert response.status_code == 400
    assert SpotCheckItem.objects.get(pk=item.pk).finding == "pending"
    response = desk.post(url, {"finding": "weak", "note": "走访记录过于简单"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.finding, item.note) == ("weak", "走访记录过于简单") and item.checked_at
    history = desk.get("/grid/spot/")
    row = history.context["page"].object_list[0]
    assert (row.checked, row.weak) == (1, 1)
    # Another item's id under this check's URL is 404; only the drawer records.
    other = services.spot_draw(actor=cast.zheng_inspector, scope=cast.mine, size=1)
    foreign = other.items.get()
    assert desk.post(f"/grid/spot/{check.pk}/items/{foreign.pk}/",
                     {"finding": "good"}).status_code == 404  # fmt: skip
    colleague = people.person_create(
        actor=None, employee_no="900009", name="纪检二", unit=cast.mine
    )
    people.role_assign(
        actor=None, person=colleague, role=Role.DISCIPLINE_INSPECTOR, organisation=cast.mine
    )
    with pytest.raises(PermissionDenied):
        services.spot_record(actor=colleague, item_id=item.pk, finding="good", note="")
    response = client_for(colleague).post(url, {"finding": "good"})
    assert response.status_code == 403
    assert SpotCheckItem.objects.get(pk=item.pk).finding == "weak"


def test_the_pages_take_the_same_queries_as_data_grows(cast, grid, client_for):
    desk = client_for(cast.zheng_inspector)
    check = services.spot_draw(actor=cast.zheng_inspector, scope=cast.branch_a, size=3)
    desk.get("/grid/spot/")
    with CaptureQueriesContext(connection) as few_home:
        desk.get("/grid/spot/")
    with CaptureQueriesContext(connection) as few_check:
        desk.get(f"/grid/spot/{check.pk}/")
    for _ in range(6):
        services.spot_draw(actor=cast.zheng_inspector, scope=cast.branch_a, size=2)
    big = services.spot_draw(actor=cast.zheng_inspector, scope=cast.mine, size=4)
    for member in (cast.li_member, grid.chen_member):
        task(member, timezone.localdate(), branch=cast.branch_a)
    with CaptureQueriesContext(connection) as many_home:
        desk.get("/grid/spot/")
    with CaptureQueriesContext(connection) as many_check:
        desk.get(f"/grid/spot/{big.pk}/")
    assert len(many_home.captured_queries) == len(few_home.captured_queries)
    assert len(many_check.captured_queries) == len(few_check.captured_queries)
