"""Walking every page of demo roles, in Chromium, on a phone (360×740) and at a desk (1366×768).

The demo mine is seeded; each demo login signs in on a phone-sized window and walks
every page it can reach by following links from its home page (one page per kind of
address: /voice/cases/12/ and /voice/cases/13/ are the same page). On each page:

- it answers 200 (a link to a page that refuses or is missing is a dead end);
- nothing scrolls sideways at 360 px, nor at 1366 px, and no table cell is squeezed to a
  few characters a line on the phone (issue #13: lists become cards on a phone, filters
  fold away);
- a screenshot at each size goes to test-artifacts/pages/<login>/, with an index of the
  pages, to be looked at (they are what a reviewer reads, not what the test asserts).
  Each kind of page is photographed for the first login of the walk that reaches it (and
  every login's home page): a full-page screenshot costs more than the rest of a page's
  checks, and the roles after the first see the same templates; the width checks still
  run for every login on every page.

Downloads (exports, templates, files) and the admin site are not pages of this walk:
exports have their own tests (tests/core/test_exports.py), the admin is Django's.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.demo_fixture import seed
from tongxin.people.demo.logins import DEMO_LOGINS, DEMO_PASSWORD

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 768}
# Not pages: files, downloads and actions reached by links, and the admin site.
NOT_PAGES = re.compile(
    r"/(static|media|api|admin)/|/accounts/logout/|export|template|download|\.(xlsx|docx|pdf|png|jpg)"
    r"|/file/|/files/|/video/|/qr|/print|/photo"
)
# More than any role has today (the administrator reaches about 75 kinds of page); a walk
# that reaches this many has found a loop of ever-new addresses, which is a failure too.
MOST_PAGES = 150


def kind_of(path: str) -> str:
    """The page an address shows, whatever record: numbers and codes become N."""
    path = path.split("?", 1)[0]
    return re.sub(r"/[A-Za-z0-9-]*\d[A-Za-z0-9-]*(?=/)", "/N", path)


def walk(page, base: str):
    """Yield (path, response) for each kind of page reachable from the home page."""
    seen, queue = set(), ["/"]
    while queue:
        path = queue.pop(0)
        kind = kind_of(path)
        if kind in seen:
            continue
        seen.add(kind)
        assert len(seen) <= MOST_PAGES, f"more than {MOST_PAGES} kinds of page: {sorted(seen)}"
        response = page.goto(base + path, wait_until="domcontentloaded")
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        yield path, kind, response
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            url = urlparse(urljoin(base + path, href))
            if f"{url.scheme}://{url.netloc}" != base or url.fragment and not url.path:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if NOT_PAGES.search(target) or "page=" in url.query:
                continue
            if kind_of(target) not in seen:
                queue.append(target)


# JPEG: about a third of the time PNG takes to encode a tall page, and small enough to
# keep a thousand of them as the run's artefacts.
SHOT = {"type": "jpeg", "quality": 70}


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# Table cells squeezed so narrow that their text wraps every few characters (the inbox's
# titles did, before lists became cards): more than 6 characters in under 80 px. A card
# list's headings are there for screen readers only, out of sight.
SQUEEZED = """() => [...document.querySelectorAll("td, th")]
  .filter(cell => !cell.closest("table.tx-cards > thead"))
  .filter(cell => cell.offsetWidth > 0 && cell.offsetWidth < 80)
  .map(cell => cell.innerText.trim())
  .filter(text => text.length > 6 && /[\\u4e00-\\u9fff]/.test(text))
  .map(text => text.slice(0, 20))"""


# The logins the first test module walks; the second walks all the others, so that a
# login added to the demo is walked without anyone remembering to add it here.
FIRST_HALF = {"demo01", "demo02", "demo03", "demo04", "demo09"}


def check_every_page(browser, live_server, *, first_half: bool) -> None:
    """Seed the demo, walk each login's pages; fail listing every page that is wrong."""
    seed()
    problems: list[str] = []
    photographed: set[str] = set()
    for login in [x for x in DEMO_LOGINS if (x.employee_no in FIRST_HALF) == first_half]:
        shots = ARTIFACTS / "pages" / login.employee_no
        shots.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(
            locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        sign_in(page, login.employee_no, DEMO_PASSWORD)
        index = []
        for path, kind, response in walk(page, live_server.url):
            name = kind.strip("/").replace("/", "_") or "home"
            index.append(f"{path}\t{response.status}")
            if response.status != 200:
                problems.append(f"{login.employee_no} {path}: {response.status}")
                continue
            if width(page) > PHONE["width"]:
                problems.append(f"{login.employee_no} {path}: {width(page)} px wide on a phone")
            if squeezed := page.evaluate(SQUEEZED):
                problems.append(f"{login.employee_no} {path}: squeezed on a phone: {squeezed}")
            shoot = kind == "/" or kind not in photographed
            photographed.add(kind)
            if shoot:
                page.screenshot(path=str(shots / f"{name}.360.jpg"), full_page=True, **SHOT)
            page.set_viewport_size(DESK)
            if width(page) > DESK["width"]:
                problems.append(f"{login.employee_no} {path}: {width(page)} px wide at a desk")
            if shoot:
                page.screenshot(path=str(shots / f"{name}.1366.jpg"), **SHOT)
            page.set_viewport_size(PHONE)
        (shots / "index.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
        context.close()
        # Every role has more to see than its home and a couple of menus.
        assert len(index) >= 20, f"{login.employee_no} reached only {index}"
    assert not problems, "\n".join(problems)


# Two test modules share the logins (test_every_page_*.py), so that the two test processes
# of the suite walk half each.
