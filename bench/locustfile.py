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
The sign-in and the sign-ins kept apart are in scenario.py, shared with the other
scenarios.
"""

import random
import re

from locust import task
from scenario import SignedIn, load_accounts, mix, write_sign_ins_to

MIX = mix("BENCH_MIX", {"branch": 6, "mine": 3, "group": 1})
PAGE_SIZE = 50
# The list has only previous/next links, so nobody pages far: deeper pages are 2 to 10.
DEEPEST_PAGE = 10
COUNT = re.compile(r"共 (\d+) 人")

write_sign_ins_to("var/bench/signin.json")
ACCOUNTS = load_accounts("BENCH_ACCOUNTS", "var/bench/accounts.json")
BY_TIER = {tier: [a for a in ACCOUNTS if a["tier"] == tier] for tier in MIX}
TIERS = [tier for tier in MIX if BY_TIER[tier] and MIX[tier] > 0]


class Staff(SignedIn):
    def on_start(self):
        tier = random.choices(TIERS, [MIX[t] for t in TIERS])[0]
        self.account = random.choice(BY_TIER[tier])
        self.pages = max(1, -(-self.account["visible"] // PAGE_SIZE))
        self.sign_in()

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
