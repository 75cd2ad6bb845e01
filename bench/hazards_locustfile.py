"""Load scenario for hazards: mine officers at the open-hazard board, district officers at
their statistics.

    locust -f bench/hazards_locustfile.py --headless -u 20 -t 60s --host http://127.0.0.1:8765

Accounts come from BENCH_HAZARDS_ACCOUNTS (written by `bench/hazards_seed.py --accounts`):

- mine officers (leadership, discipline inspectors, administrators and union chairs of a
  mine) open the mine's open-hazard board, `/hazards/board/?unit=<mine>`, and now and
  then its second page;
- district officers (branch secretaries and sub-union chairs of a district) open the
  district's statistics for this month so far,
  `/hazards/stats/?unit=<district>&since=<first of the month>&until=<today>`.

BENCH_HAZARDS_MIX ("mine:1,district:1") weighs the two kinds of user. As in
locustfile.py, everyone signs in first (PBKDF2, slow on purpose), the page statistics
are reset once the last user is in, and the sign-ins are written to BENCH_SIGNIN_OUT.
"""

import json
import os
import random
import statistics
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from locust import HttpUser, between, events, task

ACCOUNTS_FILE = os.environ.get("BENCH_HAZARDS_ACCOUNTS", "var/bench/hazards_accounts.json")
PASSWORD = os.environ.get("BENCH_PASSWORD", "Tongxin@2026")
MIX = {
    kind: float(weight)
    for kind, weight in (
        item.split(":") for item in os.environ.get("BENCH_HAZARDS_MIX", "").split(",") if item
    )
} or {"mine": 1, "district": 1}
SIGN_IN_NAMES = ("sign-in page", "sign in")
SIGNIN_OUT = os.environ.get("BENCH_SIGNIN_OUT", "var/bench/hazards_signin.json")
sign_in_times: dict[str, list[float]] = {name: [] for name in SIGN_IN_NAMES}
signed_in = 0

with open(ACCOUNTS_FILE, encoding="utf-8") as f:
    ACCOUNTS = json.load(f)
MINE_OFFICERS = [a for a in ACCOUNTS if a["tier"] == "mine"]
DISTRICT_OFFICERS = [a for a in ACCOUNTS if a["tier"] == "district"]


def today() -> date:
    """The platform's day (its TIME_ZONE), not the machine's."""
    return datetime.now(ZoneInfo(os.environ.get("TIME_ZONE", "Asia/Shanghai"))).date()


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


class MineOfficer(_SignedIn):
    weight = int(MIX.get("mine", 1) * 10)
    accounts = MINE_OFFICERS

    @task(5)
    def board(self):
        self.page("/hazards/board/", "board, mine (open)", {"unit": self.account["unit"]})

    @task(1)
    def board_page_2(self):
        self.page(
            "/hazards/board/", "board, mine (open) p2", {"unit": self.account["unit"], "page": 2}
        )


class DistrictOfficer(_SignedIn):
    weight = int(MIX.get("district", 1) * 10)
    accounts = DISTRICT_OFFICERS

    @task
    def stats(self):
        day = today()
        self.page(
            "/hazards/stats/",
            "stats, district (month)",
            {
                "unit": self.account["unit"],
                "since": day.replace(day=1).isoformat(),
                "until": day.isoformat(),
            },
        )
