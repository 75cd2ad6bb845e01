"""Integrity demo data for the demo mine (SPEC §10), called by `manage.py seed_demo`.

Six misconduct reports about the first mine, in every state, made and handled through
the real services, then moved back in time:

- an anonymous report about 综采一队, accepted, with a question to its writer waiting
  for an answer: its receipt is printed in the seed's output, to follow it on
  /integrity/follow/;
- demo01's named report, concluded, whose identity reveal demo07 asked for and the
  mine's second inspector approved (demo01 sees it on his report);
- a named report declined with its reason, one under verification with a retaliation
  note, an anonymous one not acknowledged in 15 working days and so escalated to the
  company's 纪检监察 (demo11), and one about the mine's own leadership, which only
  demo11 sees.

Then a year of 厂务公开 (demo/disclosure.py) and two procurements with the union's
part (demo/procurement.py).

demo11 is the company's 纪检监察, made here (the roll has inspectors only at the mines);
the mine's second inspector too, if the roll has only one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tongxin.core.workdays import add_workdays
from tongxin.people import services as people_services
from tongxin.people.demo.logins import DEMO_PASSWORD
from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment
from tongxin.people.selectors import ancestor_paths, mine_of

from .. import services
from ..models import Report, ReportEvent
from .disclosure import seed_disclosure
from .procurement import seed_procurement
from .stories import STORIES, Story

COMPANY_INSPECTOR = "demo11"


@dataclass
class IntegritySeedResult:
    reports: int
    receipt: str


def _inspector(employee_no: str, name: str, org: Organisation, unit: Organisation) -> Person:
    person = Person.objects.filter(employee_no=employee_no).first()
    if person is None:
        person = people_services.person_create(
            actor=None, employee_no=employee_no, name=name, unit=unit, post="纪委书记"
        )
        person.password = make_password(DEMO_PASSWORD)
        person.save(update_fields=["password"])
    people_services.role_assign(
        actor=None, person=person, role=Role.DISCIPLINE_INSPECTOR, organisation=org
    )
    return person


def _second_inspector(mine: Organisation, demo07: Person) -> Person:
    other = (
        RoleAssignment.objects.filter(role=Role.DISCIPLINE_INSPECTOR, organisation=mine)
        .exclude(person=demo07)
        .select_related("person")
        .first()
    )
    if other is not None:
        return other.person
    # Someone of the mine's own offices, with no role, becomes its second inspector.
    person = (
        Person.objects.filter(unit=mine, is_active=True, roles__isnull=True)
        .exclude(pk=demo07.pk)
        .order_by("employee_no")
        .first()
    )
    people_services.role_assign(
        actor=None, person=person, role=Role.DISCIPLINE_INSPECTOR, organisation=mine
    )
    return person


def seed(*, seed: int, progress: Callable[[str], None] | None = None):
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    demo07 = Person.objects.filter(employee_no="demo07").first()
    if demo01 is None or demo01.unit is None or demo07 is None:
        return None
    mine = mine_of(demo01.unit)
    if Report.objects.filter(org_path__startswith=mine.path).exists():
        return None
    company = (
        Organisation.objects.filter(kind=OrgKind.COMPANY, path__in=ancestor_paths(mine.path))
        .order_by("-depth")
        .first()
    )
    with transaction.atomic():
        people = {
            "demo01": demo01,
            "demo07": demo07,
            "second": _second_inspector(mine, demo07),
            "demo11": _inspector(COMPANY_INSPECTOR, "柳清源", company, company)
            if company
            else None,
        }
        district = Organisation.objects.get(path__startswith=mine.path, name="综采一队")
        units = {"mine": mine, "district": district, "department": _department(mine)}
        receipt = ""
        for story in STORIES:
            got = _tell(story, people, units, mine)
            receipt = receipt or got
        services.sweep()
        workers = [
            demo01,
            *Person.objects.filter(unit__path__startswith=district.path)
            .exclude(pk=demo01.pk)
            .order_by("employee_no")[:3],
        ]
        told = seed_disclosure(mine, workers)
        # demo04, the sub-union chair, sits for the union in the mine's purchases.
        union_rep = Person.objects.filter(employee_no="demo04").first() or workers[-1]
        bought = seed_procurement(mine, union_rep)
    result = IntegritySeedResult(reports=len(STORIES), receipt=receipt)
    if progress:
        progress(
            f"廉洁监督：{result.reports} 件举报；匿名举报回执码 {receipt}"
            f"（在 /integrity/follow/ 输入，可回答办案人员的问题）；{told}；{bought}"
        )
    return result


def _department(mine: Organisation) -> Organisation:
    return (
        Organisation.objects.filter(
            path__startswith=mine.path, kind=OrgKind.DEPARTMENT, name="机电科"
        ).first()
        or Organisation.objects.filter(path__startswith=mine.path, kind=OrgKind.DEPARTMENT).first()
    )


def _tell(story: Story, people: dict, units: dict, mine: Organisation) -> str:
    """Make one report, drive it as far as its story goes, and date it back."""
    reporter = people.get(story.reporter) if story.reporter else None
    report, receipt = services.report_submit(
        reporter=reporter,
        anonymous=reporter is None,
        unit=units[story.unit],
        about_leadership=story.about_leadership,
        category=story.category,
        subject=story.subject,
        content=story.content,
    )
    handler = (
        people["demo11"] if story.about_leadership and story.unit == "mine" else people["demo07"]
    )
    for step, text in story.steps:
        report = Report.objects.get(pk=report.pk)
        v = report.version
        if step == "accept":
            services.report_accept(actor=handler, report_id=report.pk, version=v, note=text)
        elif step == "decline":
            services.report_decline(actor=handler, report_id=report.pk, version=v, reason=text)
        elif step == "verify":
            services.report_verify(actor=handler, report_id=report.pk, version=v, note=text)
        elif step == "conclude":
            services.report_conclude(actor=handler, report_id=report.pk, version=v, outcome=text)
        elif step == "ask":
            services.report_ask(actor=handler, report_id=report.pk, version=v, question=text)
        elif step == "answer":
            services.report_answer(report_id=report.pk, text=text, reporter_ok=True)
        elif step == "retaliation":
            services.report_note(actor=handler, report_id=report.pk, kind="retaliation", note=text)
        elif step == "reveal":
            reveal = services.reveal_request(actor=handler, report_id=report.pk, reason=text)
            services.reveal_decide(actor=people["second"], reveal_id=reveal.pk, approve=True)
    _date_back(report.pk, story.days_ago)
    return receipt if story.print_receipt else ""


def _date_back(report_id: int, days_ago: int) -> None:
    """The services stamp now: the report and its steps move back to `days_ago`, one
    working day apart, in working hours (the demo is the one place allowed to)."""
    report = Report.objects.get(pk=report_id)
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start -= timedelta(days=days_ago)
    if not report.is_anonymous:
        start += timedelta(minutes=17)
    day = start.date()
    ack_due = add_workdays(day, 15)
    updates = {"created_at": start, "ack_due": ack_due}
    events = list(ReportEvent.objects.filter(report=report).order_by("at", "pk"))
    accepted = None
    for index, event in enumerate(events):
        at = start + timedelta(days=index * 2, hours=index % 3)
        ReportEvent.objects.filter(pk=event.pk).update(at=at)
        if event.action == "accept":
            accepted = at.date()
        if event.action in ("conclude", "decline"):
            updates["concluded_at"] = at
    if accepted:
        updates["conclude_due"] = add_workdays(accepted, settings.INTEGRITY_CONCLUDE_WORKDAYS)
    Report.objects.filter(pk=report_id).update(**updates)
    report.reveals.update(
        requested_at=start + timedelta(days=1), decided_at=start + timedelta(days=2)
    )
