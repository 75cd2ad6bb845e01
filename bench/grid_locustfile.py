"""Load scenario for the grid: Party members (grid members) at their monthly task list.

    locust -f bench/grid_locustfile.py --headless -u 20 -t 60s --host http://127.0.0.1:8765

Accounts come from BENCH_GRID_ACCOUNTS (written by `bench/grid_seed.py --accounts`):
Party members who cover workers at the fourth level (党员包职工群众), with this month's
tasks generated. Each opens, with a think time between views,

- their phone page `/grid/` (my tasks this month and the workers I cover), 3 in 5;
- the same task list from the API, `GET /api/grid/tasks` (session cookie), 2 in 5.

As in locustfile.py (the shared part is in scenario.py), everyone signs in first
(PBKDF2, slow on purpose), the page statistics are reset once the last user is in, and
the sign-ins are written to BENCH_SIGNIN_OUT.
"""

from locust import task
from scenario import SignedIn, load_accounts, write_sign_ins_to

write_sign_ins_to("var/bench/grid_signin.json")
ACCOUNTS = load_accounts("BENCH_GRID_ACCOUNTS", "var/bench/grid_accounts.json")


class GridMember(SignedIn):
    accounts = ACCOUNTS

    @task(3)
    def task_list_page(self):
        self.page("/grid/", "my tasks page")

    @task(2)
    def task_list_api(self):
        self.page("/api/grid/tasks", "my tasks API")
