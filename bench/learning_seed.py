"""A year of study at group scale for the learning benchmark (issue #15), written with COPY.

Run inside the benchmark's environment (DATABASE_URL set), after seed_demo (which gives
every branch its year of 三会一课 and every mine its point rules):

    python bench/learning_seed.py --events 20000000     # study days + point events, in all
    python bench/learning_seed.py --accounts var/bench/learning_accounts.json
    python bench/learning_seed.py --probe var/bench/learning_accounts.json

--events N brings StudyDay and PointEvent rows together up to about N (nothing is done
when the study tables already hold 95 % of it; an interrupted run resumes after the last
person written). First, once per mine and with the ORM: the point rules (if missing),
ten library modules of 24 published materials each (articles 60 %, videos 30 %,
documents 10 %; Party-only a fifth of the Party modules'), and two required courses (all
Party members: three materials; crew leaders: two). Then, person by person, in chunks
of 4,000 people per transaction:

- An activity level: 30 % barely use the platform, 35 % now and then, 25 % often, 10 %
  nearly daily; Party members twice as often. Active days drawn over the last 365 days
  with weekday 1.0, Saturday 0.6, Sunday 0.5, Spring Festival week 0.3, June 1.4 (before
  1 July), March and November 1.2, and a slow rise over the year.
- On each active day 1–6 materials of the person's mine (Party-only ones for members),
  at a time of day from the shift pattern (before the shift 20 %, lunch 25 %, evening
  45 %, other 10 %, Asia/Shanghai): 35 % studied through (an article for its reading
  time and more, a video to the end), the rest opened and left within two minutes (or
  three, a video); a few documents.
  Heartbeat counters as the beats would leave them; 1 in 2,000 study days flagged
  (with its StudyFlag).
- The points the services would award for it, each a PointEvent with its source: the
  day's login, each article read and video watched once per person ever (`once_key`),
  article time per 2 minutes, video time per 3 minutes, the daily quiz on a third of
  active days (1–5 right answers); every rule's daily cap held; the PointDay rows are
  the per-rule day sums of those events.

For a first fill the tables' non-unique indexes are dropped and built again after the
load (their definitions are kept in var/bench/learning_indexes_<database>.sql and re-created from
there by any later run, should one be interrupted). ANALYZE follows.

--accounts PATH writes the accounts the load scenario signs in as: branch secretaries
(of branches with members) and mine officers (leadership and administrators of a mine),
all holding an office, so seed_demo --bench-logins gave them the demo password.
--probe PATH requests each page once in this process and prints status, time, queries.

Everything is drawn from random.Random(--seed); days count back from the day of the run.
"""

import argparse
import json
import math
import os
import random
import sys
import time
from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tongxin.learning.models import (  # noqa: E402
    Kind,
    Material,
    MaterialState,
    Module,
    PointRule,
    RequiredCourse,
    StudyDay,
    Who,
)
from tongxin.learning.points import rules as R  # noqa: E402
from tongxin.learning.points.rules import ensure_rules  # noqa: E402
from tongxin.people.models import (  # noqa: E402
    PARTY_STATUSES,
    Organisation,
    OrgKind,
    Person,
    Role,
    RoleAssignment,
    Tree,
)

CHUNK = 4000
DAYS = 365
LOCAL = ZoneInfo(settings.TIME_ZONE)
INDEX_FILE = Path(f"var/bench/learning_indexes_{settings.DATABASES['default']['NAME']}.sql")
TABLES = ("learning_studyday", "learning_pointevent", "learning_pointday", "learning_studyflag")
MODULES = ("政策理论", "党纪法规", "会议精神解读", "安全生产", "党史学习", "工会知识",
           "技术规程", "应急救援", "职业健康", "企业文化")  # fmt: skip
PARTY_MODULES = {"政策理论", "党纪法规", "会议精神解读", "党史学习"}
PER_MODULE = 24
# (share of people, relative activity)
LEVELS = ((0.30, 0.03), (0.35, 0.35), (0.25, 1.2), (0.10, 5.0))
# Study days and point events per active day, for sizing (measured on the generator).
ROWS_PER_ACTIVE_DAY = 8.5
SLOTS_ALL = (1 << 40) - 1

