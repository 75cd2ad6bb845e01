"""Safety hazards at group scale for the benchmark, written with COPY.

Run inside the benchmark's environment (DATABASE_URL set), after seed_demo:

    python bench/hazards_seed.py --hazards 2000000        # up to two million hazards in all
    python bench/hazards_seed.py --accounts var/bench/hazards_accounts.json
    python bench/hazards_seed.py --export var/bench/hazards_accounts.json \
        [--export-host http://127.0.0.1:8765 --gunicorn-pid PID]

--hazards N brings the number of hazards up to N (nothing is done when there are already
N or more; a shortfall is topped up, so the script can run on every benchmark run). First
the 三三制 set-up every district would have, created once: three work places per district
(工作面, 运输巷, 回风巷), a checklist per district and level (班组日查, 区队周查, 支部月查;
six items each, version 1), a daily plan per crew and a weekly and a monthly plan per
district, starting --months months ago; then the inspections of those plans from that day
to today (93 % of crew days, 96 % of district weeks, 98 % of branch months done, every
item marked, 3 % found wanting), topped up the same way on a later run; then the hazards.

Hazards are spread over the last three years in every mine (a little more in recent
months), 60 % on a crew and 40 % on the district itself, `unit_path` copied from the
unit as the services do; sources inspection 70 %, report (随手拍) 25 %, video 5 %; the
eight categories weighted as a coal mine finds them; severity 一般 85 %, 较大 13 %,
重大 2 % (supervised); deadlines by severity. Each hazard's life is played forward from
the day it was found (assigned at once or within two days, started, rectified — 88 % by
the deadline, the rest 1–10 days late — re-checked by someone else and closed within
three days; a quarter of video detections dismissed; one in 150 never rectified), and
its state is wherever that life has got to today: old ones closed, recent ones anywhere
along the way, overdue open ones escalated. People come from the hazard's district:
finder, responsible (also the rectifier), and a different re-checker. Each hazard has
the events its life implies, at most four (3.4 on average); no photos, no
notifications. Rows go in with COPY, 50,000 hazards and their events per transaction;
ANALYZE follows.

--accounts PATH writes the accounts the hazards load scenario signs in as: mine officers
(leadership, discipline inspectors, administrators and union chairs of mines) with their
mine, and district officers (branch secretaries and sub-union chairs of districts) with
their district. All hold an office, so seed_demo --bench-logins gave them the demo
password.

--export ACCOUNTS times the ledger export (/hazards/board/export/) of one year of the
first mine officer's mine: in this process with Django's test client (wall time, peak
RSS of the process, rows and bytes of the file), and, with --export-host, over HTTP
through gunicorn (wall time; with --gunicorn-pid, the peak RSS of its workers).

Everything is drawn from random.Random(--seed): the same seed and size give the same
hazards (times count back from the day of the run).
"""

import argparse
import io
import json
import os
import random
import resource
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tongxin.hazards.models import (  # noqa: E402
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Hazard,
    HazardCategory,
    Inspection,
    InspectionPlan,
    Level,
    Workplace,
)
from tongxin.hazards.periods import period_bounds, period_of  # noqa: E402
from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment  # noqa: E402

BATCH = 50_000
YEARS = 3
DAY = 86400.0
HOUR = 3600.0
LOCAL = ZoneInfo(settings.TIME_ZONE)
BENCH_STANDARD = "一队一册（压测数据）"
WORKPLACE_KINDS = ("工作面", "运输巷", "回风巷")
UNIT_IS_CREW = 0.6

SOURCES = (("inspection", 70), ("report", 25), ("video", 5))
SEVERITIES = (("general", 850), ("larger", 130), ("major", 20))
CATEGORY_WEIGHTS = {
    "顶板": 20, "通风": 12, "瓦斯": 8, "机电": 25, "运输": 18, "防治水": 6, "防灭火": 4, "其他": 7,
}  # fmt: skip
# Days to rectify, as finders and managers set them (the default is the middle one).
DEADLINE_DAYS = {"general": (3, 5, 7, 7, 7, 10, 15), "larger": (2, 3, 3, 5), "major": (1, 1, 2)}
ON_TIME = 0.88
# Rectified after a recorded start; the others are rectified straight from assigned.
STARTED = 0.6
NEVER_RECTIFIED = 1 / 150
VIDEO_DISMISSED = 0.25
DONE_SHARE = {Level.CREW_DAILY: 0.93, Level.DISTRICT_WEEKLY: 0.96, Level.BRANCH_MONTHLY: 0.98}
ITEM_FAILS = 0.03

