"""Each hazard found, through the real services by the mine's own people: at an
inspection (services.inspection_record, the failed items with their findings), reported
on the spot (随手拍, services.hazard_report), or detected by the video patrol
(services.detection_create) and confirmed or dismissed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from tongxin.people.models import OrgKind

from .. import services
from ..models import Hazard, Inspection, InspectionPlan, Level, Severity, Source, Workplace
from ..periods import period_of
from ..services import Finding, Mark
from .checklists import DAILY, DEPARTMENT_PLACES, ITEMS
from .context import Script, Seeder, family_of

# What is found, by category: (spot, description, measures). Invented wording.
FINDINGS = {
    "顶板": [
        ("{n}#支架", "{n}#支架初撑力不足，立柱下缩，顶板有离层迹象",
         "补液升柱达到初撑力，加强顶板观测"),
        ("机头端头", "机头端头支护不及时，空顶面积超过规定", "及时架设端头支架，缩小空顶面积"),
        ("超前支护段", "超前支护段单体支柱{m}根失效未更换", "更换失效单体支柱，重新打设超前支护"),
        ("{n}米处", "巷道顶板金属网破损，出现网兜", "补打锚杆锚索，更换破损金属网"),
        ("迎头", "迎头空顶距超过作业规程规定", "立即使用前探梁临时支护，严禁空顶作业"),
        ("煤壁", "煤壁片帮深度超过0.5米，未及时护帮", "打开护帮板，及时移架"),
    ],
    "通风": [
        ("风筒", "风筒出风口距迎头超过8米，局部有破口漏风",
         "接长风筒、修补破口，出风口距迎头不超过5米"),
        ("风门", "风门闭锁失效，两道风门可同时打开", "修复风门闭锁装置，落实专人检查"),
        ("上隅角", "上隅角风流不畅，有积聚迹象", "设置挡风帘，加强上隅角通风"),
        ("局部通风机", "局部通风机未实现双风机双电源自动切换", "调试自动切换装置，每日试验并记录"),
        ("喷雾", "转载点喷雾不能正常使用，粉尘较大", "更换喷嘴、疏通水管，恢复喷雾"),
    ],
    "瓦斯": [
        ("甲烷传感器", "甲烷传感器吊挂距顶板超过300毫米", "调整传感器位置，重新标校"),
        ("回风流", "回风流甲烷传感器读数与便携仪偏差超过规定", "重新标校传感器，核对监控数据"),
        ("检查牌板", "瓦斯检查牌板漏填一次检查记录", "补检并规范填写，对瓦检员进行考核"),
        ("钻场", "抽采钻孔封孔不严，孔口漏气", "重新封孔，检测抽采浓度"),
    ],
    "机电": [
        ("{n}#开关", "{n}#馈电开关防爆面锈蚀，存在失爆隐患", "清理防爆面并涂防锈油，检查间隙"),
        ("电缆", "动力电缆吊挂不规范，局部被浮煤掩埋", "清理浮煤，按标准重新吊挂电缆"),
        ("采煤机", "采煤机内喷雾喷嘴堵塞{m}个", "疏通或更换喷嘴，检查过滤器"),
        ("接线盒", "接线盒闲置进线嘴未封堵", "按标准封堵闲置进线嘴"),
        ("照明", "巷道照明灯{m}盏不亮", "更换照明灯具，检查线路"),
        ("综保装置", "漏电保护未按规定每日试验", "立即试验并记录，纳入班前检查"),
    ],
    "运输": [
        ("机尾", "刮板输送机机尾护罩缺失", "补装护罩，设置警示标志"),
        ("皮带机头", "皮带机跑偏，托辊有{m}个不转", "调整皮带，更换不转托辊"),
        ("绞车", "绞车钢丝绳有断丝，未及时更换", "更换钢丝绳，严格执行日检制度"),
        ("挡车栏", "斜巷挡车栏未处于常闭状态", "恢复挡车栏常闭，落实把钩工责任"),
        ("行人过桥", "皮带机行人过桥扶手松动", "加固扶手，设置行人过桥标识"),
    ],
    "防治水": [
        ("水仓", "水仓淤积超过三分之一，未及时清理", "组织清仓，保证有效容积"),
        ("探放水钻孔", "探放水钻孔数量不足，超前距不符合设计", "补打探放水钻孔，未探明前停止掘进"),
        ("排水管路", "排水管路接头漏水", "更换密封垫，紧固接头"),
        ("低洼处", "巷道低洼处积水约{m}0米，影响行人", "安设排水泵，清理水沟"),
    ],
    "防灭火": [
        ("灭火器", "灭火器{m}具压力不足，已超检验期", "更换灭火器，建立检查台账"),
        ("消防管路", "消防管路三通阀门损坏", "更换阀门，试压检验"),
        ("采空区", "采空区束管监测一氧化碳浓度有上升趋势", "加强监测，喷洒阻化剂，加快推进"),
        ("皮带机头", "皮带机头未设置自动灭火装置", "安装自动灭火装置并试验"),
    ],
    "其他": [
        ("材料码放处", "材料码放杂乱，堵塞行人通道", "清理材料，按定置管理码放"),
        ("警示标志", "危险区域警示标志缺失", "补设警示标志"),
        ("作业现场", "一名职工未按规定佩戴自救器", "立即纠正，开展安全帮教"),
        ("起吊点", "起吊用绳扣有断股", "更换绳扣，起吊前逐一检查"),
    ],
}  # fmt: skip
MAJOR_FINDINGS = [
    ("瓦斯", "上隅角", "上隅角瓦斯浓度达0.9%，接近断电值",
     "加强上隅角抽采，增设挡风帘，加密检查，超限立即停电撤人"),
    ("顶板", "{n}#至{k}#支架", "{n}#至{k}#支架间顶板破碎，出现漏冒",
     "停止割煤，超前注浆加固，架棚维护顶板"),
    ("防治水", "迎头", "迎头出现挂红、挂汗、水叫等透水预兆",
     "立即停止作业撤出人员，实施探放水，查明水源"),
    ("通风", "局部通风机", "局部通风机无计划停风，恢复通风前未检查瓦斯",
     "严格执行停风、排放瓦斯措施，追究相关人员责任"),
    ("运输", "斜巷", "斜巷跑车防护装置失效，行车时有人员通过",
     "停止提升，修复防跑车装置，严格“行车不行人”"),
]  # fmt: skip
VIDEO_FINDINGS = [
    ("皮带跑偏", "视频巡检识别：皮带向一侧跑偏，边缘距托辊架不足50毫米"),
    ("物料堆积", "视频巡检识别：机尾滚筒处物料堆积"),
    ("皮带跑偏", "视频巡检识别：回程皮带跑偏摩擦机架"),
    ("物料堆积", "视频巡检识别：转载点溜槽下方堆煤"),
]
DISMISS_REASONS = [
    "现场核实皮带运行正常，系光线变化误判",
    "现场无堆积，为巡检人员停放的工具车",
    "皮带已在检修停机，属正常状态",
    "画面被水雾遮挡造成误判，现场正常",
]


def finding_for(seeder: Seeder, s: Script, workplace: Workplace | None, item=None) -> Finding:
    rng = seeder.rng
    category = item.category.name if item is not None else (s.category or category_for(seeder, s))
    if s.finding:
        _c, spot, description, measures = s.finding
    else:
        spot, description, measures = rng.choice(FINDINGS[category])
    numbers = {"n": rng.randint(8, 140), "m": rng.randint(2, 6)}
    numbers["k"] = numbers["n"] + rng.randint(3, 8)
    if workplace is None and seeder.workplaces.get(s.district.pk):
        # A district's own check goes round its work places.
        workplace = rng.choice(seeder.workplaces[s.district.pk])
    place = workplace.name if workplace else rng.choice(DEPARTMENT_PLACES)
    return Finding(
        location=f"{place} {spot.format(**numbers)}",
        category=seeder.categories[category],
        severity=s.severity,
        description=description.format(**numbers),
        measures=measures,
        responsible=s.responsible if s.at_report else None,
        workplace=workplace,
    )


def category_for(seeder: Seeder, s: Script) -> str:
    family = family_of(s.district) if s.district.kind == OrgKind.DISTRICT else "electromech"
    keys = DAILY.get(family, DAILY["heading"])
    return ITEMS[seeder.rng.choice(keys)][0][1]


def create(seeder: Seeder) -> None:
    """Each hazard found: at an inspection, on the spot, or by the video patrol."""
    # One inspection per plan and period, on the day of its first finding.
    by_inspection: dict[tuple[int, str], list[Script]] = defaultdict(list)
    for s in seeder.scripts:
        if s.source == Source.INSPECTION:
            by_inspection[(s.plan.pk, period_of(s.plan.level, s.found))].append(s)
    plans = {p.pk: p for p in seeder.plans}
    # inspection_record files an inspection under today's period before it is moved
    # back: a plan's inspection of the current period comes after its earlier ones.
    groups = sorted(
        by_inspection.items(),
        key=lambda kv: kv[0][1] == period_of(plans[kv[0][0]].level, seeder.today),
    )
    for (plan_id, _period), scripts in groups:
        day = min(s.found for s in scripts)
        for s in scripts:
            s.found = day
            if s.assign_day is not None and (s.assign_day < day or s.at_report):
                s.assign_day = day
        seeder.skipped.discard((plan_id, day))
        inspect_with_findings(seeder, plans[plan_id], day, scripts)
    for s in seeder.scripts:
        if s.source == Source.REPORT:
            places = seeder.workplaces.get(s.district.pk) or [None]
            hazard = services.hazard_report(
                actor=s.reporter,
                unit=s.unit,
                finding=finding_for(seeder, s, seeder.rng.choice(places)),
                photos=[seeder.photo("found.jpg")] if seeder.rng.random() < 0.35 else [],
            )
            s.hazard_id = hazard.pk
        elif s.source == Source.VIDEO:
            detect(seeder, s)


def inspect_with_findings(seeder: Seeder, plan: InspectionPlan, day: date, scripts) -> None:
    rng = seeder.rng
    items = list(seeder.items[plan.template.pk])
    failing = rng.sample(items, min(len(scripts), len(items)))
    marks, by_item = [], {}
    for item, s in zip(failing, scripts, strict=False):
        finding = finding_for(seeder, s, plan.workplace, item)
        photos = [seeder.photo("found.jpg")] if rng.random() < 0.35 else []
        marks.append(
            Mark(item_id=item.pk, ok=False, note=finding.description, finding=finding,
                 photos=photos)
        )  # fmt: skip
        by_item[item.pk] = s
    for s in scripts[len(failing) :]:  # more findings than items: report the rest
        s.source = Source.REPORT
    marks += [Mark(item_id=item.pk, ok=True) for item in items if item.pk not in by_item]
    reporter = scripts[0].reporter
    inspection = services.inspection_record(actor=reporter, plan=plan, marks=marks)
    found = seeder.at(day, rng.uniform(8, 11) if plan.level == Level.CREW_DAILY else 14)
    Inspection.objects.filter(pk=inspection.pk).update(
        period=period_of(plan.level, day),
        started_at=found - timedelta(minutes=rng.randint(20, 45)),
        finished_at=found,
    )
    seeder.done.add((plan.pk, period_of(plan.level, day)))
    seeder.inspections += 1
    for hazard in Hazard.objects.filter(inspection=inspection).only("pk", "item_id"):
        s = by_item[hazard.item_id]
        s.hazard_id = hazard.pk
        s.found_at = found
        s.reporter = reporter
        s.checker = seeder.checker_for(s)


def detect(seeder: Seeder, s: Script) -> None:
    rng = seeder.rng
    kind, description = rng.choice(VIDEO_FINDINGS)
    places = seeder.workplaces.get(s.district.pk) or [None]
    workplace = rng.choice(places)
    place = workplace.name if workplace else s.district.name
    hazard = services.detection_create(
        actor=seeder.token,
        unit=s.district,
        finding=Finding(
            location=f"{place} {rng.randint(1, 6)}#皮带机",
            category=seeder.categories["运输"],
            severity=Severity.GENERAL,
            description=description,
            measures="调整托辊、清理物料" if kind == "物料堆积" else "调整皮带张紧和托辊",
            workplace=workplace,
        ),
        photo=seeder.photo("frame.jpg"),
        source_ref=f"cam-{rng.randint(1, 40):02d}/frame-{rng.randint(10_000, 999_999)}",
        confidence=round(rng.uniform(0.52, 0.98), 2),
    )
    s.hazard_id = hazard.pk
    if s.final == "pending":
        return
    if s.final == "dismissed":
        services.hazard_dismiss(
            hazard_id=hazard.pk, version=None, actor=s.reporter,
            reason=rng.choice(DISMISS_REASONS),
        )  # fmt: skip
        return
    services.hazard_confirm(
        hazard_id=hazard.pk, version=None, actor=s.reporter, note="现场确认属实"
    )
