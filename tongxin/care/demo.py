"""Care demo data for the demo mine (SPEC §5), called by `manage.py seed_demo`.

In the first mine (the one demo01 works in), driven through the care services by the
mine's own union officers:

- the year's needs survey (职工需求调查) over the mine, with needs collected in it by
  the sub-unions' chairs, by grid members for the workers they cover and by workers
  themselves, and needs collected on the spot outside it; most turned into service
  items with an owner and a deadline (some done with their result, some open, a few
  overdue), a couple declined with the reason, the newest still waiting;
- about thirty hardship files (困难职工档案): levels, causes, family situations, a few
  retired workers (inactive people on the roll, 退休职工) among them, yearly reviews
  (one level changed, one file closed: 脱困销档), a few reviews due within the next two
  weeks; and assistance over this year and last: 送温暖 before the Spring Festival,
  金秋助学 in August, 医疗救助, 生活救助 and 慰问金, so that the totals per year and
  unit mean something;
- the mine's counsellor (demo09, 心理咨询师 in 党群工作部): free slots over the next two
  weeks, some booked by workers, and a past session with the counsellor's note.

What the sign-ins find: demo04 (综采一队's union chair) service items he owns (one
overdue), the district's needs and hardship files, one with its review due within two
weeks; demo01 the counsellor's free slots to book; demo09 the week's bookings and the
note of a past session; demo06 the totals of the mine.

Dates: the services stamp "now" and check that deadlines and slots lie ahead. As in
the other demos, timestamps are moved back afterwards with queryset .update() (demo
data only): an item's created_at and deadline, the survey's and an assistance record's
created_at, a past slot's times, a booking's booked_at, a note's written_at. Needs,
reviews, assistance and item completions take their (past) dates through the
services. The audit log keeps the real time of seeding.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import transaction
from django.utils import timezone

from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment, Tree
from tongxin.people.selectors import mine_of

from .models import (
    Assistance,
    AssistanceKind,
    AssistanceSource,
    Booking,
    CounsellingNote,
    CounsellingSlot,
    Counsellor,
    HardshipCause,
    HardshipFile,
    HardshipLevel,
    Need,
    NeedCategory,
    NeedSurvey,
    ReviewOutcome,
    ServiceItem,
)
from .services import counselling, hardship, items, needs
from .services.base import year_after
from .services.counselling import SlotSpec

DEMO_DISTRICT = "综采一队"
RETIRED_SUFFIX = "T"  # 工号 of the retired workers added to the roll: <prefix>T001 …

# --- what workers ask for (invented) ----------------------------------------------------------
# (category, the need as said, the service item's title, the result when done)
NEEDS = [
    (NeedCategory.LIVING, "单身宿舍三楼热水器经常不出热水，下夜班回来洗不上澡",
     "维修更换单身宿舍三楼热水器", "已更换两台热水器，后勤每周巡检一次"),
    (NeedCategory.LIVING, "希望井口候车室增设微波炉，夜班可以热饭",
     "井口候车室增设微波炉", "已在候车室安装微波炉两台、饮水机一台"),
    (NeedCategory.LIVING, "夜班班中餐送到工作面经常是凉的，希望改用保温桶",
     "班中餐改用保温餐桶", "已配发保温餐桶二十个，送餐时间提前半小时"),
    (NeedCategory.LIVING, "澡堂更衣柜锁坏了好几个，衣物不安全",
     "维修澡堂更衣柜锁具", "已更换损坏锁具三十余把"),
    (NeedCategory.MEDICAL, "父亲脑梗住院，医药费负担重，希望申请医疗救助",
     "协助申请职工医疗互助金", "已协助提交医疗互助申请，首批救助金已发放"),
    (NeedCategory.MEDICAL, "希望组织一线职工做一次尘肺病和听力筛查",
     "组织一线职工职业健康筛查", "已联系职防院，分三批完成筛查"),
    (NeedCategory.MEDICAL, "腰椎间盘突出多年，想了解工伤康复和理疗的政策",
     "讲解工伤康复政策并联系理疗", "已讲解政策，联系矿医院每周两次理疗"),
    (NeedCategory.EDUCATION, "孩子今年考上大学，学费有困难，想申请金秋助学",
     "申报金秋助学", "已纳入金秋助学名单，助学金已发放"),
    (NeedCategory.EDUCATION, "暑假孩子没人看，希望工会办职工子女托管班",
     "开办暑期职工子女托管班", "托管班已开班，报名四十二人"),
    (NeedCategory.EDUCATION, "孩子明年上初中，想了解矿区学校的入学政策",
     "解答矿区学校入学政策", "已联系矿区学校，当面解答入学条件"),
    (NeedCategory.HOUSING, "早班通勤车发车太早，到井口要等一个多小时",
     "调整早班通勤车发车时间", "早班车推迟二十分钟发车，已公示新时刻表"),
    (NeedCategory.HOUSING, "家住县城西区，希望增开一趟经过西区的通勤车",
     "研究增开县城西区通勤线路", "已增开西区线路，每日早晚各一班"),
    (NeedCategory.HOUSING, "刚结婚，想申请矿区周转房",
     "协助申请矿区周转房", "已登记周转房申请，排在第三批"),
    (NeedCategory.MENTAL, "最近家里事多，睡眠不好，想找心理咨询师聊聊",
     "安排心理咨询", "已安排心理咨询师面谈"),
    (NeedCategory.MENTAL, "班组新来的几个年轻人压力大，希望开展心理健康讲座",
     "开展心理健康讲座", "已在区队学习室开展讲座一次"),
    (NeedCategory.LEGAL, "老家房屋拆迁补偿有纠纷，想咨询律师",
     "联系法律援助律师", "已联系法律援助律师提供咨询"),
    (NeedCategory.LEGAL, "借给亲戚的钱要不回来，想了解怎么起诉",
     "提供法律咨询", "律师已当面解答起诉程序"),
    (NeedCategory.SKILL, "想参加电工技师培训，希望给一个名额",
     "推荐参加电工技师培训", "已推荐参加矿技师培训班"),
    (NeedCategory.SKILL, "采煤机司机比武前希望组织一次实操培训",
     "组织采煤机实操培训", "已组织实操培训两期"),
    (NeedCategory.OTHER, "区队学习室没有饮水机，希望配一台",
     "学习室配备饮水机", "已配备饮水机一台"),
    (NeedCategory.OTHER, "希望工会组织一次职工篮球赛",
     "组织职工篮球赛", "篮球赛已举办，十二支队伍参赛"),
]  # fmt: skip
DECLINE_REASONS = [
    "属个人消费需求，不在工会帮扶范围内，已向职工当面说明",
    "该事项已由矿行政统一安排，不再单独立项",
]
# Direct items for a whole unit (no worker named).
UNIT_ITEMS = [
    (NeedCategory.LIVING, "夏季井口送清凉", "为一线职工送绿豆汤、防暑药品"),
    (NeedCategory.OTHER, "职工书屋更新图书", "更新职工书屋图书两百册"),
    (NeedCategory.MEDICAL, "女职工健康体检", "组织女职工“两癌”筛查"),
]

# --- hardship files ---------------------------------------------------------------------------
# (cause, family situation, household size, per-capita monthly income range)
FAMILIES = [
    (HardshipCause.ILLNESS, "妻子患尿毒症，每周透析三次，家中靠本人工资维持，两个孩子上学。",
     4, (420, 700)),
    (HardshipCause.ILLNESS, "本人去年确诊肺结核，治疗期间收入下降，父母年迈多病需要照顾。",
     4, (600, 900)),
    (HardshipCause.ILLNESS, "父亲脑梗后偏瘫，长期卧床，母亲无收入，医药费每月两千余元。",
     5, (500, 800)),
    (HardshipCause.ILLNESS, "女儿患白血病正在化疗，已花费医药费三十余万元，借款较多。",
     3, (300, 600)),
    (HardshipCause.DISABILITY, "儿子先天性脑瘫，需长期康复训练，妻子无工作在家照顾。",
     3, (450, 750)),
    (HardshipCause.DISABILITY, "本人工伤致残后调整到地面岗位，收入下降，妻子患慢性病。",
     3, (700, 1000)),
    (HardshipCause.EDUCATION, "两个孩子同时上大学，每年学费生活费约四万元，妻子务农收入微薄。",
     4, (800, 1100)),
    (HardshipCause.EDUCATION, "儿子读高三、女儿读大学，妻子打零工，家庭开支大。",
     4, (850, 1200)),
    (HardshipCause.ACCIDENT, "老家房屋去年因暴雨倒塌，重建借款十余万元，尚未还清。",
     5, (700, 1000)),
    (HardshipCause.ACCIDENT, "妻子车祸受伤，肇事方无力赔偿，后续治疗费用自理。",
     3, (600, 900)),
    (HardshipCause.SINGLE_INCOME, "单亲父亲，独自抚养女儿，母亲瘫痪在床需要照顾。",
     3, (650, 950)),
    (HardshipCause.SINGLE_INCOME, "妻子无工作，家中只有本人一份收入，赡养双方老人共四人。",
     7, (500, 800)),
    (HardshipCause.OTHER, "父母均患慢性病无收入，兄弟姐妹无力赡养，负担全落在本人身上。",
     4, (700, 1000)),
]  # fmt: skip
RETIRED = [
    (HardshipCause.ILLNESS, "退休后患尘肺病二期，常年吸氧，老伴无退休金。", 2, (900, 1300)),
    (HardshipCause.ILLNESS, "退休职工，老伴瘫痪在床，独子工伤去世，靠退休金生活。", 2, (800, 1200)),
    (HardshipCause.DISABILITY, "退休前工伤致残，行动不便，孙子由其抚养。", 3, (700, 1000)),
]  # fmt: skip
RETIRED_POSTS = ("采煤机司机", "支架工", "掘进工")
REVIEW_NOTES = {
    ReviewOutcome.KEEP: ["家庭情况无明显变化，维持原困难程度", "入户核实，收入情况属实，维持"],
    ReviewOutcome.CHANGE: ["配偶病情加重，医疗支出增加，调整困难程度"],
    ReviewOutcome.CLOSE: ["子女已参加工作，家庭人均收入超过标准，脱困销档"],
}
LEVEL_SHARE = [
    (HardshipLevel.EXTREME, 6),
    (HardshipLevel.HARDSHIP, 13),
    (HardshipLevel.MARGINAL, 8),
]
WARMTH_AMOUNT = {HardshipLevel.EXTREME: 2000, HardshipLevel.HARDSHIP: 1000,
                 HardshipLevel.MARGINAL: 500}  # fmt: skip

# --- counselling ------------------------------------------------------------------------------
COUNSELLOR_INTRO = "国家二级心理咨询师，从事职工心理疏导八年，擅长压力与情绪调适、家庭关系。"
PLACES = ("职工心理驿站（矿工会二楼）", "综采区队学习室旁谈心室")
SLOT_HOURS = (9.0, 10.5, 14.5, 16.0)
PAST_NOTES = (
    "来访者近期因父亲住院、夜班较多出现入睡困难和烦躁。讨论了作息安排和放松练习，"
    "约定两周后复谈；提醒其可通过工会申请医疗救助。风险评估：低。",
    "来访者与班组同事发生矛盾后情绪低落，担心影响评先。倾听并梳理了事情经过，"
    "练习了情绪表达的方法，本人愿意主动沟通。一周后电话回访。风险评估：低。",
)


@dataclass
class CareSeedResult:
    needs: int
    items: int
    overdue_items: int
    files: int
    assistance: int
    slots: int
    bookings: int
    seconds: float


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> CareSeedResult | None:
    """Seed the demo mine's care records, unless they are already there."""
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    if demo01 is None or demo01.unit is None:
        return None
    mine = mine_of(demo01.unit)
    if (
        NeedSurvey.objects.filter(org_path__startswith=mine.path).exists()
        or HardshipFile.objects.filter(org_path__startswith=mine.path).exists()
    ):
        return None
    started = time.monotonic()
    with transaction.atomic():
        seeder = _Seeder(random.Random(f"{seed}:care"), mine)
        seeder.run()
    result = seeder.result(time.monotonic() - started)
    if progress:
        progress(
            f"职工关爱：需求 {result.needs} 条，服务项目 {result.items} 项（超期 "
            f"{result.overdue_items}），困难职工档案 {result.files} 份，帮扶 "
            f"{result.assistance} 笔，咨询时段 {result.slots} 个（已预约 {result.bookings}），"
            f"{result.seconds:.1f} 秒"
        )
    return result


