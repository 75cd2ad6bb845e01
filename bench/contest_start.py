"""1,000 people starting and submitting a 20-question contest within a minute (issue #15).

Each simulated person starts their paper, saves 20 answers one by one and hands it in,
over the API with a bearer token; the threads share the people between them with no
think time, so the numbers are what the server costs. Then every paper is checked: all
20 answers stored, submitted once, marked 100 (every answer sent was right): no answer
lost.

Against the test client in this process (the database of DATABASE_URL; PostgreSQL for
numbers that mean anything):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongxin_quiz \\
        python bench/contest_start.py --people 1000 --threads 20

Against a running server sharing that database (`--url http://127.0.0.1:8000`), the
requests go over HTTP instead. The first run migrates and seeds the demo mine
(`seed_demo --people N --only learning`) if the database is empty; each run makes a
contest of its own, open now, drawn (scheduled) before the clock starts.

Prints p50 / p95 / max of start, answer and submit, the wall time, and the check.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from tongxin.accounts.services import create_api_token  # noqa: E402
from tongxin.learning.contests import services  # noqa: E402
from tongxin.learning.models import Paper, PaperAnswer, Question  # noqa: E402
from tongxin.people.models import Organisation, OrgKind, Person  # noqa: E402

SPEC = [
    {"category": "安全生产", "difficulty": 0, "count": 8},
    {"category": "党章党规", "difficulty": 0, "count": 6},
    {"category": "工会知识", "difficulty": 0, "count": 6},
]


def prepare(people: int):
    call_command("migrate", verbosity=0)
    if not Question.objects.exists():
        call_command(
            "seed_demo", "--people", str(max(people, 600)), "--only", "learning", verbosity=0
        )
    mine = Organisation.objects.filter(kind=OrgKind.MINE).order_by("path").first()
    admin = Person.objects.get(employee_no="demo08")
    now = timezone.now()
    contest = services.contest_create(
        actor=admin,
        scope=mine,
        title=f"压测竞赛 {now:%H%M%S}",
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=2),
        minutes=30,
        draw_spec=SPEC,
    )
    contest = services.contest_schedule(
        actor=admin, contest_id=contest.pk, version=contest.version, background=False
    )
    papers = list(
        Paper.objects.filter(contest=contest).select_related("person").order_by("pk")[:people]
    )
    keys = {p.person_id: create_api_token(person=p.person, name="压测")[1] for p in papers}
    answers = {}
    questions = Question.objects.in_bulk({q for p in papers for q in p.question_ids})
    for p in papers:
        answers[p.person_id] = [(q, questions[q].answer.split("|")[0]) for q in p.question_ids]
    return contest, papers, keys, answers


def make_sender(url: str | None):
    if url:

        def send(method, path, key, body=None):
            data = json.dumps(body).encode() if body is not None else None
            request = urllib.request.Request(
                url.rstrip("/") + "/api/learning" + path,
                data=data,
                method=method.upper(),
                headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status
            except urllib.error.HTTPError as exc:
                return exc.code

        return send

    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def send(method, path, key, body=None):
        client = Client()
        response = getattr(client, method)(
            "/api/learning" + path,
            json.dumps(body or {}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
        return response.status_code

    return send


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--url", default=None, help="a running server (default: test client)")
    args = parser.parse_args()

    contest, papers, keys, answers = prepare(args.people)
    send = make_sender(args.url)
    timings = {"start": [], "answer": [], "submit": []}
    failures = []
    queue = [p.person_id for p in papers]
    lock = threading.Lock()
    base = f"/contests/{contest.pk}"

    def timed(kind, method, path, key, body=None):
        t0 = time.perf_counter()
        status = send(method, path, key, body)
        elapsed = time.perf_counter() - t0
        with lock:
            timings[kind].append(elapsed)
            if status != 200:
                failures.append((kind, path, status))

    def worker():
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    person = queue.pop()
                key = keys[person]
                timed("start", "post", f"{base}/start", key)
                for question, answer in answers[person]:
                    timed("answer", "put", f"{base}/answers/{question}", key, {"answer": answer})
                timed("submit", "post", f"{base}/submit", key)
        finally:
            connection.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began

    print(f"{len(papers)} people, {args.threads} threads, {connection.vendor}, wall {wall:.1f} s")
    for kind, values in timings.items():
        print(
            f"{kind:7s} n={len(values):6d}  p50 {1000 * percentile(values, 0.5):7.1f} ms"
            f"  p95 {1000 * percentile(values, 0.95):7.1f} ms"
            f"  max {1000 * max(values, default=0):7.1f} ms"
        )
    stored = PaperAnswer.objects.filter(paper__contest=contest).count()
    marked = Paper.objects.filter(contest=contest, submitted_at__isnull=False, score=100).count()
    wanted = sum(len(a) for a in answers.values())
    print(
        f"answers stored {stored} / {wanted}; papers submitted with 100: {marked} / {len(papers)}"
    )
    print(f"refused requests: {len(failures)}", failures[:5])
    ok = stored == wanted and marked == len(papers) and not failures
    print("OK: no answer lost" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
