"""What one page costs the app server, in-process: CPU milliseconds per request, queries
and response bytes, for each area's main pages as the demo role who uses them, beside the
floor: the same number of bytes from a bare view behind the same middleware (issue #14).

    python bench/page_cpu.py                       the demo mine (var/, SQLite)
    DATABASE_URL=postgres://… python bench/page_cpu.py --repeat 50 --out var/bench/cpu.json
    python bench/page_cpu.py --profile /voice/new/ --as demo01   cProfile of one page

CPU is the process's own time (time.process_time) over `--repeat` requests after two
warm-up requests, so another job on the machine does not inflate it (wall time does);
queries are those of the last request; bytes are the uncompressed body. The closed-loop
capacity under gunicorn is bench/capacity.sh, which uses the same page list.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.capacity_pages import PAGES, resolve  # noqa: E402
from tongxin.people.models import Person  # noqa: E402


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def measure(client: Client, path: str, repeat: int) -> dict:
    for _ in range(2):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        body = body_of(client.get(path))
    queries = len(captured)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        body_of(client.get(path))
    return {
        "cpu_ms": round((time.process_time() - cpu) * 1000 / repeat, 2),
        "wall_ms": round((time.perf_counter() - wall) * 1000 / repeat, 2),
        "queries": queries,
        "bytes": len(body),
    }


def floor(client: Client, size: int, repeat: int) -> float:
    """CPU ms per request of a view that returns `size` bytes, signed in, same stack."""
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        return measure(client, f"/__floor__/{size}/", repeat)["cpu_ms"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out")
    parser.add_argument("--only", help="substring of the page names to measure")
    parser.add_argument("--profile", help="a path to profile with cProfile")
    parser.add_argument("--as", dest="login", default="demo01")
    args = parser.parse_args()
    setup_test_environment()

    if args.profile:
        client = Client()
        client.force_login(Person.objects.get(employee_no=args.login))
        for _ in range(2):
            client.get(args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            body_of(client.get(args.profile))
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return

    rows = []
    clients: dict[str, Client] = {}
    for page in PAGES:
        if args.only and args.only not in page.name:
            continue
        client = clients.get(page.login)
        if client is None:
            client = clients[page.login] = Client()
            client.force_login(Person.objects.get(employee_no=page.login))
        path = resolve(page)
        row = {"page": page.name, "login": page.login, "path": path}
        row |= measure(client, path, args.repeat)
        row["floor_cpu_ms"] = floor(client, row["bytes"], args.repeat)
        rows.append(row)
        print(
            f"{page.name:<24} {page.login}  {row['cpu_ms']:7.2f} ms CPU  (floor"
            f" {row['floor_cpu_ms']:5.2f})  {row['queries']:3d} queries"
            f"  {row['bytes'] / 1024:6.1f} KB  {path}",
            flush=True,
        )
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
