"""Load scenario for learning (issue #15): branch secretaries at their branch's study
desk, mine officers at the mine's missed meetings, both at the month's person ranking.

    locust -f bench/learning_locustfile.py --headless -u 20 -t 60s --host http://127.0.0.1:8765

Accounts come from BENCH_LEARNING_ACCOUNTS (written by `bench/learning_seed.py --accounts`):

- branch secretaries open their branch's study desk (`/learning/library/desk/`: the
  members' hours this month, the required courses with who has not finished, the
  flags; 3 in 4) and the month's person ranking of their branch (1 in 4);
- mine officers (leadership and administrators of a mine) open the missed meetings of
  the mine (`/learning/meetings/missed/`: every branch × type × period not held, this
  year; 1 in 2) and the month's person ranking of the whole mine
  (`/learning/library/ranking/?period=month&scope=mine`, 1 in 2).

BENCH_LEARNING_MIX ("secretary:1,mine:1") weighs the two kinds of user; BENCH_WAIT_MIN
and BENCH_WAIT_MAX the think time (0 and 0: none). Sign-ins as in scenario.py.
"""

from locust import task
from scenario import SignedIn, load_accounts, mix, write_sign_ins_to

MIX = mix("BENCH_LEARNING_MIX", {"secretary": 1, "mine": 1})

write_sign_ins_to("var/bench/learning_signin.json")
ACCOUNTS = load_accounts("BENCH_LEARNING_ACCOUNTS", "var/bench/learning_accounts.json")


class Secretary(SignedIn):
    weight = int(MIX.get("secretary", 1) * 10)
    accounts = [a for a in ACCOUNTS if a["tier"] == "secretary"]

    @task(3)
    def desk(self):
        self.page("/learning/library/desk/", "study desk, branch (month)")

    @task(1)
    def ranking(self):
        self.page(
            "/learning/library/ranking/",
            "ranking, branch (month)",
            {"period": "month", "scope": "branch"},
        )


class MineOfficer(SignedIn):
    weight = int(MIX.get("mine", 1) * 10)
    accounts = [a for a in ACCOUNTS if a["tier"] == "mine"]

    @task(1)
    def missed(self):
        self.page("/learning/meetings/missed/", "missed meetings, mine")

    @task(1)
    def ranking(self):
        self.page(
            "/learning/library/ranking/",
            "ranking, mine (month)",
            {"period": "month", "scope": "mine"},
        )
