"""Worker-voice cases at group scale for the benchmark, written with COPY.

Run inside the benchmark's environment (DATABASE_URL set), after seed_demo:

    python bench/voice_seed.py --cases 1000000          # up to a million cases in all
    python bench/voice_seed.py --accounts var/bench/voice_accounts.json

--cases N brings the number of cases up to N (nothing is done when there are already N
or more: the script can be run on every benchmark run). Cases are spread over the
last three years in every mine: mostly closed for the old ones, every state among the
last month's; channels, categories, anonymous suggestions, departments and handlers as
the demo mine has them, with `org_path` copied from the unit's path as the services do.
Each case has the 2-4 timeline events its state implies. Rows go in with COPY, 50,000
cases (and their events) per transaction; ANALYZE follows.

--accounts PATH writes the accounts the voice load scenario signs in as: officers
(sub-union chairs and branch secretaries of districts, and the mines' union chairs and
administrators) with the unit their inbox is filtered by, and workers who have cases.
Workers hold no office, so seed_demo --bench-logins left them without a password: the
chosen workers get the demo password here. That is for the bench database only.

Everything is drawn from random.Random(--seed): the same seed and size give the same
cases (times count back from the day of the run).
"""

import argparse
import io
import json
import os
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment  # noqa: E402
from tongxin.voice import demo  # noqa: E402
from tongxin.voice.models import Case, Category, CongressSession  # noqa: E402

BATCH = 50_000
YEARS = 3
DAY = 86400.0

CHANNELS = (
    ("request", 55),
    ("suggestion", 20),
    ("proposal", 14),
    ("forum", 4),
    ("grid", 4),
    ("hazard", 2),
    ("congress", 1),
)
ANONYMOUS_SHARE = 0.35  # of suggestions
# A month old or more: almost all settled. Younger: anywhere along the way.
OLD_STATES = (
    ("closed", 930),
    ("merged", 30),
    ("assigned", 15),
    ("awaiting_info", 10),
    ("handled", 5),
    ("accepted", 5),
    ("submitted", 5),
)
RECENT_STATES = (
    ("submitted", 15),
    ("accepted", 10),
    ("assigned", 30),
    ("awaiting_info", 5),
    ("handled", 10),
    ("replied", 15),
    ("closed", 12),
    ("merged", 3),
)
RATINGS = ((5, 40), (4, 30), (3, 15), (2, 10), (1, 5))

CASE_COLUMNS = (
    "id", "channel", "title", "body", "is_major", "org_path", "is_anonymous", "receipt_hash",
    "state", "resume_state", "paused_on", "version", "deadline", "escalation_level",
    "reopened", "handling_note", "reply", "replied_at", "rating", "rating_comment",
    "closed_at", "adopted", "benefit", "benefit_amount", "reward_amount", "congress_number",
    "cosign_count", "decision_reason", "source_app", "source_ref", "created_at", "updated_at",
    "department_id", "entered_by_id", "handler_id", "merged_into_id", "organisation_id",
    "submitter_id", "watch_org_id", "category_id", "congress_session_id", "forum_id",
)  # fmt: skip
EVENT_COLUMNS = (
    "case_id", "at", "actor_id", "actor_label", "actor_role", "action", "from_state",
    "to_state", "note", "visibility",
)  # fmt: skip


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
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")
        )
    return text


def render(templates) -> list[tuple[str, str, str]]:
    """(category, title, body) with the placeholders filled once."""
    values = {
        "unit": "综采二队", "crew": "检修班", "month": 9, "nights": 18, "counted": 14,
        "amount": 150, "masks": 3, "building": 4, "support_a": 60, "support_b": 72,
    }  # fmt: skip
    return [(t[0], t[1].format(**values), t[2].format(**values)) for t in templates]


