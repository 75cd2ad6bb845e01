"""Time the grid's two heavy jobs on the bench database: the coverage report of a mine and
of the whole group, and generating a month's tasks for every grid member.

Run inside the benchmark's environment (DATABASE_URL set), after bench/grid_seed.py:

    python bench/grid_timings.py                  # coverage ×5 each, then generation
    python bench/grid_timings.py --runs 9 --explain
    python bench/grid_timings.py --skip-generation
    python bench/grid_timings.py --month 2026-12-01

Coverage: `tongxin.grid.coverage.unit_coverage(scope)` for the mine with the most people
and for the group, everything the coverage page's four tabs show forced out of the
database at once: the per-branch rows (with their rates), the first page (30) of
uncovered workers, of idle Party members and of overloaded members (their counts as the
page's paginators take them). One warm-up call, then the median of --runs calls (min and
max beside it), with the number of queries and the slowest of them. --explain prints
EXPLAIN (ANALYZE, BUFFERS) of the three slowest queries of each scope. Then the page
itself, `/grid/coverage/?unit=<scope>&show=<tab>` for each tab, in-process with Django's
test client as the group administrator (one tab per request, as the page shows them).

Generation: `tongxin.grid.services.tasks.generate_month(month=...)` for every grid member
of the group. The month (this month by default) is made fresh first: its generated
tasks (`kind` template, with a generation key) are deleted, then VACUUM ANALYZE; then
one timed run, which must add tasks, and a second, which must add none. Tasks that a
visit or photo points at are not deleted (none are, on a freshly seeded database).

Targets (issue 4): coverage under 1 s, generation under 60 s.
"""

import argparse
import os
import statistics
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from tongxin.grid.models import GridLink, GridTask, Level, TaskKind  # noqa: E402
from tongxin.people.models import Organisation, OrgKind, Person  # noqa: E402

COVERAGE_TARGET = 1.0
GENERATION_TARGET = 60.0


def force(report, per_page: int) -> dict:
    """Everything the coverage page shows, read out of the report."""
    from tongxin.grid.coverage import KnownCountPaginator

    rows = [(r.org.name, r.workers, r.covered, r.members, r.idle, r.pct) for r in report.rows]
    uncovered = KnownCountPaginator(report.uncovered, per_page, count=report.uncovered_count)
    idle = KnownCountPaginator(report.idle, per_page, count=report.idle_count)
    overloaded = Paginator(report.overloaded, per_page)
    pages = {
        "uncovered": [(p.employee_no, p.unit.name) for p in uncovered.page(1).object_list],
        "idle": [(p.employee_no, p.unit and p.unit.name) for p in idle.page(1).object_list],
        "overloaded": [(p.employee_no, p.n) for p in overloaded.page(1).object_list],
    }
    return {
        "branches": len(rows),
        "workers": report.workers,
        "covered": report.covered,
        "rate": report.pct,
        "uncovered": report.uncovered_count,
        "idle": report.idle_count,
        "overloaded": overloaded.count,
        "shown": {k: len(v) for k, v in pages.items()},
    }


def time_coverage(scope: Organisation, runs: int, per_page: int, explain: bool) -> dict:
    from tongxin.grid.coverage import unit_coverage

    force(unit_coverage(scope), per_page)  # warm-up: imports, first plans, caches
    times, slowest, result, queries = [], {}, None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = force(unit_coverage(scope), per_page)
            times.append(time.perf_counter() - started)
        queries = len(captured)
        for q in captured.captured_queries:
            sql, seconds = q["sql"], float(q["time"])
            slowest[sql] = max(slowest.get(sql, 0.0), seconds)
    top = sorted(slowest.items(), key=lambda kv: -kv[1])[:3]
    if explain:
        with connection.cursor() as c:
            for sql, seconds in top:
                print(f"\n--- {scope.name}: {seconds * 1000:.0f} ms\n{sql}\n")
                c.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                print("\n".join(row[0] for row in c.fetchall()))
    return {"times": times, "queries": queries, "result": result, "top": top}


def time_pages(scope: Organisation, runs: int) -> list[tuple[str, list[float], int]]:
    """The coverage page itself, /grid/coverage/?unit=…&show=<tab>, in-process (Django's
    test client, signed in as the group administrator): median of `runs` per tab."""
    from django.test import Client

    from tongxin.people.models import Role

    admin = (
        Person.objects.filter(
            roles__role=Role.ADMIN, roles__organisation__kind=OrgKind.GROUP, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if admin is None:
        return []
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    results = []
    for tab in ("branches", "uncovered", "idle", "over"):
        url = f"/grid/coverage/?unit={scope.pk}&show={tab}"
        response = client.get(url)  # warm-up
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - started)
        results.append((tab, times, len(captured)))
    return results


def fresh_month(month: date) -> int:
    generated = GridTask.objects.filter(
        month=month, kind=TaskKind.TEMPLATE, generation_key__isnull=False
    )
    kept = generated.filter(Q(visits__isnull=False) | Q(photos__isnull=False)).values("pk")
    deleted, _ = generated.exclude(pk__in=kept).delete()
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE grid_gridtask")
    return deleted


def time_generation(month: date) -> dict:
    from tongxin.grid.services.tasks import generate_month

    deleted = fresh_month(month)
    before = GridTask.objects.filter(month=month).count()
    runs = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            added = generate_month(month=month)
            runs.append((time.perf_counter() - started, added, len(captured)))
    after = GridTask.objects.filter(month=month).count()
    members = (
        GridLink.objects.filter(starts_on__lte=month)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=month))
        .values("responsible_id")
        .distinct()
        .count()
    )
    return {"deleted": deleted, "before": before, "after": after, "runs": runs, "members": members}


