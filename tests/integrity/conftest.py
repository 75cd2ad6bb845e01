"""The integrity story's people: 王强 reports; 郑纪 is the mine's 纪检监察; 陈纪 a second
inspector of the mine (for reveals); 刘纪 the company's 纪检监察, one level up."""

import pytest

from tongxin.integrity import services
from tongxin.people import services as people_services
from tongxin.people.models import Role


@pytest.fixture
def second_inspector(cast):
    person = people_services.person_create(
        actor=None, employee_no="900010", name="陈纪", unit=cast.mine
    )
    people_services.role_assign(
        actor=None, person=person, role=Role.DISCIPLINE_INSPECTOR, organisation=cast.mine
    )
    return person


@pytest.fixture
def company_inspector(cast):
    person = people_services.person_create(
        actor=None, employee_no="800010", name="刘纪", unit=cast.company
    )
    people_services.role_assign(
        actor=None, person=person, role=Role.DISCIPLINE_INSPECTOR, organisation=cast.company
    )
    return person


SECRET_TEXT = "综采一队队长张某某在采购截齿时收受供应商回扣八千元"


@pytest.fixture
def make_report(cast):
    def make(*, anonymous=False, unit=None, about_leadership=False, content=SECRET_TEXT, who=None):
        report, receipt = services.report_submit(
            reporter=None if anonymous else (who or cast.wang_worker),
            anonymous=anonymous,
            unit=unit or cast.district_a,
            about_leadership=about_leadership,
            category="integrity",
            subject="综采一队队长",
            content=content,
        )
        return report, receipt

    return make


@pytest.fixture
def finance(cast):
    """财务收支, published quarterly by 机电科 (周科长 heads it) to all of 红岩矿."""
    from tongxin.integrity.models import DisclosureCategory

    return DisclosureCategory.objects.create(
        unit=cast.mine,
        org_path=cast.mine.path,
        office=cast.department,
        name="财务收支",
        kind="finance",
        rhythm="quarterly",
    )
