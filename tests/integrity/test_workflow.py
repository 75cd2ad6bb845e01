"""A report from received to concluded, the refusals, questions, notes and escalation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tongxin.core.access import OutOfScope
from tongxin.core.models import AuditEvent, Notification
from tongxin.core.timeline import Conflict
from tongxin.core.workdays import add_workdays
from tongxin.integrity import services
from tongxin.integrity.access import report_for_receipt, reports_of, reports_visible_to
from tongxin.integrity.models import Report, ReportEvent, State
from tongxin.integrity.services.sweep import tell_inspectors

pytestmark = pytest.mark.django_db


def test_a_named_report_is_handled_to_its_conclusion(cast, make_report):
    inspector = cast.zheng_inspector
    report, receipt = make_report()
    assert receipt == "" and report.state == State.RECEIVED
    assert report.ack_due == add_workdays(report.created_at.date(), 15)
    assert list(reports_of(cast.wang_worker)) == [report]
    report = services.report_accept(actor=inspector, report_id=report.pk, version=report.version)
    assert report.state == State.ACCEPTED and report.conclude_due
    report = services.report_ask(
        actor=inspector, report_id=report.pk, version=report.version, question="请说明时间地点"
    )
    assert report.question_open
    report = services.report_answer(
        report_id=report.pk, text="十一月中旬在机电科", reporter_ok=True
    )
    assert not report.question_open
    report = services.report_verify(actor=inspector, report_id=report.pk, version=report.version)
    report = services.report_conclude(
        actor=inspector, report_id=report.pk, version=report.version, outcome="查实，已处理"
    )
    assert report.state == State.CONCLUDED and report.outcome == "查实，已处理"
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["submit", "accept", "ask", "answer", "verify", "conclude"]
    # The reporter's own steps carry no actor, on the timeline or in the audit log.
    assert not report.events.filter(action__in=["submit", "answer"], actor__isnull=False).exists()
    assert not AuditEvent.objects.filter(actor=cast.wang_worker).exists()


def test_declining_needs_a_reason_the_reporter_is_told(cast, make_report):
    report, _ = make_report()
    with pytest.raises(ValidationError):
        services.report_decline(
            actor=cast.zheng_inspector, report_id=report.pk, version=report.version, reason=""
        )
    report = services.report_decline(
        actor=cast.zheng_inspector,
        report_id=report.pk,
        version=report.version,
        reason="不属于纪检监察受理范围，请向工会反映",
    )
    assert report.state == State.DECLINED and "工会" in report.decision


def test_only_the_inspector_of_the_unit_may_act(cast, make_report):
    report, _ = make_report()
    for person in (cast.wu_leader, cast.feng_admin, cast.zhao_secretary, cast.wang_worker):
        with pytest.raises(OutOfScope):
            services.report_accept(actor=person, report_id=report.pk, version=report.version)
        assert not reports_visible_to(person).exists()
    with pytest.raises(Conflict):
        services.report_accept(
            actor=cast.zheng_inspector, report_id=report.pk, version=report.version + 1
        )


def test_bad_input_saves_nothing(cast):
    with pytest.raises(ValidationError) as caught:
        services.report_submit(
            reporter=cast.wang_worker,
            anonymous=False,
            unit=None,
            about_leadership=False,
            category="nonsense",
            subject="",
            content="短",
        )
    assert set(caught.value.message_dict) >= {"organisation", "category", "subject", "content"}
    assert not Report.objects.exists()


def test_an_anonymous_report_is_followed_by_its_receipt(cast, make_report):
    report, receipt = make_report(anonymous=True)
    assert report.pk < 0 and report.is_anonymous and not report.reporter_sealed
    assert report.created_at.minute == 0 and report.created_at.second == 0
    assert report_for_receipt(receipt) == report
    assert report_for_receipt(receipt.lower().replace("-", "")) == report
    services.report_ask(
        actor=cast.zheng_inspector, report_id=report.pk, version=report.version, question="是哪一天"
    )
    services.report_answer(report_id=report.pk, text="十一月十八日", reporter_ok=True)
    events = ReportEvent.objects.filter(report=report).order_by("pk")
    assert all(report.pk < e.pk < report.pk + 65536 for e in events)
    with pytest.raises(OutOfScope):
        services.report_answer(report_id=report.pk, text="冒充", reporter_ok=False)


def test_a_report_about_the_mines_own_inspectors_goes_one_level_up(
    cast, make_report, company_inspector
):
    report, _ = make_report(unit=cast.mine, about_leadership=True)
    assert report.handler_path == cast.company.path
    assert not reports_visible_to(cast.zheng_inspector).exists()
    assert list(reports_visible_to(company_inspector)) == [report]


def test_a_report_about_a_districts_leadership_goes_to_the_mine(cast, make_report):
    report, _ = make_report(unit=cast.district_a, about_leadership=True)
    assert report.handler_path == cast.mine.path
    assert list(reports_visible_to(cast.zheng_inspector)) == [report]


def test_overdue_reports_escalate_to_the_level_above_once(cast, make_report, company_inspector):
    report, _ = make_report()
    late = report.ack_due + datetime.timedelta(days=1)
    assert not reports_visible_to(company_inspector).exists()
    assert services.sweep(today=late) == 1
    assert services.sweep(today=late) == 0
    report.refresh_from_db()
    assert report.escalated_at and report.supervisor_path == cast.company.path
    assert list(reports_visible_to(company_inspector)) == [report]
    assert report.events.filter(action="escalate").count() == 1
    message = Notification.objects.get(recipient=company_inspector)
    assert "综采" not in message.title and "回扣" not in message.title


def test_inspectors_are_told_at_the_next_hour_without_content(cast, make_report):
    report, _ = make_report(anonymous=True)
    assert not Notification.objects.filter(recipient=cast.zheng_inspector).exists()
    tell_inspectors(report.created_at)
    message = Notification.objects.get(recipient=cast.zheng_inspector)
    assert "回扣" not in message.title + message.body and "综采" not in message.title


def test_false_report_and_retaliation_notes_are_internal(cast, make_report):
    report, _ = make_report()
    services.report_note(
        actor=cast.zheng_inspector, report_id=report.pk, kind="retaliation", note="举报人反映被调岗"
    )
    event = report.events.get(action="note_retaliation")
    assert event.is_internal
    assert not report.events.visible(internal=False).filter(pk=event.pk).exists()
