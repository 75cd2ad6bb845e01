"""Who assigns a crew's hazard and who re-checks it, by level (issue #13, items 1 and 2).

The story: 王强 (wang_worker, 综采一队一班) reports hazards on the spot; 李红 (li_member)
rectifies them; 何安全 is 综采一队's 安全副队长 (SAFETY_OFFICER of the district); 周科长
(zhou_head) heads 机电科, which answers for 机电 hazards mine-wide (CategoryDepartment);
吴矿长 (wu_leader) is leadership; 钱进 (qian_outsider) is of 掘进二队.

A 一般 hazard is re-checked by its finder or a manager; a 较大 one by the district's
safety officer, a head, the category's department or leadership, never the worker who
found it; a 重大 one by leadership only. Pages and the API say the same.
"""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.core.models import Notification
from tongxin.hazards import services
from tongxin.hazards.access import actor_kinds, hazards_visible_to
from tongxin.hazards.models import Hazard, State
from tongxin.hazards.selectors import my_hazards
from tongxin.hazards.services import Finding
from tongxin.hazards.workflow import Actor
from tongxin.people import services as people_services
from tongxin.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_for(db):
    """A bearer token for the person, as an integration holds one."""
    from tongxin.accounts.services import create_api_token

    def issue(person):
        _token, key = create_api_token(person=person, name="测试集成")
        return key

    return issue


@pytest.fixture
def officer(cast):
    person = people_services.person_create(
        actor=None, employee_no="100009", name="何安全", unit=cast.district_a, post="安全副队长"
    )
    people_services.role_assign(
        actor=None, person=person, role=Role.SAFETY_OFFICER, organisation=cast.district_a
    )
    return person


@pytest.fixture
def electrical(cast, categories):
    """机电 hazards answer to 机电科 across 红岩矿."""
    return services.category_department_add(
        actor=None, category=categories["机电"], department=cast.department
    )


def _report(cast, categories, *, category="机电", severity="general", responsible=None):
    return services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=Finding(
            location="二班工具房",
            category=categories[category],
            severity=severity,
            description="配电箱门无法关闭，有触电风险",
            responsible=responsible,
        ),
    )


def _rectified(cast, categories, photo, **fields):
    hazard = _report(cast, categories, responsible=cast.li_member, **fields)
    return services.hazard_rectify(
        hazard_id=hazard.pk,
        version=hazard.version,
        actor=cast.li_member,
        note="已更换门锁",
        photos=[photo("fixed.jpg")],
    )


def _text(response) -> str:
    return response.content.decode()


# --- who assigns a crew's hazard ---------------------------------------------------------


def test_the_categorys_department_head_sees_and_assigns_a_crews_hazard(
    cast, categories, electrical, client_for
):
    hazard = _report(cast, categories)
    assert hazard.state == State.REPORTED
    assert hazards_visible_to(cast.zhou_head).filter(pk=hazard.pk).exists()
    assert Actor.MANAGER in actor_kinds(cast.zhou_head, hazard)
    # Told that it waits for an assignment.
    assert Notification.objects.filter(recipient=cast.zhou_head, title__contains="待指派").exists()
    client = client_for(cast.zhou_head)
    act = reverse("hazards:hazard_act", args=[hazard.pk, "assign"])
    assert act in _text(client.get(reverse("hazards:hazard", args=[hazard.pk])))
    # He takes it himself (an assigner may).
    response = client.post(act, {"version": hazard.version, "responsible": cast.zhou_head.pk})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == State.ASSIGNED and hazard.responsible == cast.zhou_head
    # On the board too.
    board = _text(client.get(reverse("hazards:board")))
    assert hazard.location in board


def test_a_department_head_does_not_see_other_categories_or_without_the_mapping(
    cast, categories, client_for
):
    electrical_hazard = _report(cast, categories)
    roof = _report(cast, categories, category="顶板")
    # No mapping yet: 机电科 has no say over a crew's 机电 hazard.
    assert not hazards_visible_to(cast.zhou_head).filter(pk=electrical_hazard.pk).exists()
    services.category_department_add(
        actor=None, category=categories["机电"], department=cast.department
    )
    visible = set(hazards_visible_to(cast.zhou_head).values_list("pk", flat=True))
    assert electrical_hazard.pk in visible and roof.pk not in visible
    response = client_for(cast.zhou_head).get(reverse("hazards:hazard", args=[roof.pk]))
    assert response.status_code == 404


