"""Load scenario for worker voice: officers work their inbox, workers follow and raise cases.

    locust -f bench/voice_locustfile.py --headless -u 20 -t 60s --host http://127.0.0.1:8765

Accounts come from BENCH_VOICE_ACCOUNTS (written by `bench/voice_seed.py --accounts`):

- officers (sub-union chairs and branch secretaries of districts, the mines' union
  chairs and administrators) open the staff inbox filtered by a unit of theirs and a
  state, as they do when working through a district's cases; now and then the second
  page;
- workers (with cases of their own) open "my cases", open the submit form and submit
  a request (POST with the CSRF token from the form).

BENCH_VOICE_MIX ("officer:1,worker:1") weighs the two kinds of user. As in
locustfile.py, everyone signs in first (PBKDF2, slow on purpose), the page statistics
are reset once the last user is in, and the sign-ins are written to BENCH_SIGNIN_OUT.
"""

import json
import os
import random
import re
import statistics
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

ACCOUNTS_FILE = os.environ.get("BENCH_VOICE_ACCOUNTS", "var/bench/voice_accounts.json")
PASSWORD = os.environ.get("BENCH_PASSWORD", "Tongxin@2026")
MIX = {
    kind: float(weight)
    for kind, weight in (
        item.split(":") for item in os.environ.get("BENCH_VOICE_MIX", "").split(",") if item
    )
} or {"officer": 1, "worker": 1}
SIGN_IN_NAMES = ("sign-in page", "sign in")
SIGNIN_OUT = os.environ.get("BENCH_SIGNIN_OUT", "var/bench/voice_signin.json")
# The states an officer works through, weighted by how often the tabs are used.
STATES = (("submitted", 3), ("accepted", 2), ("assigned", 3), ("handled", 1),
          ("replied", 1), ("open", 2), ("closed", 1))  # fmt: skip
TITLES = ("班车座位不够", "食堂饭菜太咸", "宿舍热水不稳定", "劳保手套不够用", "培训时间冲突")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
sign_in_times: dict[str, list[float]] = {name: [] for name in SIGN_IN_NAMES}
signed_in = 0

with open(ACCOUNTS_FILE, encoding="utf-8") as f:
    ACCOUNTS = json.load(f)
OFFICERS = [a for a in ACCOUNTS if a["tier"] in ("branch", "mine")]
WORKERS = [a for a in ACCOUNTS if a["tier"] == "worker"]


@events.test_start.add_listener
def only_local(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load {host!r}: the benchmark targets 127.0.0.1 only")


@events.request.add_listener
def keep_sign_ins(name, response_time, **kwargs):
    if name in sign_in_times:
        sign_in_times[name].append(response_time)


@events.test_stop.add_listener
def write_sign_ins(environment, **kwargs):
    summary = {}
    for name, times in sign_in_times.items():
        if times:
            times = sorted(times)
            summary[name] = {
                "count": len(times),
                "p50": statistics.median(times),
                "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
                "max": times[-1],
            }
    with open(SIGNIN_OUT, "w", encoding="utf-8") as f:
        json.dump(summary, f)


class _SignedIn(HttpUser):
    abstract = True
    wait_time = between(
        float(os.environ.get("BENCH_WAIT_MIN", "0.5")),
        float(os.environ.get("BENCH_WAIT_MAX", "1.5")),
    )
    accounts: list = []

    def on_start(self):
        self.account = random.choice(self.accounts)
        self.client.get("/accounts/login/", name="sign-in page")
        with self.client.post(
            "/accounts/login/",
            {
                "employee_no": self.account["employee_no"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            allow_redirects=False,
            name="sign in",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                who = self.account["employee_no"]
                response.failure(f"sign-in as {who}: {response.status_code}")
        global signed_in
        signed_in += 1
        if signed_in == self.environment.runner.target_user_count:
            self.environment.runner.stats.reset_all()

    def page(self, url, name, params=None):
        with self.client.get(url, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response


class Officer(_SignedIn):
    weight = int(MIX.get("officer", 1) * 10)
    accounts = OFFICERS

    def pick_state(self):
        values, weights = zip(*STATES, strict=True)
        return random.choices(values, weights)[0]

    @task(5)
    def inbox_unit_state(self):
        unit = random.choice(self.account["units"])
        self.page("/voice/inbox/", "inbox unit+state", {"unit": unit, "state": self.pick_state()})

    @task(1)
    def inbox_unit_state_page_2(self):
        unit = random.choice(self.account["units"])
        self.page(
            "/voice/inbox/", "inbox unit+state p2", {"unit": unit, "state": "closed", "page": 2}
        )


class Worker(_SignedIn):
    weight = int(MIX.get("worker", 1) * 10)
    accounts = WORKERS

    @task(4)
    def my_cases(self):
        self.page("/voice/", "my cases")

    @task(1)
    def submit(self):
        form = self.page("/voice/new/", "submit form")
        match = CSRF.search(form.text or "")
        token = match.group(1) if match else self.client.cookies.get("csrftoken", "")
        title = random.choice(TITLES)
        with self.client.post(
            "/voice/new/",
            {
                "channel": "request",
                "title": title,
                "body": f"{title}，压力测试提交的事项，请忽略。",
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{self.host}/voice/new/"},
            allow_redirects=False,
            name="submit (POST)",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/voice/my/" not in response.headers.get(
                "Location", ""
            ):
                response.failure(f"{response.status_code}, not sent to the new case")