# (category, where, what, measures): "{wp}" is the work place.
FINDINGS = {
    "顶板": [("{wp} {n}号支架", "支架初撑力不足，顶板有离层迹象", "补液升柱，重新初撑"),
             ("{wp} 机尾", "顶板破碎，有片帮掉渣", "打设锚杆，挂网支护"),
             ("{wp} 超前段", "超前支护距离不足", "补打单体支柱")],
    "通风": [("{wp} 回风巷", "风筒破损漏风", "更换破损风筒"),
             ("{wp} 联络巷", "调节风门关闭不严", "修复风门闭锁"),
             ("{wp}", "风筒出口距工作面超过5米", "接长风筒")],
    "瓦斯": [("{wp} 上隅角", "甲烷传感器吊挂位置不当", "按规定重新吊挂传感器"),
             ("{wp} 回风流", "瓦斯浓度接近报警值", "加强通风，撤出人员并汇报"),
             ("{wp}", "便携式瓦斯检测仪未校验", "送检校验")],
    "机电": [("{wp} 配电点", "开关接地不良", "重新接地并测试"),
             ("{wp} {n}号开关", "电缆吊挂不规范", "按标准重新吊挂"),
             ("{wp} 变电所", "设备失爆", "更换隔爆部件，停电处理")],
    "运输": [("{wp} {n}号皮带机尾", "皮带跑偏", "调整托辊和滚筒"),
             ("{wp} 轨道", "轨道接头错位", "整修轨道接头"),
             ("{wp} 机头", "皮带机头物料堆积", "清理浮煤，调整落料点")],
    "防治水": [("{wp} 水仓", "水仓淤积", "清理水仓"),
               ("{wp} 低洼处", "巷道积水", "安装排水泵"),
               ("{wp}", "探放水钻孔未按设计施工", "按设计补孔")],
    "防灭火": [("{wp} 采空区", "采空区一氧化碳浓度升高", "注氮，加强观测"),
               ("{wp} 机头", "灭火器过期", "更换灭火器"),
               ("{wp} 配电点", "消防沙箱沙量不足", "补足消防沙")],
    "其他": [("{wp}", "作业人员未佩戴自救器", "现场教育，补发自救器"),
             ("{wp}", "安全警示标志缺失", "补设警示标志"),
             ("{wp} 材料道", "材料码放不整齐", "重新码放")],
}  # fmt: skip
CHECKLIST = [
    ("支架", "顶板", "支架初撑力达标，无歪斜咬架"),
    ("顶板", "顶板", "顶板完整，无离层、片帮"),
    ("通风", "通风", "风筒吊挂平直，距工作面不超过5米"),
    ("瓦斯", "瓦斯", "甲烷传感器位置正确、读数正常"),
    ("机电", "机电", "开关接地良好，电缆吊挂整齐"),
    ("运输", "运输", "皮带不跑偏，托辊齐全"),
    ("防治水", "防治水", "排水设施完好，无积水"),
    ("消防", "防灭火", "灭火器、消防沙箱齐全有效"),
]

HAZARD_COLUMNS = (
    "id", "source", "unit_path", "location", "severity", "description", "measures",
    "deadline", "state", "version", "supervised", "escalation_level", "source_ref",
    "confidence", "created_at", "rectified_at", "closed_at", "item_id", "rechecked_by_id",
    "rectified_by_id", "reported_by_id", "responsible_id", "unit_id", "category_id",
    "inspection_id", "workplace_id",
)  # fmt: skip
EVENT_COLUMNS = ("hazard_id", "at", "actor_id", "actor_label", "actor_role", "action",
                 "from_state", "to_state", "note", "visibility")  # fmt: skip
INSPECTION_COLUMNS = ("id", "plan_id", "version_id", "period", "inspector_id", "started_at",
                      "finished_at")  # fmt: skip
RESULT_COLUMNS = ("inspection_id", "item_id", "ok", "note")


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return lambda: rng.choices(values, weights)[0]


def esc(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")
        )
    return text


def copy(cursor, table: str, columns, rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(esc(v) for v in row))
        buffer.write("\n")
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as pipe:
        pipe.write(buffer.getvalue())