def test_the_districts_safety_officer_assigns_its_hazards_not_anothers(
    cast, categories, officer, client_for
):
    hazard = _report(cast, categories, category="顶板")
    assert Notification.objects.filter(recipient=officer, title__contains="待指派").exists()
    client = client_for(officer)
    act = reverse("hazards:hazard_act", args=[hazard.pk, "assign"])
    response = client.post(act, {"version": hazard.version, "responsible": cast.li_member.pk})
    assert response.status_code == 302
    other = services.hazard_report(
        actor=cast.qian_outsider,
        unit=cast.crew_b1,
        finding=Finding(
            location="掘进机",
            category=categories["顶板"],
            severity="general",
            description="顶板离层",
        ),
    )
    assert client.get(reverse("hazards:hazard", args=[other.pk])).status_code == 404
    assert not Notification.objects.filter(recipient=officer, url__contains=f"/h/{other.pk}/")


def test_a_worker_cannot_assign_and_an_id_outside_the_set_is_refused(
    cast, categories, officer, client_for
):
    hazard = _report(cast, categories, category="顶板")
    act = reverse("hazards:hazard_act", args=[hazard.pk, "assign"])
    response = client_for(cast.wang_worker).post(
        act, {"version": hazard.version, "responsible": cast.li_member.pk}
    )
    assert response.status_code == 403
    # 钱进 works in 掘进二队: not among the people who can rectify a hazard of 综采一队.
    response = client_for(officer).post(
        act, {"version": hazard.version, "responsible": cast.qian_outsider.pk}
    )
    assert response.status_code == 400 and "请从列表中选择" in _text(response)
    hazard.refresh_from_db()
    assert hazard.state == State.REPORTED and hazard.responsible is None


# --- who re-checks, by level -------------------------------------------------------------


