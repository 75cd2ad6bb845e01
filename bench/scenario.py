"""What the load scenarios share: accounts, the staff sign-in, and the sign-ins kept apart.

Imported by locustfile.py, voice_locustfile.py and hazards_locustfile.py (locust puts
the locustfile's directory on the import path), which keep only their own pages and mix.

Each simulated user signs in once (GET and POST `/accounts/login/` with the CSRF token)
as one of the accounts of its kind. Signing in hashes the password (PBKDF2, deliberately
slow), and twenty users signing in at once keep both cores busy for seconds. So the page
statistics are reset when the last user has signed in, and the sign-ins ("sign-in page",
"sign in") are kept apart and written to BENCH_SIGNIN_OUT for bench/report.py: the table
shows the steady state, and the sign-in storm on its own lines.
"""

import json
import os
import random
import statistics
from urllib.parse import urlsplit

from locust import HttpUser, between, events

PASSWORD = os.environ.get("BENCH_PASSWORD", "Tongxin@2026")
SIGN_IN_NAMES = ("sign-in page", "sign in")
sign_in_times: dict[str, list[float]] = {name: [] for name in SIGN_IN_NAMES}
signed_in = 0
signin_out = "var/bench/signin.json"


def load_accounts(variable: str, default: str) -> list[dict]:
    """The accounts listed in the JSON file named by the environment `variable`."""
    with open(os.environ.get(variable, default), encoding="utf-8") as f:
        return json.load(f)


def mix(variable: str, default: dict[str, float]) -> dict[str, float]:
    """Weights by kind of user from the environment, as "kind:weight,kind:weight"."""
    return {
        kind: float(weight)
        for kind, weight in (
            item.split(":") for item in os.environ.get(variable, "").split(",") if item
        )
    } or default


def write_sign_ins_to(default: str) -> None:
    """Where the sign-in figures go: BENCH_SIGNIN_OUT, or `default`."""
    global signin_out
    signin_out = os.environ.get("BENCH_SIGNIN_OUT", default)


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
    with open(signin_out, "w", encoding="utf-8") as f:
        json.dump(summary, f)


class SignedIn(HttpUser):
    """A user who signs in first, as one of `accounts`, then views pages with a think time."""

    abstract = True
    wait_time = between(
        float(os.environ.get("BENCH_WAIT_MIN", "0.5")),
        float(os.environ.get("BENCH_WAIT_MAX", "1.5")),
    )
    accounts: list = []

    def on_start(self):
        self.account = random.choice(self.accounts)
        self.sign_in()

    def sign_in(self):
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

    def page(self, url, name, params=None):
        with self.client.get(url, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response