def pad(text: str, width: int) -> str:
    """Left-justify, counting a Chinese character as two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--per-page", type=int, default=30, help="as the page's lists")
    parser.add_argument("--mine", type=int, default=0, help="mine id (default: most people)")
    parser.add_argument("--month", default="", help="YYYY-MM-01 (default: this month)")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--skip-coverage", action="store_true")
    parser.add_argument("--skip-generation", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("point DATABASE_URL at the PostgreSQL bench database")
    if not GridLink.objects.filter(level=Level.MEMBER_WORKER).exists():
        sys.exit("no grid network: run bench/grid_seed.py first")
    group = Organisation.objects.get(kind=OrgKind.GROUP)
    if args.mine:
        mine = Organisation.objects.get(pk=args.mine, kind=OrgKind.MINE)
    else:
        by_unit = list(
            Person.objects.filter(is_active=True, unit__isnull=False)
            .values("unit__path")
            .annotate(n=Count("pk"))
            .values_list("unit__path", "n")
        )
        mine = max(
            Organisation.objects.filter(kind=OrgKind.MINE).order_by("-pk"),
            key=lambda m: sum(n for path, n in by_unit if path.startswith(m.path)),
        )
    people = Person.objects.filter(is_active=True).count()
    month = date.fromisoformat(args.month) if args.month else timezone.localdate().replace(day=1)
    print(
        f"==> grid timings on {connection.settings_dict['NAME']}: {people:,} people, "
        f"{GridLink.objects.count():,} links, {GridTask.objects.count():,} tasks; "
        f"load average {open('/proc/loadavg').read().split()[0]}"
    )
    lines = []
    if not args.skip_coverage:
        for label, scope in ((f"coverage, mine ({mine.name})", mine), ("coverage, group", group)):
            t = time_coverage(scope, args.runs, args.per_page, args.explain)
            r = t["result"]
            median = statistics.median(t["times"])
            lines.append(
                (label, len(t["times"]), median, min(t["times"]), max(t["times"]), t["queries"],
                 f"< {COVERAGE_TARGET:.0f} s", median < COVERAGE_TARGET)
            )  # fmt: skip
            for tab, times, queries in time_pages(scope, args.runs):
                median = statistics.median(times)
                lines.append(
                    (f"  page /grid/coverage/ show={tab}", len(times), median, min(times),
                     max(times), queries, f"< {COVERAGE_TARGET:.0f} s", median < COVERAGE_TARGET)
                )  # fmt: skip
            print(
                f"    {label}: {r['branches']} branches, {r['workers']:,} workers, "
                f"{r['covered']:,} covered ({r['rate']} %), {r['uncovered']:,} uncovered, "
                f"{r['idle']:,} idle, {r['overloaded']:,} overloaded; first pages "
                f"{r['shown']}; slowest queries " + ", ".join(ms(s) for _sql, s in t["top"])
            )
    if not args.skip_generation:
        g = time_generation(month)
        (first, added, q1), (second, again, q2) = g["runs"]
        print(
            f"    generation of {month:%Y-%m}: {g['deleted']:,} generated tasks deleted first, "
            f"{g['before']:,} other tasks of the month kept; {g['members']:,} grid members; "
            f"first run added {added:,} ({q1} queries), second run {again:,} ({q2} queries); "
            f"{g['after']:,} tasks in the month now"
        )
        lines.append(
            (f"generate {month:%Y-%m}, first run ({added:,} tasks)", 1, first, first, first, q1,
             f"< {GENERATION_TARGET:.0f} s", first < GENERATION_TARGET and added > 0)
        )  # fmt: skip
        lines.append(
            (f"generate {month:%Y-%m}, second run ({again:,})", 1, second, second, second, q2,
             "adds 0", again == 0)
        )  # fmt: skip
    width = max(len(pad(line[0], 0)) for line in lines) + 2
    print()
    header = (
        f"{'':<{width}}{'runs':>5}{'median':>11}{'min':>11}{'max':>11}{'queries':>9}{'target':>10}"
    )
    print(header)
    print("-" * len(header))
    for label, runs, median, low, high, queries, target, ok in lines:
        print(
            f"{pad(label, width)}{runs:>5}{ms(median):>11}{ms(low):>11}{ms(high):>11}{queries:>9}"
            f"{target:>10}{'' if ok else '  MISSED'}"
        )


if __name__ == "__main__":
    main()