def reserve_ids(cursor, table: str, n: int) -> int:
    """The first of n consecutive ids taken from the table's sequence."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = cursor.fetchone()[0]
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
    return first


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


def end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, tzinfo=LOCAL).astimezone(UTC)


def at_local(day: date, hour: float) -> datetime:
    start = datetime(day.year, day.month, day.day, tzinfo=LOCAL)
    return (start + timedelta(hours=hour)).astimezone(UTC)


# --- The group as the hazards are drawn from it ------------------------------------------


class District:
    def __init__(self, pk: int, path: str, name: str):
        self.pk, self.path, self.name = pk, path, name
        self.crews: list[tuple[int, str]] = []
        self.people: list[int] = []
        self.crew_people: dict[int, list[int]] = defaultdict(list)
        self.workplaces: list[tuple[int, str]] = []


class Mine:
    def __init__(self, org: Organisation, index: int):
        self.org, self.index = org, index
        self.districts: list[District] = []


def load_group() -> tuple[list[Mine], dict[int, str]]:
    """Mines with their districts, crews and people; and each person's timeline label."""
    step = Organisation.steplen
    mines = [
        Mine(o, i)
        for i, o in enumerate(Organisation.objects.filter(kind=OrgKind.MINE).order_by("path"))
    ]
    by_mine_path = {m.org.path: m for m in mines}
    districts: dict[str, District] = {}
    for pk, path, name in (
        Organisation.objects.filter(kind=OrgKind.DISTRICT)
        .order_by("path")
        .values_list("pk", "path", "name")
    ):
        mine = by_mine_path.get(path[:-step])
        if mine is not None:
            district = District(pk, path, name)
            mine.districts.append(district)
            districts[path] = district
    crew_names: dict[int, str] = {}
    for pk, path, name in Organisation.objects.filter(kind=OrgKind.CREW).values_list(
        "pk", "path", "name"
    ):
        district = districts.get(path[:-step])
        if district is not None:
            district.crews.append((pk, path))
            crew_names[pk] = f"{district.name} {name}"
    labels: dict[int, str] = {}
    unit_names = dict(Organisation.objects.filter(tree="unit").values_list("pk", "name"))
    rows = (
        Person.objects.filter(is_active=True, unit__isnull=False)
        .order_by("pk")
        .values_list("pk", "name", "unit_id", "unit__path")
    )
    for pk, name, unit_id, path in rows.iterator(chunk_size=20000):
        district = next(
            (districts[path[:i]] for i in range(len(path), 0, -step) if path[:i] in districts),
            None,
        )
        if district is None:
            continue
        district.people.append(pk)
        if len(path) > len(district.path):
            district.crew_people[unit_id].append(pk)
        labels[pk] = f"{crew_names.get(unit_id) or unit_names.get(unit_id, '')} {name}".strip()[:80]
    for mine in mines:
        mine.districts = [d for d in mine.districts if d.people]
    return [m for m in mines if m.districts], labels


# --- 三三制 set-up: work places, checklists, plans -----------------------------------------


def ensure_setup(mines: list[Mine], months: int, today: date) -> None:
    """Work places, checklists and plans for every district, once."""
    started = time.monotonic()
    districts = [d for m in mines for d in m.districts]
    have = set(Workplace.objects.filter(code__startswith="BW").values_list("unit_id", flat=True))
    new = [
        Workplace(unit_id=d.pk, name=f"{d.name}{kind}", code=f"BW{d.pk}-{i}")
        for d in districts
        if d.pk not in have
        for i, kind in enumerate(WORKPLACE_KINDS, start=1)
    ]
    Workplace.objects.bulk_create(new, batch_size=2000)
    by_district: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, unit_id, name in Workplace.objects.filter(code__startswith="BW").values_list(
        "pk", "unit_id", "name"
    ):
        by_district[unit_id].append((pk, name))
    for d in districts:
        d.workplaces = sorted(by_district[d.pk])

    existing = set(
        ChecklistTemplate.objects.filter(standard=BENCH_STANDARD).values_list("unit_id", "level")
    )
    categories = {c.name: c for c in HazardCategory.objects.all()}
    templates = [
        ChecklistTemplate(
            name=f"{d.name}{Level(level).label}表", unit_id=d.pk, level=level,
            standard=BENCH_STANDARD,
        )
        for d in districts
        for level in Level.values
        if (d.pk, level) not in existing
    ]  # fmt: skip
    if templates:
        with transaction.atomic():
            ChecklistTemplate.objects.bulk_create(templates, batch_size=2000)
            versions = ChecklistVersion.objects.bulk_create(
                [ChecklistVersion(template=t, number=1) for t in templates], batch_size=2000
            )
            items = []
            for v_index, version in enumerate(versions):
                rotation = CHECKLIST[v_index % 3 :] + CHECKLIST[: v_index % 3]
                for order, (area, category, text) in enumerate(rotation[:6]):
                    items.append(
                        ChecklistItem(
                            version=version,
                            area=area,
                            category=categories[category],
                            text=text,
                            order=order,
                        )
                    )
            ChecklistItem.objects.bulk_create(items, batch_size=5000)
    planned = set(
        InspectionPlan.objects.filter(template__standard=BENCH_STANDARD).values_list(
            "unit_id", "level"
        )
    )
    template_of = {
        (unit_id, level): pk
        for pk, unit_id, level in ChecklistTemplate.objects.filter(
            standard=BENCH_STANDARD
        ).values_list("pk", "unit_id", "level")
    }
    starts_on = today - timedelta(days=30 * months)
    plans = []
    for i, d in enumerate(districts):
        for c, (crew_id, crew_path) in enumerate(d.crews):
            if (crew_id, Level.CREW_DAILY) not in planned:
                plans.append(
                    InspectionPlan(
                        unit_id=crew_id, unit_path=crew_path, level=Level.CREW_DAILY,
                        template_id=template_of[(d.pk, Level.CREW_DAILY)],
                        workplace_id=d.workplaces[c % len(d.workplaces)][0], starts_on=starts_on,
                    )
                )  # fmt: skip
        for level in (Level.DISTRICT_WEEKLY, Level.BRANCH_MONTHLY):
            if (d.pk, level) not in planned:
                plans.append(
                    InspectionPlan(
                        unit_id=d.pk, unit_path=d.path, level=level,
                        template_id=template_of[(d.pk, level)],
                        workplace_id=d.workplaces[i % len(d.workplaces)][0], starts_on=starts_on,
                    )
                )  # fmt: skip
    InspectionPlan.objects.bulk_create(plans, batch_size=2000)
    print(
        f"==> set-up: {len(new):,} work places, {len(templates):,} checklists, "
        f"{len(plans):,} plans added ({Workplace.objects.count():,} / "
        f"{ChecklistTemplate.objects.count():,} / {InspectionPlan.objects.count():,} in all), "
        f"{time.monotonic() - started:.1f} s"
    )


