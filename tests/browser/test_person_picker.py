"""In Chromium: 综采一队's 安全副队长 assigns a hazard a crew reported, finding 李红 by her
pinyin initials in the person picker (core.pickers) among the district's people only;
钱进 of 掘进二队 is not offered. Screenshots go to test-artifacts/picker_*.png."""

import pytest

from tests.browser.conftest import ARTIFACTS, PHONE, sign_in
from tests.cast import PASSWORD
from tongxin.hazards import services
from tongxin.hazards.models import Hazard, HazardCategory, State
from tongxin.hazards.services import Finding
from tongxin.people import services as people_services
from tongxin.people.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"picker_{name}.png"), full_page=True)


def test_the_safety_officer_finds_the_responsible_person_by_pinyin(phone_page, cast):
    officer = people_services.person_create(
        actor=None, employee_no="100009", name="何安全", unit=cast.district_a, post="安全副队长"
    )
    officer.set_password(PASSWORD)
    officer.save(update_fields=["password"])
    people_services.role_assign(
        actor=None, person=officer, role=Role.SAFETY_OFFICER, organisation=cast.district_a
    )
    hazard = services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=Finding(
            location="二班工具房",
            category=HazardCategory.objects.get(name="顶板"),
            severity="general",
            description="顶板有离层迹象",
        ),
    )
    page = phone_page
    sign_in(page, "100009", PASSWORD)
    page.goto(f"{page.base}/hazards/h/{hazard.pk}/")
    box = page.locator("#assign-responsible")
    box.fill("qj")  # 钱进 is of 掘进二队: not offered
    page.get_by_text("没有找到可选的人员").wait_for()
    box.fill("lh")
    option = page.get_by_role("option", name="李红 · 100002")
    option.wait_for()
    _shot(page, "options")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    option.click()
    assert page.locator("input[name=responsible]").input_value() == str(cast.li_member.pk)
    page.get_by_role("button", name="指派", exact=True).click()
    page.get_by_text("已指派整改责任人和期限").wait_for()
    _shot(page, "assigned")
    hazard = Hazard.objects.get(pk=hazard.pk)
    assert hazard.state == State.ASSIGNED and hazard.responsible == cast.li_member
