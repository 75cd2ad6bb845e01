"""The demo mine's reports: every state, the printed receipt, the approved reveal, the
escalation to the company, and what each demo sign-in finds."""

import re

import pytest
from django.test import Client

from tests.demo_fixture import seeded_demo
from tongxin.integrity.access import report_for_receipt, reports_of, reports_visible_to
from tongxin.integrity.models import Report, RevealState, State
from tongxin.people.models import Person

pytestmark = pytest.mark.django_db

demo = seeded_demo("--only", "integrity")


def person(employee_no: str) -> Person:
    return Person.objects.get(employee_no=employee_no)


def test_the_demo_has_reports_in_every_state(demo):
    assert "廉洁监督：" in demo
    assert set(Report.objects.values_list("state", flat=True)) == set(State.values)
    assert Report.objects.filter(is_anonymous=True).count() >= 2
    assert Report.objects.filter(escalated_at__isnull=False).exists()


def test_the_printed_receipt_opens_the_anonymous_report(demo):
    receipt = re.search(r"回执码 ([0-9A-Z-]{24})", demo).group(1)
    report = report_for_receipt(receipt)
    assert report is not None and report.question_open
    page = Client().post("/integrity/follow/", {"receipt": receipt})
    assert page.status_code == 200 and "办案人员的问题" in page.content.decode()


def test_demo01_sees_the_approved_reveal(demo):
    demo01 = person("demo01")
    reports = reports_of(demo01)
    revealed = reports.filter(reveals__state=RevealState.APPROVED).get()
    client = Client()
    client.force_login(demo01)
    page = client.get(f"/integrity/mine/{revealed.pk}/")
    assert "您的身份已于" in page.content.decode()


def test_the_mine_inspector_and_the_company_inspector(demo):
    demo07, demo11 = person("demo07"), person("demo11")
    mine_seen = set(reports_visible_to(demo07))
    company_seen = set(reports_visible_to(demo11))
    about_leadership = Report.objects.get(about_leadership=True)
    assert about_leadership in company_seen and about_leadership not in mine_seen
    escalated = Report.objects.filter(escalated_at__isnull=False).get()
    assert escalated in mine_seen and escalated in company_seen
    for login in ("demo06", "demo08", "demo03", "demo01"):
        assert not reports_visible_to(person(login)).exists()


def test_seeding_twice_adds_nothing(demo):
    from tongxin.integrity.demo import seed

    count = Report.objects.count()
    assert seed(seed=1, progress=None) is None
    assert Report.objects.count() == count


def test_a_year_of_disclosures_with_one_overdue_category(demo):
    from tongxin.integrity.models import Comment, CommentState, Disclosure, DisclosureCategory

    assert "厂务公开：" in demo
    assert Disclosure.objects.count() >= 10
    overdue = [c.name for c in DisclosureCategory.objects.all() if c.is_overdue()]
    assert overdue == ["机电设备采购结果"]
    assert Comment.objects.filter(state=CommentState.PUBLISHED).exclude(answer="").count() >= 2
    assert Comment.objects.filter(state=CommentState.REFUSED).exclude(refusal="").exists()
    assert Comment.objects.filter(state=CommentState.PENDING).exists()
    demo05 = person("demo05")
    client = Client()
    client.force_login(demo05)
    page = client.get("/integrity/disclosure/desk/")
    assert page.status_code == 200 and "逾期未公开" in page.content.decode()


def test_two_procurements_with_the_unions_opinion(demo):
    from tongxin.integrity.models import Procurement

    assert "工会参与采购：2 项" in demo
    rows = Procurement.objects.all()
    assert rows.count() == 2 and not rows.filter(opinion="").exists()
    assert rows.exclude(objection="").count() == 1
    assert rows.filter(checks__attended=True).distinct().count() == 2