def seed_inspections(mines: list[Mine], seed: int, today: date, now: datetime) -> None:
    """This window's inspections of the bench plans that are not there yet."""
    started = time.monotonic()
    people_of_unit: dict[int, list[int]] = {}
    for mine in mines:
        for d in mine.districts:
            people_of_unit[d.pk] = d.people
            for crew_id, _path in d.crews:
                people_of_unit[crew_id] = d.crew_people.get(crew_id) or d.people
    plans = list(
        InspectionPlan.objects.filter(
            template__standard=BENCH_STANDARD, is_active=True
        ).values_list("pk", "unit_id", "level", "template_id", "starts_on")
    )
    if not plans:
        return
    window = min(p[4] for p in plans)
    since = at_local(window, 0) - timedelta(days=31)
    done = set(
        Inspection.objects.filter(
            plan__template__standard=BENCH_STANDARD, started_at__gte=since
        ).values_list("plan_id", "period")
    )
    version_of = dict(
        ChecklistVersion.objects.filter(template__standard=BENCH_STANDARD).values_list(
            "template_id", "pk"
        )
    )
    items_of: dict[int, list[int]] = defaultdict(list)
    for pk, version_id in ChecklistItem.objects.filter(
        version_id__in=list(version_of.values())
    ).values_list("pk", "version_id"):
        items_of[version_id].append(pk)
    rng = random.Random(f"{seed}:hazards-inspections:{len(done)}")
    rows, results = [], []
    for plan_id, unit_id, level, template_id, starts_on in plans:
        day = starts_on
        while day <= today:
            first, last = period_bounds(level, day)
            key = period_of(level, day)
            day = last + timedelta(days=1)
            if (plan_id, key) in done:
                continue
            # Done or missed, and when, are fixed per plan and period: a later run adds
            # only what has come due since, and never "does" a missed one.
            draw = random.Random(f"{seed}:{plan_id}:{key}")
            if draw.random() > DONE_SHARE[level]:
                continue
            first = max(first, starts_on)
            when = first + timedelta(days=draw.randint(0, (last - first).days))
            started_at = at_local(when, draw.uniform(7.5, 10.5))
            if started_at > now:
                continue  # not yet: this week's check may be done on Friday
            rows.append(
                [plan_id, version_of[template_id], key,
                 draw.choice(people_of_unit.get(unit_id) or [None]), started_at,
                 started_at + timedelta(minutes=draw.uniform(15, 50))]
            )  # fmt: skip
    rows = [r for r in rows if r[3] is not None]
    if not rows:
        print(f"==> inspections: {len(done):,} already, nothing to add")
        return
    with transaction.atomic(), connection.cursor() as c:
        first_id = reserve_ids(c, "hazards_inspection", len(rows))
        inspections = []
        for offset, row in enumerate(rows):
            pk = first_id + offset
            inspections.append([pk, *row])
            for item in items_of[row[1]]:
                failed = rng.random() < ITEM_FAILS
                results.append([pk, item, not failed, "发现问题，已登记隐患" if failed else ""])
        with c.connection.cursor() as pg:
            copy(pg, "hazards_inspection", INSPECTION_COLUMNS, inspections)
            copy(pg, "hazards_inspectionresult", RESULT_COLUMNS, results)
    with connection.cursor() as c:
        c.execute("ANALYZE hazards_inspection")
        c.execute("ANALYZE hazards_inspectionresult")
    print(
        f"==> inspections: {len(rows):,} added ({len(results):,} item results) to "
        f"{len(done):,}, {time.monotonic() - started:.1f} s"
    )


