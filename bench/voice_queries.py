"""How many queries each worker-voice page makes, on the database DATABASE_URL points at.

    python bench/voice_queries.py --out var/bench/voice_queries_1k.json
    python bench/voice_queries.py --compare var/bench/voice_queries_1k.json \
        var/bench/voice_queries_1m.json

Signs in with Django's test client (force_login: no password hashing) as the demo
mine's people and counts the queries of each page with CaptureQueriesContext: the
staff inbox filtered by unit and state, as a district officer (demo04), a mine officer
(demo08), a department head (demo05) and leadership (demo06, overdue filter); a case
page; a worker's "my cases" and one of their cases; the submit form, and a submission
(rolled back, so the database is left as it was). The worker is the demo mine's worker
with the most cases, so the list is never empty. --compare prints two runs side by
side (at 1,000 and at 1,000,000 cases); the counts must be equal.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tongxin.people.models import Person  # noqa: E402
from tongxin.people.selectors import mine_of  # noqa: E402
from tongxin.voice import selectors  # noqa: E402
from tongxin.voice.models import Case  # noqa: E402


class Rollback(Exception):
    pass


def rows_shown(response) -> int | None:
    """How many cases the page lists (the test client keeps the template context)."""
    context = response.context
    if context is None or "page" not in context:
        return None
    return len(context["page"].object_list)


def count(person: Person, url: str) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "queries": len(queries),
        "status": response.status_code,
        "rows": rows_shown(response),
        "url": url,
    }


def count_post_rolled_back(person: Person, url: str, data: dict) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    result = {}
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                response = client.post(url, data)
            result = {"queries": len(queries), "status": response.status_code, "rows": None}
            raise Rollback
    except Rollback:
        pass
    return {**result, "url": url}


def measure() -> dict:
    people = {p.employee_no: p for p in Person.objects.filter(employee_no__startswith="demo0")}
    demo04, demo05, demo06, demo08 = (people[f"demo0{n}"] for n in (4, 5, 6, 8))
    mine = mine_of(people["demo01"].unit)
    district = demo04.unit  # 综采一队, the unit demo04's sub-union hangs on
    owner_id = (
        Case.objects.filter(org_path__startswith=mine.path, submitter__isnull=False)
        .values("submitter")
        .annotate(n=Count("pk"))
        .order_by("-n", "submitter")
        .values_list("submitter", flat=True)
        .first()
    )
    worker = Person.objects.get(pk=owner_id)
    own_case = selectors.my_cases(worker).first()
    staff_case = selectors.inbox(demo04, selectors.InboxFilter(state="closed")).first()
    pages = [
        ("inbox: district officer, unit+state", demo04,
         f"/voice/inbox/?unit={district.pk}&state=assigned"),
        ("inbox: district officer, default", demo04, "/voice/inbox/"),
        ("inbox: mine officer, unit+state", demo08,
         f"/voice/inbox/?unit={district.pk}&state=submitted"),
        ("inbox: mine officer, whole mine", demo08, "/voice/inbox/?state=closed"),
        ("inbox: department head, state", demo05, "/voice/inbox/?state=assigned"),
        ("inbox: leadership, overdue", demo06, "/voice/inbox/?overdue=1"),
        ("case page (staff), closed case", demo04, f"/voice/cases/{staff_case.pk}/"),
        ("my cases", worker, "/voice/"),
        ("my case", worker, f"/voice/my/{own_case.pk}/"),
        ("submit form", worker, "/voice/new/"),
    ]  # fmt: skip
    results = {name: count(person, url) for name, person, url in pages}
    results["submit (POST, rolled back)"] = count_post_rolled_back(
        worker,
        "/voice/new/",
        {"channel": "request", "title": "班车座位不够", "body": "早班车每天都有人站着，希望加车。"},
    )
    return {
        "database": connection.settings_dict["NAME"],
        "cases": Case.objects.count(),
        "worker_cases": selectors.my_cases(worker).count(),
        "pages": results,
    }


def compare(paths: list[str]) -> int:
    runs = [json.loads(Path(p).read_text()) for p in paths]
    header = f"{'page':<38}" + "".join(f"{run['cases']:>18,}" for run in runs)
    print(header + "   cases: queries (rows listed)")
    print("-" * len(header))
    flat = True
    for name in runs[0]["pages"]:
        pages = [run["pages"].get(name, {}) for run in runs]
        counts = [p.get("queries") for p in pages]
        statuses = sorted({str(p.get("status")) for p in pages})
        cells = "".join(
            f"{p.get('queries'):>10}"
            + (f" ({p['rows']:>2})" if p.get("rows") is not None else " " * 5)
            + "   "
            for p in pages
        )
        mark = "" if len(set(counts)) == 1 else "   <- differs"
        flat &= not mark
        print(f"{name:<38}{cells} HTTP {'/'.join(statuses)}{mark}")
    print("flat" if flat else "NOT flat")
    return 0 if flat else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="")
    parser.add_argument("--compare", nargs="+", default=[])
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(args.compare))
    setup_test_environment()  # the test client keeps each page's context
    result = measure()
    for name, page in result["pages"].items():
        rows = "" if page["rows"] is None else f", {page['rows']} rows"
        print(f"{name:<40}{page['queries']:>4} queries  HTTP {page['status']}{rows}")
    print(f"({result['cases']:,} cases in {result['database']}; the worker has "
          f"{result['worker_cases']} cases)")  # fmt: skip
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1))