SD_COLUMNS = ("person_id", "material_id", "module_id", "day", "seconds", "progress", "watched",
              "completed_at", "last_beat_at", "beats", "fast_beats", "gap_sum", "gap_squares",
              "flagged", "unit_path", "party_path")  # fmt: skip
PE_COLUMNS = ("person_id", "rule_id", "points", "at", "day", "source", "once_key", "note")
PD_COLUMNS = ("person_id", "rule_id", "day", "points", "unit_path", "party_path")
SF_COLUMNS = ("person_id", "material_id", "reason", "at", "day", "unit_path", "party_path")
CAPS = {code: cap for code, (_l, _d, _p, cap) in R.DEFAULT_RULES.items()}


def ts(value: datetime) -> str:
    return value.isoformat()


def copy(cursor, table: str, columns, lines: list[str]) -> None:
    if not lines:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as pipe:
        for start in range(0, len(lines), 50_000):
            pipe.write("".join(lines[start : start + 50_000]))


# --- the library and the rules ------------------------------------------------------


def mines() -> list[Organisation]:
    return list(Organisation.objects.filter(kind=OrgKind.MINE, tree=Tree.UNIT).order_by("path"))


@transaction.atomic
def ensure_library(rng: random.Random, today: date) -> None:
    for mine in mines():
        ensure_rules(PointRule, mine)
        if Module.objects.filter(mine=mine).exists():
            continue
        author = Person.objects.filter(unit__path__startswith=mine.path).order_by("pk").first()
        for order, name in enumerate(MODULES):
            module = Module.objects.create(mine=mine, org_path=mine.path, name=name, order=order)
            items = []
            for i in range(PER_MODULE):
                kind = rng.choices((Kind.ARTICLE, Kind.VIDEO, Kind.DOCUMENT), (6, 3, 1))[0]
                text = f"{name}学习资料第{i + 1}篇：{mine.name}压测正文。" * 3
                items.append(
                    Material(
                        module=module,
                        unit=mine,
                        org_path=mine.path,
                        kind=kind,
                        title=f"{name}·第{i + 1}讲",
                        body=f"<p>{text}</p>",
                        text=text,
                        url="http://intranet.example/v/1" if kind == Kind.VIDEO else "",
                        length=rng.randint(800, 4000) if kind == Kind.ARTICLE else 0,
                        duration=rng.randint(300, 1800) if kind == Kind.VIDEO else 0,
                        audience=Who.PARTY
                        if name in PARTY_MODULES and rng.random() < 0.2
                        else Who.EVERYONE,
                        state=MaterialState.PUBLISHED,
                        author=author,
                        published_at=timezone.now() - timedelta(days=rng.randint(0, 400)),
                    )
                )
            Material.objects.bulk_create(items)
        mats = list(
            Material.objects.filter(org_path=mine.path, audience=Who.EVERYONE).order_by("pk")
        )
        for title, who, n in (
            ("党员必修：会议精神", Who.PARTY, 3),
            ("班组长安全必修", Who.CREW_LEADERS, 2),
        ):
            course = RequiredCourse.objects.create(
                title=title, who=who, unit=mine, org_path=mine.path,
                deadline=today + timedelta(days=rng.randint(10, 60)),
            )  # fmt: skip
            course.materials.set(rng.sample(mats, n))


# --- people ------------------------------------------------------------------------


def people_rows(after: int):
    """(pk, unit path, Party organisation path, mine id, is party member) per person."""
    mine_by_path = {m.path: m.pk for m in mines()}
    steplen = Organisation.steplen
    rows = (
        Person.objects.filter(is_active=True, unit__isnull=False, pk__gt=after)
        .order_by("pk")
        .values_list("pk", "unit__path", "party_org__path", "political_status")
    )
    for pk, unit_path, party_path, status in rows.iterator(chunk_size=10_000):
        mine = next(
            (mine_by_path[unit_path[:i]] for i in range(steplen, len(unit_path) + 1, steplen)
             if unit_path[:i] in mine_by_path),
            None,
        )  # fmt: skip
        if mine is None:
            continue
        # Rows carry the person's own Party organisation (their group if they are in
        # one), as the platform writes them (learning.access.party_path_of).
        yield pk, unit_path, party_path or "", mine, status in PARTY_STATUSES


