"""A rate limit holds across worker processes: two separate processes counting the
same client share one count (each gunicorn worker used to count on its own)."""

import os
import pathlib
import subprocess
import sys
import uuid

from django.conf import settings
from django.core.cache import caches
from django.test import RequestFactory

from tongxin.core.anonymous import ratelimit

ROOT = pathlib.Path(__file__).resolve().parents[2]

COUNT = """
import sys
import django
django.setup()
from django.test import RequestFactory
from tongxin.core.anonymous import ratelimit
kind, tries, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
request = RequestFactory().get("/", REMOTE_ADDR="10.5.5.5")
print(sum(ratelimit.allow(request, kind, limit) for _ in range(tries)))
"""


def _env(tmp_path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tongxin.settings",
        "PYTHONPATH": str(ROOT),
        # A window far longer than the test, so that it never straddles two.
        "ANON_WINDOW_MINUTES": "100000",
    }
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(tmp_path / "shared.sqlite3")
    return env


def test_two_processes_share_one_count(tmp_path):
    env = _env(tmp_path)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "createcachetable"], env=env, check=True, cwd=ROOT)  # noqa: S603 - our own manage.py
    kind = f"test-{uuid.uuid4().hex[:8]}"
    workers = [
        subprocess.Popen(  # noqa: S603 - our own snippet
            [sys.executable, "-c", COUNT, kind, "15", "20"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    allowed = [int(w.communicate(timeout=120)[0].strip()) for w in workers]
    assert all(w.returncode == 0 for w in workers)
    assert sum(allowed) == 20, allowed  # 30 when each process counted on its own


def test_the_counters_are_not_kept_in_process_memory():
    backend = settings.CACHES["ratelimit"]["BACKEND"]
    assert backend in (
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    )


def test_a_counter_expires_with_its_window_not_a_time_after_the_request(db, monkeypatch):
    """The stored expiry is the window's end: it does not date an anonymous note."""
    seen = []
    counters = caches["ratelimit"]
    original = counters.add

    def add(key, value, timeout=None, **kwargs):
        seen.append(timeout)
        return original(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(counters, "add", add)
    window = settings.ANON_WINDOW_MINUTES * 60
    request = RequestFactory().get("/", REMOTE_ADDR="10.5.5.6")
    for now in (1_000_000_020.3, 1_000_000_140.7):  # two moments of one window
        monkeypatch.setattr(ratelimit.time, "time", lambda now=now: now)
        assert ratelimit.allow(request, f"t-{uuid.uuid4().hex[:6]}", 3)
    ends = [
        int(now) + timeout
        for now, timeout in zip((1_000_000_020, 1_000_000_140), seen, strict=True)
    ]
    assert ends[0] == ends[1] and ends[0] % window in (0, 1)
