"""Hazard-inspection demo data for the demo mine (SPEC §4), called by `manage.py seed_demo`.

In the first mine (the one demo01 works in):

- work places for every district by the kind of work it does (1201综采工作面,
  2103掘进工作面, 主运输大巷 …), each with its QR code;
- for every district three checklists drawn from its standard (一队一册): the crews'
  daily check with items by area (支架、顶板、通风、瓦斯、机电、运输、防治水、防灭火),
  the district's weekly check and the Party branch's monthly check, published through
  services.checklist_publish; a plan for every crew (班组日查) and for every district
  (区队周查, 支部月查) through services.plan_create;
- thirty days of inspections. A few crews skipped days, so missed inspections show;
  demo01's crew has not done today's check yet, so demo01 finds it waiting;
- about 300 hazards in every state, driven through the real services by the mine's own
  people: found at an inspection (services.inspection_record) or reported on the spot
  (随手拍), assigned, rectified with a photo, re-checked by someone else, closed; some
  re-checks failed; some overdue and escalated by the sweep; a few major ones under
  supervision (挂牌督办); video patrol detections waiting for a patrol or dismissed;
  supervision notes and urges from the districts' union chairs.

What the sign-ins find: demo01 today's daily check and a hazard he reported waiting for
his re-check; demo03 and demo04 the open hazards of 综采一队 (demo04 on the union's
supervision page, with notes of his own); demo05 hazards to rectify (one overdue),
hazards of 机电科 to assign and ones he found to re-check; demo06 the major hazards
under supervision.

Dates: the services stamp everything "now", and an inspection always belongs to today's
period. As in the voice demo, the timestamps are moved back afterwards with queryset
.update() / bulk_update: a hazard's created_at, deadline, rectified_at, closed_at and its
events' `at` (and the assignment note naming the deadline), an inspection's period,
started_at and finished_at, a plan's starts_on. That is acceptable for demo data only.
The inspections that found nothing (some four thousand a month) are written in bulk,
with the same rows and audit entries inspection_record writes, to keep the seeding
within seconds. The audit log keeps the real time of seeding.
"""

from __future__ import annotations

import io
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from tongxin.core import audit
from tongxin.core.models import AuditEvent
from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment, Tree
from tongxin.people.selectors import mine_of

from . import services
from .models import (
    CLOCK_STATES,
    ChecklistTemplate,
    Hazard,
    HazardCategory,
    HazardEvent,
    Inspection,
    InspectionPlan,
    InspectionResult,
    Level,
    Severity,
    Source,
    State,
    Workplace,
)
from .periods import period_of, periods_between
from .services import Finding, Mark

DAYS_OF_HISTORY = 30
# Rows per INSERT of the bulk-written results (4 parameters each; SQLite allows 32,766).
RESULT_BATCH = 2000
DEMO_DISTRICT = "综采一队"
DEMO_DEPARTMENT = "机电科"

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
RECHECK_FAILS = ["现场复查仍有问题，整改不彻底", "整改照片与现场不符，请按措施重新整改",
                 "支护仍不到位，需继续处理"]  # fmt: skip
UNION_NOTES = [
    "请责任单位抓紧整改，整改期间做好现场警戒",
    "此处职工反映较多，工会将跟踪整改进度",
    "整改期间请落实临时安全措施，保障职工安全",
    "建议举一反三，对同类地点开展排查",
]
URGES = [
    "已超过整改期限，请立即整改并说明原因",
    "请于明日班前完成整改，工会将到现场复查",
    "超期未整改，请单位负责人督促落实",
]
RECTIFY_NOTES = ["已按措施整改完毕", "已整改，现场恢复正常", "已更换处理，经试验正常"]

# How many hazards end in each state (about 300 in all with the video detections).
FINALS = {"closed": 136, "rectified": 26, "rectifying": 38, "assigned": 40, "reported": 22}
OVERDUE = {"rectifying": 12, "assigned": 10}


@dataclass
class HazardSeedResult:
    hazards: int
    by_state: dict[str, int]
    overdue: int
    major: int
    inspections: int
    missed: int
    seconds: float


@dataclass
class _Script:
    """How far one hazard gets, with whom, and when."""

    final: str
    source: str
    severity: str
    unit: Organisation
    district: Organisation
    category: str = ""
    reporter: Person | None = None
    responsible: Person | None = None
    at_report: bool = False
    fail_once: bool = False
    overdue_days: int = 0
    late: bool = False
    found: date | None = None
    found_at: datetime | None = None  # the moment of the inspection that found it
    assign_day: date | None = None
    rect_day: date | None = None
    close_day: date | None = None
    plan: InspectionPlan | None = None
    finding: tuple | None = None
    assigner: Person | None = None
    checker: Person | None = None
    hazard_id: int = 0
    notes: list = field(default_factory=list)  # (action, actor, text, moment)


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> HazardSeedResult | None:
    """Seed the demo mine's inspections and hazards, unless they are already there."""
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    if demo01 is None or demo01.unit is None:
        return None
    mine = mine_of(demo01.unit)
    if Workplace.objects.filter(unit__path__startswith=mine.path).exists():
        return None
    started = time.monotonic()
    with transaction.atomic():
        seeder = _Seeder(random.Random(f"{seed}:hazards"), mine)
        seeder.run()
    result = seeder.result(time.monotonic() - started)
    if progress:
        progress(
            f"隐患排查：{result.hazards} 条隐患（超期 {result.overdue}，重大 {result.major}），"
            f"检查记录 {result.inspections} 次（漏检 {result.missed}），{result.seconds:.1f} 秒"
        )
    return result


