"""The grid member's phone pages and the secretary's task desk through the test client:
my grid (tasks open first, overdue in red, done count; covered workers with tel: links
and their last visit), a task's page and its completion (with a photo), logging a visit
from a task, recording a life event, a worker's own report, the branch task list with
its filters, adding a task and importing events. Refusals keep what was typed and say
why in Chinese; ids outside the viewer's reach are 404; query counts stay flat.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tongxin.grid.defaults import ensure_templates
from tongxin.grid.models import (
    GridLink,
    GridTask,
    Level,
    LifeEvent,
    TaskKind,
    TaskPhoto,
    TaskState,
    TaskTemplate,
    Visit,
)
from tongxin.grid.periods import first_of
from tongxin.grid.services import events as event_services
from tongxin.grid.services import reports as report_services
from tongxin.grid.services import tasks as task_services
from tongxin.people import services as people_services

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2024, 1, 1)


def link(responsible, person=None, *, branch, level=Level.MEMBER_WORKER):
    return GridLink.objects.create(
        level=level, responsible=responsible, person=person, branch=branch, starts_on=LONG_AGO
    )


@pytest.fixture
def network(cast, crew):
    ensure_templates(TaskTemplate)
    b = cast.branch_a
    link(crew.ma_cadre, cast.li_member, branch=b, level=Level.CADRE_MEMBER)
    link(cast.li_member, cast.wang_worker, branch=b)
    link(cast.li_member, crew.liu_worker, branch=b)
    link(crew.chen_member, crew.he_worker, branch=b)
    return b


def today():
    return timezone.localdate()


def _text(response) -> str:
    return response.content.decode()


def _jpeg(name="done.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (160, 120), "blue").save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _added(cast, branch, *, owner=None, due=None, title="了解职工诉求", subject=None):
    return task_services.task_add(
        actor=cast.zhao_secretary,
        branch=branch,
        owner=owner or cast.li_member,
        title=title,
        due_on=due or today(),
        subject=subject,
    )


# --- my grid ---------------------------------------------------------------------------


def test_my_grid_shows_tasks_open_first_overdue_in_red_and_my_workers(
    cast, crew, client_for, network
):
    task_services.generate_month(month=first_of(today()))
    late = GridTask.objects.create(
        owner=cast.li_member,
        branch=network,
        month=first_of(today()),
        kind=TaskKind.ADDED,
        title="上周交办的慰问",
        due_on=today() - datetime.timedelta(days=2),
    )
    done = _added(cast, network, title="已经办完的事")
    task_services.task_complete(actor=cast.li_member, task_id=done.pk, version=0, note="办完了")
    Visit.objects.create(
        member=cast.li_member, person=cast.wang_worker, branch=network,
        visited_on=today(), kind="talk", content="聊了聊家里情况",
    )  # fmt: skip
    page = client_for(cast.li_member).get(reverse("grid:member_home"))
    assert page.status_code == 200
    text = _text(page)
    assert "我的网格" in text
    assert f'class="gm-task open overdue" href="/grid/tasks/{late.pk}/"' in text
    assert "超期 2 天" in text
    assert "已完成 1 / 7" in text  # 5 generated, 1 late, 1 added and done
    # Open ones first: the done task comes after every open one.
    assert text.index(f"/grid/tasks/{late.pk}/") < text.index(f"/grid/tasks/{done.pk}/")
    assert 'href="tel:13800001111"' in text and "王强" in text and "刘明" in text
    assert "何军" not in text  # covered by 陈党
    assert "本月已走访" in text and "本月未走访" in text
    assert f"?person={cast.wang_worker.pk}" in text


def test_each_home_count_of_my_grid_links_to_exactly_those_tasks(cast, client_for, network):
    """待办任务, 必谈必访 and 已超期 on the home page each open my grid on the tasks they
    count, and only those."""
    month = first_of(today())
    late = GridTask.objects.create(
        owner=cast.li_member, branch=network, month=month, kind=TaskKind.ADDED,
        title="上周交办的慰问", due_on=today() - datetime.timedelta(days=2),
    )  # fmt: skip
    visit = GridTask.objects.create(
        owner=cast.li_member, branch=network, month=month, kind=TaskKind.LIFE_EVENT,
        title="王强家中有事，上门看望", due_on=today() + datetime.timedelta(days=3),
    )  # fmt: skip
    later = _added(cast, network, title="了解班组诉求", due=today() + datetime.timedelta(days=5))
    done = _added(cast, network, title="已经办完的事")
    task_services.task_complete(actor=cast.li_member, task_id=done.pk, version=0, note="办完了")
    client = client_for(cast.li_member)
    home = _text(client.get("/"))
    expected = {"open": {late, visit, later}, "visits": {visit}, "overdue": {late}}
    for show, tasks in expected.items():
        url = f"{reverse('grid:member_home')}?show={show}"
        assert f'href="{url}#tasks-title"' in home, show
        listed = _text(client.get(url))
        for task in (late, visit, later, done):
            shown = f"/grid/tasks/{task.pk}/" in listed
            assert shown == (task in tasks), (show, task.title)
        assert "看全部任务" in listed


def test_my_grid_for_someone_without_a_network(cast, client_for, network):
    text = _text(client_for(cast.wang_worker).get(reverse("grid:member_home")))
    assert "本月没有网格任务" in text and "您目前没有联系的职工" in text
    assert reverse("grid:event_mine") in text


def test_the_secretary_sees_a_link_to_the_task_desk(cast, client_for, network):
    text = _text(client_for(cast.zhao_secretary).get(reverse("grid:member_home")))
    assert reverse("grid:task_branch", args=[network.pk]) in text


# --- one task ---------------------------------------------------------------------------


def test_complete_a_task_with_a_photo(cast, client_for, network):
    task = _added(cast, network)
    client = client_for(cast.li_member)
    page = client.get(reverse("grid:task_detail", args=[task.pk]))
    assert page.status_code == 200 and 'id="complete-form"' in _text(page)
    response = client.post(
        reverse("grid:task_complete", args=[task.pk]),
        {"version": "0", "note": "已与一班职工座谈", "photos": [_jpeg()]},
    )
    assert response.status_code == 302 and response["Location"] == reverse("grid:member_home")
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    photo = TaskPhoto.objects.get(task=task)
    page = _text(client.get(reverse("grid:task_detail", args=[task.pk])))
    assert "已与一班职工座谈" in page and reverse("grid:task_photo", args=[photo.pk]) in page
    assert client.get(reverse("grid:task_photo", args=[photo.pk])).status_code == 200
    secretary = client_for(cast.zhao_secretary)
    assert secretary.get(reverse("grid:task_photo", args=[photo.pk])).status_code == 200
    outsider = client_for(cast.qian_outsider)
    assert outsider.get(reverse("grid:task_photo", args=[photo.pk])).status_code == 404


def test_completing_twice_keeps_what_was_typed_and_says_409(cast, client_for, network):
    task = _added(cast, network)
    client = client_for(cast.li_member)
    url = reverse("grid:task_complete", args=[task.pk])
    client.post(url, {"version": "0", "note": "第一次提交"})
    response = client.post(url, {"version": "0", "note": "第二次提交的内容"})
    assert response.status_code == 409
    text = _text(response)
    assert "无需重复提交" in text and "第二次提交的内容" in text
    assert GridTask.objects.get(pk=task.pk).done_note == "第一次提交"


def test_a_short_note_is_400_and_keeps_the_form(cast, client_for, network):
    task = _added(cast, network)
    response = client_for(cast.li_member).post(
        reverse("grid:task_complete", args=[task.pk]), {"version": "0", "note": "好"}
    )
    assert response.status_code == 400
    assert "请填写完成情况" in _text(response) and 'id="complete-form"' in _text(response)


def test_others_see_the_task_but_may_not_complete_it_and_outsiders_get_404(
    cast, crew, client_for, network
):
    task = _added(cast, network)
    secretary = client_for(cast.zhao_secretary)
    page = _text(secretary.get(reverse("grid:task_detail", args=[task.pk])))
    assert 'id="complete-form"' not in page and 'id="cancel-form"' in page
    response = secretary.post(
        reverse("grid:task_complete", args=[task.pk]), {"version": "0", "note": "替他完成"}
    )
    assert response.status_code == 403 and "只有任务责任人本人" in _text(response)
    for who in (cast.qian_outsider, cast.wang_worker, crew.chen_member):
        client = client_for(who)
        assert client.get(reverse("grid:task_detail", args=[task.pk])).status_code == 404
        assert (
            client.post(
                reverse("grid:task_complete", args=[task.pk]), {"version": "0", "note": "完成"}
            ).status_code
            == 404
        )
    assert GridTask.objects.get(pk=task.pk).state == TaskState.OPEN


def test_secretary_cancels_a_task(cast, client_for, network):
    task = _added(cast, network)
    client = client_for(cast.zhao_secretary)
    url = reverse("grid:task_cancel", args=[task.pk])
    assert client.post(url, {"version": "0", "reason": ""}).status_code == 400
    response = client.post(url, {"version": "0", "reason": "与月度任务重复"})
    assert response.status_code == 302
    assert GridTask.objects.get(pk=task.pk).state == TaskState.CANCELLED


# --- log a visit ------------------------------------------------------------------------


def test_log_a_visit_from_the_life_event_task(cast, client_for, network):
    event = event_services.event_record(
        actor=cast.li_member, person=cast.wang_worker, kind="bereavement", occurred_on=today()
    )
    task = event.tasks.get()
    client = client_for(cast.li_member)
    page = client.get(reverse("grid:visit_new") + f"?task={task.pk}")
    text = _text(page)
    assert page.status_code == 200
    assert f'<option value="{cast.wang_worker.pk}" selected>' in text
    assert 'id="kind-visit" value="visit" checked' in text
    assert f'name="task" value="{task.pk}"' in text
    assert f'value="{today().isoformat()}"' in text
    response = client.post(
        reverse("grid:visit_new"),
        {
            "person": str(cast.wang_worker.pk),
            "kind": "visit",
            "visited_on": today().isoformat(),
            "content": "到家中慰问，转达支部的关心",
            "follow_up": "none",
            "task": str(task.pk),
            "life_event": str(event.pk),
        },
    )
    assert response.status_code == 302
    assert GridTask.objects.get(pk=task.pk).state == TaskState.DONE
    assert Visit.objects.get().life_event == event


def test_the_visit_form_offers_only_my_workers_and_refuses_others(cast, crew, client_for, network):
    client = client_for(cast.li_member)
    text = _text(client.get(reverse("grid:visit_new") + f"?person={crew.liu_worker.pk}"))
    assert f'<option value="{crew.liu_worker.pk}" selected>' in text
    assert f'value="{crew.he_worker.pk}"' not in text
    response = client.post(
        reverse("grid:visit_new"),
        {
            "person": str(crew.he_worker.pk),
            "kind": "talk",
            "visited_on": today().isoformat(),
            "content": "聊了聊工作上的想法",
            "follow_up": "none",
        },
    )
    # Out of the member's grid: 404 as in the API, with what was typed kept.
    assert response.status_code == 404 and "不在您的网格范围内" in _text(response)
    assert "聊了聊工作上的想法" in _text(response)
    response = client.post(
        reverse("grid:visit_new"),
        {
            "person": str(crew.liu_worker.pk),
            "kind": "talk",
            "visited_on": "昨天",
            "content": "聊了聊工作上的想法",
            "follow_up": "problem",
            "follow_up_text": "",
        },
    )
    assert response.status_code == 400 and "日期格式不对" in _text(response)
    assert not Visit.objects.exists()


# --- life events ------------------------------------------------------------------------


def test_record_an_event_for_a_covered_worker(cast, crew, client_for, network):
    client = client_for(cast.li_member)
    page = _text(client.get(reverse("grid:event_new")))
    assert "家庭丧事" in page and "2 个工作日内走访" in page
    response = client.post(
        reverse("grid:event_new"),
        {
            "person": str(crew.liu_worker.pk),
            "kind": "marriage_birth",
            "occurred_on": today().isoformat(),
            "description": "喜得千金",
        },
    )
    assert response.status_code == 302
    task = GridTask.objects.get(kind=TaskKind.LIFE_EVENT)
    assert task.owner == cast.li_member and task.subject == crew.liu_worker


def test_an_event_outside_scope_by_page_saves_nothing(cast, crew, client_for, network):
    response = client_for(cast.li_member).post(
        reverse("grid:event_new"),
        {"employee_no": "100012", "kind": "bereavement", "occurred_on": today().isoformat()},
    )
    # Word for word the answer for a 工号 nobody has: the page does not say it exists.
    missing = client_for(cast.li_member).post(
        reverse("grid:event_new"),
        {"employee_no": "999999", "kind": "bereavement", "occurred_on": today().isoformat()},
    )
    assert response.status_code == missing.status_code == 400
    said = "没有工号为 {} 的在职人员，或该职工不在您的网格范围内。"
    assert said.format("100012") in _text(response) and said.format("999999") in _text(missing)
    assert not LifeEvent.objects.exists()


def test_the_secretary_records_by_employee_number(cast, crew, client_for, network):
    client = client_for(cast.zhao_secretary)
    response = client.post(
        reverse("grid:event_new"),
        {"employee_no": "100012", "kind": "hardship", "occurred_on": today().isoformat()},
    )
    assert response.status_code == 302
    assert GridTask.objects.get().owner == crew.chen_member
    response = client.post(
        reverse("grid:event_new"),
        {"employee_no": "999999", "kind": "hardship", "occurred_on": today().isoformat()},
    )
    assert response.status_code == 400 and "没有工号为 999999" in _text(response)


def test_a_worker_reports_their_own_event_and_sees_who_will_come(cast, client_for, network):
    client = client_for(cast.wang_worker)
    response = client.post(
        reverse("grid:event_mine"),
        {"kind": "illness_injury", "occurred_on": today().isoformat(), "description": "腿骨折"},
    )
    assert response.status_code == 302
    text = _text(client.get(reverse("grid:event_mine")))
    assert "生病或受伤" in text and "腿骨折" in text and "李红 会在" in text
    response = client.post(
        reverse("grid:event_mine"),
        {"kind": "", "occurred_on": today().isoformat(), "description": "再报一次"},
    )
    assert response.status_code == 400 and "请选择事由" in _text(response)
    assert "再报一次" in _text(response)


# --- the secretary's desk ---------------------------------------------------------------


def test_branch_task_list_filters_by_member_state_and_overdue(cast, crew, client_for, network):
    late = GridTask.objects.create(
        owner=crew.chen_member,
        branch=network,
        month=first_of(today()),
        kind=TaskKind.ADDED,
        title="超期未办的任务",
        due_on=today() - datetime.timedelta(days=1),
    )
    mine = _added(cast, network, title="李红的任务")
    client = client_for(cast.zhao_secretary)
    url = reverse("grid:task_branch", args=[network.pk])
    text = _text(client.get(url))
    assert "超期未办的任务" in text and "李红的任务" in text
    assert f'list-group-item list-group-item-danger" data-task="{late.pk}"' in text
    text = _text(client.get(url, {"state": "overdue"}))
    assert "超期未办的任务" in text and "李红的任务" not in text
    text = _text(client.get(url, {"member": str(cast.li_member.pk)}))
    assert "李红的任务" in text and "超期未办的任务" not in text
    task_services.task_complete(actor=cast.li_member, task_id=mine.pk, version=0, note="完成了")
    text = _text(client.get(url, {"state": "done"}))
    assert "李红的任务" in text and "超期未办的任务" not in text
    assert client_for(cast.qian_outsider).get(url).status_code == 404
    assert client_for(cast.li_member).get(url).status_code == 404
    assert client_for(cast.wu_leader).get(url).status_code == 200  # leadership reads


def test_secretary_adds_a_task_from_the_desk(cast, crew, client_for, network):
    client = client_for(cast.zhao_secretary)
    url = reverse("grid:task_add", args=[network.pk])
    page = _text(client.get(url))
    # The owner picker (core.pickers) searches the branch's grid and Party members.
    pick = reverse("people:pick", args=["grid.task_owner", network.pk])
    assert f'data-picker-url="{pick}"' in page
    offered = {row["id"] for row in client.get(pick, {"q": ""}).json()["results"]}
    assert {cast.li_member.pk, crew.chen_member.pk} <= offered
    assert cast.qian_outsider.pk not in offered
    response = client.post(
        url,
        {
            "owner": str(cast.li_member.pk),
            "title": "了解一班职工对班中餐的意见",
            "due_on": (today() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400 and "完成期限不能早于今天" in _text(response)
    assert "了解一班职工对班中餐的意见" in _text(response)
    assert "李红 · 100002" in _text(response)  # the owner chosen is kept
    response = client.post(
        url,
        {
            "owner": str(cast.li_member.pk),
            "title": "了解一班职工对班中餐的意见",
            "due_on": today().isoformat(),
            "subject": "100001",
        },
    )
    assert response.status_code == 302
    task = GridTask.objects.get()
    assert (task.owner, task.subject, task.kind) == (cast.li_member, cast.wang_worker, "added")
    assert client_for(cast.wu_leader).get(url).status_code == 404  # reads, does not run


def test_import_events_from_the_desk(cast, crew, client_for, network):
    client = client_for(cast.zhao_secretary)
    url = reverse("grid:event_import", args=[network.pk])
    assert "工号" in _text(client.get(url))
    template = client.get(url, {"template": "1"})
    assert template["Content-Type"].startswith("text/csv")
    assert "事由" in template.content.decode("utf-8-sig")
    day = today().isoformat()
    bad = f"工号,事由,发生日期,情况说明\n100001,丧事,{day},\n999999,生病,{day},\n"
    response = client.post(
        url, {"file": SimpleUploadedFile("e.csv", bad.encode(), content_type="text/csv")}
    )
    assert response.status_code == 400 and "第 3 行" in _text(response)
    assert not LifeEvent.objects.exists()
    good = f"工号,事由,发生日期,情况说明\n100001,丧事,{day},\n100012,生病,{day},\n"
    response = client.post(
        url, {"file": SimpleUploadedFile("e.csv", good.encode(), content_type="text/csv")}
    )
    assert response.status_code == 302
    assert LifeEvent.objects.count() == 2
    assert client_for(cast.li_member).get(url).status_code == 404


# --- query counts ----------------------------------------------------------------------


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(cast, branch, n):
    """n more covered workers for 李红, each with a visit and a task, and n tasks of the
    branch's other members."""
    for i in range(n):
        worker = people_services.person_create(
            actor=None,
            employee_no=f"5{len(GridLink.objects.all()):03d}{i:03d}",
            name=f"职工{i}",
            unit=cast.crew_a1 if i % 2 else cast.crew_a2,
            post="采煤工",
            phone=f"139{i:08d}",
        )
        link(cast.li_member, worker, branch=branch)
        Visit.objects.create(
            member=cast.li_member, person=worker, branch=branch, visited_on=today(),
            kind="visit", content="了解家庭情况",
        )  # fmt: skip
        _added(cast, branch, title=f"任务{i}", subject=worker)
        GridTask.objects.create(
            owner=cast.zhao_secretary,
            branch=branch,
            month=first_of(today()),
            kind=TaskKind.ADDED,
            title=f"超期{i}",
            due_on=today() - datetime.timedelta(days=1),
        )


