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
locustfile.py (the shared part is in scenario.py), everyone signs in first (PBKDF2,
slow on purpose), the page statistics are reset once the last user is in, and the
sign-ins are written to BENCH_SIGNIN_OUT.
"""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from locust import task
from scenario import SignedIn, load_accounts, mix, write_sign_ins_to

MIX = mix("BENCH_HAZARDS_MIX", {"mine": 1, "district": 1})

write_sign_ins_to("var/bench/hazards_signin.json")
ACCOUNTS = load_accounts("BENCH_HAZARDS_ACCOUNTS", "var/bench/hazards_accounts.json")
MINE_OFFICERS = [a for a in ACCOUNTS if a["tier"] == "mine"]
DISTRICT_OFFICERS = [a for a in ACCOUNTS if a["tier"] == "district"]


def today() -> date:
    """The platform's day (its TIME_ZONE), not the machine's."""
    return datetime.now(ZoneInfo(os.environ.get("TIME_ZONE", "Asia/Shanghai"))).date()


class MineOfficer(SignedIn):
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


class DistrictOfficer(SignedIn):
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
