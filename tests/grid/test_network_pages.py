"""The network's desk pages through the test client: who sees which branch, who may
change it, every action with good and bad input, and queries that do not grow."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tongxin.grid.coverage import covering_member
from tongxin.grid.models import GridLink, Level
from tongxin.grid.services import network

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _url(branch, suffix=""):
    return f"/grid/network/{branch.pk}/{suffix}"


def _cover(cast, member, worker, **kwargs):
    return network.link_assign(
        actor=cast.zhao_secretary,
        level=Level.MEMBER_WORKER,
        responsible=member,
        person=worker,
        **kwargs,
    )


# --- who sees what ----------------------------------------------------------------------------


def test_strangers_sign_in_and_workers_get_404(cast, client, client_for):
    pages = [
        "/grid/network/",
        _url(cast.branch_a),
        "/grid/coverage/",
        f"/grid/coverage/{cast.branch_a.pk}/",
    ]
    for url in pages:
        assert client.get(url).status_code == 302
    worker = client_for(cast.wang_worker)
    for url in pages:
        assert worker.get(url).status_code == 404


def test_the_list_shows_the_branches_the_viewer_runs_or_reads(cast, crew, client_for):
    _cover(cast, crew.chen_member, cast.wang_worker)
    mine = client_for(cast.zhao_secretary).get("/grid/network/").content.decode()
    assert "综采一队党支部" in mine and "掘进二队党支部" not in mine
    assert "可调整" in mine
    leader = client_for(cast.wu_leader).get("/grid/network/").content.decode()
    assert {"综采一队党支部", "掘进二队党支部", "机电科党支部"} <= set(
        name for name in ("综采一队党支部", "掘进二队党支部", "机电科党支部") if name in leader
    )
    assert "可调整" not in leader
    found = client_for(cast.wu_leader).get("/grid/network/?q=掘进").content.decode()
    assert "掘进二队党支部" in found and "综采一队党支部" not in found


def test_the_outsider_gets_404_on_every_page_of_another_branch(cast, crew, client_for):
    link = _cover(cast, crew.chen_member, cast.wang_worker)
    outsider = client_for(cast.qian_outsider)
    for url in (
        _url(cast.branch_a),
        _url(cast.branch_a, f"split/{cast.crew_a1.pk}/"),
        _url(cast.branch_a, "import/"),
        f"/grid/coverage/{cast.branch_a.pk}/",
    ):
        assert outsider.get(url).status_code == 404, url
    response = outsider.post(_url(cast.branch_a), {"action": "end", "link": link.pk})
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.ends_on is None


def test_leadership_reads_but_cannot_write(cast, crew, client_for):
    _cover(cast, crew.chen_member, cast.wang_worker)
    leader = client_for(cast.wu_leader)
    page = leader.get(_url(cast.branch_a))
    assert page.status_code == 200
    html = page.content.decode()
    assert "王强" in html and "陈党" in html
    assert 'id="assign"' not in html and "调整" not in html.split('id="links"')[1]
    response = leader.post(
        _url(cast.branch_a),
        {
            "action": "assign",
            "level": "member_worker",
            "responsible": cast.li_member.pk,
            "person": crew.liu_worker.pk,
        },
    )
    assert response.status_code == 403
    assert leader.get(_url(cast.branch_a, f"split/{cast.crew_a1.pk}/")).status_code == 403
    assert (
        leader.post(
            _url(cast.branch_a, f"split/{cast.crew_a1.pk}/"),
            {f"w{crew.liu_worker.pk}": cast.li_member.pk},
        ).status_code
        == 403
    )
    assert leader.get(_url(cast.branch_a, "import/")).status_code == 403
    assert GridLink.objects.count() == 1


# --- the branch page --------------------------------------------------------------------------


def test_the_branch_page_lists_a_level_with_pickers_limited_to_the_branch(cast, crew, client_for):
    _cover(cast, crew.chen_member, cast.wang_worker)
    client = client_for(cast.zhao_secretary)
    html = client.get(_url(cast.branch_a)).content.decode()
    assert 'id="assign"' in html

    def offered(kind, level):
        # The pickers (core.pickers) search the branch's roster for the level.
        url = reverse("people:pick", args=[f"grid.{kind}.{level}", cast.branch_a.pk])
        assert f'data-picker-url="{url}"' in html or level != "member_worker"
        rows = client.get(url, {"q": ""}).json()["results"]
        return " ".join(row["label"] for row in rows)

    pickers = offered("responsible", "member_worker")
    assert "陈党 · 100014" in pickers and "李红 · 100002" in pickers
    assert "钱进" not in pickers and "孙工" not in pickers
    people = offered("covered", "member_worker")
    assert "刘明 · 100011" in people and "李红" not in people and "周科长" not in people
    assert "按班组批量分配" in html
    top = client.get(_url(cast.branch_a) + "?level=leader_branch").content.decode()
    assert 'id="a-responsible"' in top and "吴矿长" in offered("responsible", "leader_branch")
    assert 'id="a-person"' not in top
    # Only the branch's managers search its roster.
    outsider = client_for(cast.qian_outsider)
    url = reverse("people:pick", args=["grid.responsible.member_worker", cast.branch_a.pk])
    assert outsider.get(url).status_code == 404
    assert (
        client_for(cast.zhao_secretary).get(_url(cast.branch_a) + "?level=bogus").status_code == 200
    )


def test_assigning_from_the_page(cast, crew, client_for):
    client = client_for(cast.zhao_secretary)
    response = client.post(
        _url(cast.branch_a),
        {
            "action": "assign",
            "level": "member_worker",
            "responsible": crew.chen_member.pk,
            "person": cast.wang_worker.pk,
            "starts_on": "",
            "note": "同班",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?level=member_worker")
    assert covering_member(cast.wang_worker) == crew.chen_member
    page = client.get(response["Location"]).content.decode()
    assert "已确定由陈党联系王强" in page
    top = client.post(
        _url(cast.branch_a),
        {"action": "assign", "level": "leader_branch", "responsible": cast.wu_leader.pk},
    )
    assert top.status_code == 302
    assert GridLink.objects.get(level=Level.LEADER_BRANCH).branch == cast.branch_a


def test_assigning_a_covered_worker_again_shows_why_and_keeps_the_choice(cast, crew, client_for):
    _cover(cast, crew.chen_member, cast.wang_worker)
    response = client_for(cast.zhao_secretary).post(
        _url(cast.branch_a),
        {
            "action": "assign",
            "level": "member_worker",
            "responsible": cast.li_member.pk,
            "person": cast.wang_worker.pk,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "王强已由陈党联系" in html
    # The responsible person chosen is kept in the picker.
    assert f'name="responsible" value="{cast.li_member.pk}"' in html and "李红 · 100002" in html
    assert GridLink.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"responsible": "", "person": ""}, "请选择责任人"),
        ({"responsible": "abc", "person": "1"}, "责任人"),
        ({"responsible": "999999", "person": "WORKER"}, "所选人员不在本支部"),
        ({"responsible": "MEMBER", "person": "OUTSIDE"}, "所选人员不在本支部"),
        ({"responsible": "MEMBER", "person": "WORKER", "starts_on": "2026-13-45"}, "生效日期"),
        ({"responsible": "MEMBER", "person": "WORKER", "level": "bogus"}, "层级"),
        ({"responsible": "SUN", "person": "WORKER"}, "孙工不是综采一队党支部在册的党员"),
    ],
)
def test_bad_assignments_save_nothing(cast, crew, client_for, data, expected):
    ids = {
        "MEMBER": str(crew.chen_member.pk),
        "WORKER": str(cast.wang_worker.pk),
        "OUTSIDE": str(cast.zhou_head.pk),
        "SUN": str(cast.sun_chair.pk),
    }
    post = {"action": "assign", "level": "member_worker"}
    post.update({k: ids.get(v, v) for k, v in data.items()})
    response = client_for(cast.zhao_secretary).post(_url(cast.branch_a), post)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not GridLink.objects.exists()


def test_ending_and_the_history(cast, crew, client_for):
    link = _cover(cast, crew.chen_member, cast.wang_worker, starts_on=TODAY - 20 * DAY)
    client = client_for(cast.zhao_secretary)
    response = client.post(_url(cast.branch_a), {"action": "end", "link": link.pk, "ends_on": ""})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ends_on == TODAY
    current = client.get(_url(cast.branch_a)).content.decode()
    assert f'data-link="{link.pk}"' not in current
    history = client.get(_url(cast.branch_a) + "?history=1").content.decode()
    assert f'data-link="{link.pk}"' in history and TODAY.isoformat() in history
    again = client.post(_url(cast.branch_a), {"action": "end", "link": link.pk})
    assert again.status_code == 400 and "已于" in again.content.decode()


def test_bad_ends(cast, crew, client_for):
    link = _cover(cast, crew.chen_member, cast.wang_worker, starts_on=TODAY - 5 * DAY)
    other = network.link_assign(
        actor=cast.qian_outsider,
        level=Level.LEADER_BRANCH,
        responsible=cast.wu_leader,
        branch=cast.branch_b,
    )
    client = client_for(cast.zhao_secretary)
    early = client.post(
        _url(cast.branch_a),
        {"action": "end", "link": link.pk, "ends_on": (TODAY - 9 * DAY).isoformat()},
    )
    assert early.status_code == 400 and "终止日期不能早于生效日期" in early.content.decode()
    assert client.post(_url(cast.branch_a), {"action": "end", "link": "x"}).status_code == 400
    assert client.post(_url(cast.branch_a), {"action": "end", "link": other.pk}).status_code == 404
    assert client.post(_url(cast.branch_a), {"action": "launch"}).status_code == 404
    link.refresh_from_db()
    other.refresh_from_db()
    assert link.ends_on is None and other.ends_on is None


def test_moving_from_the_page(cast, crew, client_for):
    link = _cover(cast, crew.chen_member, cast.wang_worker, starts_on=TODAY - 20 * DAY)
    client = client_for(cast.zhao_secretary)
    same = client.post(
        _url(cast.branch_a), {"action": "move", "link": link.pk, "responsible": crew.chen_member.pk}
    )
    assert same.status_code == 400 and "请选择另一位责任人" in same.content.decode()
    missing = client.post(
        _url(cast.branch_a), {"action": "move", "link": link.pk, "responsible": ""}
    )
    assert missing.status_code == 400 and "请选择新的责任人" in missing.content.decode()
    response = client.post(
        _url(cast.branch_a),
        {"action": "move", "link": link.pk, "responsible": cast.li_member.pk, "starts_on": ""},
    )
    assert response.status_code == 302
    assert covering_member(cast.wang_worker) == cast.li_member
    assert GridLink.objects.filter(person=cast.wang_worker).count() == 2


# --- splitting a crew -------------------------------------------------------------------------


def test_the_split_page_is_prefilled_with_the_even_split(cast, crew, client_for):
    _cover(cast, cast.li_member, cast.wang_worker)
    html = (
        client_for(cast.zhao_secretary)
        .get(_url(cast.branch_a, f"split/{cast.crew_a1.pk}/"))
        .content.decode()
    )
    liu = html.split(f'name="w{crew.liu_worker.pk}"')[1].split("</select>")[0]
    assert f'<option value="{crew.chen_member.pk}" selected>' in liu
    assert "本班组党员" in liu and "支部其他党员" in liu and "李红" in liu
    # 王强 is covered: shown with his member, no select
    assert f'name="w{cast.wang_worker.pk}"' not in html
    assert f'data-covered-by="{cast.li_member.pk}"' in html


def test_a_secretary_splits_a_crew_and_the_coverage_page_shows_none_uncovered(
    cast, crew, client_for
):
    client = client_for(cast.zhao_secretary)
    url = _url(cast.branch_a, f"split/{cast.crew_a1.pk}/")
    response = client.post(
        url,
        {
            f"w{cast.wang_worker.pk}": crew.chen_member.pk,
            f"w{crew.liu_worker.pk}": crew.chen_member.pk,
            f"w{crew.he_worker.pk}": cast.li_member.pk,
            "starts_on": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/grid/coverage/{cast.branch_a.pk}/"
    assert covering_member(crew.he_worker) == cast.li_member
    html = client.get(response["Location"]).content.decode()
    assert "一班已分配3名职工的联系党员" in html
    assert f'data-uncovered="{cast.crew_a1.pk}">0<' in html
    uncovered = client.get(f"/grid/coverage/{cast.branch_a.pk}/?show=uncovered").content.decode()
    for name in ("王强", "刘明", "何军"):
        assert name not in uncovered
    assert "杨工" in uncovered


def test_a_bad_split_saves_nothing_and_keeps_the_choices(cast, crew, client_for):
    _cover(cast, cast.li_member, cast.wang_worker)
    client = client_for(cast.zhao_secretary)
    url = _url(cast.branch_a, f"split/{cast.crew_a1.pk}/")
    response = client.post(
        url,
        {
            f"w{cast.wang_worker.pk}": crew.chen_member.pk,
            f"w{crew.liu_worker.pk}": cast.li_member.pk,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "王强已由李红联系" in html
    liu = html.split(f'name="w{crew.liu_worker.pk}"')[1].split("</select>")[0]
    assert f'<option value="{cast.li_member.pk}" selected>' in liu
    assert GridLink.objects.count() == 1
    for data, expected in (
        ({f"w{crew.liu_worker.pk}": "abc"}, "所选党员无效"),
        ({}, "请至少为一名职工选择联系党员"),
        ({f"w{crew.liu_worker.pk}": crew.chen_member.pk, "starts_on": "tomorrow"}, "生效日期"),
    ):
        bad = client.post(url, data)
        assert bad.status_code == 400 and expected in bad.content.decode()
    assert GridLink.objects.count() == 1


def test_a_crew_of_another_branch_is_404(cast, crew, client_for):
    client = client_for(cast.zhao_secretary)
    assert client.get(_url(cast.branch_a, f"split/{cast.crew_b1.pk}/")).status_code == 404
    assert client.get(_url(cast.branch_a, f"split/{cast.district_a.pk}/")).status_code == 404


# --- import -----------------------------------------------------------------------------------


def test_the_import_page_and_its_template(cast, crew, client_for):
    client = client_for(cast.zhao_secretary)
    page = client.get(_url(cast.branch_a, "import/"))
    assert page.status_code == 200 and "责任人工号" in page.content.decode()
    template = client.get(_url(cast.branch_a, "import/") + "?template=xlsx")
    assert template.status_code == 200
    header = next(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert header[0] == "责任人工号" and "联系对象工号" in header


def test_importing_from_the_page(cast, crew, client_for):
    client = client_for(cast.zhao_secretary)
    good = SimpleUploadedFile("links.csv", "责任人工号,联系对象工号\n100014,100001\n".encode())
    response = client.post(_url(cast.branch_a, "import/"), {"upload": good})
    assert response.status_code == 302
    assert covering_member(cast.wang_worker) == crew.chen_member
    assert "新增1条联系" in client.get(response["Location"]).content.decode()


def test_a_bad_import_lists_rows_and_saves_nothing(cast, crew, client_for):
    client = client_for(cast.zhao_secretary)
    bad = SimpleUploadedFile(
        "links.csv",
        "责任人工号,联系对象工号\n100014,100011\n100014,999999\n100004,100012\n".encode(),
    )
    response = client.post(_url(cast.branch_a, "import/"), {"upload": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-row="3"' in html and "999999不存在" in html
    assert 'data-row="4"' in html and "孙工不是" in html
    assert 'data-row="2"' not in html
    assert not GridLink.objects.exists()
    assert client.post(_url(cast.branch_a, "import/"), {}).status_code == 400
    wrong = SimpleUploadedFile("links.pdf", b"%PDF-1.4")
    response = client.post(_url(cast.branch_a, "import/"), {"upload": wrong})
    assert response.status_code == 400 and "请上传" in response.content.decode()


# --- query budgets ----------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _more_people(cast, n):
    from tongxin.people import services as people_services

    for i in range(n):
        member = people_services.person_create(
            actor=None,
            employee_no=f"7{i:04d}",
            name=f"党员{i}",
            unit=cast.crew_a1,
            political_status="member",
            party_org=cast.party_group_a,
        )
        worker = people_services.person_create(
            actor=None, employee_no=f"8{i:04d}", name=f"职工{i}", unit=cast.crew_a2
        )
        _cover(cast, member, worker)


def test_network_pages_queries_do_not_grow(cast, crew, client_for, django_assert_max_num_queries):
    _cover(cast, crew.chen_member, cast.wang_worker)
    client = client_for(cast.zhao_secretary)
    urls = [
        "/grid/network/",
        _url(cast.branch_a),
        _url(cast.branch_a) + "?history=1",
        _url(cast.branch_a, f"split/{cast.crew_a2.pk}/"),
        _url(cast.branch_a, "import/"),
    ]
    small = {url: _queries(client, url) for url in urls}
    _more_people(cast, 12)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200