# --- one person's year -------------------------------------------------------------


class Year:
    """The day weights of the last 365 days and the drawing of times of day."""

    def __init__(self, today: date):
        self.days = [today - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
        spring = date(today.year, 2, 17) if today.month > 2 else date(today.year - 1, 1, 29)
        cum, total = [], 0.0
        for i, d in enumerate(self.days):
            w = (1.0, 1.0, 1.0, 1.0, 1.0, 0.6, 0.5)[d.weekday()]
            w *= {6: 1.4, 3: 1.2, 11: 1.2}.get(d.month, 1.0)
            if abs((d - spring).days) <= 4:
                w *= 0.3
            w *= 0.8 + 0.4 * i / DAYS
            total += w
            cum.append(total)
        self.cum, self.total = cum, total
        self.mean_weight = total / DAYS

    def draw(self, rng: random.Random, n: int) -> list[date]:
        picks = {bisect_left(self.cum, rng.random() * self.total) for _ in range(n)}
        return [self.days[min(i, DAYS - 1)] for i in sorted(picks)]


def start_time(rng: random.Random, day: date) -> datetime:
    r = rng.random()
    if r < 0.20:
        minute = rng.randint(6 * 60 + 20, 8 * 60)
    elif r < 0.45:
        minute = rng.randint(12 * 60, 13 * 60 + 30)
    elif r < 0.90:
        minute = rng.randint(19 * 60 + 30, 22 * 60 + 30)
    else:
        minute = rng.randint(8 * 60, 19 * 60)
    local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, rng.randint(0, 59))
    return local.replace(tzinfo=LOCAL).astimezone(UTC)


