"""How many queries, and how long, each demo role's home page costs, on the database
DATABASE_URL points at (issue 11: at most 12, flat as areas are added and data grows).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongxin_bench \
        python bench/home_queries.py --out var/bench/home_100k.json

Run it after `manage.py seed_demo --mines 25 --people 100000` (bench/run.sh seeds the
same), and at the demo mine's size to compare (`--compare a.json b.json`). Signs in with
Django's test client (force_login) as demo01 … demo09 of the first mine, asks for the
home page once to settle the session, then counts the queries of the second request
with CaptureQueriesContext and times the median of five.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tongxin.people.demo.logins import DEMO_LOGINS  # noqa: E402
from tongxin.people.models import Person  # noqa: E402

BUDGET = 12


def measure() -> dict:
    setup_test_environment()
    rows = {}
    for login in DEMO_LOGINS:
        person = Person.objects.get(employee_no=login.employee_no)
        client = Client()
        client.force_login(person)
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        assert response.status_code == 200, (login.employee_no, response.status_code)
        # Counted now: the captured list is a slice of the connection's log, which the
        # next request empties.
        queries = len(captured)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            client.get("/")
            times.append((time.perf_counter() - started) * 1000)
        rows[login.employee_no] = {
            "role": str(login.label),
            "queries": queries,
            "ms": round(statistics.median(times), 1),
        }
    return {"people": Person.objects.count(), "vendor": connection.vendor, "homes": rows}


def show(runs: list[dict]) -> None:
    head = "role".ljust(14) + "".join(f"{r['people']:>10,} people (q / ms)" for r in runs)
    print(head)
    for employee_no in runs[0]["homes"]:
        line = f"{employee_no} {runs[0]['homes'][employee_no]['role']}".ljust(14)
        for run in runs:
            row = run["homes"][employee_no]
            line += f"{row['queries']:>16} / {row['ms']:>7.1f}"
        print(line)
    worst = max(row["queries"] for run in runs for row in run["homes"].values())
    print(f"most queries on any home: {worst} (budget {BUDGET})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    parser.add_argument("--compare", nargs="+")
    args = parser.parse_args()
    if args.compare:
        show([json.loads(Path(p).read_text()) for p in args.compare])
        return
    run = measure()
    show([run])
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(run, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
