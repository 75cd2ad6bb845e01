"""The organisation trees of the demo group, planned in memory before anything is written.

    青岚能源集团 → 公司 (up to five mines each) → 矿 → 30 区队 + 10 科室 → 3–6 班组 per 区队
    集团党委 → 公司党委 → 矿党委 → 党总支 (districts by system) → 党支部 (one per 区队/科室)
                                 → 党支部 (科室, directly under the committee) → 2–4 党小组
    集团工会 → 公司工会 → 矿工会 → 分工会 (one per 区队/科室) → 工会小组 (one per 班组)

Party and union bodies hang on the unit they belong to: a branch on its district, a Party
group on the crew it is drawn from, a sub-union on its district. A general branch hangs on
the mine, because no single district is its home.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tongxin.people.models import OrgKind

from . import names

MINES_PER_COMPANY = 5


@dataclass(eq=False)
class OrgPlan:
    """One organisation to be written; `obj` is the saved row once build.py has written it."""

    name: str
    kind: OrgKind
    unit: OrgPlan | None = None
    children: list[OrgPlan] = field(default_factory=list)
    path: str = ""
    obj: object = None

    def add(self, name: str, kind: OrgKind, unit: OrgPlan | None = None) -> OrgPlan:
        child = OrgPlan(name, kind, unit)
        self.children.append(child)
        return child

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Family:
    """What kind of work a district does: its crews, the posts in them, their certificates."""

    crews: tuple[str, ...]
    # (post, weight) for crew members other than the crew leader.
    posts: tuple[tuple[str, int], ...]
    general_branch: str
    underground: bool = True


FAMILIES = {
    "longwall": Family(
        crews=("一班", "二班", "三班", "检修班", "运料班", "电工班"),
        posts=(("采煤机司机", 3), ("支架工", 8), ("输送机司机", 3), ("转载机司机", 2),
               ("泵站工", 2), ("电钳工", 4), ("验收员", 1), ("安全员", 1)),
        general_branch="采掘党总支",
    ),
    "heading": Family(
        crews=("一班", "二班", "三班", "检修班", "准备班"),
        posts=(("掘进机司机", 3), ("锚杆支护工", 6), ("掘进工", 5), ("电钳工", 3),
               ("皮带司机", 2), ("安全员", 1)),
        general_branch="采掘党总支",
    ),
    "development": Family(
        crews=("一班", "二班", "三班", "检修班"),
        posts=(("爆破工", 2), ("锚喷工", 5), ("掘进工", 6), ("电钳工", 2), ("安全员", 1)),
        general_branch="采掘党总支",
    ),
    "installation": Family(
        crews=("一班", "二班", "三班", "检修班", "起重班"),
        posts=(("安装工", 6), ("起重工", 2), ("支护工", 4), ("电钳工", 3), ("安全员", 1)),
        general_branch="采掘党总支",
    ),
    "ventilation": Family(
        crews=("测风班", "瓦检班", "通风设施班", "监测监控班", "防尘班", "调度班"),
        posts=(("通风工", 5), ("瓦检员", 5), ("测风工", 2), ("安全监测工", 3), ("防尘工", 2)),
        general_branch="通防党总支",
    ),
    "gas": Family(
        crews=("一班", "二班", "三班", "施工班"),
        posts=(("抽采工", 5), ("防突工", 3), ("探放水工", 3), ("钻机工", 4), ("瓦检员", 1)),
        general_branch="通防党总支",
    ),
    "transport": Family(
        crews=("一班", "二班", "三班", "检修班", "信号班"),
        posts=(("皮带司机", 6), ("绞车司机", 4), ("电机车司机", 3), ("信号工", 2), ("把钩工", 2),
               ("电钳工", 3)),
        general_branch="机运党总支",
    ),
    "electromech": Family(
        crews=("运行一班", "运行二班", "运行三班", "检修班", "值班班"),
        posts=(("电钳工", 5), ("维修电工", 4), ("主提升机司机", 2), ("绞车司机", 2),
               ("水泵工", 2), ("变电所值班员", 2)),
        general_branch="机运党总支",
    ),
    "surface": Family(
        crews=("甲班", "乙班", "丙班", "维修班", "装车班", "化验班"),
        posts=(("洗选工", 5), ("浮选工", 2), ("压滤工", 2), ("装车工", 3), ("化验工", 1),
               ("维修电工", 2), ("叉车司机", 1)),
        general_branch="地面党总支",
        underground=False,
    ),
}  # fmt: skip

# (name, family, relative headcount). Thirty districts, as a large mine has.
DISTRICTS = (
    ("综采一队", "longwall", 1.9), ("综采二队", "longwall", 1.9), ("综采三队", "longwall", 1.7),
    ("掘进一队", "heading", 1.45), ("掘进二队", "heading", 1.45), ("掘进三队", "heading", 1.4),
    ("掘进四队", "heading", 1.3), ("开拓一队", "development", 1.2),
    ("开拓二队", "development", 1.1), ("准备一队", "installation", 0.9),
    ("准备二队", "installation", 0.9), ("安装队", "installation", 0.9),
    ("巷修队", "installation", 0.8), ("通风区", "ventilation", 1.4),
    ("抽采队", "gas", 0.9), ("防突队", "gas", 0.7), ("探放水队", "gas", 0.6),
    ("监测监控队", "ventilation", 0.6), ("运输一队", "transport", 1.1),
    ("运输二队", "transport", 1.0), ("机运队", "electromech", 1.0),
    ("机电队", "electromech", 0.9), ("供电队", "electromech", 0.7),
    ("排水队", "electromech", 0.6), ("提升队", "electromech", 0.7),
    ("洗选厂", "surface", 1.6), ("地面运输队", "surface", 0.7), ("装车站", "surface", 0.6),
    ("维修厂", "surface", 0.8), ("后勤服务队", "surface", 0.7),
)  # fmt: skip

# (name, relative headcount, staff posts). The head's title follows the suffix (科长, 部长 …).
DEPARTMENTS = (
    ("机电科", 0.3, ("机电技术员", "工程师", "科员")),
    ("供应部", 0.35, ("材料员", "保管员", "采购员", "科员")),
    ("生产技术部", 0.35, ("技术员", "工程师", "科员")),
    ("安监处", 0.4, ("安全检查员", "安全员", "科员")),
    ("调度室", 0.3, ("调度员", "技术员")),
    ("通防科", 0.25, ("通风技术员", "工程师", "科员")),
    ("地测科", 0.25, ("测量工", "地质技术员", "科员")),
    ("财务科", 0.2, ("会计", "出纳", "科员")),
    ("人力资源部", 0.2, ("科员", "培训员", "薪酬专员")),
    ("党群工作部", 0.2, ("干事", "宣传干事", "组织干事")),
)
HEAD_TITLES = {"科": "科长", "部": "部长", "处": "处长", "室": "主任"}
CREW_WEIGHTS = {"检修班": 0.7, "运料班": 0.6, "电工班": 0.6, "起重班": 0.6, "值班班": 0.6}
PARTY_GROUP_NAMES = ("第一党小组", "第二党小组", "第三党小组", "第四党小组")


@dataclass(eq=False)
class UnitPlan:
    """A district or department with the Party and union bodies that hang on it."""

    org: OrgPlan
    weight: float
    family: Family | None  # None for a department
    staff_posts: tuple[str, ...] = ()
    crews: list[OrgPlan] = field(default_factory=list)
    branch: OrgPlan | None = None
    party_groups: list[OrgPlan] = field(default_factory=list)
    crew_party_group: dict[int, OrgPlan] = field(default_factory=dict)  # crew index → group
    sub_union: OrgPlan | None = None
    union_groups: list[OrgPlan] = field(default_factory=list)  # one per crew, same order

    @property
    def is_department(self) -> bool:
        return self.family is None

    @property
    def head_title(self) -> str:
        return HEAD_TITLES.get(self.org.name[-1], "负责人") if self.is_department else "队长"


@dataclass(eq=False)
class MinePlan:
    index: int  # 1-based, also the 工号 prefix (10 + index)
    org: OrgPlan
    committee: OrgPlan
    union: OrgPlan
    units: list[UnitPlan]

    def unit(self, name: str) -> UnitPlan:
        return next(u for u in self.units if u.org.name == name)


@dataclass(eq=False)
class GroupPlan:
    group: OrgPlan
    party: OrgPlan
    union: OrgPlan
    mines: list[MinePlan]

    @property
    def roots(self) -> list[OrgPlan]:
        return [self.group, self.party, self.union]


def plan_group(seed: int, mine_count: int) -> GroupPlan:
    """The group's three trees. Each mine draws from its own random stream, so mine 3 is
    the same mine whether the group has five mines or fifty."""
    group = OrgPlan(names.GROUP_NAME, OrgKind.GROUP)
    group_party = OrgPlan(f"{names.GROUP_NAME}党委", OrgKind.PARTY_COMMITTEE, unit=group)
    group_union = OrgPlan(f"{names.GROUP_NAME}工会", OrgKind.UNION, unit=group)
    mine_names = names.mine_names(random.Random(f"{seed}:mine-names"), mine_count)
    mines: list[MinePlan] = []
    company = company_party = company_union = None
    for i, mine_name in enumerate(mine_names):
        if i % MINES_PER_COMPANY == 0:
            company = group.add(names.company_name(i // MINES_PER_COMPANY), OrgKind.COMPANY)
            company_party = group_party.add(
                f"{company.name}党委", OrgKind.PARTY_COMMITTEE, unit=company
            )
            company_union = group_union.add(f"{company.name}工会", OrgKind.UNION, unit=company)
        rng = random.Random(f"{seed}:layout:{i + 1}")
        mines.append(plan_mine(rng, i + 1, mine_name, company, company_party, company_union))
    return GroupPlan(group, group_party, group_union, mines)


def plan_mine(
    rng: random.Random,
    index: int,
    name: str,
    company: OrgPlan,
    company_party: OrgPlan,
    company_union: OrgPlan,
) -> MinePlan:
    mine = company.add(name, OrgKind.MINE)
    committee = company_party.add(f"{name}党委", OrgKind.PARTY_COMMITTEE, unit=mine)
    union = company_union.add(f"{name}工会", OrgKind.UNION, unit=mine)
    general_branches: dict[str, OrgPlan] = {}
    units: list[UnitPlan] = []

    for unit_name, family_key, weight in DISTRICTS:
        family = FAMILIES[family_key]
        org = mine.add(unit_name, OrgKind.DISTRICT)
        plan = UnitPlan(org=org, weight=weight, family=family)
        crew_count = rng.randint(3, min(6, len(family.crews)))
        plan.crews = [org.add(crew, OrgKind.CREW) for crew in family.crews[:crew_count]]
        if family.general_branch not in general_branches:
            general_branches[family.general_branch] = committee.add(
                family.general_branch, OrgKind.GENERAL_BRANCH, unit=mine
            )
        parent = general_branches[family.general_branch]
        plan.branch = parent.add(f"{unit_name}党支部", OrgKind.BRANCH, unit=org)
        # Each Party group draws on one or more crews and hangs on the first of them.
        group_count = rng.randint(2, min(4, crew_count))
        for g in range(group_count):
            plan.party_groups.append(
                plan.branch.add(PARTY_GROUP_NAMES[g], OrgKind.PARTY_GROUP, unit=plan.crews[g])
            )
        plan.crew_party_group = {c: plan.party_groups[c % group_count] for c in range(crew_count)}
        plan.sub_union = union.add(f"{unit_name}分工会", OrgKind.SUB_UNION, unit=org)
        plan.union_groups = [
            plan.sub_union.add(f"{crew.name}工会小组", OrgKind.UNION_GROUP, unit=crew)
            for crew in plan.crews
        ]
        units.append(plan)

    for unit_name, weight, staff_posts in DEPARTMENTS:
        org = mine.add(unit_name, OrgKind.DEPARTMENT)
        plan = UnitPlan(org=org, weight=weight, family=None, staff_posts=staff_posts)
        # Department branches answer to the committee directly (机关支部).
        plan.branch = committee.add(f"{unit_name}党支部", OrgKind.BRANCH, unit=org)
        plan.party_groups = [
            plan.branch.add(PARTY_GROUP_NAMES[g], OrgKind.PARTY_GROUP, unit=org) for g in range(2)
        ]
        plan.sub_union = union.add(f"{unit_name}分工会", OrgKind.SUB_UNION, unit=org)
        units.append(plan)

    return MinePlan(index=index, org=mine, committee=committee, union=union, units=units)