def test_query_counts_stay_flat_as_data_grows(cast, crew, client_for, network):
    counts = {}
    for n in (2, 12):
        _grow(cast, network, n - (2 if n == 12 else 0))
        member = client_for(cast.li_member)
        member.get(reverse("grid:member_home"))
        secretary = client_for(cast.zhao_secretary)
        desk = reverse("grid:task_branch", args=[network.pk])
        secretary.get(desk)
        counts[n] = (
            _queries(member, reverse("grid:member_home")),
            _queries(secretary, desk),
            _queries(secretary, desk, state="overdue"),
            _queries(member, reverse("grid:visit_new")),
            _queries(client_for(cast.wang_worker), reverse("grid:event_mine")),
        )
    assert counts[2] == counts[12], counts
    home, desk, overdue, visit, mine = counts[12]
    assert home <= 12 and desk <= 12 and overdue <= 12 and visit <= 10 and mine <= 10, counts


def test_last_months_report_is_flagged_on_the_home_page_until_filed(
    cast, client_for, network, time_machine
):
    """Before the 5th it is due; after it, overdue in red; a returned one asks again;
    each links to that month's report form; once filed the line goes."""
    time_machine.move_to("2026-03-03 09:00+08:00", tick=False)
    client = client_for(cast.li_member)
    home = _text(client.get("/"))
    assert "2月月报表待提交（3月5日 前）" in home
    assert 'href="/grid/my-report/?month=2026-02" id="home-report"' in home
    time_machine.move_to("2026-03-09 09:00+08:00", tick=False)
    client = client_for(cast.li_member)  # days later: a new sign-in
    home = _text(client.get("/"))
    assert "2月月报表已超期未交（应于 3月5日 前提交）" in home
    assert client.get("/grid/my-report/?month=2026-02").status_code == 200
    report_services.report_submit(
        actor=cast.li_member,
        month=datetime.date(2026, 2, 1),
        own_words="本月走访了两名职工，解决了一件困难。",
    )
    assert 'id="home-report"' not in _text(client.get("/"))
