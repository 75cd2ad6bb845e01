"""The one transition runner (core.timeline) with real voice cases, hazards and care
items: what it refuses and with which words, what it writes and when, and what an owner
never reads."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tongxin.care import services as care
from tongxin.care.services.base import item_flow
from tongxin.core.models import AuditEvent, OrgWebhook
from tongxin.core.timeline import Conflict, Visibility
from tongxin.hazards import services as hazards
from tongxin.hazards.models import HazardCategory
from tongxin.hazards.models import State as HazardState
from tongxin.hazards.services.base import hazard_flow
from tongxin.voice import selectors
from tongxin.voice import services as voice
from tongxin.voice.models import Category
from tongxin.voice.models import State as CaseState
from tongxin.voice.services.base import case_flow


@pytest.fixture
def case(cast):
    case, _receipt = voice.case_submit(
        submitter=cast.wang_worker,
        channel="request",
        title="食堂饭菜太咸",
        body="二食堂最近的班中餐太咸，希望改进口味。",
    )
    return case


@pytest.fixture
def hazard(cast):
    return hazards.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=hazards.Finding(
            location="一班 3号支架",
            category=HazardCategory.objects.get(name="顶板"),
            severity="general",
            description="顶板淋水",
        ),
    )


def _assign_to(person):
    def apply(hazard):
        hazard.responsible = person
        hazard.deadline = timezone.localdate() + timedelta(days=3)
        return ["responsible", "deadline"]

    return apply


def _audit(record, action):
    return AuditEvent.objects.filter(
        object_type=record._meta.label_lower, object_id=str(record.pk), action=action
    )


# --- refusals ---------------------------------------------------------------------------


def test_a_step_the_state_does_not_allow_is_a_conflict_naming_the_state(cast, case, hazard):
    with pytest.raises(Conflict, match="这件事当前状态为“待受理”，不能办理完毕"):
        case_flow.run(pk=case.pk, name="handle", actor=cast.zhou_head, version=None)
    with pytest.raises(Conflict, match="这条隐患当前状态为“已上报待指派”，不能整改完成"):
        hazard_flow.run(pk=hazard.pk, name="rectify", actor=cast.wu_leader, version=None)


def test_a_form_drawn_before_someone_else_acted_is_a_conflict(cast, case, hazard):
    canteen = Category.objects.get(name="食堂")
    voice.case_accept(case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen)
    with pytest.raises(Conflict, match="这件事刚刚已被他人处理，当前状态为“已受理待交办”"):
        case_flow.run(pk=case.pk, name="accept", actor=cast.zhao_secretary, version=case.version)

    hazard_flow.run(
        pk=hazard.pk,
        name="assign",
        actor=cast.wu_leader,
        version=hazard.version,
        apply=_assign_to(cast.li_member),
    )
    with pytest.raises(Conflict, match="这条隐患刚刚已被他人处理"):
        hazard_flow.run(
            pk=hazard.pk,
            name="assign",
            actor=cast.feng_admin,
            version=hazard.version,
            apply=_assign_to(cast.wang_worker),
        )


def test_someone_without_the_capacity_is_refused_with_the_reason(cast, case, hazard):
    with pytest.raises(PermissionDenied, match="您无权对这件事执行“受理归类”"):
        case_flow.run(pk=case.pk, name="accept", actor=cast.wang_worker, version=case.version)
    # 王强 reported it, which makes him a checker, never its manager.
    with pytest.raises(PermissionDenied, match="您无权对这条隐患执行“指派整改”"):
        hazard_flow.run(pk=hazard.pk, name="assign", actor=cast.wang_worker, version=0)
    assert not case.events.exclude(action="submit").exists()
    assert not hazard.events.exclude(action="report").exists()


def test_a_target_that_depends_on_the_record_must_be_given(cast, case):
    with transaction.atomic():
        record, transition = case_flow.lock(case.pk), case_flow.transition("supplement")
        with pytest.raises(ValueError, match="to_state"):
            case_flow.finish(record, transition, actor=None)


# --- what is written, and together --------------------------------------------------------


def test_the_step_writes_state_version_event_and_audit_row(cast, hazard):
    hazard = hazard_flow.run(
        pk=hazard.pk,
        name="assign",
        actor=cast.wu_leader,
        version=0,
        apply=_assign_to(cast.li_member),
        note="尽快处理",
    )
    hazard.refresh_from_db()
    assert hazard.state == HazardState.ASSIGNED and hazard.version == 1
    assert hazard.responsible == cast.li_member
    event = hazard.events.get(action="assign")
    assert (event.from_state, event.to_state, event.note) == ("reported", "assigned", "尽快处理")
    assert event.actor == cast.wu_leader and event.actor_role == "manager"
    assert event.visibility == Visibility.PUBLIC and event.to_state_label == "已指派待整改"
    assert event.get_action_label() == "指派整改"
    audit = _audit(hazard, "hazards.hazard.assign").get()
    assert audit.before == {"state": "reported"} and audit.after == {"state": "assigned"}


def test_the_role_an_actor_took_is_on_the_event(cast, case):
    canteen = Category.objects.get(name="食堂")
    voice.case_accept(case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen)
    assert case.events.get(action="accept").actor_role == "officer"
    assert case.events.get(action="submit").actor_role == ""


def test_event_and_audit_row_roll_back_with_the_change(cast, hazard):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        hazard_flow.run(
            pk=hazard.pk,
            name="assign",
            actor=cast.wu_leader,
            version=0,
            apply=_assign_to(cast.li_member),
        )
        assert hazard.events.filter(action="assign").exists()
        raise Boom
    hazard.refresh_from_db()
    assert hazard.state == HazardState.REPORTED and hazard.version == 0
    assert not hazard.events.filter(action="assign").exists()
    assert not _audit(hazard, "hazards.hazard.assign").exists()


def test_a_change_refused_by_apply_saves_nothing(cast, hazard):
    def refuse(record):
        record.measures = "不该保存"
        raise ValidationError({"responsible": "请指定整改责任人。"})

    with pytest.raises(ValidationError):
        hazard_flow.run(pk=hazard.pk, name="assign", actor=cast.wu_leader, version=0, apply=refuse)
    hazard.refresh_from_db()
    assert hazard.measures == "" and hazard.version == 0
    assert not hazard.events.filter(action="assign").exists()


# --- after commit -------------------------------------------------------------------------


def test_notifications_leave_only_after_commit(cast, hazard, django_capture_on_commit_callbacks):
    told, hooked = [], []
    flow = replace(
        hazard_flow, after_commit=(lambda r, t, e: hooked.append((r.pk, t.name, e.action)),)
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        flow.run(
            pk=hazard.pk,
            name="assign",
            actor=cast.wu_leader,
            version=0,
            apply=_assign_to(cast.li_member),
            notify=lambda record, transition, event: told.append(record.responsible),
        )
        assert told == [] and hooked == []  # nothing has left while the transaction is open
    assert len(callbacks) == 2
    assert told == [cast.li_member] and hooked == [(hazard.pk, "assign", "assign")]


def test_chat_robots_hear_of_a_case_step_only_after_commit(
    cast, case, monkeypatch, django_capture_on_commit_callbacks
):
    from tongxin.core import tasks

    sent = []
    monkeypatch.setattr(tasks, "deliver_webhook", lambda pk, text: sent.append(text))
    OrgWebhook.objects.create(organisation=cast.district_a, url="https://robot.example/hook")
    canteen = Category.objects.get(name="食堂")
    with django_capture_on_commit_callbacks() as callbacks:
        voice.case_accept(
            case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
        )
    assert sent == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(sent) == 1 and "受理归类" in sent[0] and case.code in sent[0]


def test_the_one_call_returns_the_record_and_a_refused_call_queues_nothing(
    cast, hazard, django_capture_on_commit_callbacks
):
    told = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(PermissionDenied):
            hazard_flow.run(
                pk=hazard.pk,
                name="assign",
                actor=cast.wang_worker,
                version=0,
                notify=lambda *args: told.append(args),
            )
    assert callbacks == [] and told == []


# --- who reads what ------------------------------------------------------------------------


def _handled(cast, case):
    canteen = Category.objects.get(name="食堂")
    case = voice.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    case = voice.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.district_a
    )
    voice.case_note(case_id=case.pk, actor=cast.sun_chair, text="内部：先找食堂管理员谈话")
    return case


def test_internal_events_never_reach_the_owner(cast, case, client_for):
    _handled(cast, case)
    events = list(case.events.all())
    assert [e.visibility for e in events if e.action == "note"] == [Visibility.INTERNAL]

    # The partial drops internal events even when a view hands them over.
    owner_html = render_to_string("core/_timeline.html", {"events": events})
    assert "先找食堂管理员谈话" not in owner_html and "交办" in owner_html
    staff_html = render_to_string("core/_timeline.html", {"events": events, "show_internal": True})
    assert "先找食堂管理员谈话" in staff_html and "tx-internal" in staff_html

    assert [e.action for e in selectors.timeline(case, internal=False)] == [
        "submit",
        "accept",
        "assign",
    ]
    page = client_for(cast.wang_worker).get(reverse("voice:my_case", args=[case.pk]))
    assert page.status_code == 200
    assert "先找食堂管理员谈话" not in page.content.decode()
    staff = client_for(cast.sun_chair).get(reverse("voice:case", args=[case.pk]))
    assert "先找食堂管理员谈话" in staff.content.decode()


def test_the_hazard_page_renders_its_timeline_through_the_shared_partial(cast, hazard, client_for):
    page = client_for(cast.wang_worker).get(reverse("hazards:hazard", args=[hazard.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "tx-timeline" in html and "上报" in html and "顶板淋水" in html


def test_available_steps_follow_the_table_state_and_capacities(cast, case, hazard):
    from tongxin.hazards.workflow import Actor as HazardActor
    from tongxin.voice.workflow import Actor as CaseActor

    assert case_flow.available(case, {CaseActor.OFFICER}) == {"accept", "decline", "merge"}
    assert case_flow.available(case, {CaseActor.OWNER}) == set()
    assert case.state == CaseState.SUBMITTED
    assert hazard_flow.available(hazard, {HazardActor.MANAGER}) == {"assign"}


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_same_step_at_once_exactly_one_wins(cast, hazard):
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the version check is covered above")
    barrier, results = threading.Barrier(2), []

    def act(person):
        barrier.wait()
        try:
            hazard_flow.run(
                pk=hazard.pk,
                name="assign",
                actor=person,
                version=0,
                apply=_assign_to(cast.li_member),
            )
            results.append("ok")
        except Conflict as exc:
            results.append("conflict" if "刚刚已被他人处理" in exc.message else exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(p,)) for p in (cast.wu_leader, cast.feng_admin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert hazard.events.filter(action="assign").count() == 1


# --- small records: no event table, no version, their own order and words --------------------


@pytest.fixture
def item(cast):
    """A care service item: a record with no event table of its own."""
    need = care.need_collect(
        actor=cast.wang_worker, person=cast.wang_worker, category="education", text="孩子转学手续"
    )
    return care.need_to_item(
        actor=cast.sun_chair,
        need_id=need.pk,
        version=need.version,
        owner=cast.li_member,
        deadline=timezone.localdate() + timedelta(days=10),
    )


def test_a_workflow_without_an_event_table_leaves_the_audit_row_as_its_trace(cast, item):
    assert item_flow.write_event(item, action="note", actor=cast.sun_chair) is None
    with transaction.atomic():
        record, step = item_flow.begin(
            pk=item.pk, name="cancelled", actor=cast.sun_chair, version=0
        )
        event = item_flow.finish(
            record, step, actor=cast.sun_chair, audit_before={"owner": item.owner_id}
        )
    assert event is None
    record.refresh_from_db()
    assert (record.state, record.version) == ("cancelled", 1)
    row = _audit(record, "care.item.cancelled").get()
    assert row.before == {"state": "open", "owner": item.owner_id}
    assert row.after == {"state": "cancelled"}


def test_the_actor_first_tells_a_stranger_nothing_and_gives_the_areas_reason(cast, item):
    # A stale version and a state that does not allow it: still only "you may not".
    with pytest.raises(PermissionDenied, match="只有本单位工会可以取消服务项目"):
        item_flow.run(pk=item.pk, name="cancelled", actor=cast.wang_worker, version=7)


def test_the_state_first_order_and_an_areas_own_word_for_a_state(cast, item):
    item_flow.run(pk=item.pk, name="completed", actor=cast.li_member, version=0)
    flow = replace(
        item_flow,
        check_order=("state", "version", "actor"),
        wrong_state=lambda record, step: "这个服务项目已经办结了。",
    )
    # A second tap from the form drawn before: told it is done, not "changed by another".
    with pytest.raises(Conflict, match="已经办结了"):
        flow.run(pk=item.pk, name="completed", actor=cast.li_member, version=0)
    with pytest.raises(ValueError, match="check_order"):
        replace(item_flow, check_order=("state", "actor"))


def test_a_record_without_a_version_column_is_neither_compared_nor_bumped(cast, item):
    flow = replace(item_flow, version_field=None)
    record = flow.run(pk=item.pk, name="completed", actor=cast.li_member, version=7)
    record.refresh_from_db()
    assert (record.state, record.version) == ("done", 0)
