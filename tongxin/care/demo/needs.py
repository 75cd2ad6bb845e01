"""Needs and the service items they become.

The year's needs survey (职工需求调查) over the mine, with needs collected in it by the
sub-unions' chairs, by grid members for the workers they cover and by workers
themselves, and needs collected on the spot outside it; most turned into service items
with an owner and a deadline (some done with their result, some open, a few overdue), a
couple declined with the reason, the newest still waiting. 综采一队's union chair
(demo04) owns items of his own.
"""

from __future__ import annotations

from datetime import date, timedelta

from tongxin.people.models import Organisation, Person

from ..models import Need, NeedCategory, NeedSurvey, ServiceItem
from ..services import items, needs
from .context import Seeder

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


def districts_for_needs(seeder: Seeder) -> list[Organisation]:
    others = [d for d in seeder.districts if d != seeder.demo_district]
    chosen = seeder.rng.sample(others, min(6, len(others)))
    return ([seeder.demo_district] if seeder.demo_district else []) + chosen


def needs_and_items(seeder: Seeder) -> None:
    rng, today = seeder.rng, seeder.today
    survey = needs.survey_open(
        actor=seeder.union,
        organisation=seeder.mine,
        title=f"{today.year}年度职工需求大调查",
        description="了解职工在生活保障、医疗健康、子女教育、通勤住房等方面的需求，"
        "逐条转为服务项目，限期办结。",
        opens_on=today - timedelta(days=24),
        closes_on=today + timedelta(days=6),
    )
    NeedSurvey.objects.filter(pk=survey.pk).update(
        created_at=seeder.at(survey.opens_on, rng.uniform(8.5, 11))
    )
    rows = list(NEEDS)
    rng.shuffle(rows)
    districts = districts_for_needs(seeder)
    plan = []  # (need row, district, by whom, in survey, collected_on)
    for i in range(36):
        row = rows[i % len(rows)]
        district = districts[0] if i < 12 and seeder.demo_district else rng.choice(districts)
        in_survey = i % 5 != 4
        if in_survey:
            collected = today - timedelta(days=rng.randint(0, 23))
        else:
            collected = today - timedelta(days=rng.randint(25, 80))
        plan.append((row, district, in_survey, collected))
    plan.sort(key=lambda p: p[3])
    created: list[tuple[Need, tuple, Organisation]] = []
    for n, (row, district, in_survey, collected) in enumerate(plan):
        person = seeder.pick(district)
        if person is None:
            continue
        chair = seeder.chair_for(district)
        # Most are collected by the chair; some a worker raises on their own phone,
        # some the grid member who covers them passes on.
        actor = person if n % 6 == 5 else chair
        if n % 6 == 2:
            actor = seeder.grid_member(person) or chair
        need = needs.need_collect(
            actor=actor,
            category=row[0],
            text=row[1],
            person=person,
            survey=survey if in_survey else None,
            collected_on=collected,
        )
        created.append((need, row, district))
    seeder.counts["needs"] = len(created)
    # The newest few wait for the union; two are declined; the rest become items.
    waiting = {need.pk for need, _r, _d in created[-5:]}
    declined = 0
    for need, row, district in created:
        if need.pk in waiting:
            continue
        chair = seeder.chair_for(district)
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
        serve(seeder, need, row, district, chair)
    for category, title, description in UNIT_ITEMS:
        district = rng.choice(districts)
        chair = seeder.chair_for(district)
        item = items.item_create(
            actor=chair, category=category, title=title, description=description,
            owner=chair, deadline=today + timedelta(days=20), organisation=district,
        )  # fmt: skip
        seeder.item_ids.append(item.pk)
        retime_item(seeder, item, created_on=today - timedelta(days=rng.randint(3, 20)))


def serve(seeder: Seeder, need: Need, row: tuple, district: Organisation, chair: Person) -> None:
    """Turn a need into a service item and take it as far as its age says."""
    rng, today = seeder.rng, seeder.today
    owner = owner_for(seeder, row[0], chair)
    item = needs.need_to_item(
        actor=chair, need_id=need.pk, version=None, owner=owner,
        deadline=today + timedelta(days=15), title=row[2],
    )  # fmt: skip
    seeder.item_ids.append(item.pk)
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
    retime_item(seeder, item, created_on=created_on, deadline=deadline)


def owner_for(seeder: Seeder, category: str, chair: Person) -> Person:
    """Most items stay with the union; practical ones go to the department that can."""
    by_category = {NeedCategory.SKILL: "人力资源部", NeedCategory.HOUSING: "供应部"}
    department = by_category.get(category)
    if department and department in seeder.heads and seeder.rng.random() < 0.5:
        return seeder.heads[department]
    return chair


def retime_item(
    seeder: Seeder, item: ServiceItem, *, created_on: date, deadline: date | None = None
):
    fields = {"created_at": seeder.at(created_on, seeder.rng.uniform(8.5, 17.5))}
    if deadline is not None:
        fields["deadline"] = deadline
    ServiceItem.objects.filter(pk=item.pk).update(**fields)


def demo04_items(seeder: Seeder) -> None:
    """The district's union chair owns items of his own: one done, two open, one overdue."""
    if seeder.demo04 is None or seeder.demo_district is None:
        return
    rng, today = seeder.rng, seeder.today
    rows = [r for r in NEEDS if r[0] in (NeedCategory.LIVING, NeedCategory.MEDICAL)]
    for k, (ago, state) in enumerate(((20, "done"), (9, "open"), (4, "open"),
                                      (18, "overdue"))):  # fmt: skip
        person = seeder.pick(seeder.demo_district)
        if person is None:
            return
        row = rows[k % len(rows)]
        need = needs.need_collect(
            actor=seeder.demo04, category=row[0], text=row[1], person=person,
            collected_on=today - timedelta(days=ago),
        )  # fmt: skip
        seeder.counts["needs"] += 1
        item = needs.need_to_item(
            actor=seeder.demo04, need_id=need.pk, version=None, owner=seeder.demo04,
            deadline=today + timedelta(days=10), title=row[2],
        )  # fmt: skip
        seeder.item_ids.append(item.pk)
        created_on = today - timedelta(days=ago - 1)
        if state == "done":
            items.item_complete(
                actor=seeder.demo04, item_id=item.pk, version=None, result=row[3],
                done_on=created_on + timedelta(days=rng.randint(3, 8)),
            )  # fmt: skip
            retime_item(seeder, item, created_on=created_on, deadline=created_on + timedelta(10))
        elif state == "overdue":
            retime_item(
                seeder,
                item,
                created_on=created_on,
                deadline=today - timedelta(days=rng.randint(2, 5)),
            )
        else:
            retime_item(seeder, item, created_on=created_on, deadline=today + timedelta(days=6))
