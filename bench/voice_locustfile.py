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
locustfile.py (the shared part is in scenario.py), everyone signs in first (PBKDF2,
slow on purpose), the page statistics are reset once the last user is in, and the
sign-ins are written to BENCH_SIGNIN_OUT.
"""

import random
import re

from locust import task
from scenario import SignedIn, load_accounts, mix, write_sign_ins_to

MIX = mix("BENCH_VOICE_MIX", {"officer": 1, "worker": 1})
# The states an officer works through, weighted by how often the tabs are used.
STATES = (("submitted", 3), ("accepted", 2), ("assigned", 3), ("handled", 1),
          ("replied", 1), ("open", 2), ("closed", 1))  # fmt: skip
TITLES = ("班车座位不够", "食堂饭菜太咸", "宿舍热水不稳定", "劳保手套不够用", "培训时间冲突")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

write_sign_ins_to("var/bench/voice_signin.json")
ACCOUNTS = load_accounts("BENCH_VOICE_ACCOUNTS", "var/bench/voice_accounts.json")
OFFICERS = [a for a in ACCOUNTS if a["tier"] in ("branch", "mine")]
WORKERS = [a for a in ACCOUNTS if a["tier"] == "worker"]


class Officer(SignedIn):
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


class Worker(SignedIn):
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
