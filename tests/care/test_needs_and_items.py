"""Needs (需求清单) turned into service items (服务清单) with an owner and a deadline,
the items' life (completed, cancelled, reassigned), the grid visit's follow-up, and the
service ledger (服务台账) page, its filters, its Excel export and its query budget."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tongxin.care import selectors, services
from tongxin.care.models import ItemSource, ItemState, Need, NeedState, NeedSurvey, ServiceItem
from tongxin.core.models import AuditEvent, Notification
from tongxin.core.workdays import add_workdays
from tongxin.grid.models import GridLink, Level

pytestmark = pytest.mark.django_db


def _messages(exc) -> str:
    return " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)


def _need(cast, person=None, *, actor=None, text="孩子上学需要办理转学手续", category="education"):
    person = person or cast.wang_worker
    return services.need_collect(actor=actor or person, person=person, category=category, text=text)


def _item(cast, need=None, *, owner=None, deadline=None):
    need = need or _need(cast)
    return services.need_to_item(
        actor=cast.sun_chair,
        need_id=need.pk,
        version=need.version,
        owner=owner or cast.sun_chair,
        deadline=deadline or timezone.localdate() + timedelta(days=10),
    )


# --- surveys and needs --------------------------------------------------------------------------


def test_a_worker_raises_a_need_within_an_open_survey(cast):
    today = timezone.localdate()
    survey = services.survey_open(
        actor=cast.sun_chair,
        organisation=cast.district_a,
        title="年度需求调查",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )
    need = services.need_collect(
        actor=cast.wang_worker,
        person=cast.wang_worker,
        category="medical",
        text="母亲住院需要医疗救助",
        survey=survey,
    )
    assert need.survey == survey and need.org_path == cast.crew_a1.path
    assert need.state == NeedState.NEW
    # The union chair over the crew is told; the text is not in the message.
    told = Notification.objects.get(recipient=cast.sun_chair)
    assert "医疗健康" in told.title and "住院" not in told.title + told.body


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"title": "", "opens_on": "today", "closes_on": "+5"}, "调查名称"),
        ({"title": "调查", "opens_on": "today", "closes_on": "-1"}, "截止日期不能早于今天"),
        ({"title": "调查", "opens_on": "+5", "closes_on": "+2"}, "截止日期不能早于开始日期"),
    ],
)
def test_bad_surveys_are_refused(cast, fields, words):
    today = timezone.localdate()

    def day(v):
        return today if v == "today" else today + timedelta(days=int(v))

    with pytest.raises(ValidationError) as exc:
        services.survey_open(
            actor=cast.sun_chair,
            organisation=cast.district_a,
            title=fields["title"],
            opens_on=day(fields["opens_on"]),
            closes_on=day(fields["closes_on"]),
        )
    assert words in _messages(exc)
    assert not NeedSurvey.objects.exists()


def test_surveys_are_for_the_chairs_own_units(cast, care):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.survey_open(
            actor=cast.sun_chair,
            organisation=cast.district_b,
            title="调查",
            opens_on=today,
            closes_on=today,
        )
    with pytest.raises(PermissionDenied):
        services.survey_open(
            actor=cast.wu_leader,
            organisation=cast.mine,
            title="调查",
            opens_on=today,
            closes_on=today,
        )


def test_who_may_collect_a_need_for_whom(cast, care, crew):
    # The union chair of 综采一队 and the mine's administrator, for 王强.
    _need(cast, actor=cast.sun_chair)
    _need(cast, actor=cast.feng_admin)
    # A grid member covering him today.
    GridLink.objects.create(
        level=Level.MEMBER_WORKER,
        responsible=crew.chen_member,
        person=cast.wang_worker,
        branch=cast.branch_a,
        starts_on=timezone.localdate() - timedelta(days=3),
    )
    _need(cast, actor=crew.chen_member)
    # Not: another worker, a chair of another district, leadership, a grid member
    # whose link has ended.
    GridLink.objects.create(
        level=Level.MEMBER_WORKER,
        responsible=cast.li_member,
        person=cast.wang_worker,
        branch=cast.branch_a,
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    for outsider in (crew.liu_worker, care.chu_chair_b, cast.wu_leader, cast.li_member):
        with pytest.raises(PermissionDenied):
            _need(cast, actor=outsider)
    assert Need.objects.count() == 3


@pytest.mark.parametrize(
    ("category", "text", "words"),
    [
        ("food", "需要帮助解决问题", "请选择需求类别"),
        ("living", "帮我", "至少 4 个字"),
        ("living", "长" * 501, "最多 500 个字"),
    ],
)
def test_bad_needs_save_nothing(cast, category, text, words):
    with pytest.raises(ValidationError) as exc:
        _need(cast, category=category, text=text)
    assert words in _messages(exc)
    assert not Need.objects.exists()


def test_a_closed_survey_or_one_of_another_unit_is_refused(cast):
    today = timezone.localdate()
    old = NeedSurvey.objects.create(
        organisation=cast.district_a,
        org_path=cast.district_a.path,
        title="去年的调查",
        opens_on=today - timedelta(days=400),
        closes_on=today - timedelta(days=300),
        created_by=cast.sun_chair,
    )
    other = NeedSurvey.objects.create(
        organisation=cast.district_b,
        org_path=cast.district_b.path,
        title="二队调查",
        opens_on=today,
        closes_on=today,
        created_by=cast.feng_admin,
    )
    for survey, words in ((old, "不在进行中"), (other, "不包括")):
        with pytest.raises(ValidationError) as exc:
            services.need_collect(
                actor=cast.wang_worker,
                person=cast.wang_worker,
                category="living",
                text="需要生活补助",
                survey=survey,
            )
        assert words in _messages(exc)
    assert not Need.objects.exists()


def test_a_need_becomes_a_service_item_with_an_owner_and_a_deadline(cast):
    need = _need(cast)
    item = _item(cast, need, owner=cast.li_member)
    need.refresh_from_db()
    assert need.state == NeedState.SERVED and need.version == 1
    assert item.source == ItemSource.NEED and item.person == cast.wang_worker
    assert item.owner == cast.li_member and item.org_path == cast.crew_a1.path
    assert Notification.objects.filter(recipient=cast.li_member, url=f"/care/items/{item.pk}/")
    assert Notification.objects.filter(recipient=cast.wang_worker, title__contains="已转为服务项目")
    assert AuditEvent.objects.filter(action="care.need.served", object_id=str(need.pk)).exists()


def test_turning_a_need_into_an_item_refuses_bad_owners_and_deadlines(cast, care):
    need = _need(cast)
    retired = care.jiang_worker_b
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    today = timezone.localdate()
    cases = [
        (None, today, "责任人必须是本矿在职人员"),
        (retired, today, "责任人必须是本矿在职人员"),
        (cast.li_member, today - timedelta(days=1), "完成期限不能早于今天"),
        (cast.li_member, None, "请填写完成期限"),
    ]
    for owner, deadline, words in cases:
        with pytest.raises(ValidationError) as exc:
            services.need_to_item(
                actor=cast.sun_chair, need_id=need.pk, version=0, owner=owner, deadline=deadline
            )
        assert words in _messages(exc)
    with pytest.raises(PermissionDenied):
        services.need_to_item(
            actor=care.chu_chair_b, need_id=need.pk, version=0, owner=cast.li_member, deadline=today
        )
    need.refresh_from_db()
    assert need.state == NeedState.NEW and not ServiceItem.objects.exists()


def test_a_stale_need_is_a_conflict(cast):
    need = _need(cast)
    _item(cast, need)
    with pytest.raises(services.Conflict):
        services.need_decline(actor=cast.sun_chair, need_id=need.pk, version=0, reason="重复")
    with pytest.raises(services.Conflict):
        services.need_decline(actor=cast.sun_chair, need_id=need.pk, version=None, reason="重复")
    assert ServiceItem.objects.count() == 1


def test_declining_takes_a_reason_and_tells_the_worker(cast):
    need = _need(cast)
    with pytest.raises(ValidationError) as exc:
        services.need_decline(actor=cast.sun_chair, need_id=need.pk, version=0, reason=" ")
    assert "不予办理的理由" in _messages(exc)
    services.need_decline(actor=cast.sun_chair, need_id=need.pk, version=0, reason="不属于工会职责")
    need.refresh_from_db()
    assert need.state == NeedState.DECLINED and need.decline_reason == "不属于工会职责"
    assert "不属于工会职责" in Notification.objects.get(recipient=cast.wang_worker).body


# --- service items ----------------------------------------------------------------------------


def test_the_owner_completes_an_item_with_its_result(cast):
    item = _item(cast, owner=cast.li_member)
    with pytest.raises(ValidationError) as exc:
        services.item_complete(actor=cast.li_member, item_id=item.pk, version=0, result="")
    assert "服务结果" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.item_complete(
            actor=cast.li_member,
            item_id=item.pk,
            version=0,
            result="已办妥",
            done_on=timezone.localdate() + timedelta(days=1),
        )
    assert "完成日期不能晚于今天" in _messages(exc)
    with pytest.raises(PermissionDenied):
        services.item_complete(actor=cast.wang_worker, item_id=item.pk, version=0, result="好了")
    services.item_complete(actor=cast.li_member, item_id=item.pk, version=0, result="已协调学校")
    item.refresh_from_db()
    assert item.state == ItemState.DONE and item.done_on == timezone.localdate()
    with pytest.raises(services.Conflict):
        services.item_complete(actor=cast.sun_chair, item_id=item.pk, version=0, result="再办")
    with pytest.raises(services.Conflict):
        services.item_cancel(actor=cast.sun_chair, item_id=item.pk, version=None, reason="重复")


def test_the_union_cancels_or_reassigns_not_the_owner(cast, crew):
    item = _item(cast, owner=cast.li_member)
    with pytest.raises(PermissionDenied):
        services.item_cancel(actor=cast.li_member, item_id=item.pk, version=0, reason="不办了")
    with pytest.raises(PermissionDenied):
        services.item_reassign(
            actor=cast.li_member, item_id=item.pk, version=0, owner=crew.yang_worker
        )
    with pytest.raises(ValidationError) as exc:
        services.item_reassign(
            actor=cast.sun_chair, item_id=item.pk, version=0, owner=cast.li_member
        )
    assert "另一位责任人" in _messages(exc)
    services.item_reassign(actor=cast.sun_chair, item_id=item.pk, version=0, owner=crew.yang_worker)
    item.refresh_from_db()
    assert item.owner == crew.yang_worker and item.version == 1
    assert Notification.objects.filter(recipient=cast.li_member, title__contains="改由他人")
    with pytest.raises(services.Conflict):
        services.item_cancel(actor=cast.sun_chair, item_id=item.pk, version=0, reason="重复")
    services.item_cancel(actor=cast.sun_chair, item_id=item.pk, version=1, reason="职工已自行解决")
    item.refresh_from_db()
    assert item.state == ItemState.CANCELLED and "职工已自行解决" in item.result


def test_a_direct_item_for_a_unit(cast, care):
    deadline = timezone.localdate() + timedelta(days=5)
    item = services.item_create(
        actor=cast.sun_chair,
        organisation=cast.district_a,
        category="living",
        title="夏季送清凉",
        owner=cast.sun_chair,
        deadline=deadline,
    )
    assert item.person is None and item.source == ItemSource.DIRECT
    with pytest.raises(PermissionDenied):
        services.item_create(
            actor=cast.sun_chair,
            organisation=cast.district_b,
            category="living",
            title="送清凉",
            owner=cast.sun_chair,
            deadline=deadline,
        )
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            actor=cast.sun_chair,
            person=cast.wang_worker,
            category="x",
            title="",
            owner=None,
            deadline=None,
        )
    assert set(exc.value.message_dict) == {"category", "title", "owner", "deadline"}
    assert ServiceItem.objects.count() == 1


def test_a_visit_follow_up_goes_to_the_nearest_union_chair(cast, crew):
    item = services.item_from_visit(
        actor=crew.chen_member,
        person=cast.wang_worker,
        title="家中老人生病，需要医疗救助",
        category="medical",
    )
    assert item.owner == cast.sun_chair and item.source == ItemSource.VISIT
    assert item.deadline == add_workdays(timezone.localdate(), 10)
    assert item.created_by == crew.chen_member
    # 机电科 has no union chair above it but the mine's... none here: the member owns it.
    item = services.item_from_visit(actor=crew.chen_member, person=cast.zhou_head, title="需要帮助")
    assert item.owner == crew.chen_member and item.category == "other"
    long = services.item_from_visit(
        actor=crew.chen_member, person=cast.wang_worker, title="需" * 120
    )
    assert len(long.title) == 80 and long.description == "需" * 120
    with pytest.raises(ValidationError) as exc:
        services.item_from_visit(actor=crew.chen_member, person=cast.wang_worker, title=" ")
    assert "跟进事项" in _messages(exc)


# --- pages --------------------------------------------------------------------------------------


def test_a_worker_raises_a_need_on_the_phone_and_sees_its_item(cast, client_for):
    client = client_for(cast.wang_worker)
    assert client.get("/care/need/new/").status_code == 200
    bad = client.post("/care/need/new/", {"category": "living", "text": "帮"})
    assert bad.status_code == 400 and "至少 4 个字" in bad.content.decode()
    assert not Need.objects.exists()
    response = client.post("/care/need/new/", {"category": "housing", "text": "通勤班车太早"})
    assert response.status_code == 302
    need = Need.objects.get()
    item = _item(cast, need, owner=cast.li_member)
    home = client_for(cast.wang_worker).get("/care/").content.decode()
    assert "通勤班车太早" in home and item.title in home and "李红" in home
    assert client_for(cast.wang_worker).get(f"/care/items/{item.pk}/").status_code == 200
    assert client_for(cast.qian_outsider).get(f"/care/items/{item.pk}/").status_code == 404


def test_the_owner_completes_on_the_item_page(cast, client_for):
    item = _item(cast, owner=cast.li_member)
    client = client_for(cast.li_member)
    assert "办结" in client.get(f"/care/items/{item.pk}/").content.decode()
    bad = client.post(f"/care/items/{item.pk}/", {"action": "complete", "version": 0, "result": ""})
    assert bad.status_code == 400
    ok = client.post(
        f"/care/items/{item.pk}/", {"action": "complete", "version": 0, "result": "已办"}
    )
    assert ok.status_code == 302
    stale = client.post(
        f"/care/items/{item.pk}/", {"action": "complete", "version": 0, "result": "再次"}
    )
    assert stale.status_code == 409


def test_desk_pages_are_for_care_managers(cast, care, client_for):
    need = _need(cast)
    item = _item(cast, _need(cast, text="需要法律咨询帮助"))
    urls = [
        "/care/needs/",
        f"/care/needs/{need.pk}/",
        "/care/needs/collect/",
        "/care/ledger/",
        "/care/ledger/export/",
        "/care/items/new/",
        "/care/hardship/",
        "/care/hardship/new/",
        "/care/surveys/",
        "/care/assistance/new/",
    ]
    for url in urls:
        assert client_for(cast.sun_chair).get(url).status_code == 200, url
        assert client_for(cast.feng_admin).get(url).status_code == 200, url
        for person in (cast.wang_worker, cast.zhao_secretary, cast.wu_leader):
            assert client_for(person).get(url).status_code == 404, (url, person)
    # The chair of 掘进二队 sees neither 综采一队's need nor its item.
    client = client_for(care.chu_chair_b)
    assert client.get(f"/care/needs/{need.pk}/").status_code == 404
    assert client.get(f"/care/items/{item.pk}/").status_code == 404
    assert "需要法律咨询" not in client.get("/care/ledger/?state=all").content.decode()


def test_collecting_and_serving_at_the_desk(cast, client_for):
    client = client_for(cast.sun_chair)
    bad = client.post(
        "/care/needs/collect/",
        {"employee_no": "200001", "category": "living", "text": "需要生活补助"},
    )
    assert bad.status_code == 400 and "没有这个工号" in bad.content.decode()
    ok = client.post(
        "/care/needs/collect/",
        {"employee_no": "100001", "category": "living", "text": "需要生活补助"},
    )
    need = Need.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/care/needs/{need.pk}/"
    bad = client.post(
        ok["Location"],
        {"action": "to_item", "version": 0, "owner_no": "100002", "deadline": "2000-01-01"},
    )
    assert bad.status_code == 400 and "完成期限不能早于今天" in bad.content.decode()
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    made = client.post(
        ok["Location"],
        {
            "action": "to_item",
            "version": 0,
            "owner_no": "100002",
            "deadline": deadline,
            "title": "发放生活补助",
        },
    )
    item = ServiceItem.objects.get()
    assert made.status_code == 302 and item.title == "发放生活补助"
    stale = client.post(ok["Location"], {"action": "decline", "version": 0, "reason": "重复"})
    assert stale.status_code == 409


def _sheet(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def test_the_ledger_filters_and_exports_as_filtered(cast, care, crew, client_for):
    today = timezone.localdate()
    done = _item(cast, _need(cast, text="子女入学咨询"), owner=cast.li_member)
    services.item_complete(actor=cast.li_member, item_id=done.pk, version=0, result="已入学")
    late = _item(cast, _need(cast, crew.liu_worker, text="住房维修需要帮助", category="housing"))
    ServiceItem.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=2))
    services.item_create(
        actor=care.chu_chair_b,
        person=care.jiang_worker_b,
        category="living",
        title="二队的服务",
        owner=care.chu_chair_b,
        deadline=today,
    )
    client = client_for(cast.feng_admin)
    page = client.get("/care/ledger/?state=all").context["page"]
    assert page.paginator.count == 3
    overdue = client.get("/care/ledger/?state=open&overdue=1").context["page"]
    assert [i.pk for i in overdue.object_list] == [late.pk]
    housing = client.get("/care/ledger/?state=all&category=housing").context["page"]
    assert [i.pk for i in housing.object_list] == [late.pk]
    mine = client.get("/care/ledger/?state=all&owner=100002").context["page"]
    assert [i.pk for i in mine.object_list] == [done.pk]
    unit = client.get(f"/care/ledger/?state=all&unit={cast.district_a.pk}").context["page"]
    assert unit.paginator.count == 2
    bad = client.get("/care/ledger/?unit=abc&since=notadate").content.decode()
    assert "部分筛选条件无效" in bad
    # The export: every state unless a tab is named, exactly the filter.
    rows = _sheet(client.get(f"/care/ledger/export/?unit={cast.district_a.pk}"))
    assert rows[0][:4] == ("序号", "登记日期", "单位", "服务对象")
    assert sorted(r[7] for r in rows[1:]) == sorted([done.title, late.title])
    finished = next(r for r in rows[1:] if r[7] == done.title)
    assert finished[2] == "综采一队 一班" and finished[9] == "李红"
    assert finished[11] == "已完成" and finished[13] == "是" and finished[14] == "已入学"
    overdue_row = next(r for r in rows[1:] if r[7] == late.title)
    assert overdue_row[13] == "超期"
    rows = _sheet(client.get("/care/ledger/export/?state=open&overdue=1"))
    assert [r[7] for r in rows[1:]] == [late.title]
    # A chair exports only the units they run.
    rows = _sheet(client_for(care.chu_chair_b).get("/care/ledger/export/"))
    assert [r[7] for r in rows[1:]] == ["二队的服务"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_ledger_and_lists_query_counts_are_flat(cast, crew, client_for):
    people = [cast.wang_worker, crew.liu_worker, crew.he_worker, crew.yang_worker, cast.li_member]
    for i in range(5):
        _item(cast, _need(cast, people[i % 5], text=f"需要帮助第{i}项"), owner=cast.li_member)
        _need(cast, people[i % 5], text=f"另一条需求第{i}项")
    urls = ["/care/ledger/?state=all", "/care/needs/?state=all", "/care/", "/care/hardship/"]
    client = client_for(cast.sun_chair)
    client.get("/care/")
    small = {url: _queries(client, url) for url in urls}
    owner = client_for(cast.li_member)
    owner.get("/care/")
    owner_small = _queries(owner, "/care/")
    for i in range(5, 35):
        _item(cast, _need(cast, people[i % 5], text=f"需要帮助第{i}项"), owner=cast.li_member)
        _need(cast, people[i % 5], text=f"另一条需求第{i}项")
    client = client_for(cast.sun_chair)
    client.get("/care/")  # the first request after signing in writes the session
    assert {url: _queries(client, url) for url in urls} == small
    owner = client_for(cast.li_member)
    owner.get("/care/")
    assert _queries(owner, "/care/") == owner_small
    client = client_for(cast.sun_chair)
    client.get("/care/")
    assert (
        _queries(client, f"/care/ledger/?state=all&unit={cast.district_a.pk}")
        <= small["/care/ledger/?state=all"] + 1
    )


def test_my_needs_selector_lists_only_mine(cast, crew):
    _need(cast)
    _need(cast, crew.liu_worker, text="别人的需求内容")
    assert [n.text for n in selectors.my_needs(cast.wang_worker)] == ["孩子上学需要办理转学手续"]


def test_surveys_and_direct_items_at_the_desk(cast, client_for):
    client = client_for(cast.sun_chair)
    today = timezone.localdate()
    bad = client.post(
        "/care/surveys/",
        {
            "unit": cast.district_a.pk,
            "title": "调",
            "opens_on": today.isoformat(),
            "closes_on": "2000-01-01",
        },
    )
    assert bad.status_code == 400 and "调查名称" in bad.content.decode()
    assert not NeedSurvey.objects.exists()
    ok = client.post(
        "/care/surveys/",
        {
            "unit": cast.district_a.pk,
            "title": "冬季需求调查",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=9)).isoformat(),
        },
    )
    assert ok.status_code == 302
    survey = NeedSurvey.objects.get()
    worker = client_for(cast.wang_worker)
    page = worker.get("/care/need/new/").content.decode()
    assert "冬季需求调查" in page
    worker.post(
        "/care/need/new/", {"category": "skill", "text": "想参加技能培训", "survey": survey.pk}
    )
    assert Need.objects.get().survey == survey
    listing = client_for(cast.sun_chair).get("/care/surveys/").content.decode()
    assert "冬季需求调查" in listing and "1 条" in listing
    client = client_for(cast.sun_chair)
    bad = client.post(
        "/care/items/new/",
        {
            "employee_no": "100001",
            "category": "living",
            "title": "送温暖",
            "owner_no": "nobody",
            "deadline": today.isoformat(),
        },
    )
    assert bad.status_code == 400 and "责任人" in bad.content.decode()
    ok = client.post(
        "/care/items/new/",
        {
            "employee_no": "100001",
            "category": "living",
            "title": "送温暖",
            "owner_no": "100004",
            "deadline": today.isoformat(),
        },
    )
    item = ServiceItem.objects.get()
    assert (
        ok.status_code == 302 and item.person == cast.wang_worker and item.owner == cast.sun_chair
    )


def test_a_grid_member_raises_a_need_for_a_covered_worker(cast, crew, client_for):
    GridLink.objects.create(
        level=Level.MEMBER_WORKER,
        responsible=crew.chen_member,
        person=crew.liu_worker,
        branch=cast.branch_a,
        starts_on=timezone.localdate(),
    )
    client = client_for(crew.chen_member)
    assert "刘明" in client.get("/care/need/new/").content.decode()
    response = client.post(
        "/care/need/new/",
        {"for": crew.liu_worker.pk, "category": "medical", "text": "腰伤需要康复治疗"},
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.person == crew.liu_worker and need.collected_by == crew.chen_member
    # Someone they do not cover: 404, nothing saved.
    other = client.post(
        "/care/need/new/",
        {"for": crew.he_worker.pk, "category": "medical", "text": "腰伤需要康复治疗"},
    )
    assert other.status_code == 404 and Need.objects.count() == 1


def test_hostile_text_in_every_column_stays_text_in_the_ledger(cast, client_for):
    from tests.hostile import assert_no_formulas, hostile
    from tongxin.people.models import Organisation, Person

    item = _item(cast)
    ServiceItem.objects.filter(pk=item.pk).update(
        title=hostile(0), description=hostile(1), result=hostile(2)
    )
    Person.objects.filter(pk=cast.wang_worker.pk).update(name=hostile(3), employee_no="=1+1")
    Person.objects.filter(pk=cast.sun_chair.pk).update(name=hostile(4))
    Organisation.objects.filter(pk=item.organisation_id).update(name=hostile(5))
    response = client_for(cast.feng_admin).get("/care/ledger/export/?state=all")
    assert response.status_code == 200
    assert_no_formulas(response, [hostile(n) for n in range(5)] + ["=1+1"])
