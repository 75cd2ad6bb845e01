"""The demo sign-ins: one person per role in the first mine, with easy 工号.

They are real people of the generated roll (the secretary of 综采一队党支部 really is
that branch's secretary); only their 工号 is replaced by demo01 … demo10. All share one
demo password, hashed once by build.py. demo10 is 综采一队's 安全副队长 (SAFETY_OFFICER),
who assigns and re-checks the district's hazards. demo09 is a member of 党群工作部's staff whose
post becomes 心理咨询师; the care demo makes them the mine's counsellor (a
care.Counsellor row, which is what lets a person offer counselling slots).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.people.models import Organisation, Person, PoliticalStatus, Role

from .layout import MinePlan
from .population import SAFETY_DEPUTY_POST, PersonPlan

# Meets the password rules: 12 characters, upper, lower, digit and symbol.
DEMO_PASSWORD = "Tongxin@2026"  # noqa: S105 (published demo password, like the logins)

DEMO_DISTRICT = "综采一队"
DEMO_DEPARTMENT = "机电科"
# Where the counsellor works, in order of preference (any department will do).
COUNSELLOR_DEPARTMENTS = ("党群工作部", "人力资源部")
COUNSELLOR_POST = "心理咨询师"


@dataclass(frozen=True)
class DemoLogin:
    key: str
    employee_no: str
    label: str


ADMIN_LOGIN = "admin"  # the key of the login that is also staff in Django's admin

DEMO_LOGINS = (
    DemoLogin("worker", "demo01", gettext_lazy("职工")),
    DemoLogin("party_member", "demo02", gettext_lazy("党员")),
    DemoLogin("branch_secretary", "demo03", gettext_lazy("党支部书记")),
    DemoLogin("union_chair", "demo04", gettext_lazy("分工会主席")),
    DemoLogin("department_head", "demo05", gettext_lazy("部门负责人")),
    DemoLogin("leadership", "demo06", gettext_lazy("班子成员")),
    DemoLogin("discipline_inspector", "demo07", gettext_lazy("纪检监察")),
    DemoLogin(ADMIN_LOGIN, "demo08", gettext_lazy("系统管理员")),
    DemoLogin("counsellor", "demo09", gettext_lazy("心理咨询师")),
    DemoLogin("safety_officer", "demo10", gettext_lazy("安全副队长")),
)


def assign(mine: MinePlan, people: list[PersonPlan]) -> None:
    """Choose the demo people in the first mine and give them their demo 工号."""
    district = mine.unit(DEMO_DISTRICT)
    department = mine.unit(DEMO_DEPARTMENT)

    def holder(role: Role, org) -> PersonPlan:
        return next(p for p in people if (role, org) in p.roles)

    def crew_member(crew_index: int, taken: set) -> PersonPlan:
        # An ordinary crew member if the crew has one, else anyone in the district's crews.
        in_district = [p for p in people if p.home is district and p.crew_index is not None]
        for candidates in (
            [p for p in in_district if p.crew_index == crew_index and p.post != "班长"],
            [p for p in in_district if p.post != "班长"],
            in_district,
        ):
            free = [p for p in candidates if p not in taken]
            if free:
                return free[0]
        raise LookupError(DEMO_DISTRICT)

    worker = crew_member(0, set())
    worker.political_status, worker.party_org = PoliticalStatus.MASSES, None
    member = crew_member(1, {worker})
    member.political_status = PoliticalStatus.MEMBER
    member.party_org = district.crew_party_group[member.crew_index]
    chosen = {
        "worker": worker,
        "party_member": member,
        "branch_secretary": holder(Role.BRANCH_SECRETARY, district.branch),
        "union_chair": holder(Role.UNION_CHAIR, district.sub_union),
        "department_head": holder(Role.DEPARTMENT_HEAD, department.org),
        "leadership": next(p for p in people if p.post == "矿长"),
        "discipline_inspector": holder(Role.DISCIPLINE_INSPECTOR, mine.org),
        "admin": holder(Role.ADMIN, mine.org),
    }
    chosen["safety_officer"] = _safety_officer(district, people, set(chosen.values()))
    chosen["counsellor"] = _counsellor(mine, people, set(chosen.values()))
    for login in DEMO_LOGINS:
        person = chosen[login.key]
        person.login = login.key
        person.employee_no = login.employee_no
        person.union_member, person.union_org = True, person.union_org or _union_home(person)


def _safety_officer(district, people: list[PersonPlan], taken: set) -> PersonPlan:
    """The district's safety officer; in a roll too small for deputies, someone of its
    office or crews without one, who becomes its 安全副队长."""
    holders = [p for p in people if (Role.SAFETY_OFFICER, district.org) in p.roles]
    if holders:
        return holders[0]
    staff = [p for p in people if p.home is district and not p.roles and p not in taken]
    office = [p for p in staff if p.unit is district.org and p.post != "队长"]
    for person in office or staff:
        person.post = SAFETY_DEPUTY_POST
        person.roles.append((Role.SAFETY_OFFICER, district.org))
        return person
    raise LookupError(SAFETY_DEPUTY_POST)


def _counsellor(mine: MinePlan, people: list[PersonPlan], taken: set) -> PersonPlan:
    """A department's staff member with no office, who becomes the mine's counsellor."""
    order = [u for name in COUNSELLOR_DEPARTMENTS for u in mine.units if u.org.name == name]
    order += [u for u in mine.units if u.is_department and u not in order]
    for unit in order:
        for person in people:
            if person.home is unit and person.unit is unit.org and not person.roles:
                if person not in taken and not person.post.endswith(unit.head_title):
                    person.post = COUNSELLOR_POST
                    return person
    raise LookupError(COUNSELLOR_POST)


def _union_home(person: PersonPlan):
    home = person.home
    if home is None:
        return None
    if person.crew_index is not None:
        return home.union_groups[person.crew_index]
    return home.sub_union


def login_rows() -> list[tuple[str, str, str, str, str]]:
    """(role, 工号, 姓名, 单位, password) for each demo login present in the database."""
    people = {
        p.employee_no: p
        for p in Person.objects.filter(
            employee_no__in=[login.employee_no for login in DEMO_LOGINS]
        ).select_related("unit")
    }
    rows = []
    for login in DEMO_LOGINS:
        person = people.get(login.employee_no)
        if person is not None:
            rows.append(
                (str(login.label), person.employee_no, person.name, _unit_label(person.unit),
                 DEMO_PASSWORD)
            )  # fmt: skip
    return rows


def _unit_label(unit: Organisation | None) -> str:
    """The unit from the mine down (鹿鸣峪矿 综采一队 一班)."""
    if unit is None:
        return "—"
    chain = [*Organisation.objects.get_ancestors(unit), unit]
    mine_depth = next((i for i, org in enumerate(chain) if org.kind == "mine"), 0)
    return " ".join(org.name for org in chain[mine_depth:])


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(rows: list[tuple[str, ...]]) -> str:
    """A plain-text table whose columns line up in a terminal, Chinese characters included."""
    header = (_("角色"), _("工号"), _("姓名"), _("单位"), _("密码"))
    table = [header, *rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]

    def line(row):
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])