def test_a_worker_rechecks_a_general_hazard_he_found(cast, categories, photo, client_for):
    hazard = _rectified(cast, categories, photo)
    client = client_for(cast.wang_worker)
    page = _text(client.get(reverse("hazards:hazard", args=[hazard.pk])))
    assert 'id="recheck-form"' in page
    response = client.post(
        reverse("hazards:hazard_act", args=[hazard.pk, "recheck_pass"]),
        {"version": hazard.version, "note": ""},
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.state == State.CLOSED and hazard.rechecked_by == cast.wang_worker


def test_a_worker_may_not_recheck_a_larger_hazard_in_the_page(cast, categories, photo, client_for):
    hazard = _rectified(cast, categories, photo, severity="larger")
    client = client_for(cast.wang_worker)
    page = _text(client.get(reverse("hazards:hazard", args=[hazard.pk])))
    assert 'id="recheck-form"' not in page
    response = client.post(
        reverse("hazards:hazard_act", args=[hazard.pk, "recheck_pass"]),
        {"version": hazard.version, "note": ""},
    )
    assert response.status_code == 403
    assert "较大隐患须由" in _text(response) and "您无权复查" in _text(response)
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFIED and hazard.rechecked_by is None


def test_a_worker_may_not_recheck_a_larger_hazard_in_the_api(cast, categories, photo, token_for):
    hazard = _rectified(cast, categories, photo, severity="larger")
    wang = Client(headers={"Authorization": f"Bearer {token_for(cast.wang_worker)}"})
    detail = wang.get(f"/api/hazards/{hazard.pk}").json()
    assert "recheck" not in detail["actions"]
    response = wang.post(
        f"/api/hazards/{hazard.pk}/recheck",
        json.dumps({"version": hazard.version, "passed": True}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "较大隐患须由" in response.json()["detail"]
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFIED


def test_larger_hazards_are_rechecked_by_the_safety_officer_or_the_department(
    cast, categories, photo, officer, electrical, token_for
):
    first = _rectified(cast, categories, photo, severity="larger")
    second = _rectified(cast, categories, photo, severity="larger")
    for person in (officer, cast.zhou_head, cast.wu_leader):
        assert Actor.CHECKER in actor_kinds(person, first), person.name
    services.hazard_recheck(hazard_id=first.pk, version=first.version, actor=officer, passed=True)
    client = Client(headers={"Authorization": f"Bearer {token_for(cast.zhou_head)}"})
    response = client.post(
        f"/api/hazards/{second.pk}/recheck",
        json.dumps({"version": second.version, "passed": True}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "closed"
    # The rectifier told whom to ask: the officer and the department heard of it.
    assert Notification.objects.filter(recipient=officer, title__contains="请复查验收").exists()
    assert not Notification.objects.filter(
        recipient=cast.wang_worker, title__contains="请复查验收"
    ).exists()


def test_a_major_hazard_is_rechecked_by_leadership_only(
    cast, categories, photo, officer, electrical
):
    hazard = _rectified(cast, categories, photo, severity="major")
    for person in (cast.wang_worker, officer, cast.zhou_head):
        assert Actor.CHECKER not in actor_kinds(person, hazard), person.name
        with pytest.raises(PermissionDenied, match="重大隐患须由矿领导复查验收"):
            services.hazard_recheck(
                hazard_id=hazard.pk, version=hazard.version, actor=person, passed=True
            )
    services.hazard_recheck(
        hazard_id=hazard.pk, version=hazard.version, actor=cast.wu_leader, passed=True
    )
    assert Hazard.objects.get(pk=hazard.pk).state == State.CLOSED


def test_the_levels_come_from_the_setting(cast, categories, photo, settings):
    settings.HAZARD_RECHECK_ROLES = {**settings.HAZARD_RECHECK_ROLES, "larger": ["reporter"]}
    hazard = _rectified(cast, categories, photo, severity="larger")
    assert Actor.CHECKER in actor_kinds(cast.wang_worker, hazard)
    assert Actor.CHECKER not in actor_kinds(cast.wu_leader, hazard)
    services.hazard_recheck(
        hazard_id=hazard.pk, version=hazard.version, actor=cast.wang_worker, passed=True
    )


def test_the_rectifier_never_rechecks_even_as_leadership(cast, categories, photo):
    hazard = _report(cast, categories, severity="larger", responsible=cast.wu_leader)
    hazard = services.hazard_rectify(
        hazard_id=hazard.pk,
        version=hazard.version,
        actor=cast.wu_leader,
        note="已处理",
        photos=[photo("fixed.jpg")],
    )
    with pytest.raises(PermissionDenied, match="整改人不能复查自己整改的隐患"):
        services.hazard_recheck(
            hazard_id=hazard.pk, version=hazard.version, actor=cast.wu_leader, passed=True
        )


# --- "待我复查": the count and the list -------------------------------------------------


def test_waiting_for_my_recheck_counts_what_i_may_recheck(
    cast, categories, photo, officer, client_for
):
    general = _rectified(cast, categories, photo)
    larger = _rectified(cast, categories, photo, severity="larger")
    assert set(my_hazards(cast.wang_worker, "recheck")) == {general}
    assert set(my_hazards(officer, "recheck")) == {general, larger}
    # The home page's count and the list it links to say the same.
    for person, count in ((cast.wang_worker, 1), (officer, 2)):
        client = client_for(person)
        home = _text(client.get(reverse("core:home")))
        assert f"{count} 条待我复查" in home, person.name
        listed = _text(client.get(reverse("hazards:today") + "?waiting=recheck"))
        assert (reverse("hazards:hazard", args=[larger.pk]) in listed) == (person == officer)
        assert reverse("hazards:hazard", args=[general.pk]) in listed


def test_the_hazard_page_of_a_department_head_costs_the_same_queries(
    cast, categories, electrical, client_for
):
    client = client_for(cast.zhou_head)
    first = _report(cast, categories)
    client.get(reverse("hazards:hazard", args=[first.pk]))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("hazards:hazard", args=[first.pk]))
    for _ in range(5):
        _report(cast, categories)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("hazards:hazard", args=[first.pk]))
    assert len(many) == len(one)
