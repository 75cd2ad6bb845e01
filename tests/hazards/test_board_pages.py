"""The desk pages through the test client: the board and its filters, the union's
supervision, statistics on a small known dataset, missed inspections, the ledger export,
the QR sheet and the admin; who may see what; query budgets that do not grow."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tongxin.core.models import Notification
from tongxin.hazards import services
from tongxin.hazards.models import Hazard, HazardEvent, Inspection, InspectionPlan, State, Workplace
from tongxin.hazards.periods import period_of
from tongxin.hazards.services import Finding
from tongxin.people.models import Person

TZ = timezone.get_current_timezone()


def _report(cast, categories, location, *, unit=None, severity="general", category="顶板",
            responsible=None, actor=None):  # fmt: skip
    return services.hazard_report(
        actor=actor or cast.wang_worker,
        unit=unit or cast.crew_a1,
        finding=Finding(
            location=location,
            category=categories[category],
            severity=severity,
            description=f"{location}发现问题，需整改",
            responsible=responsible,
        ),
    )


def _many(cast, categories, n, **extra):
    return [_report(cast, categories, f"巷道{i}号点", **extra) for i in range(n)]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _sheet(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


# --- who may see ------------------------------------------------------------------------------


DESK_PAGES = [
    "/hazards/board/",
    "/hazards/board/export/",
    "/hazards/stats/",
    "/hazards/inspections/",
    "/hazards/workplaces/print/",
]


@pytest.mark.parametrize("url", DESK_PAGES + ["/hazards/supervision/"])
def test_a_worker_gets_404_and_a_stranger_is_sent_to_sign_in(cast, client_for, client, url):
    assert client.get(url).status_code == 302
    assert client_for(cast.wang_worker).get(url).status_code == 404


def test_the_outsider_sees_nothing_of_another_district(cast, client_for, categories):
    _report(cast, categories, "1201工作面机尾")
    _report(cast, categories, "2103掘进头", unit=cast.crew_b1, actor=cast.qian_outsider)
    inside = client_for(cast.zhao_secretary).get("/hazards/board/").content.decode()
    assert "1201工作面机尾" in inside and "2103掘进头" not in inside
    outsider = client_for(cast.qian_outsider)
    page = outsider.get("/hazards/board/").content.decode()
    assert "2103掘进头" in page and "1201工作面机尾" not in page
    # Naming the other district's unit in the URL narrows nothing in, and says so.
    response = outsider.get(f"/hazards/board/?unit={cast.district_a.pk}")
    page = response.content.decode()
    assert "不在您的查看范围内" in page and "1201工作面机尾" not in page
    rows = _sheet(outsider.get(f"/hazards/board/export/?unit={cast.district_a.pk}"))
    assert [r[4] for r in rows[1:]] == ["2103掘进头"]
    stats = outsider.get(f"/hazards/stats/?unit={cast.district_a.pk}")
    assert stats.context["period"].unit == cast.district_b
    assert stats.context["totals"]["found"] == 1


def test_the_board_is_labelled_and_links_to_each_hazard(cast, client_for, categories):
    hazard = _report(cast, categories, "1201工作面机尾", responsible=cast.li_member)
    page = client_for(cast.wu_leader).get("/hazards/board/").content.decode()
    assert f"/hazards/h/{hazard.pk}/" in page and hazard.code in page
    assert "综采一队 一班" in page and "李红" in page and "一般" in page


# --- filters ----------------------------------------------------------------------------------


def _codes(client, query):
    response = client.get(f"/hazards/board/?{query}")
    assert response.status_code == 200
    return {h.location for h in response.context["page"].object_list}


def test_the_board_filters(cast, client_for, categories):
    _report(cast, categories, "甲 一般顶板")
    _report(cast, categories, "乙 较大通风", severity="larger", category="通风")
    major = _report(cast, categories, "丙 重大瓦斯", severity="major", category="瓦斯")
    late = _report(cast, categories, "丁 超期机电", category="机电", responsible=cast.li_member)
    Hazard.objects.filter(pk=late.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    _report(cast, categories, "戊 掘进二队", unit=cast.crew_b1)
    closed = _report(cast, categories, "己 已销号", responsible=cast.li_member)
    Hazard.objects.filter(pk=closed.pk).update(state=State.CLOSED)
    client = client_for(cast.wu_leader)
    everything = {"甲 一般顶板", "乙 较大通风", "丙 重大瓦斯", "丁 超期机电", "戊 掘进二队"}
    assert _codes(client, "") == everything
    assert _codes(client, "severity=larger") == {"乙 较大通风"}
    assert _codes(client, f"category={categories['瓦斯'].pk}") == {"丙 重大瓦斯"}
    assert _codes(client, "overdue=1") == {"丁 超期机电"}
    assert _codes(client, "supervised=1") == {"丙 重大瓦斯"} and major.supervised
    assert _codes(client, f"unit={cast.district_b.pk}") == {"戊 掘进二队"}
    assert "戊 掘进二队" not in _codes(client, f"unit={cast.district_a.pk}")
    assert _codes(client, "state=rectifying") == {"丁 超期机电"}
    assert _codes(client, "state=reported") == everything - {"丁 超期机电"}
    assert _codes(client, "state=closed") == {"己 已销号"}
    assert _codes(client, "state=all") == everything | {"己 已销号"}
    response = client.get("/hazards/board/")
    counts = response.context["counts"]
    assert counts["open"] == 5 and counts["overdue"] == 1 and counts["major"] == 1
    assert "bi-alarm" in response.content.decode()  # the overdue one is marked
    # Nonsense in the query string is said, in Chinese, and left out.
    response = client.get("/hazards/board/?since=yesterday&severity=huge&unit=abc")
    page = response.content.decode()
    assert response.status_code == 200 and "部分筛选条件无效" in page
    assert {h.location for h in response.context["page"].object_list} == everything


def test_the_board_query_count_is_flat(cast, client_for, categories):
    _many(cast, categories, 3, responsible=cast.li_member)
    client = client_for(cast.wu_leader)
    url = "/hazards/board/"
    client.get(url)  # the first request of a session also writes the session row
    small = _queries(client, url)
    units = [cast.crew_a1, cast.crew_a2, cast.crew_b1, cast.district_a, cast.department]
    for i in range(40):
        _report(cast, categories, f"点{i}", unit=units[i % len(units)],
                responsible=[cast.li_member, cast.zhou_head, None][i % 3])  # fmt: skip
    assert _queries(client, url) == small
    assert _queries(client, f"{url}?unit={cast.district_a.pk}&severity=general") <= small + 1


# --- the ledger -------------------------------------------------------------------------------


def test_the_ledger_exports_exactly_the_filter(cast, client_for, categories, photo):
    today = timezone.localdate()
    old = _report(cast, categories, "上月的隐患")
    Hazard.objects.filter(pk=old.pk).update(created_at=_at(today - datetime.timedelta(days=40)))
    done = _report(cast, categories, "已整改的隐患", responsible=cast.li_member)
    services.hazard_rectify(hazard_id=done.pk, version=None, actor=cast.li_member,
                            note="已处理", photos=[photo()])  # fmt: skip
    services.hazard_recheck(hazard_id=done.pk, version=None, actor=cast.wang_worker, passed=True)
    _report(cast, categories, "本月通风", category="通风")
    _report(cast, categories, "二队的隐患", unit=cast.crew_b1)
    client = client_for(cast.wu_leader)
    since = (today - datetime.timedelta(days=10)).isoformat()
    query = f"unit={cast.district_a.pk}&since={since}&until={today.isoformat()}"
    rows = _sheet(client.get(f"/hazards/board/export/?{query}"))
    assert rows[0][:4] == ("隐患编号", "发现日期", "责任单位", "作业地点")
    assert sorted(r[4] for r in rows[1:]) == ["已整改的隐患", "本月通风"]
    board = client.get(f"/hazards/board/?{query}&state=all").context["page"]
    assert len(rows) - 1 == board.paginator.count
    closed = next(r for r in rows if r[4] == "已整改的隐患")
    assert closed[2] == "综采一队 一班" and closed[9] == "李红"
    assert closed[11] == "已销号" and closed[13] == "是" and closed[14] == "王强"
    assert closed[15] == today.isoformat() and closed[16] == "随手拍"
    # With the board's own filters too: one category, open only.
    rows = _sheet(client.get(f"/hazards/board/export/?{query}&category={categories['通风'].pk}"))
    assert [r[4] for r in rows[1:]] == ["本月通风"]
    rows = _sheet(client.get(f"/hazards/board/export/?{query}&state=closed"))
    assert [r[4] for r in rows[1:]] == ["已整改的隐患"]


# --- statistics -------------------------------------------------------------------------------


def _retime(hazard, *, found, deadline=None, rectified=None):
    fields = {"created_at": _at(found, 9)}
    if deadline is not None:
        fields["deadline"] = deadline
    if rectified is not None:
        fields["rectified_at"] = _at(rectified, 16)
    Hazard.objects.filter(pk=hazard.pk).update(**fields)


def test_statistics_on_a_small_known_dataset(cast, client_for, categories, daily_plan, photo):
    today = timezone.localdate()
    day = [today - datetime.timedelta(days=n) for n in range(45)]  # day[3] is three days ago
    li, wang = cast.li_member, cast.wang_worker

    def fix(hazard):
        return services.hazard_rectify(hazard_id=hazard.pk, version=None, actor=li,
                                       note="已整改", photos=[photo()])  # fmt: skip

    # Rectified on time and closed.
    on_time = _report(cast, categories, "按期", responsible=li)
    fix(on_time)
    services.hazard_recheck(hazard_id=on_time.pk, version=None, actor=wang, passed=True)
    _retime(on_time, found=day[3], deadline=day[1], rectified=day[2])
    # Rectified a day late, waiting for its re-check.
    late = _report(cast, categories, "逾期整改", severity="larger", category="通风",
                   responsible=li)  # fmt: skip
    fix(late)
    _retime(late, found=day[3], deadline=day[3], rectified=day[2])
    # Major, assigned and overdue now.
    overdue = _report(cast, categories, "超期重大", severity="major", responsible=li)
    _retime(overdue, found=day[2], deadline=day[1])
    # Reported, not yet assigned.
    waiting = _report(cast, categories, "待指派", category="机电")
    _retime(waiting, found=day[1])
    # Outside the period (but still overdue: the overdue figure is of today).
    before = _report(cast, categories, "期前", responsible=li)
    _retime(before, found=day[40], deadline=day[30])
    # Another district's hazard never counts for 综采一队.
    _report(cast, categories, "二队", unit=cast.crew_b1)

    # The crew's daily check since three days ago: done twice, skipped yesterday.
    InspectionPlan.objects.filter(pk=daily_plan.pk).update(starts_on=day[3])
    version = services.current_version(daily_plan)
    for n in (3, 2):
        inspection = Inspection.objects.create(
            plan=daily_plan, version=version, period=period_of("crew_daily", day[n]),
            inspector=wang,
        )  # fmt: skip
        Inspection.objects.filter(pk=inspection.pk).update(started_at=_at(day[n], 8))
    Person.objects.filter(pk=wang.pk).update(post="班长")

    client = client_for(cast.sun_chair)
    url = f"/hazards/stats/?unit={cast.district_a.pk}&since={day[3]}&until={day[1]}"
    response = client.get(url)
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["found"] == 4
    assert totals["rectified"] == 2 and totals["on_time"] == 1
    assert response.context["on_time_pct"] == 50.0
    assert totals["closed"] == 1 and totals["major"] == 1
    assert totals["overdue"] == 2  # 超期重大 and 期前, both still being rectified late
    by_category = {row["label"]: row["n"] for row in response.context["by_category"]}
    assert by_category == {"顶板": 2, "通风": 1, "机电": 1}
    by_severity = {row["label"]: row["n"] for row in response.context["by_severity"]}
    assert by_severity == {"一般": 2, "较大": 1, "重大": 1}
    daily = next(r for r in response.context["inspections"] if r["level"] == "班组日查")
    assert (daily["due"], daily["done"]) == (3, 2)
    assert response.context["missed_count"] == 1
    missed = response.context["missed"][0]
    assert missed["period"] == day[1].isoformat()
    assert missed["unit_label"] == "综采一队 一班" and missed["who"] == "王强"
    page = response.content.decode()
    assert 'data-figure="found">4<' in page and "50.0%" in page
    assert 'data-category="顶板">2<' in page

    # The missed-inspection page says the same, with who should have done it.
    response = client.get(f"/hazards/inspections/?unit={cast.district_a.pk}&since={day[3]}")
    assert response.context["total"] == 1
    page = response.content.decode()
    assert day[1].isoformat() in page and "综采一队 一班" in page and "王强" in page
    assert "1201综采工作面" in page

    # By default: the viewer's top unit and this month.
    response = client.get("/hazards/stats/")
    assert response.context["period"].unit == cast.district_a
    assert response.context["period"].since == today.replace(day=1)


def test_statistics_refuses_a_backwards_or_endless_period(cast, client_for):
    client = client_for(cast.wu_leader)
    response = client.get("/hazards/stats/?since=2026-05-10&until=2026-05-01")
    assert "结束日期不能早于开始日期" in response.content.decode()
    response = client.get("/hazards/stats/?since=2020-01-01&until=2026-01-01")
    assert "统计期间不能超过" in response.content.decode()
    assert (response.context["period"].until - response.context["period"].since).days == 400


def test_the_stats_page_query_count_does_not_grow(cast, client_for, categories, daily_plan):
    client = client_for(cast.wu_leader)
    url = "/hazards/stats/"
    client.get(url)
    _many(cast, categories, 3)
    small = _queries(client, url)
    for i in range(30):
        _report(cast, categories, f"点{i}", category=["顶板", "通风", "机电"][i % 3],
                severity=["general", "larger"][i % 2], unit=cast.crew_a2)  # fmt: skip
    assert _queries(client, url) == small


# --- the union's supervision ------------------------------------------------------------------


def test_the_union_chair_notes_and_urges(cast, client_for, categories):
    hazard = _report(
        cast, categories, "二班工具房配电箱", category="机电", responsible=cast.li_member
    )
    other = _report(cast, categories, "掘进二队的隐患", unit=cast.crew_b1)
    client = client_for(cast.sun_chair)
    page = client.get("/hazards/supervision/").content.decode()
    assert "二班工具房配电箱" in page and "掘进二队的隐患" not in page
    url = "/hazards/supervision/?severity=general"
    response = client.post(url, {"hazard": hazard.pk, "action": "union_note", "note": "注意防护"})
    assert response.status_code == 302 and response["Location"] == url
    response = client.post(url, {"hazard": hazard.pk, "action": "urge", "note": "请三日内完成"})
    assert response.status_code == 302
    actions = list(hazard.events.values_list("action", flat=True))
    assert actions[-2:] == ["union_note", "urge"]
    assert Notification.objects.filter(
        recipient=cast.li_member, title__contains="工会督促"
    ).exists()
    page = client.get(url).content.decode()
    assert "工会已监督 2 次" in page and "请三日内完成" in page
    # An empty note is refused in Chinese, and nothing is written.
    response = client.post(url, {"hazard": hazard.pk, "action": "urge", "note": " "})
    assert response.status_code == 400 and "请填写监督意见" in response.content.decode()
    assert HazardEvent.objects.filter(hazard=hazard, action="urge").count() == 1
    # A hazard outside the chair's union: 404, nothing written.
    response = client.post(url, {"hazard": other.pk, "action": "urge", "note": "越权督促"})
    assert response.status_code == 404
    assert not HazardEvent.objects.filter(hazard=other, action="urge").exists()
    # A closed hazard cannot be urged; the typed note is kept on the page.
    Hazard.objects.filter(pk=hazard.pk).update(state=State.CLOSED)
    response = client.post(
        "/hazards/supervision/?state=all",
        {"hazard": hazard.pk, "action": "urge", "note": "再督促一次"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "已销号" in page and 'value="再督促一次"' in page


@pytest.mark.parametrize("who", ["zhao_secretary", "zhou_head", "qian_outsider", "wang_worker"])
def test_supervision_is_for_union_chairs_only(cast, client_for, categories, who):
    hazard = _report(cast, categories, "一班")
    client = client_for(getattr(cast, who))
    assert client.get("/hazards/supervision/").status_code == 404
    response = client.post(
        "/hazards/supervision/", {"hazard": hazard.pk, "action": "urge", "note": "督促"}
    )
    assert response.status_code == 404
    assert not HazardEvent.objects.filter(action="urge").exists()


def test_the_supervision_query_count_is_flat(cast, client_for, categories):
    client = client_for(cast.sun_chair)
    url = "/hazards/supervision/"
    client.get(url)
    for hazard in _many(cast, categories, 3):
        services.union_supervise(hazard_id=hazard.pk, actor=cast.sun_chair, note="关注")
    small = _queries(client, url)
    for hazard in _many(cast, categories, 40, responsible=cast.li_member):
        services.union_supervise(hazard_id=hazard.pk, actor=cast.sun_chair, note="关注", urge=True)
    assert _queries(client, url) == small


# --- QR codes and the admin -------------------------------------------------------------------


def test_the_qr_sheet_lists_the_units_work_places(cast, client_for, face):
    Workplace.objects.create(unit=cast.district_b, name="2103掘进工作面", code="JJ2103")
    page = client_for(cast.zhao_secretary).get("/hazards/workplaces/print/").content.decode()
    assert "1201综采工作面" in page and "/hazards/w/ZC1201/qr.svg" in page
    assert "2103掘进工作面" not in page
    page = (
        client_for(cast.wu_leader)
        .get(f"/hazards/workplaces/print/?unit={cast.district_b.pk}")
        .content.decode()
    )
    assert "/hazards/w/JJ2103/qr.svg" in page and "ZC1201" not in page


def test_the_admin_shows_configuration_and_keeps_hazards_read_only(
    cast, client, categories, daily_plan
):
    hazard = _report(cast, categories, "一班")
    admin = Person.objects.get(pk=cast.feng_admin.pk)
    admin.is_staff, admin.is_superuser = True, True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(admin)
    for model in ("hazardcategory", "workplace", "checklisttemplate", "checklistversion",
                  "inspectionplan", "hazard", "inspection"):  # fmt: skip
        assert client.get(f"/admin/hazards/{model}/").status_code == 200, model
    assert client.get(f"/admin/hazards/hazard/{hazard.pk}/change/").status_code == 200
    assert client.get("/admin/hazards/hazard/add/").status_code == 403
    template = daily_plan.template
    assert client.get(f"/admin/hazards/checklisttemplate/{template.pk}/change/").status_code == 200
    version = template.versions.get()
    page = client.get(f"/admin/hazards/checklistversion/{version.pk}/change/").content.decode()
    assert "支架初撑力达标" in page and 'name="_save"' not in page
    # A plan added in the admin gets its scope path from its unit, and an audit row.
    response = client.post(
        "/admin/hazards/inspectionplan/add/",
        {
            "unit": cast.crew_a2.pk,
            "level": "crew_daily",
            "template": template.pk,
            "starts_on": timezone.localdate().isoformat(),
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = InspectionPlan.objects.get(unit=cast.crew_a2)
    assert plan.unit_path == cast.crew_a2.path
    from tongxin.core.models import AuditEvent

    assert AuditEvent.objects.filter(
        action="hazards.inspectionplan.admin_added", object_id=str(plan.pk)
    ).exists()


def test_hostile_text_in_every_column_stays_text_in_the_ledger(cast, client_for, categories, face):
    """Location, description, measures, names of people, units, work places and
    categories that look like formulas are written as text."""
    from tests.hostile import assert_no_formulas, hostile
    from tongxin.hazards.models import HazardCategory
    from tongxin.people.models import Organisation

    hazard = _report(cast, categories, "巷道", responsible=cast.li_member)
    Hazard.objects.filter(pk=hazard.pk).update(
        location=hostile(0), description=hostile(1), measures=hostile(2), workplace=face,
        rechecked_by=cast.wang_worker,
    )  # fmt: skip
    Person.objects.filter(pk=cast.li_member.pk).update(name=hostile(3))
    Person.objects.filter(pk=cast.wang_worker.pk).update(name=hostile(4))
    Workplace.objects.filter(pk=face.pk).update(name=hostile(5))
    Organisation.objects.filter(pk=cast.crew_a1.pk).update(name=hostile(6))
    # A category's name is at most 20 characters: a short hostile value (SQLite would
    # not mind the long one; PostgreSQL refuses it).
    HazardCategory.objects.filter(pk=hazard.category_id).update(name=hostile(3) + "类")
    response = client_for(cast.wu_leader).get("/hazards/board/export/?state=all")
    assert response.status_code == 200
    assert_no_formulas(response, [hostile(n) for n in range(6)])