# --- Hazards ------------------------------------------------------------------------------


class Generator:
    def __init__(self, rng: random.Random, mines: list[Mine], labels: dict[int, str]):
        self.rng = rng
        self.mines = mines
        self.labels = labels
        self.now = datetime.now(UTC)
        self.today = local_day(self.now)
        self.categories = {c.name: c.pk for c in HazardCategory.objects.all()}
        names = [n for n in CATEGORY_WEIGHTS if n in self.categories]
        self.category = weighted(rng, [(n, CATEGORY_WEIGHTS[n]) for n in names])
        self.source = weighted(rng, SOURCES)
        self.severity = weighted(rng, SEVERITIES)
        self.events_total = 0

    def label(self, person: int | None) -> str:
        return self.labels.get(person, "—") if person else "系统"

    def hazard(self, pk: int) -> tuple[list, list[list]]:
        rng, now = self.rng, self.now
        mine = rng.choice(self.mines)
        district = rng.choice(mine.districts)
        if district.crews and rng.random() < UNIT_IS_CREW:
            unit_id, unit_path = rng.choice(district.crews)
            finders = district.crew_people.get(unit_id) or district.people
        else:
            unit_id, unit_path = district.pk, district.path
            finders = district.people
        created = now - timedelta(seconds=YEARS * 365 * DAY * (1 - rng.random() ** 0.8))
        source, severity, category = self.source(), self.severity(), self.category()
        where, what, measures = rng.choice(FINDINGS[category])
        workplace_id, wp_name = (
            rng.choice(district.workplaces)
            if district.workplaces and rng.random() < 0.5
            else (None, district.name)
        )
        finder = rng.choice(finders)
        responsible = rng.choice(district.people)
        checker = rng.choice(district.people)
        if checker == responsible:
            checker = next((p for p in district.people if p != responsible), None)
        h = {
            "source": source, "unit_path": unit_path, "severity": severity,
            "location": where.format(wp=wp_name, n=rng.randint(1, 120))[:120],
            "description": what, "measures": measures, "deadline": None, "state": "reported",
            "escalation_level": 0, "source_ref": "", "confidence": None, "created_at": created,
            "rectified_at": None, "closed_at": None, "rechecked_by": None,
            "rectified_by": None, "reported_by": finder, "responsible": None,
            "unit_id": unit_id, "category_id": self.categories[category],
            "workplace_id": workplace_id,
        }  # fmt: skip
        # The life, played forward from the moment it was found; the state is where it
        # has got to now. Steps: (action, at, from, to, actor, note).
        steps: list[tuple] = []
        found = created
        if source == "video":
            h["reported_by"] = None
            h["source_ref"] = (
                f"CAM-{mine.index:02d}{rng.randint(1, 40):02d}/{created:%Y%m%dT%H%M%S}"
            )
            h["confidence"] = round(rng.uniform(0.5, 0.99), 2)
            h["state"] = "pending"
            steps.append(("detect", created, "", "pending", None, what))
            decided = created + timedelta(seconds=rng.uniform(0.5, 12) * HOUR)
            if decided > now:
                return self._row(pk, h, steps), self._events(pk, steps)
            h["reported_by"] = finder
            if rng.random() < VIDEO_DISMISSED:
                steps.append(("dismiss", decided, "pending", "dismissed", finder, "现场查看无异常"))
                h["state"], h["closed_at"] = "dismissed", decided
                return self._row(pk, h, steps), self._events(pk, steps)
            steps.append(("confirm", decided, "pending", "reported", finder, "现场确认"))
            h["state"], found = "reported", decided
            direct = False
        else:
            direct = rng.random() < 0.7
            steps.append(("report", found, "", "assigned" if direct else "reported", finder, what))
        assign_at = found if direct else found + timedelta(seconds=rng.uniform(1, 48) * HOUR)
        if assign_at > now:
            return self._row(pk, h, steps), self._events(pk, steps)
        if not direct:
            steps.append(("assign", assign_at, "reported", "assigned", None, "指派整改"))
        deadline = local_day(assign_at) + timedelta(days=rng.choice(DEADLINE_DAYS[severity]))
        h.update(state="assigned", deadline=deadline, responsible=responsible)
        start_at = assign_at + timedelta(seconds=rng.uniform(0.05, 1.5) * DAY)
        if rng.random() < NEVER_RECTIFIED:
            rect_at = None
        elif rng.random() < ON_TIME:
            rect_at = start_at + (end_of(deadline) - start_at) * rng.uniform(0.2, 1.0)
            rect_at = max(rect_at, start_at + timedelta(hours=1))
        else:
            rect_at = end_of(deadline) + timedelta(seconds=rng.uniform(1, 10) * DAY)
        if start_at <= now and (rng.random() < STARTED or rect_at is None or rect_at > now):
            steps.append(("start", start_at, "assigned", "rectifying", responsible, ""))
            h["state"] = "rectifying"
        if rect_at is not None and rect_at <= now:
            steps.append(("rectify", rect_at, h["state"], "rectified", responsible, measures))
            h.update(state="rectified", rectified_at=rect_at, rectified_by=responsible)
            close_at = rect_at + timedelta(seconds=rng.uniform(0.1, 3) * DAY)
            if close_at <= now and checker is not None:
                steps.append(("recheck_pass", close_at, "rectified", "closed", checker, "复查合格"))
                h.update(state="closed", closed_at=close_at, rechecked_by=checker)
        overdue = (self.today - deadline).days
        open_late = h["state"] in ("assigned", "rectifying") and overdue > 0
        rectified_late = rect_at is not None and local_day(rect_at) > deadline
        if open_late or (rectified_late and h["rectified_at"] is not None):
            late = overdue if open_late else (local_day(rect_at) - deadline).days
            h["escalation_level"] = 2 if severity == "major" or late >= 3 else 1
            if open_late:
                at = min(end_of(deadline) + timedelta(hours=1), now)
                level = h["escalation_level"]
                steps.append((f"escalate_{level}", at, h["state"], h["state"], None, "超期督促"))
        return self._row(pk, h, steps), self._events(pk, steps)

    def _row(self, pk: int, h: dict, steps: list) -> list:
        # The version counts the state changes, as the services' `finish` does.
        version = sum(1 for s in steps if s[2] and s[2] != s[3])
        supervised = h["severity"] == "major" and h["state"] not in ("pending", "dismissed")
        return [
            pk, h["source"], h["unit_path"], h["location"], h["severity"], h["description"],
            h["measures"], h["deadline"], h["state"], version, supervised,
            h["escalation_level"], h["source_ref"], h["confidence"], h["created_at"],
            h["rectified_at"], h["closed_at"], None, h["rechecked_by"], h["rectified_by"],
            h["reported_by"], h["responsible"], h["unit_id"], h["category_id"], None,
            h["workplace_id"],
        ]  # fmt: skip

    def _events(self, pk: int, steps: list) -> list[list]:
        # At most four: the start is the first to go (rectify follows assign directly),
        # then the assignment of a confirmed detection.
        for drop in ("start", "assign", "confirm"):
            if len(steps) > 4:
                steps = [s for s in steps if s[0] != drop]
        rows = [
            [pk, at, actor, self.label(actor), "", action, from_state, to_state, note, "public"]
            for action, at, from_state, to_state, actor, note in steps
        ]
        self.events_total += len(rows)
        return rows


