"""Latency of the frames API under load: 8 cameras each posting 2 frames a second
(1280×720 JPEGs of the synthetic belt) to POST /api/patrol/cameras/{id}/frames, served
by gunicorn as production serves it. Prints p50 / p95 / p99 and the errors.

    python bench/patrol_frames_load.py [--cameras 8 --rate 2 --seconds 30 --workers 2]

Set-up, once, in its own database (default var/bench_patrol.sqlite3; DATABASE_URL to
use PostgreSQL): the tests' small mine (tests/cast.py), the cameras calibrated on a
synthetic reference frame, an API token of the mine's leadership member. The posting
is open-loop: each camera sends on its own schedule whatever the answers' latency,
as cameras do, so a slow answer shows as latency, not as fewer requests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):  # SQLite with the settings' WAL and busy timeout
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench_patrol.sqlite3"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402

from tongxin.patrol import synth  # noqa: E402

SIZE = {"width": 1280, "height": 720}


def set_up(cameras: int) -> tuple[str, list[int]]:
    from tests.cast import build_cast
    from tongxin.accounts.services import create_api_token
    from tongxin.patrol import services
    from tongxin.patrol.models import Camera
    from tongxin.people.models import Person

    call_command("migrate", verbosity=0)
    leader = Person.objects.filter(employee_no="900001").first()
    if leader is None:
        cast = build_cast()
        leader = cast.wu_leader
    unit = leader.unit
    reference = synth.encode(synth.frame(synth.Scene(seed=999, **SIZE)))
    ids = []
    for k in range(cameras):
        camera = Camera.objects.filter(code=f"CAM-B{k:02d}").first()
        if camera is None:
            camera = services.camera_create(
                actor=leader, unit=unit, code=f"CAM-B{k:02d}", name=f"压测 {k}",
                belt="压测皮带", location="压测",
            )  # fmt: skip
            services.reference_set(actor=leader, camera=camera, data=reference)
        ids.append(camera.pk)
    _token, key = create_api_token(person=leader, name="frames-bench")
    return key, ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=8)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8777)
    args = parser.parse_args()
    key, ids = set_up(args.cameras)
    frames = [synth.encode(synth.frame(s)) for s in synth.labelled_set(16, seed=5, **SIZE)]
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "tongxin.wsgi", "-b", f"127.0.0.1:{args.port}",
         "-w", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/api/openapi.json", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        end = time.monotonic() + args.seconds

        def camera(pk: int, offset: float) -> None:
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {key}"
            due = time.monotonic() + offset
            k = 0
            while due < end:
                time.sleep(max(0.0, due - time.monotonic()))
                started = time.monotonic()
                try:
                    response = session.post(
                        f"{base}/api/patrol/cameras/{pk}/frames",
                        files={"image": ("f.jpg", frames[(k + pk) % len(frames)], "image/jpeg")},
                        timeout=10,
                    )
                    ok = response.status_code == 200
                    detail = "" if ok else f"{response.status_code} {response.text[:80]}"
                except requests.RequestException as exc:
                    ok, detail = False, str(exc)[:80]
                with lock:
                    latencies.append(time.monotonic() - started)
                    if not ok:
                        errors.append(detail)
                k += 1
                due += 1 / args.rate

        threads = [
            threading.Thread(target=camera, args=(pk, i / (args.rate * len(ids))))
            for i, pk in enumerate(ids)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait()
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100)
    print(
        f"{args.cameras} cameras × {args.rate}/s for {args.seconds} s, gunicorn -w {args.workers}: "
        f"{len(ms)} frames, p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, p99 {q[98]:.0f} ms, "
        f"errors {len(errors)}"
    )
    for detail in sorted(set(errors))[:5]:
        print("  ", detail)


if __name__ == "__main__":
    main()
