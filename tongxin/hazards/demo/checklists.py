"""Work places, checklists and inspection plans, and the departments that answer for
each category of hazards (CATEGORY_DEPARTMENTS).

- work places for every district by the kind of work it does (1201综采工作面,
  2103掘进工作面, 主运输大巷 …), each with its QR code;
- for every district three checklists drawn from its standard (一队一册): the crews'
  daily check with items by area (支架、顶板、通风、瓦斯、机电、运输、防治水、防灭火),
  the district's weekly check and the Party branch's monthly check, published through
  services.checklist_publish; a plan for every crew (班组日查) and for every district
  (区队周查, 支部月查) through services.plan_create.
"""

from __future__ import annotations

from .. import services
from ..models import ChecklistTemplate, InspectionPlan, Level, Workplace
from .context import Seeder, family_of

# --- the standards the checklists come from (invented wording, real practice) --------------
# (area, category, item)
ITEMS = {
    "support": [
        ("支架", "顶板", "支架初撑力达标，无歪斜、咬架、窜架"),
        ("支架", "顶板", "端面距、梁端至煤壁距离符合作业规程"),
    ],
    "roof": [("顶板", "顶板", "工作面顶板完整，无片帮、冒顶预兆")],
    "advance": [("超前支护", "顶板", "超前支护距离符合规定，单体支柱完好")],
    "temporary": [("临时支护", "顶板", "迎头临时支护到位，空顶距不超过规定")],
    "bolting": [("锚杆支护", "顶板", "锚杆、锚索间排距和预紧力符合设计")],
    "duct": [("通风", "通风", "风筒吊挂平直、无破口，出风口距迎头不超过5米")],
    "air": [("通风", "通风", "工作面风量符合要求，风流稳定")],
    "doors": [("通风设施", "通风", "风门、密闭完好，风门闭锁可靠")],
    "gas": [("瓦斯", "瓦斯", "甲烷传感器位置正确、读数正常，断电功能可靠")],
    "gas_board": [("瓦斯", "瓦斯", "瓦斯检查牌板、手册、日报“三对口”")],
    "drainage_gas": [("抽采", "瓦斯", "抽采管路无漏气，负压和浓度正常")],
    "outburst": [("防突", "瓦斯", "防突措施执行到位，效检指标不超限")],
    "shearer": [("机电", "机电", "采煤机各保护齐全有效，内外喷雾正常")],
    "roadheader": [("机电", "机电", "掘进机各保护齐全有效，截割部完好")],
    "explosion": [("机电", "机电", "电气设备无失爆，接地、漏电保护可靠")],
    "cable": [("机电", "机电", "电缆吊挂整齐，无挤压、破皮")],
    "substation": [("变电所", "机电", "变电所设备整洁，保护整定正确、试验记录齐全")],
    "hoist": [("提升", "机电", "提升机制动、保护装置齐全可靠")],
    "conveyor": [("运输", "运输", "刮板输送机、转载机运行平稳，护罩齐全")],
    "belt": [("运输", "运输", "皮带机跑偏、打滑、堆煤、撕带保护齐全有效")],
    "winch": [("运输", "运输", "绞车钢丝绳完好，“一坡三挡”齐全有效")],
    "track": [("运输", "运输", "轨道、道岔完好，信号通讯灵敏可靠")],
    "water": [("防治水", "防治水", "无异常出水，排水设施完好，水沟畅通")],
    "probe": [("防治水", "防治水", "执行“有掘必探、先探后掘”，探放水超前距符合设计")],
    "pumps": [("水泵房", "防治水", "水泵、管路、闸阀完好，水仓清理及时")],
    "fire": [("防灭火", "防灭火", "灭火器、消防管路完好，在检验期内")],
    "goaf": [("防灭火", "防灭火", "采空区束管监测正常，无自然发火征兆")],
    "dust": [("防尘", "通风", "喷雾降尘装置完好、正常使用")],
    "blasting": [("爆破", "其他", "执行“一炮三检”和“三人连锁”放炮制")],
    "lifting": [("起吊", "其他", "起吊设施、绳扣完好，起吊区域设警戒")],
    "guards": [("设备", "机电", "转动部位防护罩、防护栏齐全")],
    "traffic": [("车辆", "运输", "厂区车辆限速，装车作业有专人指挥")],
    "order": [("作业环境", "其他", "材料定置码放，行人通道畅通，警示标志齐全")],
}
# The crews' daily checklist by the kind of work a district does.
DAILY = {
    "longwall": ["support", "roof", "advance", "air", "gas", "shearer", "cable", "conveyor",
                 "water", "goaf", "dust"],
    "heading": ["temporary", "bolting", "duct", "gas", "roadheader", "explosion", "belt",
                "probe", "fire", "dust"],
    "development": ["temporary", "bolting", "duct", "gas", "blasting", "explosion", "winch",
                    "probe", "fire"],
    "installation": ["lifting", "bolting", "air", "gas", "explosion", "winch", "fire", "order"],
    "ventilation": ["doors", "air", "gas", "gas_board", "dust", "goaf", "fire"],
    "gas": ["drainage_gas", "outburst", "gas", "probe", "explosion", "fire"],
    "transport": ["belt", "winch", "track", "explosion", "cable", "fire", "order"],
    "electromech": ["substation", "hoist", "pumps", "explosion", "cable", "fire"],
    "surface": ["guards", "explosion", "fire", "traffic", "order"],
}  # fmt: skip
WEEKLY_EXTRA = [("安全管理", "其他", "班组日查发现的问题已闭环，记录完整")]
MONTHLY = [
    ("党员安全责任区", "其他", "党员安全责任区、党员先锋岗隐患排查到位"),
    ("安全教育", "其他", "班前会安全讲评、手指口述正常开展"),
    ("安全帮教", "其他", "本月“三违”人员帮教到位、有记录"),
]