def seed_hazards(target: int, seed: int, months: int) -> None:
    started = time.monotonic()
    mines, labels = load_group()
    if not mines:
        sys.exit("no mine with districts and people: run seed_demo first (bench/run.sh)")
    now = datetime.now(UTC)
    today = local_day(now)
    ensure_setup(mines, months, today)
    seed_inspections(mines, seed, today, now)
    existing = Hazard.objects.count()
    if existing >= target:
        print(f"==> {existing:,} hazards already, nothing to add (target {target:,})")
        return
    rng = random.Random(f"{seed}:hazards-bench:{existing}")
    districts = sum(len(m.districts) for m in mines)
    print(
        f"==> {existing:,} hazards; adding {target - existing:,} in {len(mines)} mines "
        f"({districts} districts, {len(labels):,} people), {time.monotonic() - started:.1f} s"
    )
    generator = Generator(rng, mines, labels)
    left = target - existing
    while left > 0:
        n = min(BATCH, left)
        with transaction.atomic(), connection.cursor() as c:
            first = reserve_ids(c, "hazards_hazard", n)
            hazards, events = [], []
            for pk in range(first, first + n):
                row, rows = generator.hazard(pk)
                hazards.append(row)
                events.extend(rows)
            with c.connection.cursor() as pg:
                copy(pg, "hazards_hazard", HAZARD_COLUMNS, hazards)
                copy(pg, "hazards_hazardevent", EVENT_COLUMNS, events)
        left -= n
        print(
            f"    {target - left - existing:,} hazards, {generator.events_total:,} events, "
            f"{time.monotonic() - started:.0f} s",
            flush=True,
        )
    with connection.cursor() as c:
        c.execute("ANALYZE hazards_hazard")
        c.execute("ANALYZE hazards_hazardevent")
    added = target - existing
    print(
        f"==> {Hazard.objects.count():,} hazards in all; added {added:,} hazards and "
        f"{generator.events_total:,} events ({generator.events_total / added:.2f} per hazard) "
        f"in {time.monotonic() - started:.0f} s"
    )


