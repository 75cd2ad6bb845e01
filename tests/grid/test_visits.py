"""Logging a talk or visit: it completes the task it answers in the same transaction
(the task named, or this month's "visit each covered worker" task and the open life
event task for that person), and a follow-up becomes a care service item, a case in
the worker-voice inbox, or a line on the branch's problem list. A visit with someone
the member does not cover, or bad input, saves nothing and says why in Chinese.

李红 covers 王强 and 刘明; 陈党 (in 王强's crew) covers 何军.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tongxin.care.models import ServiceItem
from tongxin.core.models import AuditEvent
from tongxin.grid.defaults import ensure_templates
from tongxin.grid.models import (
    GridLink,
    GridTask,
    Level,
    Problem,
    TaskKind,
    TaskState,
    TaskTemplate,
    Visit,
)
from tongxin.grid.periods import first_of
from tongxin.grid.selectors_branch import branch_problems
from tongxin.grid.services import events as event_services
from tongxin.grid.services import tasks as task_services
from tongxin.grid.services import visits as services
from tongxin.voice import selectors as voice_selectors
from tongxin.voice.models import Case

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2024, 1, 1)
CONTENT = "了解到母亲住院，家里缺人照顾，情绪低落。"


def link(responsible, person=None, *, branch, level=Level.MEMBER_WORKER):
    return GridLink.objects.create(
        level=level, responsible=responsible, person=person, branch=branch, starts_on=LONG_AGO
    )


@pytest.fixture
def network(cast, crew):
    ensure_templates(TaskTemplate)
    b = cast.branch_a
    link(cast.li_member, cast.wang_worker, branch=b)
    link(cast.li_member, crew.liu_worker, branch=b)
    link(crew.chen_member, crew.he_worker, branch=b)
    return b


def today():
    return timezone.localdate()


def log(actor, person, **kwargs):
    args = {"visited_on": today(), "kind": "visit", "content": CONTENT}
    args.update(kwargs)
    return services.visit_log(actor=actor, person=person, **args)


def _nothing_saved(tasks_open=None):
    assert not Visit.objects.exists()
    assert not ServiceItem.objects.exists()
    assert not Case.objects.exists()
    assert not Problem.objects.exists()
    for task in tasks_open or ():
        assert GridTask.objects.get(pk=task.pk).state == TaskState.OPEN


# --- tasks closed by the visit ---------------------------------------------------------------


def test_a_visit_closes_the_task_it_names(cast, crew, network):
    task = task_services.task_add(
        actor=cast.zhao_secretary,
        branch=network,
        owner=cast.li_member,
        title="了解王强家里情况",
        due_on=today(),
        subject=cast.wang_worker,
    )
    visit = log(cast.li_member, cast.wang_worker, task_id=task.pk)
    task.refresh_from_db()
    assert task.state == TaskState.DONE and task.version == 1
    assert "上门走访" in task.done_note and CONTENT[:10] in task.done_note
    assert (visit.task, visit.branch, visit.member) == (task, network, cast.li_member)
    assert AuditEvent.objects.filter(action="grid.visit.logged").count() == 1


def test_a_visit_closes_the_monthly_visit_task_and_the_life_event_task(cast, crew, network):
    task_services.generate_month(month=first_of(today()))
    event = event_services.event_record(
        actor=cast.li_member, person=cast.wang_worker, kind="illness_injury", occurred_on=today()
    )
    visit = log(cast.li_member, cast.wang_worker)
    done = GridTask.objects.filter(owner=cast.li_member, state=TaskState.DONE)
    assert {(t.kind, t.subject_id) for t in done} == {
        (TaskKind.TEMPLATE, cast.wang_worker.pk),
        (TaskKind.LIFE_EVENT, cast.wang_worker.pk),
    }
    assert visit.life_event == event
    # 刘明's monthly visit task and the member's other tasks stay open.
    assert GridTask.objects.get(owner=cast.li_member, subject=crew.liu_worker).state == "open"
    assert (
        GridTask.objects.filter(owner=cast.li_member, subject__isnull=True, state="open").count()
        == 3
    )


def test_a_visit_before_the_event_does_not_close_its_task(cast, crew, network):
    event_services.event_record(
        actor=cast.li_member, person=cast.wang_worker, kind="hardship", occurred_on=today()
    )
    log(cast.li_member, cast.wang_worker, visited_on=today() - datetime.timedelta(days=3))
    assert GridTask.objects.get(kind=TaskKind.LIFE_EVENT).state == TaskState.OPEN


def test_the_secretary_with_an_event_task_may_visit_an_uncovered_worker(cast, crew, network):
    event = event_services.event_record(
        actor=cast.zhao_secretary, person=crew.yang_worker, kind="bereavement", occurred_on=today()
    )
    task = event.tasks.get()
    visit = log(cast.zhao_secretary, crew.yang_worker, task_id=task.pk, kind="visit")
    assert visit.life_event == event
    assert GridTask.objects.get(pk=task.pk).state == TaskState.DONE


# --- refusals -------------------------------------------------------------------------------


def test_a_worker_the_member_does_not_cover_is_refused(cast, crew, network):
    event_services.event_record(
        actor=crew.chen_member, person=crew.he_worker, kind="hardship", occurred_on=today()
    )
    task = GridTask.objects.get()
    with pytest.raises(PermissionDenied) as exc:
        log(cast.li_member, crew.he_worker)
    assert str(exc.value) == "该职工不在您的网格范围内。"
    with pytest.raises(PermissionDenied):
        log(cast.li_member, crew.he_worker, task_id=task.pk)  # someone else's task
    with pytest.raises(PermissionDenied):
        log(cast.qian_outsider, cast.wang_worker)
    _nothing_saved([task])


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("visited_on", {"visited_on": None}),
        ("visited_on", {"visited_on": "tomorrow"}),
        ("content", {"content": "挺好"}),
        ("kind", {"kind": "phone"}),
        ("follow_up_text", {"follow_up": "care", "follow_up_text": ""}),
        ("follow_up", {"follow_up": "later"}),
        (
            "care_category",
            {"follow_up": "care", "follow_up_text": "医疗救助", "care_category": "x"},
        ),
    ],
)
def test_bad_input_saves_nothing_and_says_why(cast, crew, network, field, changes):
    task_services.generate_month(month=first_of(today()))
    if changes.get("visited_on") == "tomorrow":
        changes["visited_on"] = today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        log(cast.li_member, cast.wang_worker, **changes)
    message = exc.value.message_dict[field][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    _nothing_saved()
    assert not GridTask.objects.filter(state=TaskState.DONE).exists()


# --- follow-ups ------------------------------------------------------------------------------


def test_a_care_follow_up_opens_a_care_item(cast, crew, network):
    visit = log(
        cast.li_member,
        cast.wang_worker,
        follow_up="care",
        follow_up_text="母亲住院需要医疗救助\n住院费用约三万元",
        care_category="medical",
    )
    item = ServiceItem.objects.get()
    assert visit.care_item == item
    assert (item.person, item.category, item.title) == (
        cast.wang_worker,
        "medical",
        "母亲住院需要医疗救助",
    )
    assert item.owner == cast.sun_chair  # the nearest union chair over 综采一队一班
    assert "住院费用约三万元" in item.description


def test_a_case_follow_up_lands_in_the_voice_inbox(cast, crew, network):
    visit = log(
        crew.chen_member,
        crew.he_worker,
        kind="talk",
        follow_up="case",
        follow_up_text="班中餐送到井下时已经凉了",
    )
    case = Case.objects.get()
    assert visit.case == case
    assert (case.channel, case.source_app, case.source_ref) == ("grid", "grid_visit", str(visit.pk))
    assert (case.submitter, case.entered_by, case.organisation) == (
        crew.he_worker,
        crew.chen_member,
        crew.he_worker.unit,
    )
    assert case.title == "班中餐送到井下时已经凉了"
    inbox = voice_selectors.inbox(cast.sun_chair, voice_selectors.InboxFilter())
    assert list(inbox) == [case]


def test_a_case_follow_up_for_a_covered_worker_of_another_crew_is_taken(cast, crew, network):
    # 李红 (二班) covers 王强 (一班): she enters the case for him, at his crew, where his
    # officers handle it and he gets the reply.
    visit = log(cast.li_member, cast.wang_worker, follow_up="case", follow_up_text="宿舍热水不足")
    case = Case.objects.get()
    assert visit.case == case
    assert (case.submitter, case.entered_by, case.organisation) == (
        cast.wang_worker,
        cast.li_member,
        cast.crew_a1,
    )


def test_a_case_follow_up_for_someone_not_covered_is_refused_in_chinese(cast, crew, network):
    # A task's subject the member does not cover (the secretary's fallback task) cannot
    # be entered as a case by someone outside the worker's unit: nothing is saved.
    from tongxin.voice.services import case_open

    with pytest.raises(PermissionDenied):
        case_open(
            actor=cast.li_member,
            channel="grid",
            organisation=crew.he_worker.unit,
            title="宿舍热水不足",
            body="宿舍热水不足",
            submitter=crew.he_worker,
        )
    assert not Case.objects.exists()


def test_a_problem_follow_up_goes_on_the_branch_list(cast, crew, network):
    visit = log(
        cast.li_member,
        cast.wang_worker,
        follow_up="problem",
        follow_up_text="一班更衣室热水不足",
    )
    problem = Problem.objects.get()
    assert visit.problem == problem
    assert (problem.branch, problem.source, problem.raised_by, problem.title) == (
        network,
        "visit",
        cast.li_member,
        "一班更衣室热水不足",
    )
    assert list(branch_problems(network)) == [problem]