class _Seeder:
    def __init__(self, rng: random.Random, mine: Organisation):
        self.rng = rng
        self.mine = mine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        units = list(
            Organisation.objects.filter(tree=Tree.UNIT, path__startswith=mine.path).order_by("path")
        )
        self.by_path = {u.path: u for u in units}
        self.districts = [u for u in units if u.kind == OrgKind.DISTRICT]
        self.departments = {u.name: u for u in units if u.kind == OrgKind.DEPARTMENT}
        self.home_of: dict[int, Organisation] = {}  # unit pk → its district or department
        steplen = Organisation.steplen
        for unit in units:
            if unit.kind in (OrgKind.DISTRICT, OrgKind.DEPARTMENT):
                self.home_of[unit.pk] = unit
            elif unit.kind == OrgKind.CREW:
                self.home_of[unit.pk] = self.by_path[unit.path[:-steplen]]
        people = list(
            Person.objects.filter(unit__path__startswith=mine.path, is_active=True)
            .select_related("unit")
            .order_by("employee_no")
        )
        self.logins = {p.employee_no: p for p in people if p.employee_no.startswith("demo")}
        self.crew_people: dict[int, list[Person]] = {}
        self.unit_people: dict[int, list[Person]] = {}
        for person in people:
            home = self.home_of.get(person.unit_id)
            if home is None:
                continue
            self.unit_people.setdefault(home.pk, []).append(person)
            if person.unit.kind == OrgKind.CREW:
                self.crew_people.setdefault(home.pk, []).append(person)
        self.chairs: dict[int, Person] = {}
        self.heads: dict[str, Person] = {}
        self.mine_chair = self.admin = None
        roles = RoleAssignment.objects.filter(
            person__is_active=True, role__in=(Role.UNION_CHAIR, Role.ADMIN, Role.DEPARTMENT_HEAD)
        ).select_related("person__unit", "organisation__unit")
        for a in roles.order_by("pk"):
            org = a.organisation
            if a.role == Role.UNION_CHAIR and org.unit_id:
                if org.unit_id == mine.pk:
                    self.mine_chair = self.mine_chair or a.person
                elif org.unit.path.startswith(mine.path):
                    self.chairs.setdefault(org.unit_id, a.person)
            elif a.role == Role.ADMIN and org.pk == mine.pk:
                self.admin = self.admin or a.person
            elif a.role == Role.DEPARTMENT_HEAD and org.path.startswith(mine.path):
                self.heads[org.name] = a.person
        # Who runs the mine-wide care: the mine's union chair, else its administrator.
        self.union = self.mine_chair or self.admin or self.logins.get("demo08")
        self.demo_district = next((d for d in self.districts if d.name == DEMO_DISTRICT), None)
        self.demo04 = self.logins.get("demo04")
        self.taken: set[int] = {p.pk for p in self.logins.values()}
        self.counts = {"needs": 0, "items": 0, "files": 0, "assistance": 0, "slots": 0,
                       "bookings": 0}  # fmt: skip
        self.item_ids: list[int] = []
        self.aid_days: dict[int, date] = {}  # assistance → the day it was given
        self.slot_ids: list[int] = []

    # --- helpers ------------------------------------------------------------------------------

    def at(self, day: date, hour: float) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour)
        return min(moment, self.now - timedelta(minutes=5))

    def chair_for(self, unit: Organisation) -> Person:
        home = self.home_of.get(unit.pk, unit)
        return self.chairs.get(home.pk) or self.union

    def pick(self, district: Organisation, *, party: bool | None = None) -> Person | None:
        """A crew worker of the district not used yet (never a demo sign-in)."""
        people = [p for p in self.crew_people.get(district.pk, []) if p.pk not in self.taken] or [
            p for p in self.unit_people.get(district.pk, []) if p.pk not in self.taken
        ]
        if party is not None:
            people = [p for p in people if p.is_party_member == party] or people
        if not people:
            return None
        person = self.rng.choice(people)
        self.taken.add(person.pk)
        return person

    def grid_member(self, person: Person) -> Person | None:
        """The Party member covering the worker today, if the grid demo ran."""
        from tongxin.grid.coverage import covering_member

        return covering_member(person)

    def districts_for_needs(self) -> list[Organisation]:
        others = [d for d in self.districts if d != self.demo_district]
        chosen = self.rng.sample(others, min(6, len(others)))
        return ([self.demo_district] if self.demo_district else []) + chosen

    # --- needs and service items --------------------------------------------------------------

    def needs_and_items(self) -> None:
        rng, today = self.rng, self.today
        survey = needs.survey_open(
            actor=self.union,
            organisation=self.mine,
            title=f"{today.year}年度职工需求大调查",
            description="了解职工在生活保障、医疗健康、子女教育、通勤住房等方面的需求，"
            "逐条转为服务项目，限期办结。",
            opens_on=today - timedelta(days=24),
            closes_on=today + timedelta(days=6),
        )
        NeedSurvey.objects.filter(pk=survey.pk).update(
            created_at=self.at(survey.opens_on, rng.uniform(8.5, 11))
        )
        rows = list(NEEDS)
        rng.shuffle(rows)
        districts = self.districts_for_needs()
        plan = []  # (need row, district, by whom, in survey, collected_on)
        for i in range(36):
            row = rows[i % len(rows)]
            district = districts[0] if i < 12 and self.demo_district else rng.choice(districts)
            in_survey = i % 5 != 4
            if in_survey:
                collected = today - timedelta(days=rng.randint(0, 23))
            else:
                collected = today - timedelta(days=rng.randint(25, 80))
            plan.append((row, district, in_survey, collected))
        plan.sort(key=lambda p: p[3])
        created: list[tuple[Need, tuple, Organisation]] = []
        for n, (row, district, in_survey, collected) in enumerate(plan):
            person = self.pick(district)
            if person is None:
                continue
            chair = self.chair_for(district)
            # Most are collected by the chair; some a worker raises on their own phone,
            # some the grid member who covers them passes on.
            actor = person if n % 6 == 5 else chair
            if n % 6 == 2:
                actor = self.grid_member(person) or chair
            need = needs.need_collect(
                actor=actor,
                category=row[0],
                text=row[1],
                person=person,
                survey=survey if in_survey else None,
                collected_on=collected,
            )
            created.append((need, row, district))
        self.counts["needs"] = len(created)
        # The newest few wait for the union; two are declined; the rest become items.
        waiting = {need.pk for need, _r, _d in created[-5:]}
        declined = 0
        for need, row, district in created:
            if need.pk in waiting:
                continue
            chair = self.chair_for(district)
            if (
                declined < 2
                and row[0] in (NeedCategory.OTHER, NeedCategory.LIVING)
                and (rng.random() < 0.3)
            ):
                needs.need_decline(
                    actor=chair, need_id=need.pk, version=None, reason=DECLINE_REASONS[declined]
                )
                declined += 1
                continue
            self.serve(need, row, district, chair)
        for category, title, description in UNIT_ITEMS:
            district = rng.choice(districts)
            chair = self.chair_for(district)
            item = items.item_create(
                actor=chair, category=category, title=title, description=description,
                owner=chair, deadline=today + timedelta(days=20), organisation=district,
            )  # fmt: skip
            self.item_ids.append(item.pk)
            self.retime_item(item, created_on=today - timedelta(days=rng.randint(3, 20)))

    def serve(self, need: Need, row: tuple, district: Organisation, chair: Person) -> None:
        """Turn a need into a service item and take it as far as its age says."""
        rng, today = self.rng, self.today
        owner = self.owner_for(row[0], chair)
        item = needs.need_to_item(
            actor=chair, need_id=need.pk, version=None, owner=owner,
            deadline=today + timedelta(days=15), title=row[2],
        )  # fmt: skip
        self.item_ids.append(item.pk)
        created_on = min(need.collected_on + timedelta(days=rng.randint(0, 3)), today)
        age = (today - created_on).days
        deadline = created_on + timedelta(days=rng.choice((10, 15, 20, 30)))
        done = age >= 6 and rng.random() < 0.6
        if done:
            done_on = min(created_on + timedelta(days=rng.randint(2, 14)), today)
            items.item_complete(
                actor=owner, item_id=item.pk, version=None, result=row[3], done_on=done_on
            )
        elif deadline >= today and rng.random() < 0.25:
            # A few are overdue: their deadline has passed and they are still open.
            deadline = today - timedelta(days=rng.randint(1, 6))
        self.retime_item(item, created_on=created_on, deadline=deadline)

    def owner_for(self, category: str, chair: Person) -> Person:
        """Most items stay with the union; practical ones go to the department that can."""
        by_category = {NeedCategory.SKILL: "人力资源部", NeedCategory.HOUSING: "供应部"}
        department = by_category.get(category)
        if department and department in self.heads and self.rng.random() < 0.5:
            return self.heads[department]
        return chair

    def retime_item(self, item: ServiceItem, *, created_on: date, deadline: date | None = None):
        fields = {"created_at": self.at(created_on, self.rng.uniform(8.5, 17.5))}
        if deadline is not None:
            fields["deadline"] = deadline
        ServiceItem.objects.filter(pk=item.pk).update(**fields)

    def demo04_items(self) -> None:
        """The district's union chair owns items of his own: one done, two open, one overdue."""
        if self.demo04 is None or self.demo_district is None:
            return
        rng, today = self.rng, self.today
        rows = [r for r in NEEDS if r[0] in (NeedCategory.LIVING, NeedCategory.MEDICAL)]
        for k, (ago, state) in enumerate(((20, "done"), (9, "open"), (4, "open"),
                                          (18, "overdue"))):  # fmt: skip
            person = self.pick(self.demo_district)
            if person is None:
                return
            row = rows[k % len(rows)]
            need = needs.need_collect(
                actor=self.demo04, category=row[0], text=row[1], person=person,
                collected_on=today - timedelta(days=ago),
            )  # fmt: skip
            self.counts["needs"] += 1
            item = needs.need_to_item(
                actor=self.demo04, need_id=need.pk, version=None, owner=self.demo04,
                deadline=today + timedelta(days=10), title=row[2],
            )  # fmt: skip
            self.item_ids.append(item.pk)
            created_on = today - timedelta(days=ago - 1)
            if state == "done":
                items.item_complete(
                    actor=self.demo04, item_id=item.pk, version=None, result=row[3],
                    done_on=created_on + timedelta(days=rng.randint(3, 8)),
                )  # fmt: skip
                self.retime_item(item, created_on=created_on, deadline=created_on + timedelta(10))
            elif state == "overdue":
                self.retime_item(
                    item, created_on=created_on, deadline=today - timedelta(days=rng.randint(2, 5))
                )
            else:
                self.retime_item(item, created_on=created_on, deadline=today + timedelta(days=6))

    # --- hardship files and assistance --------------------------------------------------------

    def retirees(self) -> list[Person]:
        """Three retired workers of the mine, on the roll as inactive people."""
        from tongxin.people import services as people_services
        from tongxin.people.demo import names

        rng = self.rng
        sample = next(iter(self.unit_people.values()), [])
        prefix = next(
            (p.employee_no[:2] for p in sample if not p.employee_no.startswith("demo")), "11"
        )
        homes = [self.demo_district] if self.demo_district else []
        homes += rng.sample([d for d in self.districts if d != self.demo_district], 3 - len(homes))
        out = []
        for n, home in enumerate(homes, start=1):
            birth = date(self.today.year - rng.randint(63, 72), rng.randint(1, 12), 1)
            out.append(
                people_services.person_create(
                    actor=self.admin,
                    employee_no=f"{prefix}{RETIRED_SUFFIX}{n:03d}",
                    name=names.person_name(rng, female=False),
                    unit=home,
                    post=f"{RETIRED_POSTS[n - 1]}（退休）",
                    phone=names.phone(rng),
                    id_number=names.id_number(rng, birth, female=False),
                    hire_date=date(birth.year + 20, rng.randint(1, 12), 1),
                    is_active=False,
                )
            )
        return out

    def hardship(self) -> None:
        rng, today = self.rng, self.today
        levels = [level for level, n in LEVEL_SHARE for _ in range(n)]
        rng.shuffle(levels)
        others = [d for d in self.districts if d != self.demo_district]
        homes = rng.sample(others, min(10, len(others)))
        subjects: list[tuple[Person, tuple, str]] = []
        for k, level in enumerate(levels):
            district = self.demo_district if k < 7 and self.demo_district else homes[k % len(homes)]
            person = self.pick(district, party=False)
            if person is not None:
                subjects.append((person, FAMILIES[k % len(FAMILIES)], level))
        for k, person in enumerate(self.retirees()):
            subjects.append((person, RETIRED[k], HardshipLevel.HARDSHIP))
        # Opening dates: a few a year ago (review due within two weeks, one just overdue),
        # the rest spread over the last two and a half years; reviewed every year since.
        # Every other one was open before last New Year, whatever today is, so that last
        # year's 送温暖 (given in January) reaches several families.
        soon = {0: 4, 3: 11, 9: 8, 12: -5}
        last_new_year = date(today.year - 1, 1, 1)
        dated = []
        for k, (person, family, level) in enumerate(subjects):
            if k in soon:
                opened = self.year_before(today + timedelta(days=soon[k]))
            elif k % 2:
                opened = last_new_year - timedelta(days=rng.randint(1, 500))
            else:
                opened = today - timedelta(days=rng.randint(40, 900))
            dated.append((person, family, level, opened))
        # One file changes level at its review and one is closed (脱困销档).
        old = [k for k, row in enumerate(dated) if row[3] < today - timedelta(days=380)]
        outcomes = {}
        if len(old) >= 2:
            changed, closed = rng.sample(old, 2)
            outcomes = {changed: ReviewOutcome.CHANGE, closed: ReviewOutcome.CLOSE}
        for k, (person, family, level, opened) in enumerate(dated):
            outcome = outcomes.get(k, ReviewOutcome.KEEP)
            if outcome == ReviewOutcome.CLOSE and not person.is_active:
                outcome = ReviewOutcome.KEEP
            self.open_file(person, family, level, opened, outcome)

    @staticmethod
    def year_before(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    def open_file(self, person: Person, family: tuple, level: str, opened: date, last: str):
        """Open the file and hold the reviews that have come due; `last` is the outcome
        of the latest one (the ones before it kept the file as it was)."""
        rng, today = self.rng, self.today
        cause, situation, household, income = family
        chair = self.chair_for(person.unit)
        file = hardship.file_open(
            actor=chair, person=person, level=level, cause=cause, family_situation=situation,
            household_size=household, monthly_income=rng.randint(*income), opened_on=opened,
        )  # fmt: skip
        self.counts["files"] += 1
        reviews = []
        due = year_after(opened)
        while due <= today - timedelta(days=3):
            reviews.append(max(min(due + timedelta(days=rng.randint(-10, 3)), today), opened))
            due = year_after(due)
        closed = False
        for n, reviewed in enumerate(reviews):
            outcome = last if n == len(reviews) - 1 else ReviewOutcome.KEEP
            level_after = ""
            if outcome == ReviewOutcome.CHANGE:
                level_after = (
                    HardshipLevel.EXTREME
                    if file.level != HardshipLevel.EXTREME
                    else HardshipLevel.HARDSHIP
                )
            hardship.file_review(
                actor=chair, file_id=file.pk, version=None, outcome=outcome,
                level_after=level_after, note=rng.choice(REVIEW_NOTES[outcome]),
                reviewed_on=reviewed,
            )  # fmt: skip
            file.refresh_from_db()
            closed = outcome == ReviewOutcome.CLOSE
        self.assist(person, file, cause, opened, closed)

    def assist(self, person, file: HardshipFile, cause: str, opened: date, closed: bool) -> None:
        """送温暖 each Spring Festival, 金秋助学 each August, medical aid and the like."""
        rng, today = self.rng, self.today
        chair = self.chair_for(person.unit)
        end = file.last_reviewed_on if closed else today
        rows = []
        for year in (today.year - 1, today.year):
            warmth = date(year, 1, 18) + timedelta(days=rng.randint(0, 12))
            rows.append((AssistanceKind.WARMTH, WARMTH_AMOUNT[file.level],
                         AssistanceSource.UNION_FUNDS if rng.random() < 0.6
                         else AssistanceSource.HIGHER_UNION, warmth, "春节送温暖"))  # fmt: skip
            if cause == HardshipCause.EDUCATION or (rng.random() < 0.25 and not file.is_retired):
                schooling = date(year, 8, 15) + timedelta(days=rng.randint(0, 14))
                rows.append((AssistanceKind.SCHOOLING, rng.choice((3000, 4000, 5000)),
                             AssistanceSource.HIGHER_UNION, schooling,
                             "金秋助学（子女考入大学）"))  # fmt: skip
            if cause in (HardshipCause.ILLNESS, HardshipCause.DISABILITY) and rng.random() < 0.8:
                medical = date(year, rng.randint(3, 11), rng.randint(1, 28))
                rows.append((AssistanceKind.MEDICAL, rng.choice((2000, 3000, 5000, 8000)),
                             AssistanceSource.ENTERPRISE, medical, "大病医疗救助"))  # fmt: skip
            if file.level == HardshipLevel.EXTREME and rng.random() < 0.6:
                living = date(year, rng.randint(4, 10), rng.randint(1, 28))
                rows.append((AssistanceKind.LIVING, 1500, AssistanceSource.UNION_FUNDS, living,
                             "特困职工生活救助"))  # fmt: skip
        for kind, amount, source, given_on, note in rows:
            if not opened <= given_on <= (end or today):
                continue
            aid = hardship.assistance_record(
                actor=chair, person=person, kind=kind, amount=amount, source=source,
                given_on=given_on, note=note,
            )  # fmt: skip
            self.aid_days[aid.pk] = given_on
            self.counts["assistance"] += 1

    def condolences(self) -> None:
        """Condolence money for workers without a file: an injury, a bereavement."""
        rng, today = self.rng, self.today
        for k in range(6):
            district = (
                self.demo_district if k < 2 and self.demo_district else rng.choice(self.districts)
            )
            person = self.pick(district)
            if person is None:
                continue
            given = today - timedelta(days=rng.randint(5, 400))
            aid = hardship.assistance_record(
                actor=self.chair_for(district), person=person, kind=AssistanceKind.CONDOLENCE,
                amount=rng.choice((500, 800, 1000)), source=AssistanceSource.UNION_FUNDS,
                given_on=given, note=rng.choice(("因工受伤住院慰问", "直系亲属去世慰问")),
            )  # fmt: skip
            self.aid_days[aid.pk] = given
            self.counts["assistance"] += 1

    # --- counselling --------------------------------------------------------------------------

    def counsellor_person(self) -> Person | None:
        """demo09, else a member of 党群工作部's staff who holds no office."""
        if "demo09" in self.logins:
            return self.logins["demo09"]
        department = self.departments.get("党群工作部")
        held = set(RoleAssignment.objects.values_list("person_id", flat=True))
        staff = self.unit_people.get(department.pk, []) if department else []
        return next((p for p in staff if p.pk not in held), None)

    def counselling(self) -> None:
        """The counsellor (a Counsellor row, as an administrator adds one in 管理后台),
        free slots over the next two weeks, some booked, and past sessions."""
        rng, today = self.rng, self.today
        person = self.counsellor_person()
        if person is None:
            return
        Counsellor.objects.create(person=person, organisation=self.mine, intro=COUNSELLOR_INTRO)
        # Working days from tomorrow over two weeks: a morning and an afternoon slot each.
        specs = []
        day = today
        while len(specs) < 16 and day < today + timedelta(days=15):
            day += timedelta(days=1)
            if day.weekday() >= 5:
                continue
            for hour in rng.sample(SLOT_HOURS, 2):
                start = self.local(day, hour)
                specs.append(SlotSpec(start, start + timedelta(minutes=50), rng.choice(PLACES)))
        # Three slots that become past sessions (published "now", moved back below).
        past_days = [today - timedelta(days=d) for d in (12, 7, 3)]
        past_specs = [
            SlotSpec(start, start + timedelta(minutes=50), PLACES[0])
            for start in (self.local(today + timedelta(days=20 + k), 9.0) for k in range(3))
        ]
        slots = counselling.slot_publish(actor=person, slots=specs + past_specs)
        future, past = slots[: len(specs)], slots[len(specs) :]
        self.counts["slots"] = len(slots)
        # Workers who asked for counselling in the survey, and others, book some.
        bookers = [self.pick(d) for d in rng.sample(self.districts, min(8, len(self.districts)))]
        bookers = [p for p in bookers if p is not None]
        for slot, who in zip(rng.sample(future, min(5, len(future))), bookers[:5], strict=False):
            booking = counselling.booking_make(actor=who, slot_id=slot.pk)
            Booking.objects.filter(pk=booking.pk).update(
                booked_at=self.at(today - timedelta(days=rng.randint(0, 4)), rng.uniform(8, 20))
            )
            self.counts["bookings"] += 1
        past_bookings = []
        for slot, who, day in zip(past, bookers[5:], past_days, strict=False):
            booking = counselling.booking_make(actor=who, slot_id=slot.pk)
            start = self.local(day, rng.choice(SLOT_HOURS))
            CounsellingSlot.objects.filter(pk=slot.pk).update(
                starts_at=start, ends_at=start + timedelta(minutes=50)
            )
            Booking.objects.filter(pk=booking.pk).update(
                booked_at=start - timedelta(days=rng.randint(2, 5), hours=rng.randint(1, 6))
            )
            past_bookings.append(booking)
            self.counts["bookings"] += 1
        # The counsellor wrote up the earliest sessions; the latest still waits for its note.
        for booking, text in zip(past_bookings[:-1], PAST_NOTES, strict=False):
            note = counselling.note_write(actor=person, booking_id=booking.pk, text=text)
            ends = CounsellingSlot.objects.get(bookings=booking).ends_at
            written = min(ends + timedelta(hours=rng.uniform(0.5, 3)), self.now)
            CounsellingNote.objects.filter(pk=note.pk).update(
                written_at=written, updated_at=written
            )

    def local(self, day: date, hour: float) -> datetime:
        return timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour)

    # --- the whole ----------------------------------------------------------------------------

    def run(self) -> None:
        self.needs_and_items()
        self.demo04_items()
        self.hardship()
        self.condolences()
        self.counselling()
        # assistance_record stamps its row "now": it was recorded the day it was given.
        for pk, day in self.aid_days.items():
            Assistance.objects.filter(pk=pk).update(
                created_at=self.at(day, self.rng.uniform(9, 17))
            )

    def result(self, seconds: float) -> CareSeedResult:
        mine_items = ServiceItem.objects.filter(pk__in=self.item_ids)
        return CareSeedResult(
            needs=Need.objects.filter(org_path__startswith=self.mine.path).count(),
            items=mine_items.count(),
            overdue_items=mine_items.filter(state="open", deadline__lt=self.today).count(),
            files=HardshipFile.objects.filter(org_path__startswith=self.mine.path).count(),
            assistance=Assistance.objects.filter(org_path__startswith=self.mine.path).count(),
            slots=self.counts["slots"],
            bookings=self.counts["bookings"],
            seconds=seconds,
        )
