"""The people of a demo mine, planned in memory: who works where, in which post, with what.

Proportions follow what a large mine reports for about 4,000 people: a little over a
quarter are Party members (some probationary), about a tenth Communist Youth League
members, nearly all union members; 2,940 hold an intermediate or higher skill grade and
164 are technicians or senior technicians. Grades are handed out by quota in order of
seniority (with some luck), so the figures hold at any size and old hands rank highest.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tongxin.people.models import PoliticalStatus, Role, SkillGrade

from . import names
from .layout import CREW_WEIGHTS, MinePlan, OrgPlan, UnitPlan

# All dates are counted back from here, not from today, so that a seed gives the same
# people whenever it is run.
REFERENCE_DATE = date(2026, 1, 1)
SERVICE_YEARS = 30

PROBATIONARY_SHARE = 0.06  # of those who join the Party
LEAGUE_MAX_AGE = 28
LEAGUE_SHARE = 0.6  # of the young who are not Party members
UNION_SHARE = 0.975

# Skill grades per person on the roll: 73.5% intermediate or above (2,940 of 4,000),
# 4.1% technicians or senior technicians (164 of 4,000).
# Counted from the top, cumulatively, so that rounding cannot move the headline figures.
GRADE_QUOTAS = (
    (SkillGrade.SENIOR_TECHNICIAN, 0.008),
    (SkillGrade.TECHNICIAN, 0.041),
    (SkillGrade.SENIOR, 0.371),
    (SkillGrade.INTERMEDIATE, 0.735),
    (SkillGrade.JUNIOR, 0.935),
)

# Posts whose holders need a special-operations certificate (特种作业操作证), by category.
SPECIAL_OPERATIONS = {
    "采煤机司机": "煤矿采煤机（掘进机）操作作业",
    "掘进机司机": "煤矿采煤机（掘进机）操作作业",
    "瓦检员": "煤矿瓦斯检查作业",
    "电钳工": "煤矿井下电气作业",
    "维修电工": "煤矿井下电气作业",
    "爆破工": "煤矿井下爆破作业",
    "安全监测工": "煤矿安全监测监控作业",
    "安全员": "煤矿安全检查作业",
    "安全检查员": "煤矿安全检查作业",
    "绞车司机": "煤矿提升机操作作业",
    "主提升机司机": "煤矿提升机操作作业",
    "抽采工": "煤矿瓦斯抽采作业",
    "防突工": "煤矿防突作业",
    "探放水工": "煤矿探放水作业",
}
# Posts that must pass the safety-management examination (主要负责人、安全生产管理人员).
SAFETY_MANAGERS = frozenset({"矿长", "党委书记", "生产副矿长", "机电副矿长", "安全副矿长",
                             "总工程师", "队长", "安监处处长"})  # fmt: skip

# Stored data, not interface text: spelled out rather than taken from the choice labels.
GRADE_CERTIFICATES = {SkillGrade.TECHNICIAN: "技师", SkillGrade.SENIOR_TECHNICIAN: "高级技师"}

LEADERSHIP_ALWAYS = ("党委书记", "矿长")
LEADERSHIP_OPTIONAL = ("生产副矿长", "机电副矿长", "安全副矿长", "总工程师", "工会主席")
INSPECTORS = ("纪委书记", "纪委副书记")
ADMIN_POST = "信息中心管理员"
# A district's first deputy head, who holds its SAFETY_OFFICER role.
SAFETY_DEPUTY_POST = "安全副队长"


@dataclass(frozen=True)
class CertificatePlan:
    name: str
    number: str
    issued_on: date
    valid_until: date | None


@dataclass(eq=False)
class PersonPlan:
    employee_no: str
    name: str
    female: bool
    unit: OrgPlan
    post: str
    birth: date
    hire_date: date
    phone: str
    id_number: str
    political_status: str = PoliticalStatus.MASSES
    party_org: OrgPlan | None = None
    union_member: bool = True
    union_org: OrgPlan | None = None
    skill_grade: str = SkillGrade.NONE
    roles: list[tuple[Role, OrgPlan]] = field(default_factory=list)
    certificates: list[CertificatePlan] = field(default_factory=list)
    login: str = ""  # the demo login this person carries, if any
    # Where in the mine they work, for picking demo logins and for tests.
    home: UnitPlan | None = None
    crew_index: int | None = None
    seniority_bias: float = 0.0

    @property
    def years_of_service(self) -> float:
        return (REFERENCE_DATE - self.hire_date).days / 365.25

    @property
    def age(self) -> int:
        return (REFERENCE_DATE - self.birth).days // 365


def allocate(total: int, weights: list[float], minimums: list[int]) -> list[int]:
    """Split `total` in proportion to `weights`, each part at least its minimum.

    Largest-remainder rounding with ties broken by position, so the split is exact and
    the same every time.
    """
    extra = total - sum(minimums)
    if extra < 0:
        raise ValueError(total)
    whole = sum(weights)
    shares = [extra * w / whole for w in weights]
    parts = [int(s) for s in shares]
    left = extra - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [m + p for m, p in zip(minimums, parts, strict=True)]


def unit_minimums(mine: MinePlan) -> list[int]:
    """A district needs its head, secretary, union chair and a leader for each crew;
    a department its head, secretary and union chair."""
    return [3 if u.is_department else 3 + len(u.crews) for u in mine.units]


def mine_minimum(mine: MinePlan) -> int:
    return (
        len(LEADERSHIP_ALWAYS)
        + len(LEADERSHIP_OPTIONAL)
        + len(INSPECTORS)
        + 1
        + sum(unit_minimums(mine))
    )


class _Roll:
    """Draws people for one mine from its own random stream, numbering them in order."""

    def __init__(self, rng: random.Random, number_prefix: str):
        self.rng = rng
        self.prefix = number_prefix
        self.people: list[PersonPlan] = []

    def person(
        self,
        unit: OrgPlan,
        post: str,
        *,
        party_home: OrgPlan,
        union_home: OrgPlan,
        p_member: float,
        cadre: bool = False,
        female_share: float = 0.0,
        years: tuple[float, float] = (0, SERVICE_YEARS),
        hire_age: tuple[int, int] = (18, 26),
        seniority_bias: float = 0.0,
        home: UnitPlan | None = None,
        crew_index: int | None = None,
    ) -> PersonPlan:
        rng = self.rng
        female = rng.random() < female_share
        hire_date = REFERENCE_DATE - timedelta(days=int(rng.uniform(*years) * 365.25) + 1)
        age_at_hire = rng.randint(*hire_age)
        birth = hire_date - timedelta(days=age_at_hire * 365 + rng.randrange(365))
        person = PersonPlan(
            employee_no=f"{self.prefix}{len(self.people) + 1:05d}",
            name=names.person_name(rng, female),
            female=female,
            unit=unit,
            post=post,
            birth=birth,
            hire_date=hire_date,
            phone=names.phone(rng),
            id_number=names.id_number(rng, birth, female),
            home=home,
            crew_index=crew_index,
            seniority_bias=seniority_bias,
        )
        if cadre or rng.random() < p_member:
            probationary = not cadre and rng.random() < PROBATIONARY_SHARE
            person.political_status = (
                PoliticalStatus.PROBATIONARY if probationary else PoliticalStatus.MEMBER
            )
            person.party_org = party_home
        elif person.age <= LEAGUE_MAX_AGE and rng.random() < LEAGUE_SHARE:
            person.political_status = PoliticalStatus.LEAGUE
        person.union_member = cadre or rng.random() < UNION_SHARE
        person.union_org = union_home if person.union_member else None
        self.people.append(person)
        return person


def people_for_mine(rng: random.Random, mine: MinePlan, headcount: int) -> list[PersonPlan]:
    """Everyone on the roll of one mine, `headcount` in all."""
    if headcount < mine_minimum(mine):
        raise ValueError(mine_minimum(mine))
    roll = _Roll(rng, number_prefix=str(10 + mine.index))
    _mine_office(roll, mine)
    sizes = allocate(
        headcount - len(roll.people), [u.weight for u in mine.units], unit_minimums(mine)
    )
    for unit, size in zip(mine.units, sizes, strict=True):
        if unit.is_department:
            _department(roll, unit, size)
        else:
            _district(roll, unit, size)
    _grade(rng, roll.people)
    for person in roll.people:
        _certify(rng, person)
    return roll.people


def _mine_office(roll: _Roll, mine: MinePlan) -> None:
    """Leadership (5–7), discipline inspectors (2) and the administrator of the mine."""
    rng = roll.rng
    # Five to seven in all: the secretary, the mine manager and three to five deputies.
    optional = rng.sample(LEADERSHIP_OPTIONAL, rng.randint(3, len(LEADERSHIP_OPTIONAL)))
    optional.sort(key=LEADERSHIP_OPTIONAL.index)
    posts = [*LEADERSHIP_ALWAYS, *optional]
    office = {"party_home": mine.committee, "union_home": mine.union, "seniority_bias": -30}
    for post in posts:
        leader = roll.person(
            mine.org, post, p_member=1, cadre=True, years=(15, 30), hire_age=(21, 24), **office
        )
        leader.roles.append((Role.LEADERSHIP, mine.org))
        if post == "工会主席":
            leader.roles.append((Role.UNION_CHAIR, mine.union))
    for post in INSPECTORS:
        inspector = roll.person(
            mine.org, post, p_member=1, cadre=True, years=(12, 30), hire_age=(21, 24), **office
        )
        inspector.roles.append((Role.DISCIPLINE_INSPECTOR, mine.org))
    admin = roll.person(
        mine.org, ADMIN_POST, p_member=0.5, years=(3, 15), hire_age=(21, 24), **office
    )
    admin.roles.append((Role.ADMIN, mine.org))


def _district(roll: _Roll, unit: UnitPlan, size: int) -> None:
    rng = roll.rng
    family = unit.family
    female_share = 0.0 if family.underground else 0.15
    staff = {"home": unit, "party_home": unit.branch, "union_home": unit.sub_union}
    cadre_years = {"years": (8, 30), "hire_age": (18, 24), "seniority_bias": 2}
    roll.person(unit.org, "队长", p_member=1, cadre=True, **cadre_years, **staff)
    secretary = roll.person(unit.org, "党支部书记", p_member=1, cadre=True, **cadre_years, **staff)
    secretary.roles.append((Role.BRANCH_SECRETARY, unit.branch))
    chair = roll.person(unit.org, "分工会主席", p_member=0.7, cadre=False, **cadre_years, **staff)
    chair.union_member, chair.union_org = True, unit.sub_union
    chair.roles.append((Role.UNION_CHAIR, unit.sub_union))
    # Deputies and technicians in proportion to the district, leaving a leader per crew.
    extra = max(0, min(5, round(size * 0.06) - 3, size - 3 - len(unit.crews)))
    safety_officer = None
    for post in ("副队长", "技术员", "副队长", "技术员", "技术员")[:extra]:
        if post == "副队长":
            deputy = roll.person(unit.org, post, p_member=0.7, **cadre_years, **staff)
            if safety_officer is None:
                # The first deputy looks after safety (安全副队长): assigns and re-checks
                # the district's hazards (hazards.access).
                safety_officer = deputy
                deputy.post = SAFETY_DEPUTY_POST
                deputy.roles.append((Role.SAFETY_OFFICER, unit.org))
        else:
            roll.person(
                unit.org, post, p_member=0.35, years=(0, 20), hire_age=(21, 24),
                seniority_bias=-8, female_share=female_share, **staff,
            )  # fmt: skip

    crew_sizes = allocate(
        size - 3 - extra,
        [CREW_WEIGHTS.get(c.name, 1.0) for c in unit.crews],
        [1] * len(unit.crews),
    )
    posts, weights = zip(*family.posts, strict=True)
    for c, (crew, crew_size) in enumerate(zip(unit.crews, crew_sizes, strict=True)):
        crew_home = {
            "home": unit,
            "crew_index": c,
            "party_home": unit.crew_party_group[c],
            "union_home": unit.union_groups[c],
        }
        roll.person(crew, "班长", p_member=0.45, years=(5, 30), seniority_bias=3, **crew_home)
        for _ in range(crew_size - 1):
            post = rng.choices(posts, weights)[0]
            roll.person(crew, post, p_member=0.2, female_share=female_share, **crew_home)


def _department(roll: _Roll, unit: UnitPlan, size: int) -> None:
    rng = roll.rng
    staff = {"home": unit, "union_home": unit.sub_union, "female_share": 0.3}
    office = {"party_home": unit.branch, "years": (8, 30), "hire_age": (21, 25)}
    head = roll.person(unit.org, unit.head_title, p_member=1, cadre=True, **office, **staff)
    head.roles.append((Role.DEPARTMENT_HEAD, unit.org))
    secretary = roll.person(unit.org, "党支部书记", p_member=1, cadre=True, **office, **staff)
    secretary.roles.append((Role.BRANCH_SECRETARY, unit.branch))
    chair = roll.person(unit.org, "分工会主席", p_member=0.7, **office, **staff)
    chair.union_member, chair.union_org = True, unit.sub_union
    chair.roles.append((Role.UNION_CHAIR, unit.sub_union))
    remaining = size - 3
    if size >= 8:
        roll.person(unit.org, f"副{unit.head_title}", p_member=0.8, **office, **staff)
        remaining -= 1
    for _ in range(remaining):
        roll.person(
            unit.org,
            rng.choice(unit.staff_posts),
            party_home=rng.choice(unit.party_groups),
            p_member=0.4,
            hire_age=(21, 25),
            seniority_bias=-10,
            **staff,
        )


def _grade(rng: random.Random, people: list[PersonPlan]) -> None:
    """Hand out skill grades by quota, best first to the most senior (with some luck)."""
    scored = sorted(
        range(len(people)),
        key=lambda i: (
            -(people[i].years_of_service + people[i].seniority_bias + rng.gauss(0, 5)),
            i,
        ),
    )
    start = 0
    for grade, top_share in GRADE_QUOTAS:
        end = round(len(people) * top_share)
        for i in scored[start:end]:
            people[i].skill_grade = grade
        start = end


def _certify(rng: random.Random, person: PersonPlan) -> None:
    category = SPECIAL_OPERATIONS.get(person.post)
    if category:
        issued = REFERENCE_DATE - timedelta(days=rng.randrange(6 * 365))
        person.certificates.append(
            CertificatePlan(
                name=f"特种作业操作证（{category}）",
                number=f"T{rng.randrange(10**11):011d}",
                issued_on=issued,
                valid_until=issued + timedelta(days=6 * 365 + 1),
            )
        )
    if person.post in SAFETY_MANAGERS:
        issued = REFERENCE_DATE - timedelta(days=rng.randrange(3 * 365))
        person.certificates.append(
            CertificatePlan(
                name="安全生产知识和管理能力考核合格证",
                number=f"A{rng.randrange(10**11):011d}",
                issued_on=issued,
                valid_until=issued + timedelta(days=3 * 365 + 1),
            )
        )
    if person.skill_grade in GRADE_CERTIFICATES:
        person.certificates.append(
            CertificatePlan(
                name=f"职业技能等级证书（{GRADE_CERTIFICATES[person.skill_grade]}）",
                number=f"S{rng.randrange(10**11):011d}",
                issued_on=REFERENCE_DATE - timedelta(days=rng.randrange(10 * 365)),
                valid_until=None,
            )
        )