# --- Accounts for the load scenario -----------------------------------------------------------


def every_nth(items: list, count: int) -> list:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def write_accounts(path: str, mine_officers: int = 40, district_officers: int = 80) -> None:
    """Mine officers with their mine; district officers with their district."""
    mine_tier, district_tier = [], []
    rows = (
        RoleAssignment.objects.filter(
            role__in=(
                Role.LEADERSHIP,
                Role.DISCIPLINE_INSPECTOR,
                Role.ADMIN,
                Role.UNION_CHAIR,
                Role.BRANCH_SECRETARY,
            ),
            person__is_active=True,
        )
        .select_related("person", "organisation__unit")
        .order_by("person__employee_no", "pk")
    )
    for a in rows:
        org = a.organisation
        unit = org.unit if org.unit_id else org
        if unit is None or not a.person.has_usable_password():
            continue
        account = {"employee_no": a.person.employee_no, "unit": unit.pk, "name": unit.name}
        if unit.kind == OrgKind.MINE:
            mine_tier.append({**account, "tier": "mine"})
        elif unit.kind == OrgKind.DISTRICT and a.role in (Role.BRANCH_SECRETARY, Role.UNION_CHAIR):
            district_tier.append({**account, "tier": "district"})
    if not mine_tier or not district_tier:
        sys.exit("no office holder can sign in: seed with seed_demo --bench-logins")
    accounts = every_nth(mine_tier, mine_officers) + every_nth(district_tier, district_officers)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(accounts, ensure_ascii=False, indent=1))
    counts = defaultdict(int)
    for a in accounts:
        counts[a["tier"]] += 1
    print(f"==> {len(accounts)} hazards accounts {dict(counts)} in {path}")


# --- The ledger export ---------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peaks(master: int) -> dict[int, float]:
    """VmHWM (peak resident set, MB) of each child of the gunicorn master."""
    peaks = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmHWM" in fields:
            peaks[int(entry.name)] = int(fields["VmHWM"].split()[0]) / 1024
    return peaks


def export_url(account: dict, today: date) -> tuple[str, date, date]:
    since = today.replace(year=today.year - 1) + timedelta(days=1)
    return (
        f"/hazards/board/export/?unit={account['unit']}&state=all"
        f"&since={since.isoformat()}&until={today.isoformat()}",
        since,
        today,
    )


