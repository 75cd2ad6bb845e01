"""The demo generator: a small mine, its trees, its people, and the eight demo sign-ins."""

from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tongxin.people import selectors
from tongxin.people.demo import build
from tongxin.people.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from tongxin.people.models import (
    PARTY_STATUSES,
    Certificate,
    Organisation,
    OrgKind,
    Person,
    Role,
    RoleAssignment,
    Tree,
)

pytestmark = pytest.mark.django_db

SMALL = 400
SKILLED = ("intermediate", "senior", "technician", "senior_technician")


def seed(*args) -> str:
    """The people part of the demo; worker voice has its own test (tests/voice/test_demo.py)."""
    out = StringIO()
    call_command("seed_demo", "--people", str(SMALL), "--people-only", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def output():
    return seed()


def org(name, kind):
    return Organisation.objects.get(name=name, kind=kind)


def parent(node):
    return Organisation.objects.get_parent(node)


def test_one_mine_with_its_three_trees(output):
    mine = Organisation.objects.get(kind=OrgKind.MINE)
    assert Person.objects.count() == SMALL
    assert Organisation.objects.find_problems() == ([], [], [], [], [])
    districts = Organisation.objects.filter(kind=OrgKind.DISTRICT)
    departments = Organisation.objects.filter(kind=OrgKind.DEPARTMENT)
    assert districts.count() == 30 and departments.count() == 10
    district_names = set(districts.values_list("name", flat=True))
    assert {"综采一队", "掘进二队", "通风区", "运输一队"} <= district_names
    assert {"机电科", "供应部", "安监处"} <= set(departments.values_list("name", flat=True))
    for district in districts:
        crews = Organisation.objects.get_children(district).filter(kind=OrgKind.CREW)
        assert 3 <= crews.count() <= 6

    committee = Organisation.objects.get(kind=OrgKind.PARTY_COMMITTEE, unit=mine)
    branches = Organisation.objects.filter(kind=OrgKind.BRANCH)
    assert branches.count() == 40
    for branch in branches.select_related("unit"):
        assert branch.name == f"{branch.unit.name}党支部"
        assert parent(branch.unit) == mine
        assert branch.path.startswith(committee.path)
        groups = Organisation.objects.get_children(branch)
        assert 2 <= groups.count() <= 4
        for group in groups.select_related("unit"):
            assert group.kind == OrgKind.PARTY_GROUP
            # On a crew of the branch's district, or on the department itself.
            assert group.unit.path.startswith(branch.unit.path)
    assert Organisation.objects.filter(kind=OrgKind.GENERAL_BRANCH).count() >= 3

    union = Organisation.objects.get(kind=OrgKind.UNION, unit=mine)
    sub_unions = Organisation.objects.filter(kind=OrgKind.SUB_UNION).select_related("unit")
    assert sorted(s.unit.name for s in sub_unions) == sorted(
        [*districts.values_list("name", flat=True), *departments.values_list("name", flat=True)]
    )
    assert all(s.path.startswith(union.path) for s in sub_unions)
    crews = Organisation.objects.filter(kind=OrgKind.CREW)
    union_groups = Organisation.objects.filter(kind=OrgKind.UNION_GROUP)
    assert sorted(union_groups.values_list("unit_id", flat=True)) == sorted(
        crews.values_list("pk", flat=True)
    )


def test_people_belong_where_they_work(output):
    people = Person.objects.select_related("unit", "party_org", "union_org")
    for person in people:
        assert person.unit is not None
        assert person.name_initials and person.name_pinyin
        assert len(person.phone) == 11 and person.phone[0] == "1" and person.phone[1] in "3456789"
        if person.political_status in PARTY_STATUSES:
            assert person.party_org.tree == Tree.PARTY
            assert person.unit.path.startswith(person.party_org.unit.path[:12])
        else:
            assert person.party_org is None
        if person.union_member:
            assert person.union_org.tree == Tree.UNION
        if person.unit.kind == OrgKind.CREW and person.political_status in PARTY_STATUSES:
            assert person.party_org.kind == OrgKind.PARTY_GROUP
            assert parent(person.party_org).unit == parent(person.unit)
        if person.unit.kind == OrgKind.CREW and person.union_member:
            assert person.union_org.kind == OrgKind.UNION_GROUP
            assert person.union_org.unit == person.unit
    # A small mine has as many offices as a large one, so more of its people are members.
    assert Person.objects.filter(political_status__in=PARTY_STATUSES).count() > 0.2 * SMALL
    skilled = Person.objects.filter(skill_grade__in=SKILLED).count()
    assert skilled == round((SMALL - 1) * 0.735)  # 2,940 of 4,000; the group admin is not graded
    assert Person.objects.filter(union_member=True).count() > 0.9 * SMALL
    assert Certificate.objects.exists()


def test_every_office_is_held(output):
    def holders(role, kind):
        return set(
            RoleAssignment.objects.filter(role=role, organisation__kind=kind).values_list(
                "organisation", flat=True
            )
        )

    assert holders(Role.BRANCH_SECRETARY, OrgKind.BRANCH) == set(
        Organisation.objects.filter(kind=OrgKind.BRANCH).values_list("pk", flat=True)
    )
    assert holders(Role.UNION_CHAIR, OrgKind.SUB_UNION) == set(
        Organisation.objects.filter(kind=OrgKind.SUB_UNION).values_list("pk", flat=True)
    )
    assert holders(Role.DEPARTMENT_HEAD, OrgKind.DEPARTMENT) == set(
        Organisation.objects.filter(kind=OrgKind.DEPARTMENT).values_list("pk", flat=True)
    )
    assert 5 <= RoleAssignment.objects.filter(role=Role.LEADERSHIP).count() <= 7
    assert RoleAssignment.objects.filter(role=Role.DISCIPLINE_INSPECTOR).count() == 2
    admins = RoleAssignment.objects.filter(role=Role.ADMIN).values_list("organisation__kind")
    assert sorted(k for (k,) in admins) == [OrgKind.GROUP, OrgKind.MINE]


def test_the_printed_logins_sign_in_through_the_login_page(output):
    validate_password(DEMO_PASSWORD)
    for login in DEMO_LOGINS:
        assert login.employee_no in output
    assert DEMO_PASSWORD in output
    for login in DEMO_LOGINS:
        client = Client(enforce_csrf_checks=True)
        client.get(reverse("accounts:login"))
        response = client.post(
            reverse("accounts:login"),
            {
                "employee_no": login.employee_no,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            },
        )
        assert response.status_code == 302, login.employee_no
        assert response["Location"] == reverse("core:home")
        person = Person.objects.get(employee_no=login.employee_no)
        assert person.name in client.get(reverse("core:home")).content.decode()
    # Everyone else has no usable password.
    assert not Person.objects.get(employee_no="1100003").has_usable_password()


def test_demo_logins_hold_the_roles_they_are_named_for(output):
    by_key = {
        login.key: Person.objects.select_related("unit").get(employee_no=login.employee_no)
        for login in DEMO_LOGINS
    }
    district = org("综采一队", OrgKind.DISTRICT)
    assert not by_key["worker"].roles.exists()
    assert parent(by_key["worker"].unit) == district
    assert by_key["party_member"].political_status in PARTY_STATUSES
    assert parent(by_key["party_member"].party_org) == org("综采一队党支部", OrgKind.BRANCH)
    expected = {
        "branch_secretary": (Role.BRANCH_SECRETARY, org("综采一队党支部", OrgKind.BRANCH)),
        "union_chair": (Role.UNION_CHAIR, org("综采一队分工会", OrgKind.SUB_UNION)),
        "department_head": (Role.DEPARTMENT_HEAD, org("机电科", OrgKind.DEPARTMENT)),
        "leadership": (Role.LEADERSHIP, Organisation.objects.get(kind=OrgKind.MINE)),
        "discipline_inspector": (
            Role.DISCIPLINE_INSPECTOR,
            Organisation.objects.get(kind=OrgKind.MINE),
        ),
        "admin": (Role.ADMIN, Organisation.objects.get(kind=OrgKind.MINE)),
    }
    for key, (role, organisation) in expected.items():
        assert by_key[key].roles.filter(role=role, organisation=organisation).exists(), key


def test_branch_secretary_of_the_first_longwall_team_sees_that_district_only(output, client):
    secretary = Person.objects.get(employee_no="demo03")
    district = org("综采一队", OrgKind.DISTRICT)
    in_district = Person.objects.filter(unit__path__startswith=district.path)
    visible = selectors.people_visible_to(secretary)
    assert set(visible) == set(in_district)
    assert 0 < visible.count() < SMALL

    client.force_login(secretary)
    body = client.get(reverse("people:list")).content.decode()
    assert f"共 {in_district.count()} 人" in body
    outsider = Person.objects.filter(unit__name="机电科").first()
    assert client.get(reverse("people:detail", args=[outsider.pk])).status_code == 404

    leader = Person.objects.get(employee_no="demo06")
    assert selectors.people_visible_to(leader).count() == SMALL - 1  # all but the group admin


def test_same_seed_same_people_other_seed_other_people(output):
    first = build.digest()
    _empty_the_roll()
    seed()
    assert build.digest() == first
    _empty_the_roll()
    seed("--seed", "7")
    assert build.digest() != first


def test_if_empty_leaves_a_seeded_database_alone_and_still_prints_the_logins(output):
    before = (Person.objects.count(), Organisation.objects.count())
    again = seed("--if-empty")
    assert (Person.objects.count(), Organisation.objects.count()) == before
    assert "跳过" in again and "demo03" in again and DEMO_PASSWORD in again
    with pytest.raises(CommandError):
        seed()


def test_too_few_people_is_refused_with_the_minimum(db):
    with pytest.raises(CommandError, match="至少需要"):
        call_command("seed_demo", "--people", "50", stdout=StringIO())
    assert not Person.objects.exists()


def _empty_the_roll():
    Person.objects.all().delete()
    # Party and union bodies point at units (PROTECT), so they go first.
    Organisation.objects.exclude(tree=Tree.UNIT).delete()
    Organisation.objects.all().delete()


def test_the_demo_administrator_opens_the_admin_and_nobody_else_is_staff(output, client):
    """The README promises demo08 /admin/; Django's admin admits only staff."""
    assert (
        client.post(
            "/accounts/login/", {"employee_no": "demo08", "password": DEMO_PASSWORD}
        ).status_code
        == 302
    )
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/holiday/").status_code == 200
    staff = Person.objects.filter(is_staff=True).values_list("employee_no", flat=True)
    assert list(staff) == ["demo08"]
    # Staff by permissions, not a superuser: on the platform a superuser would hold
    # every role (people.scoping.has_role) and see, say, the inspectors' spot checks.
    assert not Person.objects.filter(is_superuser=True).exists()
    client.force_login(Person.objects.get(employee_no="demo08"))
    assert client.get("/grid/spot/").status_code == 404