def person_year(rng, year, person, mats, rules, scale, out, read):
    pk, unit_path, party_path, mine, is_party = person
    level, activity = rng.random(), LEVELS[-1][1]
    for share, level_activity in LEVELS:
        if level < share:
            activity = level_activity
            break
        level -= share
    n = activity * scale * (2.0 if is_party else 1.0) * rng.uniform(0.5, 1.5)
    n = min(DAYS - 5, int(n) + (rng.random() < n - int(n)))
    if n <= 0:
        return
    sd, pe, pd, sf = out
    readable = mats[mine][0 if is_party else 1]
    done = read.setdefault(pk, set())
    tail_sd = f"\t{unit_path}\t{party_path}\n"
    for day in year.draw(rng, n):
        at = start_time(rng, day)
        iso_day = day.isoformat()
        day_points = dict.fromkeys(rules[mine], 0)

        def award(
            code, at, source="", once_key="", note="", day_points=day_points, iso_day=iso_day
        ):
            if day_points[code] >= CAPS[code]:
                return
            day_points[code] += 1
            pe.append(
                f"{pk}\t{rules[mine][code]}\t1\t{ts(at)}\t{iso_day}\t{source}\t{once_key}\t{note}\n"
            )

        award(R.LOGIN, at - timedelta(seconds=rng.randint(5, 90)), "accounts.login")
        for m_id, kind, length, duration, module_id, title in rng.sample(
            readable, rng.choices((1, 2, 3, 4, 5, 6), (25, 25, 20, 15, 10, 5))[0]
        ):
            full = rng.random() < 0.35
            source = f"learning.material:{m_id}"
            if kind == Kind.ARTICLE:
                need = max(30, math.ceil(length * 60 / 300))
                seconds = (
                    int(need * rng.uniform(1.0, 1.6)) if full else rng.randint(20, min(need, 110))
                )
                progress, watched = 0.0, 0
                complete = full and m_id not in done
            elif kind == Kind.VIDEO:
                seconds = int(duration * rng.uniform(0.95, 1.2)) if full else rng.randint(30, 170)
                progress = 1.0 if full else round(seconds / duration, 3)
                watched = SLOTS_ALL if full else (1 << max(1, int(40 * progress))) - 1
                complete = full and m_id not in done
            else:
                seconds, progress, watched = rng.randint(30, 900), 0.0, 0
                complete = m_id not in done
            end = at + timedelta(seconds=seconds)
            beats = max(1, seconds // 15)
            flagged = rng.random() < 0.0005
            sd.append(
                f"{pk}\t{m_id}\t{module_id}\t{iso_day}\t{seconds}\t{progress}\t{watched}\t"
                f"{ts(end) if complete and not flagged else chr(92) + 'N'}\t{ts(end)}\t{beats}\t0\t"
                f"{beats * 15.3:.1f}\t{beats * 236.5:.1f}\t{'t' if flagged else 'f'}{tail_sd}"
            )
            if flagged:
                sf.append(
                    f"{pk}\t{m_id}\t心跳间隔过于规律（疑似脚本）\t{ts(end)}\t{iso_day}{tail_sd}"
                )
                at = end + timedelta(seconds=rng.randint(10, 300))
                continue
            if kind == Kind.ARTICLE:
                for step in range(1, seconds // 120 + 1):
                    award(R.ARTICLE_TIME, at + timedelta(seconds=120 * step), source)
                if complete:
                    award(R.READ_ARTICLE, end, source, f"material:{m_id}", title)
            elif kind == Kind.VIDEO:
                for step in range(1, seconds // 180 + 1):
                    award(R.VIDEO_TIME, at + timedelta(seconds=180 * step), source)
                if complete:
                    award(R.WATCH_VIDEO, end, source, f"material:{m_id}", title)
            if complete:
                done.add(m_id)
            at = end + timedelta(seconds=rng.randint(10, 300))
        if rng.random() < 0.33:
            for q in range(rng.randint(1, 5)):
                award(R.DAILY_QUIZ, at + timedelta(seconds=20 * q), "learning.practice")
        for code, points in day_points.items():
            if points:
                pd.append(f"{pk}\t{rules[mine][code]}\t{iso_day}\t{points}{tail_sd}")


# --- indexes -----------------------------------------------------------------------


def drop_indexes(cursor) -> None:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
        " AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
        [list(TABLES)],
    )
    found = cursor.fetchall()
    if not found:
        return
    INDEX_FILE.parent.mkdir(parents=True, exist_ok=True)
    kept = INDEX_FILE.read_text().splitlines() if INDEX_FILE.exists() else []
    defs = sorted(
        set(kept) | {d.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ") for _n, d in found}
    )
    INDEX_FILE.write_text("\n".join(defs) + "\n")
    for name, _d in found:
        cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore_indexes(cursor) -> None:
    if not INDEX_FILE.exists():
        return
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for line in INDEX_FILE.read_text().splitlines():
        if line.strip():
            t0 = time.perf_counter()
            cursor.execute(line)
            print(f"    {line.split(' ON ')[0][27:]}: {time.perf_counter() - t0:.1f} s")


# --- the fill ----------------------------------------------------------------------


def seed_study(target: int, seed: int) -> None:
    rng = random.Random(seed)
    today = timezone.localdate()
    with connection.cursor() as c:
        restore_indexes(c)  # an interrupted earlier run
    ensure_library(rng, today)
    have = StudyDay.objects.count()
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM learning_pointevent")
        have += c.fetchone()[0]
    if have >= 0.95 * target:
        print(f"    {have:,} study days and point events already: nothing to do")
        return
    after = StudyDay.objects.order_by("-person_id").values_list("person_id", flat=True).first() or 0
    mats = {}
    for m in Material.objects.filter(state=MaterialState.PUBLISHED).select_related("module"):
        row = (m.pk, m.kind, m.length, m.duration, m.module_id, m.title[:60])
        mine = m.module.mine_id
        mats.setdefault(mine, ([], []))
        mats[mine][0].append(row)
        if m.audience == Who.EVERYONE:
            mats[mine][1].append(row)
    rules = {}
    for r in PointRule.objects.all():
        rules.setdefault(r.mine_id, {})[r.code] = r.pk
    people = list(people_rows(after))
    total_people = Person.objects.filter(is_active=True, unit__isnull=False).count()
    year = Year(today)
    # Active days per unit of activity, so that the people left bring the rows to target.
    party_share = sum(p[4] for p in people) / max(len(people), 1)
    mean_activity = sum(s * a for s, a in LEVELS) * (1 + party_share)
    scale = (target - have) / ROWS_PER_ACTIVE_DAY / max(len(people), 1) / mean_activity
    print(f"    {len(people):,} of {total_people:,} people to go, {scale:.1f} active days per unit")
    t0 = time.perf_counter()
    with connection.cursor() as c:
        if have < 1_000_000:
            drop_indexes(c)
    written = [0, 0, 0, 0]
    read: dict[int, set] = {}
    for start in range(0, len(people), CHUNK):
        out = ([], [], [], [])
        for person in people[start : start + CHUNK]:
            person_year(rng, year, person, mats, rules, scale, out, read)
        read.clear()
        with transaction.atomic(), connection.cursor() as c:
            c.execute("SET LOCAL synchronous_commit = off")
            # No per-row foreign-key triggers: every id was read from the database above.
            c.execute("SET LOCAL session_replication_role = replica")
            copy(c, "learning_studyday", SD_COLUMNS, out[0])
            copy(c, "learning_pointevent", PE_COLUMNS, out[1])
            copy(c, "learning_pointday", PD_COLUMNS, out[2])
            copy(c, "learning_studyflag", SF_COLUMNS, out[3])
        for i in range(4):
            written[i] += len(out[i])
        done = min(start + CHUNK, len(people))
        if done % 40_000 == 0 or done == len(people):
            print(
                f"    {done:,} people: {written[0]:,} study days, {written[1]:,} point events, "
                f"{written[2]:,} point days, {written[3]:,} flags, {time.perf_counter() - t0:.0f} s"
            )
    print(f"==> building the indexes again ({time.perf_counter() - t0:.0f} s so far)")
    with connection.cursor() as c:
        restore_indexes(c)
        c.execute("ANALYZE")
    print(f"    done in {time.perf_counter() - t0:.0f} s")


# --- accounts and probe ------------------------------------------------------------


def write_accounts(path: str) -> None:
    secretaries = []
    for a in (
        RoleAssignment.objects.filter(
            role=Role.BRANCH_SECRETARY,
            organisation__kind=OrgKind.BRANCH,
            organisation__tree=Tree.PARTY,
        )
        .select_related("person", "organisation")
        .order_by("organisation__path")
    ):
        secretaries.append({"employee_no": a.person.employee_no, "tier": "secretary"})
    step = max(1, len(secretaries) // 200)
    accounts = secretaries[::step][:200]
    officers = (
        RoleAssignment.objects.filter(
            role__in=(Role.LEADERSHIP, Role.ADMIN), organisation__kind=OrgKind.MINE
        )
        .select_related("person")
        .order_by("organisation__path", "pk")
    )
    seen = set()
    for a in officers:
        if a.person_id not in seen:
            seen.add(a.person_id)
            accounts.append({"employee_no": a.person.employee_no, "tier": "mine"})
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(accounts, ensure_ascii=False, indent=0))
    kinds = {k: sum(a["tier"] == k for a in accounts) for k in ("secretary", "mine")}
    print(f"    {len(accounts)} accounts: {kinds}")


PAGES = {
    "secretary": [
        "/learning/library/desk/",
        "/learning/library/ranking/?period=month&scope=branch",
    ],
    "mine": ["/learning/meetings/missed/", "/learning/library/ranking/?period=month&scope=mine"],
}


def probe(path: str) -> None:
    from django.db import reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    accounts = json.loads(Path(path).read_text())
    failed = False
    for kind in PAGES:
        account = next(a for a in accounts if a["tier"] == kind)
        client = Client()
        client.force_login(Person.objects.get(employee_no=account["employee_no"]))
        for url in PAGES[kind]:
            for _ in range(2):  # the second, warm
                reset_queries()
                with CaptureQueriesContext(connection) as q:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    ms = 1000 * (time.perf_counter() - t0)
            failed |= response.status_code != 200
            print(f"    {kind:9s} {url:55s} {response.status_code} {ms:6.0f} ms {len(q)} queries")
    if failed:
        sys.exit("a page did not answer 200")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=0, help="study days + point events, about")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--accounts", default="")
    parser.add_argument("--probe", default="")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/learning_seed.py writes with COPY: point DATABASE_URL at PostgreSQL")
    if args.events:
        seed_study(args.events, args.seed)
    if args.accounts:
        write_accounts(args.accounts)
    if args.probe:
        probe(args.probe)