def probe(accounts_path: str) -> None:
    """One request to each measured page, in this process: status, time and queries."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    accounts = json.loads(Path(accounts_path).read_text())
    today = local_day(datetime.now(UTC))
    mine = next(a for a in accounts if a["tier"] == "mine")
    district = next(a for a in accounts if a["tier"] == "district")
    pages = [
        ("board, mine (open)", mine, f"/hazards/board/?unit={mine['unit']}"),
        ("board, mine (open) p2", mine, f"/hazards/board/?unit={mine['unit']}&page=2"),
        ("stats, district (month)", district,
         f"/hazards/stats/?unit={district['unit']}&since={today.replace(day=1)}&until={today}"),
        ("stats, mine (month)", mine,
         f"/hazards/stats/?unit={mine['unit']}&since={today.replace(day=1)}&until={today}"),
    ]  # fmt: skip
    failed = False
    for name, account, url in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(Person.objects.get(employee_no=account["employee_no"]))
        client.get(url)  # warm up: the first request of a process loads templates
        with CaptureQueriesContext(connection) as queries:
            started = time.monotonic()
            response = client.get(url)
            elapsed = (time.monotonic() - started) * 1000
        failed |= response.status_code != 200
        print(
            f"    {name:<26} HTTP {response.status_code}  {elapsed:6.0f} ms  "
            f"{len(queries):>3} queries  {account['name']} ({account['employee_no']})  {url}"
        )
    if failed:
        sys.exit("a page did not answer 200: not running the load test")


def time_export(accounts_path: str, host: str, gunicorn_pid: int | None) -> None:
    from django.test import Client

    accounts = json.loads(Path(accounts_path).read_text())
    account = next(a for a in accounts if a["tier"] == "mine")
    person = Person.objects.get(employee_no=account["employee_no"])
    today = local_day(datetime.now(UTC))
    url, since, until = export_url(account, today)
    mine = Organisation.objects.get(pk=account["unit"])
    rows = Hazard.objects.filter(
        unit_path__startswith=mine.path,
        created_at__gte=at_local(since, 0),
        created_at__lt=at_local(until + timedelta(days=1), 0),
    ).count()
    print(f"==> ledger export of {mine.name}, {since} to {until}: {rows:,} hazards")
    print(f"    {url}  (as {account['employee_no']})")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    # Warm up (the app's modules and templates) so that the peak below is the export's.
    client.get(f"/hazards/board/?unit={account['unit']}")
    client.get(f"/hazards/board/export/?unit={account['unit']}&state=all&since={until}")
    before = peak_rss_mb()
    started = time.monotonic()
    response = client.get(url)
    size = 0
    out = Path("var/bench/hazards_ledger.xlsx")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        chunks = response.streaming_content if response.streaming else [response.content]
        for chunk in chunks:
            size += len(chunk)
            f.write(chunk)
    elapsed = time.monotonic() - started
    kind = response.get("Content-Type", "")
    print(
        f"    in-process: HTTP {response.status_code} {kind[:60]}, {size / 1e6:.1f} MB in "
        f"{elapsed:.1f} s; peak RSS of the process {before:.0f} MB before, "
        f"{peak_rss_mb():.0f} MB after"
    )
    try:
        from python_calamine import CalamineWorkbook

        sheets = CalamineWorkbook.from_path(str(out))
        data = sheets.get_sheet_by_index(0).to_python()
        print(f"    the file: {len(data) - 1:,} data rows under the header (sheet 1), {out}")
    except Exception as exc:  # noqa: BLE001 - a report line, not a check
        print(f"    (could not read the file back: {exc})")

    if not host:
        return
    import re

    import requests

    session = requests.Session()
    page = session.get(f"{host}/accounts/login/")
    token = session.cookies.get("csrftoken", "")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    signed = session.post(
        f"{host}/accounts/login/",
        {
            "employee_no": account["employee_no"],
            "password": os.environ.get("BENCH_PASSWORD", "Tongxin@2026"),
            "csrfmiddlewaretoken": match.group(1) if match else token,
        },
        headers={"Referer": f"{host}/accounts/login/"},
        allow_redirects=False,
    )
    if signed.status_code != 302:
        print(f"    over HTTP: sign-in failed ({signed.status_code})")
        return
    peaks_before = worker_peaks(gunicorn_pid) if gunicorn_pid else {}
    started = time.monotonic()
    size = 0
    with session.get(f"{host}{url}", stream=True) as response:
        first_byte = time.monotonic() - started
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
        status = response.status_code
    elapsed = time.monotonic() - started
    line = (
        f"    over HTTP (gunicorn): HTTP {status}, {size / 1e6:.1f} MB in {elapsed:.1f} s "
        f"(first byte after {first_byte:.1f} s)"
    )
    if gunicorn_pid:
        peaks = worker_peaks(gunicorn_pid)
        grown = {pid: peaks[pid] - peaks_before.get(pid, 0) for pid in peaks}
        pid = max(grown, key=grown.get) if grown else None
        if pid:
            line += (
                f"; worker peak RSS {peaks_before.get(pid, 0):.0f} -> {peaks[pid]:.0f} MB "
                f"(the worker that grew most)"
            )
    print(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--hazards", type=int, default=0, help="bring the hazard count up to N")
    parser.add_argument("--months", type=int, default=3, help="months of plans and inspections")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--accounts", default="", help="write the load test's accounts here")
    parser.add_argument("--probe", default="", help="request each page once (accounts file)")
    parser.add_argument("--export", default="", help="time the ledger export (accounts file)")
    parser.add_argument(
        "--export-host", default="", help="also over HTTP, e.g. http://127.0.0.1:8765"
    )
    parser.add_argument("--gunicorn-pid", type=int, default=0)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/hazards_seed.py writes with COPY: point DATABASE_URL at PostgreSQL")
    if args.hazards:
        seed_hazards(args.hazards, args.seed, args.months)
    if args.accounts:
        write_accounts(args.accounts)
    if args.probe:
        probe(args.probe)
    if args.export:
        time_export(args.export, args.export_host, args.gunicorn_pid or None)