class Mine:
    """What one mine's cases are drawn from."""

    def __init__(self, org: Organisation):
        self.org = org
        self.units: list[tuple[int, str, str, str]] = []  # (id, path, kind, name)
        self.districts: list[tuple[int, str]] = []
        self.by_name: dict[str, tuple[int, str]] = {}
        self.workers: list[tuple[int, int, str]] = []  # (person, unit, unit path)
        self.staff: dict[int, list[int]] = defaultdict(list)  # unit id -> people there
        self.officers: list[int] = []
        self.sessions: dict[int, int] = {}  # year -> congress session id
        self.numbers: dict[int, int] = defaultdict(int)


def load(rng: random.Random) -> list[Mine]:
    mines = [Mine(o) for o in Organisation.objects.filter(kind=OrgKind.MINE).order_by("path")]
    step = Organisation.steplen
    by_path = {m.org.path: m for m in mines}

    def mine_for(path: str) -> Mine | None:
        for depth in range(len(path) // step, 0, -1):
            found = by_path.get(path[: depth * step])
            if found:
                return found
        return None

    for pk, path, kind, name in Organisation.objects.filter(
        kind__in=(OrgKind.DISTRICT, OrgKind.DEPARTMENT)
    ).values_list("pk", "path", "kind", "name"):
        mine = mine_for(path)
        if mine:
            mine.units.append((pk, path, kind, name))
            mine.by_name[name] = (pk, path)
            if kind == OrgKind.DISTRICT:
                mine.districts.append((pk, path))
    office = set(RoleAssignment.objects.values_list("person_id", flat=True))
    rows = (
        Person.objects.filter(is_active=True, unit__isnull=False)
        .order_by("pk")
        .values_list("pk", "unit_id", "unit__path")
    )
    for pk, unit_id, path in rows.iterator(chunk_size=20000):
        mine = mine_for(path)
        if mine is None:
            continue
        mine.staff[unit_id].append(pk)
        if pk not in office:
            mine.workers.append((pk, unit_id, path))
    for person_id, unit_path in RoleAssignment.objects.filter(
        role__in=(Role.UNION_CHAIR, Role.BRANCH_SECRETARY)
    ).values_list("person_id", "organisation__unit__path"):
        mine = mine_for(unit_path or "")
        if mine:
            mine.officers.append(person_id)
    this_year = datetime.now(UTC).year
    for mine in mines:
        for year in range(this_year - YEARS, this_year + 1):
            session, _ = CongressSession.objects.get_or_create(
                organisation=mine.org,
                name=f"{mine.org.name}{year}年职工代表大会",
                defaults={
                    "opens_on": datetime(year, 3, 1).date(),
                    "closes_on": datetime(year, 4, 30).date(),
                    "cosign_required": 2,
                },
            )
            mine.sessions[year] = session.pk
            mine.numbers[year] = session.next_number - 1
    return [m for m in mines if m.workers and m.districts]


class Generator:
    def __init__(self, rng: random.Random, mines: list[Mine]):
        self.rng = rng
        self.mines = mines
        self.now = datetime.now(UTC)
        self.categories = {c.name: c for c in Category.objects.all()}
        self.templates = {
            "request": render(demo.REQUESTS),
            "suggestion": render(demo.SUGGESTIONS),
            "proposal": [(p[0], p[1], p[2]) for p in demo.PROPOSALS],
            "congress": list(demo.CONGRESS),
            "forum": [("其他", t, b) for t, b in demo.FORUM_MATTERS],
            "grid": [("其他", t, b) for t, b in demo.GRID_MATTERS],
            "hazard": [("劳动安全", t, b) for t, b in demo.HAZARD_MATTERS],
        }
        self.channel = weighted(rng, CHANNELS)
        self.old_state = weighted(rng, OLD_STATES)
        self.recent_state = weighted(rng, RECENT_STATES)
        self.rating = weighted(rng, RATINGS)
        self.last_id: dict[int, int] = {}

    def case(self, pk: int) -> tuple[list, list[list]]:
        rng, now = self.rng, self.now
        mine = rng.choice(self.mines)
        channel = self.channel()
        # Three years back; a little more in recent months, as use of a platform grows.
        age = YEARS * 365 * DAY * (1 - rng.random() ** 0.8)
        created = now - timedelta(seconds=age)
        state = self.recent_state() if age < 30 * DAY else self.old_state()
        category_name, title, body = rng.choice(self.templates[channel])
        category = self.categories[category_name]
        anonymous = channel == "suggestion" and rng.random() < ANONYMOUS_SHARE
        submitter = entered_by = None
        receipt = session = number = None
        if anonymous:
            unit_id, org_path = rng.choice(mine.districts)
            created = created.replace(minute=0, second=0, microsecond=0)
            receipt = rng.getrandbits(256).to_bytes(32, "big").hex()
        elif channel in ("forum", "grid", "hazard"):
            unit_id, org_path = rng.choice(mine.districts)
            entered_by = rng.choice(mine.officers) if mine.officers else None
        else:
            submitter, unit_id, org_path = rng.choice(mine.workers)
        if channel == "congress":
            unit_id, org_path = mine.org.pk, mine.org.path
            year = created.year
            session = mine.sessions.get(year)
            if session:
                mine.numbers[year] += 1
                number = mine.numbers[year]
        if channel == "congress" and state == "merged":
            state = "declined"
        owner = submitter or entered_by
        officer = rng.choice(mine.officers) if mine.officers else None

        # The steps this state implies, two to four of them.
        dept_name = demo.DEPARTMENT_FOR[category_name]
        department, _dept_path = mine.by_name.get(dept_name, rng.choice(mine.districts))
        handler = rng.choice(mine.staff[department]) if mine.staff.get(department) else None
        is_major = rng.random() < 0.01
        span = min(now - created, timedelta(days=rng.uniform(3, 25)))
        steps: list[tuple[str, str, str, object, str]] = [
            ("submit", "", "cosigning" if channel == "congress" else "submitted", owner, "")
        ]
        accepted = state not in ("submitted", "merged", "declined")
        assigned = state in ("assigned", "handled", "replied", "closed") or (
            state == "awaiting_info" and rng.random() < 0.5
        )
        fields = {
            "department": None,
            "handler": None,
            "deadline": None,
            "reply": "",
            "replied_at": None,
            "rating": None,
            "rating_comment": "",
            "closed_at": None,
            "handling_note": "",
            "paused_on": None,
            "resume_state": "",
            "merged_into": None,
            "decision_reason": "",
            "reopened": False,
            "watch_org": None,
            "adopted": None,
            "benefit": "",
            "benefit_amount": None,
            "reward_amount": None,
        }
        if state == "merged":
            fields["merged_into"] = self.last_id.get(mine.org.pk)
            if fields["merged_into"] is None:
                state, accepted = "submitted", False
            else:
                steps.append(("merge", "submitted", "merged", officer, "合并办理"))
        if state == "declined":
            fields["decision_reason"] = demo.CONGRESS_DECLINE_REASON
            steps.append(("decline", "submitted", "declined", officer, "不予立案"))
        if accepted and not assigned:
            steps.append(("accept", "submitted", "accepted", officer, ""))
        if assigned:
            # Accepted and assigned shown as one step, so that no case has over four.
            steps.append(("assign", "submitted", "assigned", officer, "交办"))
            fields["department"], fields["handler"] = department, handler
        if state == "awaiting_info":
            came_from = "assigned" if assigned else "accepted"
            steps.append(("request_info", came_from, "awaiting_info", officer, "请补充"))
            fields["resume_state"] = came_from
        if state in ("handled", "replied"):
            steps.append(("handle", "assigned", "handled", handler, "已办理"))
            fields["handling_note"] = demo.HANDLING
        if state in ("replied", "closed"):
            steps.append(("reply", "handled", "replied", handler, demo.REPLIES[category_name]))
            fields["reply"] = demo.REPLIES[category_name]
        if state == "closed":
            rating = self.rating()
            fields["rating"], fields["rating_comment"] = rating, demo.RATING_COMMENTS[rating]
            steps.append(("rate", "replied", "closed", owner, demo.RATING_COMMENTS[rating]))
            if channel == "proposal" and rng.random() < 0.4:
                fields.update(
                    adopted=True,
                    benefit="年节约费用约 5 万元",
                    benefit_amount=50000,
                    reward_amount=rng.choice((300, 500, 800, 1000, 2000)),
                )
        if state == "submitted" and len(steps) < 2:
            steps.append(("note", "", "", None, "已转受理人员"))

        # Times: spread over the span, anonymous ones to the hour.
        times = [created]
        for i in range(1, len(steps)):
            times.append(created + span * (i / (len(steps) - 1)) * rng.uniform(0.8, 1.0))
        times = sorted(times)
        if anonymous:
            times = [t.replace(minute=0, second=0, microsecond=0) for t in times]
        for action, moment in zip((s[0] for s in steps), times, strict=True):
            if action == "assign":
                days = category.major_deadline_days if is_major else category.deadline_days
                fields["deadline"] = (moment + timedelta(days=days * 1.4)).date()
            elif action == "reply":
                fields["replied_at"] = moment
            elif action == "rate":
                fields["closed_at"] = moment
            elif action == "request_info":
                fields["paused_on"] = moment.date()
            elif action == "decline":
                fields["closed_at"] = moment
        if assigned and state in ("assigned", "handled") and rng.random() < 0.03:
            fields["reopened"], fields["watch_org"] = True, mine.org.pk
        self.last_id[mine.org.pk] = pk

        row = [
            pk, channel, title, body, is_major, org_path, anonymous, receipt,
            state, fields["resume_state"], fields["paused_on"], len(steps), fields["deadline"],
            0, fields["reopened"], fields["handling_note"], fields["reply"],
            fields["replied_at"], fields["rating"], fields["rating_comment"],
            fields["closed_at"], fields["adopted"], fields["benefit"], fields["benefit_amount"],
            fields["reward_amount"], number, 2 if channel == "congress" else 0,
            fields["decision_reason"], "", "", times[0], times[-1],
            fields["department"], entered_by, fields["handler"], fields["merged_into"],
            unit_id, submitter, fields["watch_org"],
            category.pk if accepted or state == "closed" else None,
            session if number else None, None,
        ]  # fmt: skip
        events = []
        for (action, from_state, to_state, actor, note), moment in zip(steps, times, strict=True):
            actor_id = None if anonymous and action in ("submit", "rate") else actor
            label = "匿名提交人" if actor_id is None and action in ("submit", "rate") else "—"
            visibility = "internal" if action in ("handle", "note") else "public"
            events.append(
                [pk, moment, actor_id, label, "", action, from_state, to_state or from_state,
                 note, visibility]
            )  # fmt: skip
        return row, events


def copy(cursor, table: str, columns, rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(esc(v) for v in row))
        buffer.write("\n")
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as pipe:
        pipe.write(buffer.getvalue())


def seed_cases(target: int, seed: int) -> None:
    existing = Case.objects.count()
    if existing >= target:
        print(f"==> {existing:,} cases already, nothing to add (target {target:,})")
        return
    started = time.monotonic()
    rng = random.Random(f"{seed}:voice-bench:{existing}")
    mines = load(rng)
    if not mines:
        sys.exit("no mine with people: run seed_demo first (bench/run.sh seeds the group)")
    print(
        f"==> {existing:,} cases; adding {target - existing:,} in {len(mines)} mines "
        f"({sum(len(m.workers) for m in mines):,} workers), {time.monotonic() - started:.1f} s"
    )
    generator = Generator(rng, mines)
    left = target - existing
    events_written = 0
    with connection.cursor() as c:
        c.execute("SELECT pg_get_serial_sequence('voice_case', 'id')")
        sequence = c.fetchone()[0]
    while left > 0:
        n = min(BATCH, left)
        with transaction.atomic(), connection.cursor() as c:
            c.execute("SELECT nextval(%s)", [sequence])
            first = c.fetchone()[0]
            c.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
            cases, events = [], []
            for pk in range(first, first + n):
                row, rows = generator.case(pk)
                cases.append(row)
                events.extend(rows)
            raw = c.connection  # psycopg's own connection: COPY
            with raw.cursor() as pg:
                copy(pg, "voice_case", CASE_COLUMNS, cases)
                copy(pg, "voice_caseevent", EVENT_COLUMNS, events)
        left -= n
        events_written += len(events)
        done = target - left - existing
        print(
            f"    {done:,} cases, {events_written:,} events, {time.monotonic() - started:.0f} s",
            flush=True,
        )
    for mine in mines:
        for year, number in mine.numbers.items():
            CongressSession.objects.filter(pk=mine.sessions[year]).update(next_number=number + 1)
    with connection.cursor() as c:
        c.execute("ANALYZE voice_case")
        c.execute("ANALYZE voice_caseevent")
    print(
        f"==> {Case.objects.count():,} cases in all; added {target - existing:,} cases and "
        f"{events_written:,} events in {time.monotonic() - started:.0f} s"
    )


def every_nth(items: list, count: int) -> list:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def write_accounts(path: str, officers: int = 60, workers: int = 200) -> None:
    """Officers with the unit their inbox is filtered by; workers with cases of their own."""
    mines = {o.path: o for o in Organisation.objects.filter(kind=OrgKind.MINE)}
    step = Organisation.steplen

    def mine_path(path: str) -> str | None:
        return next((path[:i] for i in range(step, len(path) + 1, step) if path[:i] in mines), None)

    districts: dict[str, list[int]] = defaultdict(list)
    for pk, p in Organisation.objects.filter(kind=OrgKind.DISTRICT).values_list("pk", "path"):
        districts[mine_path(p)].append(pk)
    branch, mine_tier = [], []
    rows = (
        RoleAssignment.objects.filter(
            role__in=(Role.UNION_CHAIR, Role.BRANCH_SECRETARY, Role.ADMIN),
            person__is_active=True,
        )
        .select_related("person", "organisation__unit")
        .order_by("person__employee_no", "pk")
    )
    for a in rows:
        unit = a.organisation.unit if a.organisation.unit_id else a.organisation
        if unit is None:
            continue
        if unit.kind == OrgKind.DISTRICT:
            branch.append(
                {"employee_no": a.person.employee_no, "tier": "branch", "units": [unit.pk]}
            )
        elif unit.kind == OrgKind.MINE:
            mine_tier.append(
                {
                    "employee_no": a.person.employee_no,
                    "tier": "mine",
                    "units": every_nth(districts[unit.path], 8),
                }
            )
    accounts = every_nth(branch, officers) + every_nth(mine_tier, officers // 3)
    # Workers who have raised at least three matters, in employee-number order.
    owners = (
        Case.objects.filter(submitter__isnull=False, submitter__roles__isnull=True)
        .values("submitter")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .values_list("submitter", flat=True)
    )
    chosen = list(
        Person.objects.filter(pk__in=list(owners))
        .order_by("employee_no")
        .values_list("pk", "employee_no")
    )
    chosen = every_nth(chosen, workers)
    demo_password = (
        Person.objects.filter(roles__isnull=False, password__startswith="pbkdf2")
        .values_list("password", flat=True)
        .first()
    )
    if demo_password is None:
        sys.exit("no office holder can sign in: seed with seed_demo --bench-logins")
    Person.objects.filter(pk__in=[pk for pk, _ in chosen]).update(
        password=demo_password, must_change_password=False
    )
    accounts += [{"employee_no": no, "tier": "worker", "units": []} for _, no in chosen]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(accounts, ensure_ascii=False, indent=1))
    counts = defaultdict(int)
    for a in accounts:
        counts[a["tier"]] += 1
    print(f"==> {len(accounts)} voice accounts {dict(counts)} in {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=0, help="bring the case count up to N")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--accounts", default="", help="write the load test's accounts here")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/voice_seed.py writes with COPY: point DATABASE_URL at PostgreSQL")
    if args.cases:
        seed_cases(args.cases, args.seed)
    if args.accounts:
        write_accounts(args.accounts)