def _family_of(district: Organisation) -> str:
    from tongxin.people.demo.layout import DISTRICTS

    return next((family for name, family, _w in DISTRICTS if name == district.name), "heading")


class _Seeder:
    def __init__(self, rng: random.Random, mine: Organisation):
        self.rng = rng
        self.mine = mine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.first_day = self.today - timedelta(days=DAYS_OF_HISTORY)
        self.categories = {c.name: c for c in HazardCategory.objects.all()}
        steplen = Organisation.steplen
        units = list(
            Organisation.objects.filter(tree=Tree.UNIT, path__startswith=mine.path).order_by("path")
        )
        self.districts = [u for u in units if u.kind == OrgKind.DISTRICT]
        self.departments = {u.name: u for u in units if u.kind == OrgKind.DEPARTMENT}
        self.crews: dict[int, list[Organisation]] = defaultdict(list)
        by_path = {u.path: u for u in units}
        self.district_of: dict[int, Organisation] = {}
        for unit in units:
            if unit.kind == OrgKind.CREW:
                parent = by_path[unit.path[:-steplen]]
                self.crews[parent.pk].append(unit)
                self.district_of[unit.pk] = parent
            elif unit.kind == OrgKind.DISTRICT:
                self.district_of[unit.pk] = unit
        people = list(
            Person.objects.filter(unit__path__startswith=mine.path, is_active=True)
            .select_related("unit")
            .order_by("employee_no")
        )
        self.by_unit: dict[int, list[Person]] = defaultdict(list)
        for person in people:
            self.by_unit[person.unit_id].append(person)
        self.logins = {p.employee_no: p for p in people if p.employee_no.startswith("demo")}
        self.party = [p for p in people if p.is_party_member and p.unit.kind == OrgKind.CREW]
        roles = RoleAssignment.objects.filter(
            person__is_active=True,
            role__in=(Role.LEADERSHIP, Role.ADMIN, Role.UNION_CHAIR, Role.BRANCH_SECRETARY),
        ).select_related("person__unit", "organisation__unit")
        self.leaders, self.admins = [], []
        self.chairs: dict[int, Person] = {}
        self.secretaries: dict[int, Person] = {}
        self.mine_chair: Person | None = None
        for a in roles:
            if a.organisation.tree == Tree.UNIT:
                if a.organisation_id != mine.pk:
                    continue
                (self.leaders if a.role == Role.LEADERSHIP else self.admins).append(a.person)
                continue
            home = a.organisation.unit
            if home is None or not home.path.startswith(mine.path):
                continue
            if a.role == Role.UNION_CHAIR:
                if home.pk == mine.pk:
                    self.mine_chair = a.person
                else:
                    self.chairs.setdefault(home.pk, a.person)
            elif a.role == Role.BRANCH_SECRETARY:
                self.secretaries.setdefault(home.pk, a.person)
        self.leaders.sort(key=lambda p: p.employee_no)
        self.boss = self.logins.get("demo06") or self.leaders[0]
        deputies = [p for p in self.leaders if p.post in ("安全副矿长", "生产副矿长", "总工程师")]
        self.safety = deputies[0] if deputies else self.boss
        self.token = self.admins[0] if self.admins else self.boss
        self.head05 = self.logins.get("demo05")
        department = self.departments.get(DEMO_DEPARTMENT)
        self.dept_staff = [
            p for p in self.by_unit.get(department.pk, []) if p != self.head05
        ] if department else []  # fmt: skip
        safety_office = self.departments.get("安监处")
        self.safety_staff = self.by_unit.get(safety_office.pk, []) if safety_office else []
        self.workplaces: dict[int, list[Workplace]] = {}
        self.templates: dict[tuple[int, str], ChecklistTemplate] = {}
        self.items: dict[int, list] = {}
        self.plans: list[InspectionPlan] = []
        self.daily_plan: dict[int, InspectionPlan] = {}
        self.scripts: list[_Script] = []
        self.done: set[tuple[int, str]] = set()
        self.skipped: set[tuple[int, date]] = set()
        self.inspections = 0
        self.photos = [_photo_bytes(random.Random(i)) for i in range(6)]
        self.demo_crew = self.logins["demo01"].unit if "demo01" in self.logins else None

    # --- people -----------------------------------------------------------------------------

    def crew_leader(self, crew: Organisation) -> Person | None:
        people = self.by_unit.get(crew.pk, [])
        return next((p for p in people if p.post == "班长"), people[0] if people else None)

    def crew_member(self, crew: Organisation, *, avoid=()) -> Person | None:
        people = [p for p in self.by_unit.get(crew.pk, []) if p not in avoid]
        if "demo01" in self.logins:
            people = [p for p in people if p.employee_no != "demo01"] or people
        return self.rng.choice(people) if people else None

    def district_staff(self, district: Organisation, *posts: str) -> list[Person]:
        people = self.by_unit.get(district.pk, [])
        chosen = [p for p in people if p.post in posts]
        return chosen or people

    def district_head(self, district: Organisation) -> Person:
        return (self.district_staff(district, "队长") or [self.safety])[0]

    def photo(self, name: str) -> SimpleUploadedFile:
        data = self.rng.choice(self.photos)
        return SimpleUploadedFile(name, data, content_type="image/jpeg")

    # --- time -------------------------------------------------------------------------------

    def at(self, day: date, hour: float) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour)
        return min(moment, self.now - timedelta(minutes=5))

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    # --- the set-up: work places, checklists, plans ----------------------------------------

    def setup(self) -> None:
        rng = self.rng
        panels = iter(PANELS)
        rows, used = [], set()
        for index, district in enumerate(self.districts, start=1):
            family = _family_of(district)
            panel = next(panels, str(1100 + index))
            level = LEVELS[index % len(LEVELS)]
            for k, pattern in enumerate(WORKPLACES[family], start=1):
                name = pattern.format(n=panel, level=level)
                if name in used:  # 运输二队 has its own 主运输大巷 …
                    name = f"{district.name}{name}"
                used.add(name)
                rows.append(
                    Workplace(unit=district, name=name, code=f"W{self.mine.pk}-{index:02d}{k:02d}")
                )
        Workplace.objects.bulk_create(rows)
        for workplace in Workplace.objects.filter(unit__in=self.districts).order_by("code"):
            self.workplaces.setdefault(workplace.unit_id, []).append(workplace)

        for district in self.districts:
            family = _family_of(district)
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
                    actor=self.safety,
                    template=template,
                    items=[(a, self.categories[c], t) for a, c, t in items],
                )
                self.templates[(district.pk, level)] = template
                self.items[template.pk] = list(version.items.select_related("category"))
                template.current = version
            places = self.workplaces.get(district.pk, [])
            for i, crew in enumerate(self.crews.get(district.pk, [])):
                workplace = places[0] if i < 4 or len(places) < 2 else places[i % len(places)]
                plan = services.plan_create(
                    actor=self.safety,
                    unit=crew,
                    level=Level.CREW_DAILY,
                    template=self.templates[(district.pk, Level.CREW_DAILY)],
                    workplace=workplace if places else None,
                )
                self.plans.append(plan)
                self.daily_plan[crew.pk] = plan
            for level in (Level.DISTRICT_WEEKLY, Level.BRANCH_MONTHLY):
                self.plans.append(
                    services.plan_create(
                        actor=self.safety,
                        unit=district,
                        level=level,
                        template=self.templates[(district.pk, level)],
                    )
                )
        InspectionPlan.objects.filter(pk__in=[p.pk for p in self.plans]).update(
            starts_on=self.first_day
        )
        for plan in self.plans:
            plan.starts_on = self.first_day
            plan.template = self.templates[(self.district_of[plan.unit_id].pk, plan.level)]

    def choose_skips(self) -> None:
        """A few crews skipped their daily check on a day or three; one district a week."""
        rng = self.rng
        crews = [plan for plan in self.plans if plan.level == Level.CREW_DAILY]
        demo_district = next((d for d in self.districts if d.name == DEMO_DISTRICT), None)
        chosen = rng.sample(crews, min(5, len(crews)))
        # One crew of 综采一队 (not demo01's) shows a missed day to demo03 and demo04.
        if demo_district is not None:
            own = [
                p
                for p in crews
                if self.district_of[p.unit_id] == demo_district and p.unit != self.demo_crew
            ]
            if own:
                chosen.append(own[-1])
        for plan in chosen:
            for _ in range(rng.randint(1, 3)):
                self.skipped.add((plan.pk, self.days_ago(1, DAYS_OF_HISTORY - 1)))

    # --- the hazards' scripts ----------------------------------------------------------------

    def scripts_plan(self) -> None:
        rng = self.rng
        finals = [f for f, n in FINALS.items() for _ in range(n)]
        rng.shuffle(finals)
        overdue_left = dict(OVERDUE)
        demo_district = next((d for d in self.districts if d.name == DEMO_DISTRICT), None)
        weights = [
            4.0 if d == demo_district else 1.5 if _family_of(d) in ("longwall", "heading") else 1
            for d in self.districts
        ]
        for final in finals:
            district = rng.choices(self.districts, weights)[0]
            # About two in three are found at an inspection; the rest reported on the spot.
            source = Source.INSPECTION if rng.random() < 0.65 else Source.REPORT
            severity = rng.choices([Severity.GENERAL, Severity.LARGER], [72, 28])[0]
            s = _Script(
                final=final, source=source, severity=severity, unit=district, district=district
            )
            if final in overdue_left and overdue_left[final] > 0:
                overdue_left[final] -= 1
                s.overdue_days = rng.randint(1, 12)
            s.late = final == "closed" and rng.random() < 0.14
            s.fail_once = final in ("closed", "rectifying", "rectified") and rng.random() < 0.07
            s.at_report = final != "reported" and rng.random() < 0.6
            self.scripts.append(s)
        self.special_scripts(demo_district)
        for s in self.scripts:
            self.cast(s)
            self.schedule(s)

    def special_scripts(self, demo_district) -> None:
        """Majors under supervision, video detections, and what the demo sign-ins find."""
        rng = self.rng
        production = [d for d in self.districts if _family_of(d) in ("longwall", "heading")]
        production = production or self.districts
        for final, overdue in (("assigned", 2), ("rectifying", 0), ("rectifying", 1),
                               ("reported", 0), ("closed", 0), ("closed", 0), ("rectified", 0),
                               ("assigned", 0)):  # fmt: skip
            district = demo_district if final == "assigned" and not overdue else None
            district = district or rng.choice(production)
            s = _Script(
                final=final, source=Source.REPORT, severity=Severity.MAJOR, unit=district,
                district=district, overdue_days=overdue, at_report=final != "reported",
            )  # fmt: skip
            s.finding = rng.choice(MAJOR_FINDINGS)
            s.category = s.finding[0]
            self.scripts.append(s)
        transport = [d for d in self.districts if _family_of(d) in ("transport", "longwall")]
        transport = transport or self.districts
        for final in (
            ["pending"] * 6
            + ["dismissed"] * 10
            + ["closed"] * 4
            + ["assigned"] * 2
            + ["reported"] * 2
        ):
            district = rng.choice(transport)
            s = _Script(
                final=final, source=Source.VIDEO, severity=Severity.GENERAL, unit=district,
                district=district, category="运输", at_report=False,
            )  # fmt: skip
            self.scripts.append(s)
        demo01 = self.logins.get("demo01")
        if demo01 is not None and demo_district is not None:
            for final in ("rectified", "closed"):
                s = _Script(
                    final=final, source=Source.REPORT, severity=Severity.GENERAL,
                    unit=demo01.unit, district=demo_district, reporter=demo01, at_report=True,
                )  # fmt: skip
                self.scripts.append(s)
        if self.head05 is not None:
            # Hazards for 机电科's head to rectify, one of them overdue.
            for final, overdue in (("assigned", 3), ("assigned", 0), ("rectifying", 0),
                                   ("closed", 0), ("closed", 0)):  # fmt: skip
                district = rng.choice(production)
                s = _Script(
                    final=final, source=Source.REPORT, severity=Severity.GENERAL,
                    unit=district, district=district, category="机电", responsible=self.head05,
                    overdue_days=overdue, at_report=True,
                )  # fmt: skip
                self.scripts.append(s)
            # Ones he found on a 机电 check of the districts: waiting for his re-check.
            for final in ("rectified", "rectified", "closed"):
                district = rng.choice(self.districts)
                s = _Script(
                    final=final, source=Source.REPORT, severity=Severity.GENERAL,
                    unit=district, district=district, category="机电", reporter=self.head05,
                    at_report=True,
                )  # fmt: skip
                self.scripts.append(s)
            # Reported in 机电科 itself, for him to assign.
            department = self.departments.get(DEMO_DEPARTMENT)
            if department is not None and self.dept_staff:
                for _ in range(3):
                    s = _Script(
                        final="reported", source=Source.REPORT, severity=Severity.GENERAL,
                        unit=department, district=department, category="机电",
                        reporter=rng.choice(self.dept_staff),
                    )  # fmt: skip
                    self.scripts.append(s)

    def cast(self, s: _Script) -> None:
        """Who finds it, who rectifies it, who assigns and who re-checks."""
        rng = self.rng
        crews = self.crews.get(s.district.pk, [])
        if s.source == Source.INSPECTION:
            level = rng.choices(
                [Level.CREW_DAILY, Level.DISTRICT_WEEKLY, Level.BRANCH_MONTHLY], [85, 11, 4]
            )[0]
            if level == Level.CREW_DAILY and crews:
                crew = rng.choice(crews)
                s.plan = self.daily_plan[crew.pk]
                s.unit = crew
                leader = self.crew_leader(crew)
                s.reporter = leader if rng.random() < 0.6 else self.crew_member(crew) or leader
            else:
                if level == Level.CREW_DAILY:
                    level = Level.DISTRICT_WEEKLY
                s.plan = next(
                    p for p in self.plans if p.unit_id == s.district.pk and p.level == level
                )
                if level == Level.BRANCH_MONTHLY and s.district.pk in self.secretaries:
                    s.reporter = self.secretaries[s.district.pk]
                else:
                    s.reporter = rng.choice(self.district_staff(s.district, "队长", "副队长"))
        elif s.reporter is None:
            if s.source == Source.VIDEO:
                s.reporter = rng.choice(self.party) if self.party else self.safety
            elif self.safety_staff and rng.random() < 0.3:
                s.reporter = rng.choice(self.safety_staff)
            elif crews:
                crew = rng.choice(crews)
                if s.severity != Severity.MAJOR:
                    s.unit = crew
                s.reporter = self.crew_member(crew) or self.district_head(s.district)
            else:
                s.reporter = rng.choice(self.by_unit.get(s.district.pk) or [self.safety])
        if s.responsible is None:
            if s.category == "机电" and self.dept_staff and rng.random() < 0.4:
                s.responsible = rng.choice(self.dept_staff)
            elif s.unit.kind == OrgKind.CREW and rng.random() < 0.7:
                s.responsible = self.crew_leader(s.unit)
            elif s.district.kind == OrgKind.DEPARTMENT:
                s.responsible = rng.choice(self.dept_staff) if self.dept_staff else self.head05
            else:
                s.responsible = rng.choice(self.district_staff(s.district, "副队长", "队长"))
            if s.responsible == s.reporter:
                s.responsible = self.district_head(s.district)
                if s.responsible == s.reporter:
                    s.responsible = self.safety
        if s.severity == Severity.MAJOR:
            s.assigner = self.boss
        elif s.district.kind == OrgKind.DEPARTMENT and self.head05 is not None:
            s.assigner = self.head05
        else:
            s.assigner = self.safety
        s.checker = s.reporter if s.reporter != s.responsible else self.safety
        if s.severity == Severity.MAJOR:
            s.checker = self.safety if self.safety != s.responsible else self.boss

    def schedule(self, s: _Script) -> None:
        """The days of the hazard's life: found, assigned, rectified, closed."""
        rng, today = self.rng, self.today
        days = settings.HAZARD_DEADLINE_DAYS.get(s.severity, 7)
        oldest = DAYS_OF_HISTORY - 1 if s.source == Source.INSPECTION else 58
        lag = 0 if s.at_report else rng.randint(0, 1)
        if s.final in ("reported", "pending"):
            s.found = self.days_ago(1 if s.source == Source.INSPECTION else 0, 3)
        elif s.final == "dismissed":
            s.found = self.days_ago(1, 20)
        elif s.overdue_days:
            deadline = today - timedelta(days=s.overdue_days)
            s.assign_day = deadline - timedelta(days=days)
            s.found = s.assign_day - timedelta(days=lag)
        elif s.final in ("assigned", "rectifying"):
            s.assign_day = today - timedelta(days=rng.randint(0, days - 1 if days > 1 else 0))
            s.found = s.assign_day - timedelta(days=lag)
        elif s.final == "rectified":
            s.rect_day = self.days_ago(0, 3)
            s.assign_day = s.rect_day - timedelta(days=rng.randint(0, days))
            s.found = s.assign_day - timedelta(days=lag)
        else:  # closed
            need = days + 5 if s.late else 3
            s.found = self.days_ago(min(need, oldest), oldest)
            s.assign_day = s.found + timedelta(days=lag)
            deadline = s.assign_day + timedelta(days=days)
            if s.late:
                s.rect_day = deadline + timedelta(days=rng.randint(1, 3))
            else:
                s.rect_day = s.assign_day + timedelta(days=rng.randint(0, days))
            s.rect_day = min(s.rect_day, today - timedelta(days=1))
            s.close_day = min(s.rect_day + timedelta(days=rng.randint(0, 2)), today)
        if s.source == Source.INSPECTION:
            # Found at an inspection in the last month, on a day the check was done.
            s.found = max(s.found, self.first_day + timedelta(days=1))
            s.found = min(s.found, today - timedelta(days=1))
            if s.assign_day is not None and (s.assign_day < s.found or s.at_report):
                s.assign_day = s.found

    # --- driving hazards through the services ------------------------------------------------

    def finding(self, s: _Script, workplace: Workplace | None, item=None) -> Finding:
        rng = self.rng
        category = item.category.name if item is not None else (s.category or self.category(s))
        if s.finding:
            _c, spot, description, measures = s.finding
        else:
            spot, description, measures = rng.choice(FINDINGS[category])
        numbers = {"n": rng.randint(8, 140), "m": rng.randint(2, 6)}
        numbers["k"] = numbers["n"] + rng.randint(3, 8)
        if workplace is None and self.workplaces.get(s.district.pk):
            # A district's own check goes round its work places.
            workplace = rng.choice(self.workplaces[s.district.pk])
        place = workplace.name if workplace else rng.choice(DEPARTMENT_PLACES)
        return Finding(
            location=f"{place} {spot.format(**numbers)}",
            category=self.categories[category],
            severity=s.severity,
            description=description.format(**numbers),
            measures=measures,
            responsible=s.responsible if s.at_report else None,
            workplace=workplace,
        )

    def category(self, s: _Script) -> str:
        family = _family_of(s.district) if s.district.kind == OrgKind.DISTRICT else "electromech"
        keys = DAILY.get(family, DAILY["heading"])
        return ITEMS[self.rng.choice(keys)][0][1]

    def create(self) -> None:
        """Each hazard found: at an inspection, on the spot, or by the video patrol."""
        # One inspection per plan and period, on the day of its first finding.
        by_inspection: dict[tuple[int, str], list[_Script]] = defaultdict(list)
        for s in self.scripts:
            if s.source == Source.INSPECTION:
                by_inspection[(s.plan.pk, period_of(s.plan.level, s.found))].append(s)
        plans = {p.pk: p for p in self.plans}
        # inspection_record files an inspection under today's period before it is moved
        # back: a plan's inspection of the current period comes after its earlier ones.
        groups = sorted(
            by_inspection.items(),
            key=lambda kv: kv[0][1] == period_of(plans[kv[0][0]].level, self.today),
        )
        for (plan_id, _period), scripts in groups:
            day = min(s.found for s in scripts)
            for s in scripts:
                s.found = day
                if s.assign_day is not None and (s.assign_day < day or s.at_report):
                    s.assign_day = day
            self.skipped.discard((plan_id, day))
            self.inspect_with_findings(plans[plan_id], day, scripts)
        for s in self.scripts:
            if s.source == Source.REPORT:
                places = self.workplaces.get(s.district.pk) or [None]
                hazard = services.hazard_report(
                    actor=s.reporter,
                    unit=s.unit,
                    finding=self.finding(s, self.rng.choice(places)),
                    photos=[self.photo("found.jpg")] if self.rng.random() < 0.35 else [],
                )
                s.hazard_id = hazard.pk
            elif s.source == Source.VIDEO:
                self.detect(s)

    def inspect_with_findings(self, plan: InspectionPlan, day: date, scripts) -> None:
        rng = self.rng
        items = list(self.items[plan.template.pk])
        failing = rng.sample(items, min(len(scripts), len(items)))
        marks, by_item = [], {}
        for item, s in zip(failing, scripts, strict=False):
            finding = self.finding(s, plan.workplace, item)
            photos = [self.photo("found.jpg")] if rng.random() < 0.35 else []
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
        found = self.at(day, rng.uniform(8, 11) if plan.level == Level.CREW_DAILY else 14)
        Inspection.objects.filter(pk=inspection.pk).update(
            period=period_of(plan.level, day),
            started_at=found - timedelta(minutes=rng.randint(20, 45)),
            finished_at=found,
        )
        self.done.add((plan.pk, period_of(plan.level, day)))
        self.inspections += 1
        for hazard in Hazard.objects.filter(inspection=inspection).only("pk", "item_id"):
            s = by_item[hazard.item_id]
            s.hazard_id = hazard.pk
            s.found_at = found
            s.reporter = reporter
            if s.checker not in (self.safety, self.boss):
                s.checker = reporter if reporter != s.responsible else self.safety

    def detect(self, s: _Script) -> None:
        rng = self.rng
        kind, description = rng.choice(VIDEO_FINDINGS)
        places = self.workplaces.get(s.district.pk) or [None]
        workplace = rng.choice(places)
        place = workplace.name if workplace else s.district.name
        hazard = services.detection_create(
            actor=self.token,
            unit=s.district,
            finding=Finding(
                location=f"{place} {rng.randint(1, 6)}#皮带机",
                category=self.categories["运输"],
                severity=Severity.GENERAL,
                description=description,
                measures="调整托辊、清理物料" if kind == "物料堆积" else "调整皮带张紧和托辊",
                workplace=workplace,
            ),
            photo=self.photo("frame.jpg"),
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

    def drive(self, s: _Script) -> None:
        rng = self.rng
        if s.final in ("reported", "pending", "dismissed"):
            return
        hazard_id = s.hazard_id
        if not s.at_report or s.source == Source.VIDEO:
            services.hazard_assign(
                hazard_id=hazard_id, version=None, actor=s.assigner, responsible=s.responsible
            )
        if s.final == "assigned":
            return
        if s.final == "rectifying" or rng.random() < 0.6:
            services.hazard_start(hazard_id=hazard_id, version=None, actor=s.responsible)
        if s.final == "rectifying" and not s.fail_once:
            return
        self.rectify(s)
        if s.fail_once:
            services.hazard_recheck(
                hazard_id=hazard_id, version=None, actor=s.checker, passed=False,
                note=rng.choice(RECHECK_FAILS),
            )  # fmt: skip
            if s.final == "rectifying":
                return
            self.rectify(s)
        if s.final == "rectified":
            return
        services.hazard_recheck(
            hazard_id=hazard_id, version=None, actor=s.checker, passed=True, note="复查合格"
        )

    def rectify(self, s: _Script) -> None:
        services.hazard_rectify(
            hazard_id=s.hazard_id,
            version=None,
            actor=s.responsible,
            note=self.rng.choice(RECTIFY_NOTES),
            photos=[self.photo("fixed.jpg")],
        )

    def supervise(self) -> None:
        """The districts' union chairs watch the open hazards; the overdue ones they urge."""
        rng = self.rng
        demo04 = self.logins.get("demo04")
        for s in self.scripts:
            if s.final not in ("reported", "assigned", "rectifying", "rectified"):
                continue
            chair = self.chairs.get(s.district.pk)
            if s.severity == Severity.MAJOR and self.mine_chair is not None:
                chair = self.mine_chair
            if chair is None:
                continue
            ours = demo04 is not None and chair == demo04
            if s.overdue_days and rng.random() < (0.9 if ours else 0.5):
                s.notes.append(("urge", chair, rng.choice(URGES)))
            elif rng.random() < (0.4 if ours else 0.12):
                s.notes.append(("union_note", chair, rng.choice(UNION_NOTES)))
            for action, actor, text in s.notes:
                services.union_supervise(
                    hazard_id=s.hazard_id, actor=actor, note=text, urge=action == "urge"
                )

    # --- the clean inspections, in bulk ------------------------------------------------------

    def clean_inspections(self) -> None:
        rng = self.rng
        yesterday = self.today - timedelta(days=1)
        # Today's checks are done by the morning shift, except demo01's crew (his to do).
        local_hour = timezone.localtime(self.now).hour
        rows: list[tuple[InspectionPlan, date, Person]] = []
        for plan in self.plans:
            district = self.district_of[plan.unit_id]
            if plan.level == Level.CREW_DAILY:
                for key, day, _last in periods_between(plan.level, self.first_day, self.today):
                    if (plan.pk, key) in self.done or (plan.pk, day) in self.skipped:
                        continue
                    if day == self.today and (
                        plan.unit == self.demo_crew or local_hour < 10 or rng.random() < 0.5
                    ):
                        continue
                    leader = self.crew_leader(plan.unit)
                    who = leader if rng.random() < 0.7 else self.crew_member(plan.unit)
                    rows.append((plan, day, who or leader))
                continue
            periods = periods_between(plan.level, self.first_day, self.today)
            for index, (key, first, last) in enumerate(periods):
                if (plan.pk, key) in self.done:
                    continue
                start, end = max(first, self.first_day), min(last, yesterday)
                if start > end:
                    continue
                current = last >= self.today
                # One district let a week pass; some checks of this month are still to come.
                if plan.level == Level.DISTRICT_WEEKLY and plan.pk == self.lazy_week(index):
                    continue
                if current and rng.random() < 0.4:
                    continue
                day = start + timedelta(days=rng.randint(0, (end - start).days))
                if plan.level == Level.BRANCH_MONTHLY:
                    who = self.secretaries.get(district.pk) or self.district_head(district)
                else:
                    who = rng.choice(self.district_staff(district, "队长", "副队长"))
                rows.append((plan, day, who))
        inspections = []
        for plan, day, who in rows:
            started = self.at(day, rng.uniform(7.5, 10.5) if plan.level == "crew_daily" else 14.5)
            inspections.append(
                Inspection(
                    plan=plan,
                    version=plan.template.current,
                    period=period_of(plan.level, day),
                    inspector=who,
                    started_at=started,
                    finished_at=started + timedelta(minutes=rng.randint(15, 40)),
                )
            )
        Inspection.objects.bulk_create(inspections, batch_size=1000)
        results, trail = [], []
        for inspection in inspections:
            for item in self.items[inspection.plan.template.pk]:
                results.append((inspection.pk, item.pk, True, ""))
            trail.append(
                audit.build(
                    action="hazards.inspection.recorded",
                    actor=inspection.inspector,
                    obj=inspection,
                    after={"period": inspection.period, "failed": 0},
                )
            )
        # Some forty thousand rows of "合格": plain multi-row INSERTs, not model instances.
        table = InspectionResult._meta.db_table
        with connection.cursor() as cursor:
            for start in range(0, len(results), RESULT_BATCH):
                batch = results[start : start + RESULT_BATCH]
                values = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
                cursor.execute(
                    f"INSERT INTO {table} (inspection_id, item_id, ok, note) VALUES {values}",  # noqa: S608
                    [value for row in batch for value in row],
                )
        AuditEvent.objects.bulk_create(trail, batch_size=1000)
        self.inspections += len(inspections)

    def lazy_week(self, index: int) -> int | None:
        """The weekly plan of the district that skipped its second week."""
        if index != 1:
            return None
        weekly = [p for p in self.plans if p.level == Level.DISTRICT_WEEKLY]
        return weekly[len(weekly) // 3].pk if weekly else None

    # --- moving the dates back ---------------------------------------------------------------

    def retime_all(self) -> None:
        """Every hazard's dates at once: read in two queries, written in a few batches."""
        ids = [s.hazard_id for s in self.scripts]
        hazards = Hazard.objects.in_bulk(ids)
        events: dict[int, list[HazardEvent]] = defaultdict(list)
        for event in HazardEvent.objects.filter(hazard_id__in=ids).order_by("pk"):
            events[event.hazard_id].append(event)
        for s in self.scripts:
            hazard = hazards[s.hazard_id]
            self.retime(s, hazard, events[hazard.pk])
        HazardEvent.objects.bulk_update(
            [e for rows in events.values() for e in rows], ["at", "note"], batch_size=500
        )
        Hazard.objects.bulk_update(
            list(hazards.values()),
            ["created_at", "deadline", "rectified_at", "closed_at"],
            batch_size=300,
        )

    def retime(self, s: _Script, hazard: Hazard, events: list[HazardEvent]) -> None:
        """Set the hazard's and its events' times (unsaved)."""
        rng, now = self.rng, self.now
        found = s.found_at or self.at(s.found, rng.uniform(8, 17))
        days = settings.HAZARD_DEADLINE_DAYS.get(s.severity, 7)
        if s.assign_day is None and s.final not in ("reported", "pending", "dismissed"):
            s.assign_day = s.found
        assign = found
        if s.assign_day is not None and not (s.at_report and s.source != Source.VIDEO):
            assign = max(self.at(s.assign_day, rng.uniform(8, 18)), found + timedelta(hours=1))
            assign = min(assign, now - timedelta(minutes=30))
        deadline = s.assign_day + timedelta(days=days) if s.assign_day else None
        rect = close = None
        if s.rect_day is not None:
            rect = max(self.at(s.rect_day, rng.uniform(9, 20)), assign + timedelta(hours=2))
            rect = min(rect, now - timedelta(minutes=20))
        if s.final == "closed":
            close = self.at(s.close_day or s.rect_day, rng.uniform(9, 21))
            close = min(max(close, rect + timedelta(hours=1)), now - timedelta(minutes=10))
        confirm = min(found + timedelta(hours=rng.uniform(0.5, 4)), now - timedelta(minutes=40))
        rectify_at = [i for i, e in enumerate(events) if e.action == "rectify"]
        last_rectify = rectify_at[-1] if rectify_at and rect is not None else None
        middle = [
            i
            for i, e in enumerate(events)
            if e.action in ("start", "rectify", "recheck_fail") and i != last_rectify
        ]
        end = rect or now - timedelta(minutes=30)
        end = max(end, assign + timedelta(minutes=30))
        if s.final in ("assigned", "rectifying") and not s.overdue_days:
            end = min(end, assign + timedelta(days=rng.uniform(0.2, 1.5)))
        notes = self.note_times(s, assign, deadline)
        moments, previous = [], found - timedelta(seconds=30)
        for i, e in enumerate(events):
            if e.action in ("report", "detect"):
                moment = found
            elif e.action in ("confirm", "dismiss"):
                moment = confirm
            elif e.action == "assign":
                moment = assign
            elif i == last_rectify:
                moment = rect
            elif e.action == "recheck_pass":
                moment = close
            elif i in middle:
                step = middle.index(i) + 1
                moment = assign + (end - assign) * step / (len(middle) + 1)
            elif e.action in ("union_note", "urge"):
                moment = notes.pop(0) if notes else previous + timedelta(minutes=30)
            else:
                moment = previous + timedelta(minutes=1)
            moment = min(max(moment, previous + timedelta(seconds=30)), now)
            moments.append(moment)
            previous = moment
        for e, moment in zip(events, moments, strict=True):
            e.at = moment
            if e.action == "assign" and hazard.deadline and deadline:
                e.note = e.note.replace(str(hazard.deadline), str(deadline))
        hazard.created_at = found
        if hazard.deadline and deadline:
            hazard.deadline = deadline
        if hazard.rectified_at:
            hazard.rectified_at = moments[last_rectify] if last_rectify is not None else rect
        if hazard.state == State.CLOSED:
            passed = [m for e, m in zip(events, moments, strict=True) if e.action == "recheck_pass"]
            hazard.closed_at = passed[-1] if passed else close
        elif hazard.state == State.DISMISSED:
            hazard.closed_at = confirm

    def note_times(self, s: _Script, assign: datetime, deadline: date | None) -> list[datetime]:
        """When the union wrote: an urge the morning after the deadline passed."""
        out = []
        for action, _actor, _text in s.notes:
            if action == "urge" and deadline is not None:
                moment = self.at(deadline + timedelta(days=1), self.rng.uniform(9, 16))
            else:
                moment = assign + timedelta(hours=self.rng.uniform(3, 40))
            out.append(min(moment, self.now - timedelta(minutes=2)))
        return sorted(out)

    def retime_sweep(self) -> None:
        """The sweep wrote its steps "now"; put them where the deadlines put them."""
        events = list(
            HazardEvent.objects.filter(
                hazard_id__in=[s.hazard_id for s in self.scripts],
                action__startswith="escalate_",
            ).select_related("hazard")
        )
        for event in events:
            deadline = event.hazard.deadline
            if deadline is None:
                continue
            level = int(event.action.rsplit("_", 1)[1])
            after = 1 if level == 1 or event.hazard.severity == Severity.MAJOR else 3
            hour = 8.25 if level == 1 else 8.5
            event.at = self.at(deadline + timedelta(days=after), hour)
        HazardEvent.objects.bulk_update(events, ["at"])

    # --- the whole --------------------------------------------------------------------------

    def run(self) -> None:
        self.setup()
        self.choose_skips()
        self.scripts_plan()
        self.create()
        for s in self.scripts:
            self.drive(s)
        self.supervise()
        self.clean_inspections()
        self.retime_all()
        # The periodic sweep, as the task worker would run it: one level per run.
        for _ in range(2):
            services.sweep()
        self.retime_sweep()

    def result(self, seconds: float) -> HazardSeedResult:
        from . import selectors

        hazards = Hazard.objects.filter(pk__in=[s.hazard_id for s in self.scripts])
        by_state: dict[str, int] = defaultdict(int)
        for state in hazards.values_list("state", flat=True):
            by_state[state] += 1
        missed = selectors.missed_inspections(self.safety, self.mine, self.first_day)
        return HazardSeedResult(
            hazards=len(self.scripts),
            by_state=dict(by_state),
            overdue=hazards.filter(state__in=CLOCK_STATES, deadline__lt=self.today).count(),
            major=hazards.filter(severity=Severity.MAJOR).count(),
            inspections=self.inspections,
            missed=len(missed),
            seconds=seconds,
        )


def _photo_bytes(rng: random.Random) -> bytes:
    """A small invented "photo": a dark roadway with a lit patch (no real picture is needed)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 180), (38, 38, 42))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, 220), rng.randint(0, 160)
        shade = rng.randint(60, 140)
        draw.rectangle([x, y, x + rng.randint(10, 90), y + rng.randint(5, 40)],
                       fill=(shade, shade, shade - 10))  # fmt: skip
    draw.ellipse([90, 60, 150, 120], fill=(220, 200, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()