# Work places by the kind of work: names filled with the district's panel number.
WORKPLACES = {
    "longwall": ["{n}综采工作面", "{n}运输顺槽", "{n}回风顺槽"],
    "heading": ["{n}掘进工作面", "{n}运输巷"],
    "development": ["{level}轨道大巷延伸段", "{level}回风大巷"],
    "installation": ["{n}安装工作面", "{n}回撤通道"],
    "ventilation": ["主要通风机房", "总回风巷"],
    "gas": ["瓦斯抽采泵站", "{n}钻场"],
    "transport": ["主运输大巷", "副斜井绞车房"],
    "electromech": ["中央变电所", "井底水泵房", "主井提升机房"],
    "surface": ["主厂房", "装车站台"],
}
DEPARTMENT_PLACES = ["机修车间", "设备材料库", "井下机电硐室"]
PANELS = ["1201", "1305", "2102", "2103", "1207", "2205", "3101", "1109", "1203", "2301",
          "1402", "2207", "3105", "1211", "2109"]  # fmt: skip
LEVELS = ["-450", "-550", "-650"]


# Which department answers for which category of hazards across the mine (机电 → 机电科).
CATEGORY_DEPARTMENTS = {
    "机电": "机电科",
    "运输": "机电科",
    "通风": "通防科",
    "瓦斯": "通防科",
    "防灭火": "通防科",
    "顶板": "生产技术部",
    "防治水": "地测科",
}


def category_departments(seeder: Seeder) -> None:
    for category, department in CATEGORY_DEPARTMENTS.items():
        if category in seeder.categories and department in seeder.departments:
            services.category_department_add(
                actor=None,
                category=seeder.categories[category],
                department=seeder.departments[department],
            )


def setup(seeder: Seeder) -> None:
    rng = seeder.rng
    category_departments(seeder)
    panels = iter(PANELS)
    rows, used = [], set()
    for index, district in enumerate(seeder.districts, start=1):
        family = family_of(district)
        panel = next(panels, str(1100 + index))
        level = LEVELS[index % len(LEVELS)]
        for k, pattern in enumerate(WORKPLACES[family], start=1):
            name = pattern.format(n=panel, level=level)
            if name in used:  # 运输二队 has its own 主运输大巷 …
                name = f"{district.name}{name}"
            used.add(name)
            rows.append(
                Workplace(unit=district, name=name, code=f"W{seeder.mine.pk}-{index:02d}{k:02d}")
            )
    Workplace.objects.bulk_create(rows)
    for workplace in Workplace.objects.filter(unit__in=seeder.districts).order_by("code"):
        seeder.workplaces.setdefault(workplace.unit_id, []).append(workplace)

    for district in seeder.districts:
        family = family_of(district)
        daily = [item for key in DAILY[family] for item in ITEMS[key]]
        weekly = WEEKLY_EXTRA + rng.sample(daily, min(6, len(daily)))
        monthly = MONTHLY + rng.sample(daily, min(3, len(daily)))
        for level, name, items, standard in (
            (Level.CREW_DAILY, "班组日查表", daily, "一队一册"),
            (Level.DISTRICT_WEEKLY, "区队周查表", weekly, "一队一册"),
            (Level.BRANCH_MONTHLY, "党支部月查表", monthly, "一队一册"),
        ):
            template = ChecklistTemplate.objects.create(
                name=f"{district.name}{name}",
                unit=district,
                level=level,
                standard=f"{district.name}安全生产标准（{standard}）",
            )
            version = services.checklist_publish(
                actor=seeder.safety,
                template=template,
                items=[(a, seeder.categories[c], t) for a, c, t in items],
            )
            seeder.templates[(district.pk, level)] = template
            seeder.items[template.pk] = list(version.items.select_related("category"))
            template.current = version
        places = seeder.workplaces.get(district.pk, [])
        for i, crew in enumerate(seeder.crews.get(district.pk, [])):
            workplace = places[0] if i < 4 or len(places) < 2 else places[i % len(places)]
            plan = services.plan_create(
                actor=seeder.safety,
                unit=crew,
                level=Level.CREW_DAILY,
                template=seeder.templates[(district.pk, Level.CREW_DAILY)],
                workplace=workplace if places else None,
            )
            seeder.plans.append(plan)
            seeder.daily_plan[crew.pk] = plan
        for level in (Level.DISTRICT_WEEKLY, Level.BRANCH_MONTHLY):
            seeder.plans.append(
                services.plan_create(
                    actor=seeder.safety,
                    unit=district,
                    level=level,
                    template=seeder.templates[(district.pk, level)],
                )
            )
    InspectionPlan.objects.filter(pk__in=[p.pk for p in seeder.plans]).update(
        starts_on=seeder.first_day
    )
    for plan in seeder.plans:
        plan.starts_on = seeder.first_day
        plan.template = seeder.templates[(seeder.district_of[plan.unit_id].pk, plan.level)]
