"""Load scenario: staff sign in, open the home page, page through and search the roll.

    locust -f bench/locustfile.py --headless -u 20 -t 60s --host http://127.0.0.1:8000

Each simulated user signs in once as one of the seeded staff accounts listed in
BENCH_ACCOUNTS (written by bench/accounts.py), chosen by tier with the weights in
BENCH_MIX ("branch:6,mine:3,group:1"), then repeats the page views below with a think
time of BENCH_WAIT_MIN–BENCH_WAIT_MAX seconds. Requests are named by page kind, so the
results have one row per kind of page.

Signing in hashes the password (PBKDF2, deliberately slow), and twenty users signing in
at once keep both cores busy for seconds. So the page statistics are reset when the
last user has signed in, and the sign-ins are kept apart and written to BENCH_SIGNIN_OUT
for the report: the table shows the steady state, and the sign-in storm on its own line.
"""

import json
import os
import random
import re
import statistics
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

ACCOUNTS_FILE = os.environ.get("BENCH_ACCOUNTS", "var/bench/accounts.json")
PASSWORD = os.environ.get("BENCH_PASSWORD", "Tongxin@2026")
MIX = {
    tier: float(weight)
    for tier, weight in (
        item.split(":") for item in os.environ.get("BENCH_MIX", "").split(",") if item
    )
} or {"branch": 6, "mine": 3, "group": 1}
PAGE_SIZE = 50
# The list has only previous/next links, so nobody pages far: deeper pages are 2 to 10.
DEEPEST_PAGE = 10
SIGN_IN_NAMES = ("sign-in page", "sign in")
SIGNIN_OUT = os.environ.get("BENCH_SIGNIN_OUT", "var/bench/signin.json")
sign_in_times: dict[str, list[float]] = {name: [] for name in SIGN_IN_NAMES}
signed_in = 0
COUNT = re.compile(r"共 (\d+) 人")

with open(ACCOUNTS_FILE, encoding="utf-8") as f:
    ACCOUNTS = json.load(f)
BY_TIER = {tier: [a for a in ACCOUNTS if a["tier"] == tier] for tier in MIX}
TIERS = [tier for tier in MIX if BY_TIER[tier] and MIX[tier] > 0]


@events.test_start.add_listener
def only_local(environment, **kwargs):
    # The benchmark drives the platform on this machine and nothing else.
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


class Staff(HttpUser):
    wait_time = between(
        float(os.environ.get("BENCH_WAIT_MIN", "0.5")),
        float(os.environ.get("BENCH_WAIT_MAX", "1.5")),
    )

    def on_start(self):
        tier = random.choices(TIERS, [MIX[t] for t in TIERS])[0]
        self.account = random.choice(BY_TIER[tier])
        self.pages = max(1, -(-self.account["visible"] // PAGE_SIZE))
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
            # Everyone is in: measure the pages from here on (see the module docstring).
            self.environment.runner.stats.reset_all()

    def _list(self, name, params=None, headers=None):
        with self.client.get(
            "/people/list/", params=params, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200 or not COUNT.search(response.text):
                response.failure(f"{response.status_code}, no head-count on the page")

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def list_first_page(self):
        self._list("people list p1")

    @task(2)
    def list_deeper_page(self):
        if self.pages > 1:
            page = random.randint(2, min(self.pages, DEEPEST_PAGE))
            self._list("people list p2-p10", {"page": page})

    @task(2)
    def search_by_name(self):
        self._list("search name", {"q": random.choice(self.account["names"])})

    @task(2)
    def search_by_number(self):
        self._list("search 工号 prefix", {"q": random.choice(self.account["prefixes"])})

    @task(2)
    def search_by_initials(self):
        self._list("search pinyin initials", {"q": random.choice(self.account["initials"])})

    @task(1)
    def search_as_you_type(self):
        # What the search box sends while typing: the results fragment only.
        initials = random.choice(self.account["initials"])
        self._list("search as-you-type (htmx)", {"q": initials[:2]}, headers={"HX-Request": "true"})
