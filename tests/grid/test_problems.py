"""The branch's problem list (问题清单): raised by grid members, solved by the branch, or
passed to a department through the worker-voice case workflow, whose reply comes back
to the list. The whole story runs through the real voice services and pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.grid.reports_helpers import link
from tongxin.core.models import AuditEvent, Notification
from tongxin.core.workflow import Conflict
from tongxin.grid.models import Level, Problem
from tongxin.grid.services import problems as services
from tongxin.people import services as people
from tongxin.people.models import OrgKind
from tongxin.voice import services as voice
from tongxin.voice.models import Case, Category

BODY = "一班夜班职工反映食堂夜间不供应热饭，只能吃冷的。"


@pytest.fixture
def grid(cast, crew):
    link(cast.li_member, cast.wang_worker, branch=cast.branch_a)
    link(crew.chen_member, crew.he_worker, branch=cast.branch_a)
    return crew


@pytest.fixture
def canteen(db):
    return Category.objects.get(name="食堂")


def _raise(cast, title="夜班没有热饭", actor=None):
    return services.problem_raise(
        actor=actor or cast.li_member,
        branch=cast.branch_a,
        title=title,
        body=BODY,
        source="direct",
    )


# --- raising -------------------------------------------------------------------------------------


def test_a_grid_member_raises_a_problem_and_the_secretary_hears_of_it(cast, grid):
    problem = _raise(cast)
    assert (problem.state, problem.raised_by, problem.branch) == ("open", cast.li_member,
                                                                  cast.branch_a)  # fmt: skip
    note = Notification.objects.get(recipient=cast.zhao_secretary)
    assert "夜班没有热饭" in note.title and note.url == f"/grid/problems/{problem.pk}/"
    assert AuditEvent.objects.filter(action="grid.problem.raised").count() == 1


def test_who_may_raise_and_what_is_refused(cast, grid):
    for outsider in (cast.wang_worker, cast.qian_outsider, cast.zhou_head):
        with pytest.raises(PermissionDenied):
            _raise(cast, actor=outsider)
    for kwargs, message in [
        (dict(title="夜"), "至少 2 个字"),
        (dict(title="夜" * 61), "不能超过 60 个字"),
        (dict(body="太冷"), "至少 5 个字"),
        (dict(source="gossip"), "请选择问题来源"),
    ]:
        args = dict(actor=cast.zhao_secretary, branch=cast.branch_a, title="夜班没有热饭",
                    body=BODY, source="direct") | kwargs  # fmt: skip
        with pytest.raises(ValidationError, match=message):
            services.problem_raise(**args)
    assert not Problem.objects.exists()


# --- solved by the branch -----------------------------------------------------------------------


def test_the_secretary_solves_a_problem(cast, grid, client_for):
    problem = _raise(cast)
    desk = client_for(cast.zhao_secretary)
    response = desk.post(
        f"/grid/problems/{problem.pk}/act/solve/", {"version": 0, "resolution": ""}
    )
    assert response.status_code == 400 and "解决情况" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.problem_solve(
            actor=cast.qian_outsider, problem_id=problem.pk, version=0, resolution="已经解决了"
        )
    response = desk.post(
        f"/grid/problems/{problem.pk}/act/solve/",
        {"version": 0, "resolution": "与食堂协商，夜班加热饭"},
    )
    assert response.status_code == 302
    solved = Problem.objects.get(pk=problem.pk)
    assert solved.state == "solved" and solved.closed_at and solved.version == 1
    assert Notification.objects.filter(recipient=cast.li_member, title__contains="已解决").exists()
    # The same form again (a second tab): told, not applied.
    response = desk.post(
        f"/grid/problems/{problem.pk}/act/solve/", {"version": 0, "resolution": "再记一次"}
    )
    assert response.status_code == 409
    with pytest.raises(Conflict):
        services.problem_solve(
            actor=cast.zhao_secretary, problem_id=problem.pk, version=1, resolution="再记一次"
        )
    assert Problem.objects.get(pk=problem.pk).resolution == "与食堂协商，夜班加热饭"


# --- passed to a department: the whole story ------------------------------------------------------


def test_a_passed_problem_reaches_the_department_and_its_answer_comes_back(
    cast, grid, canteen, client_for
):
    problem = _raise(cast)
    desk = client_for(cast.zhao_secretary)
    page = desk.get(f"/grid/problems/{problem.pk}/").content.decode()
    # The department choice is the mine's districts and departments, not crews.
    assert "机电科" in page and "掘进二队" in page and ">一班<" not in page
    response = desk.post(
        f"/grid/problems/{problem.pk}/act/pass/",
        {"version": 0, "department": cast.department.pk, "category": canteen.pk, "note": "请尽快"},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    case = problem.case
    assert problem.state == "passed" and problem.version == 1
    assert (case.channel, case.state, case.department, case.category) == (
        "grid", "assigned", cast.department, canteen,
    )  # fmt: skip
    assert (case.source_app, case.source_ref) == ("grid", str(problem.pk))
    assert case.organisation == cast.district_a and case.entered_by == cast.zhao_secretary
    assert case.deadline is not None
    assert list(case.events.values_list("action", flat=True)) == ["submit", "accept", "assign"]

    # The department head finds it in the worker-voice inbox.
    head = client_for(cast.zhou_head)
    inbox = head.get("/voice/inbox/")
    assert case.pk in [c.pk for c in inbox.context["page"].object_list]
    assert head.get(f"/voice/cases/{case.pk}/").status_code == 200
    assert Notification.objects.filter(recipient=cast.zhou_head, url=f"/voice/cases/{case.pk}/")

    # The department handles and replies through voice.
    case = voice.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已安排夜班热饭"
    )
    voice.case_reply(
        case_id=case.pk,
        version=case.version,
        actor=cast.zhou_head,
        text="自下周一起二食堂夜班供应热饭热汤。",
    )
    problem.refresh_from_db()
    assert problem.state == "answered" and problem.answer == "自下周一起二食堂夜班供应热饭热汤。"
    assert problem.answered_at is not None
    for person in (cast.li_member, cast.zhao_secretary):
        assert Notification.objects.filter(
            recipient=person, title__contains="部门已答复", url=f"/grid/problems/{problem.pk}/"
        ).exists()
    answered = AuditEvent.objects.get(action="grid.problem.answered")
    assert answered.actor_id == cast.zhou_head.pk

    # The branch's list shows the case, the department and the answer.
    desk = client_for(cast.zhao_secretary)
    response = desk.get(f"/grid/branch/{cast.branch_a.pk}/problems/")
    page = response.content.decode()
    assert case.code in page and "机电科" in page and "自下周一起二食堂夜班供应热饭热汤。" in page
    assert f'href="/voice/cases/{case.pk}/"' in page
    answered_tab = desk.get(f"/grid/branch/{cast.branch_a.pk}/problems/?state=answered")
    assert [p.pk for p in answered_tab.context["page"].object_list] == [problem.pk]
    # Leadership reads the list too (and may open the case: the mine is in its reach).
    assert (
        client_for(cast.wu_leader).get(f"/grid/branch/{cast.branch_a.pk}/problems/").status_code
        == 200
    )
    # The member who raised it reads the answer on the problem page, without a link into
    # the staff case page they may not open.
    member_page = client_for(cast.li_member).get(f"/grid/problems/{problem.pk}/").content.decode()
    assert "自下周一起二食堂夜班供应热饭热汤。" in member_page
    assert f'href="/voice/cases/{case.pk}/"' not in member_page


def test_a_refused_pass_leaves_no_case_behind(cast, grid, canteen, client_for):
    problem = _raise(cast)
    other_mine = people.org_create(
        actor=None, name="青山矿", kind=OrgKind.MINE, parent=cast.company
    )
    far_dept = people.org_create(
        actor=None, name="青山矿机电科", kind=OrgKind.DEPARTMENT, parent=other_mine
    )
    bad = [
        (dict(department=cast.crew_a1, category=canteen), "区队或科室"),
        (dict(department=far_dept, category=canteen), "区队或科室"),
        (dict(department=None, category=canteen), "区队或科室"),
        (dict(department=cast.department, category=None), "问题分类"),
        # Voice's own rule, after the case was opened and accepted: all of it undone.
        (
            dict(
                department=cast.department,
                category=canteen,
                deadline=timezone.localdate() - datetime.timedelta(days=1),
            ),
            "不能早于今天",
        ),  # fmt: skip
    ]
    for kwargs, message in bad:
        with pytest.raises(ValidationError, match=message):
            services.problem_pass(
                actor=cast.zhao_secretary, problem_id=problem.pk, version=0, **kwargs
            )
    with pytest.raises(PermissionDenied):
        services.problem_pass(
            actor=cast.qian_outsider, problem_id=problem.pk, version=0,
            department=cast.department, category=canteen,
        )  # fmt: skip
    assert not Case.objects.exists()
    problem.refresh_from_db()
    assert (problem.state, problem.case, problem.version) == ("open", None, 0)
    response = client_for(cast.zhao_secretary).post(
        f"/grid/problems/{problem.pk}/act/pass/",
        {"version": 0, "department": cast.department.pk, "category": canteen.pk,
         "deadline": "2020-01-01", "note": "保留这句说明"},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "不能早于今天" in page and "保留这句说明" in page
    assert not Case.objects.exists()


def test_a_passed_problem_cannot_be_passed_or_solved_again(cast, grid, canteen):
    problem = _raise(cast)
    services.problem_pass(
        actor=cast.zhao_secretary, problem_id=problem.pk, version=0,
        department=cast.department, category=canteen,
    )  # fmt: skip
    with pytest.raises(Conflict):
        services.problem_pass(
            actor=cast.zhao_secretary, problem_id=problem.pk, version=1,
            department=cast.department, category=canteen,
        )  # fmt: skip
    with pytest.raises(Conflict):
        services.problem_solve(
            actor=cast.zhao_secretary, problem_id=problem.pk, version=1, resolution="自己解决了"
        )
    assert Case.objects.count() == 1


# --- who sees what --------------------------------------------------------------------------------


def test_out_of_scope_ids_are_404(cast, grid, client_for):
    problem = _raise(cast)
    outsider = client_for(cast.qian_outsider)
    assert outsider.get(f"/grid/branch/{cast.branch_a.pk}/problems/").status_code == 404
    assert outsider.get(f"/grid/problems/{problem.pk}/").status_code == 404
    response = outsider.post(
        f"/grid/problems/{problem.pk}/act/solve/", {"version": 0, "resolution": "我来解决掉"}
    )
    assert response.status_code == 404
    response = outsider.post(
        f"/grid/branch/{cast.branch_a.pk}/problems/",
        {"title": "越权反映", "body": "不该能写进别的支部", "source": "direct"},
    )
    assert response.status_code == 404
    assert client_for(cast.wang_worker).get(f"/grid/problems/{problem.pk}/").status_code == 404
    assert Problem.objects.count() == 1 and Problem.objects.get().state == "open"


def test_a_grid_member_sees_only_their_own_problems_and_may_raise_more(cast, grid, client_for):
    mine = _raise(cast)
    _raise(cast, title="陈党反映的问题", actor=grid.chen_member)
    phone = client_for(cast.li_member)
    response = phone.get(f"/grid/branch/{cast.branch_a.pk}/problems/")
    assert [p.pk for p in response.context["page"].object_list] == [mine.pk]
    response = phone.post(
        f"/grid/branch/{cast.branch_a.pk}/problems/",
        {"title": "巷道照明不足", "body": "二班回风巷有三盏灯坏了。", "source": "task"},
    )
    assert response.status_code == 302
    assert Problem.objects.filter(raised_by=cast.li_member, source="task").count() == 1
    response = phone.post(f"/grid/branch/{cast.branch_a.pk}/problems/", {"title": "灯", "body": ""})
    assert response.status_code == 400 and "至少 2 个字" in response.content.decode()


def test_the_list_takes_the_same_queries_as_it_grows(cast, grid, canteen, client_for):
    url = f"/grid/branch/{cast.branch_a.pk}/problems/"
    desk = client_for(cast.zhao_secretary)
    first = _raise(cast)
    services.problem_pass(
        actor=cast.zhao_secretary, problem_id=first.pk, version=0,
        department=cast.department, category=canteen,
    )  # fmt: skip
    desk.get(url)  # the first request after signing in also touches the session
    with CaptureQueriesContext(connection) as few:
        assert desk.get(url).status_code == 200
    for i in range(12):
        problem = _raise(cast, title=f"问题{i}")
        if i % 3 == 0:
            services.problem_pass(
                actor=cast.zhao_secretary, problem_id=problem.pk, version=0,
                department=cast.department, category=canteen,
            )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        response = desk.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["page"].object_list) == 13


def test_readers_who_are_not_grid_members_read_but_do_not_raise(cast, grid, client_for):
    _raise(cast)
    inspector = client_for(cast.zheng_inspector)
    response = inspector.get(f"/grid/branch/{cast.branch_a.pk}/problems/")
    assert response.status_code == 200 and len(response.context["page"].object_list) == 1
    assert 'name="title"' not in response.content.decode()
    response = inspector.post(
        f"/grid/branch/{cast.branch_a.pk}/problems/",
        {"title": "督查发现", "body": "纪检不在网格里反映问题", "source": "direct"},
    )
    assert response.status_code == 403 and Problem.objects.count() == 1
    # A leadership member linked to the branch is one of its grid members.
    link(cast.wu_leader, branch=cast.branch_a, level=Level.LEADER_BRANCH)
    page = client_for(cast.wu_leader).get(f"/grid/branch/{cast.branch_a.pk}/problems/")
    assert 'name="title"' in page.content.decode()
