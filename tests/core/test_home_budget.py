"""The demo mine, seeded once for this module, against the area registry: every demo
role's home page within 12 queries, the same however much data and however many
areas; each panel within its own budget; the menus exactly as each role had them; and
every registered figure equal to the records behind it (and to the area's own
statistics where it has them)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.demo_fixture import seeded_demo
from tongxin.core import registry
from tongxin.people.demo.logins import DEMO_LOGINS
from tongxin.people.models import Organisation, OrgKind, Person
from tongxin.people.scoping import reach_of, role_assignments

pytestmark = pytest.mark.django_db

BUDGET = 12
LOGINS = [login.employee_no for login in DEMO_LOGINS]


# One demo mine for the whole module (tests/demo_fixture.py).
demo = seeded_demo()


def home_queries(client, employee_no: str) -> int:
    client.force_login(Person.objects.get(employee_no=employee_no))
    client.get(reverse("core:home"))  # the first request of a session also refreshes it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return len(captured)


# --- the home page ---------------------------------------------------------------------


@pytest.mark.parametrize("employee_no", LOGINS)
def test_each_demo_roles_home_is_within_budget(
    demo, client, employee_no, django_assert_max_num_queries
):
    client.force_login(Person.objects.get(employee_no=employee_no))
    client.get(reverse("core:home"))
    with django_assert_max_num_queries(BUDGET):
        assert client.get(reverse("core:home")).status_code == 200


def test_home_costs_the_same_with_ten_times_the_records(demo, client):
    before = {no: home_queries(client, no) for no in LOGINS}
    _multiply_records()
    after = {no: home_queries(client, no) for no in LOGINS}
    assert after == before


def _copy(row, **changes):
    model = type(row)
    values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
    values.pop(model._meta.pk.attname)
    return model(**{**values, **changes})


def _multiply_records():
    """Nine more copies of every case, hazard, service item and open grid task, and
    more people: the counts on the home pages grow, their queries must not."""
    from tongxin.care.models import ServiceItem
    from tongxin.grid.models import GridTask, TaskState
    from tongxin.hazards.models import Hazard
    from tongxin.voice.models import Case

    for rows, unique in (
        (Case.objects.all(), {"receipt_hash": None, "congress_number": None}),
        (Hazard.objects.all(), {}),
        (ServiceItem.objects.all(), {"need_id": None}),
        (GridTask.objects.filter(state=TaskState.OPEN), {"generation_key": None}),
    ):
        originals = list(rows)
        assert originals
        copies = [_copy(row, **unique) for _ in range(9) for row in originals]
        rows.model.objects.bulk_create(copies, batch_size=1000)
    people = Person.objects.filter(is_active=True, is_superuser=False)[:300]
    Person.objects.bulk_create(
        [_copy(p, employee_no=f"x{i:06d}") for i, p in enumerate(people)], batch_size=1000
    )


def test_a_new_area_with_a_panel_adds_no_query(demo, client):
    """Areas to come declare panels that ask through Home.aggregate: the page's one
    aggregate query takes them in."""
    from tongxin.care.models import ServiceItem

    before = {no: home_queries(client, no) for no in LOGINS}

    def toy_context(home):
        return home.aggregate(
            ServiceItem.objects.filter(organisation__path__startswith="0"),
            open=Count("pk"),
            overdue=Count("pk", filter=Q(deadline__lt=home.today)),
        )

    toy = registry.Area(
        name="toy",
        label="toy",
        panels=(registry.Panel("care", "care/home_panel.html", toy_context, order=50),),
    )
    registry.register(toy)
    try:
        after = {no: home_queries(client, no) for no in LOGINS}
        html = client.get(reverse("core:home")).content.decode()
    finally:
        registry._areas.pop("toy")
    assert after == before
    assert "我负责的服务项目" in html


@pytest.mark.parametrize("employee_no", LOGINS)
def test_each_panel_keeps_its_own_budget(demo, employee_no):
    """A panel's own queries (beyond the page's shared ones: the person, their roles
    and reach, and the one aggregate query) stay within what it declares."""
    for panel in registry.panels():
        person = Person.objects.select_related("unit").get(employee_no=employee_no)
        role_assignments(person)
        reach_of(person)
        home = registry.Home(person=person, today=timezone.localdate())
        with CaptureQueriesContext(connection) as captured:
            context = panel.context(home)
            context = context() if callable(context) else context
            home.flush()
            if context is not None:
                render_to_string(panel.template, {panel.key: context, "person": person})
        own = [q for q in captured if not q["sql"].startswith("SELECT * FROM (")]
        assert len(own) <= panel.budget, (panel.key, [q["sql"][:120] for q in own])


def test_a_count_on_the_home_page_is_the_length_of_the_list_it_links_to(demo, client):
    """demo03's voice panel: each number links to the inbox filtered to those cases."""
    from tongxin.voice.access import cases_visible_to
    from tongxin.voice.models import State

    secretary = Person.objects.get(employee_no="demo03")
    client.force_login(secretary)
    html = client.get(reverse("core:home")).content.decode()
    to_handle = cases_visible_to(secretary).filter(state=State.ASSIGNED).count()
    link = (
        f'href="{reverse("voice:inbox")}?state=assigned"><div class="fs-4 fw-semibold">{to_handle}<'
    )
    assert link in html


@pytest.mark.parametrize("show, words", [("reports", "份月报表待审核"), ("overdue", "项任务超期")])
def test_a_grid_count_over_many_branches_links_to_those_records_branch_by_branch(
    demo, client, show, words
):
    """demo08 (the administrator) runs every branch of the mine: the count links to the
    branch list filtered to the branches with such records, whose numbers add up to it,
    each linking on to the branch's own list."""
    import re

    client.force_login(Person.objects.get(employee_no="demo08"))
    html = client.get(reverse("core:home")).content.decode()
    href = f"{reverse('grid:network_list')}?show={show}"
    found = re.search(re.escape(href) + r'">(\d+) ' + words, html)
    assert found, f"no link {href} with its count on the home page"
    listed = client.get(href).content.decode()
    numbers = [int(n) for n in re.findall(r'data-waiting="\d+" href="[^"]+">(\d+)<', listed)]
    assert sum(numbers) == int(found.group(1)) > 0
    assert f"共 {sum(numbers)} 项" in listed


@pytest.mark.parametrize("employee_no", LOGINS)
def test_the_hazard_panel_counts_what_the_today_page_lists(demo, employee_no):
    from tongxin.hazards.selectors import today_aggregates, today_for

    person = Person.objects.get(employee_no=employee_no)
    rows = today_for(person)
    plans, counts = today_aggregates(person, timezone.localdate())
    assert plans.aggregate(**counts) == {
        "plans": len(rows),
        "to_inspect": sum(1 for row in rows if row["done"] is None),
    }


# --- the menus -----------------------------------------------------------------------

# What each demo role's bar and 工作台 menu held before the registry, entry by entry.
BAR = ["首页", "我的诉求", "隐患排查", "我的网格", "关爱服务"]
WORKER_BAR = ["首页", "我的诉求", "隐患排查", "关爱服务"]
MENUS = {
    "demo01": (WORKER_BAR, []),
    "demo02": (BAR, []),
    "demo03": (BAR, ["诉求办理", "隐患看板", "组织架构", "人员", "网格管理"]),
    "demo04": (BAR, ["诉求办理", "隐患看板", "组织架构", "人员", "服务台账"]),
    "demo05": (BAR, ["诉求办理", "隐患看板", "组织架构", "人员"]),
    "demo06": (BAR, ["诉求办理", "隐患看板", "组织架构", "人员", "网格管理"]),
    "demo07": (BAR, ["隐患看板", "组织架构", "人员", "网格管理", "网格督查"]),
    "demo08": (
        BAR,
        ["诉求办理", "隐患看板", "组织架构", "人员", "网格管理", "服务台账", "花名册导入"],
    ),
    "demo09": (WORKER_BAR, ["诉求办理"]),
    "demo10": (BAR, ["隐患看板", "组织架构", "人员"]),
}
URLS = {
    "首页": ("/", "house", "/$"),
    "我的诉求": ("/voice/", "chat-dots", "/voice/"),
    "隐患排查": ("/hazards/", "shield-check", "/hazards/"),
    "我的网格": ("/grid/", "grid-3x3", "/grid/$"),
    "关爱服务": ("/care/", "heart", "/care/"),
    "诉求办理": ("/voice/inbox/", "inboxes", "/voice/inbox"),
    "隐患看板": ("/hazards/board/", "clipboard-data", "/hazards/board"),
    "组织架构": ("/people/org/", "diagram-3", "/people/org"),
    "人员": ("/people/list/", "people", "/people/list"),
    "网格管理": ("/grid/network/", "diagram-2", "/grid/network"),
    "网格督查": ("/grid/spot/", "search", "/grid/spot"),
    "服务台账": ("/care/ledger/", "journal-check", "/care/ledger"),
    "花名册导入": ("/people/import/", "upload", "/people/import"),
}


@pytest.mark.parametrize("employee_no", LOGINS)
def test_each_demo_roles_menu_is_what_it_was(demo, employee_no):
    """The entries of today's areas, in today's order; areas added later may add theirs."""
    items = registry.menu_for(Person.objects.get(employee_no=employee_no))
    items = [i for i in items if str(i.label) in URLS]
    bar, desk = MENUS[employee_no]
    assert [str(i.label) for i in items if not i.desk] == bar
    assert [str(i.label) for i in items if i.desk] == desk
    for item in items:
        assert (item.url, item.icon, item.prefix) == URLS[str(item.label)]


# --- figures -------------------------------------------------------------------------


def _period():
    today = timezone.localdate()
    return today - timedelta(days=400), today


def _organisations():
    mine = Organisation.objects.get(kind=OrgKind.MINE)
    district = Organisation.objects.get(name="综采一队", path__startswith=mine.path)
    branch = Organisation.objects.get(name="综采一队党支部", kind=OrgKind.BRANCH)
    return [mine, district, branch]


def test_every_figure_is_the_count_or_sum_of_its_records(demo):
    start, end = _period()
    figures = registry.figures()
    assert {"voice.received", "hazards.found", "grid.visits_due", "care.assistance_given"} <= set(
        figures
    )
    for org in _organisations():
        for key, figure in figures.items():
            records = figure.records(org, start, end)
            value = figure.value(org, start, end)
            if figure.kind == "sum":
                expected = sum((getattr(r, figure.summed) for r in records), start=Decimal(0))
            elif figure.kind == "count":
                expected = len(list(records))
            elif key == "voice.satisfaction":
                ratings = [r.rating for r in records]
                expected = (
                    round(100 * sum(1 for r in ratings if r >= 4) / len(ratings), 1)
                    if ratings
                    else None
                )
            else:
                continue
            assert value == expected, (key, org.name)
    # Demo-like data: the mine's figures are not all zero.
    mine = _organisations()[0]
    for key in ("voice.received", "hazards.found", "grid.visits_due", "care.assistance_given"):
        assert figures[key].value(mine, start, end) > 0, key


def test_figures_agree_with_the_areas_own_statistics(demo):
    from tongxin.care.selectors import assistance_totals
    from tongxin.grid import figures as grid_figures
    from tongxin.hazards.selectors import statistics

    start, end = _period()
    mine, _district, branch = _organisations()
    admin = Person.objects.get(employee_no="demo08")
    totals = statistics(admin, mine, start, end)["totals"]
    assert registry.figure("hazards.found").value(mine, start, end) == totals["found"]
    assert registry.figure("hazards.rectified_on_time").value(mine, start, end) == totals["on_time"]
    visits = grid_figures.visits_on_time(branch, start, end)
    assert registry.figure("grid.visits_due").value(branch, start, end) == visits.denominator
    assert registry.figure("grid.visits_on_time").value(branch, start, end) == visits.numerator
    problems = grid_figures.problems_answered(branch, start, end)
    assert registry.figure("grid.problems_raised").value(branch, start, end) == problems.denominator
    assert registry.figure("grid.problems_answered").value(branch, start, end) == problems.numerator
    year = date(end.year, 1, 1)
    aid = assistance_totals(admin, end.year, mine)
    amount = registry.figure("care.assistance_amount").value(mine, year, date(end.year, 12, 31))
    assert amount == aid["total"]


# --- each area's main pages: bytes and queries (issue #14) ---------------------------

# (most queries, most KB of HTML before compression) per page of bench/capacity_pages.py,
# on this module's demo mine: a page whose size or query count grows past its budget fails
# here, before it costs the app servers (bench/page_cpu.py measures the CPU). Worker
# pages stay under 30 KB.
PAGE_BUDGETS = {
    "worker home": (9, 12),
    "request form": (10, 14),
    "my cases": (10, 10),
    "my case": (11, 12),
    "report a hazard": (14, 22),
    "today's inspections": (14, 26),  # 24 until the patrol's and integrity's menu entries
    "my grid": (12, 18),
    "care": (12, 9),
    "study": (11, 9),
    "officer home": (14, 20),
    "inbox": (15, 30),
    "inbox, unit and state": (15, 30),
    "case page": (22, 14),
    "hazard board": (14, 28),
    "a hazard": (11, 20),
    "care desk": (13, 14),
    "people search": (9, 32),
}
WORKER_PAGE_KB = 30


def _capacity_pages():
    from bench.capacity_pages import PAGES

    return PAGES


@pytest.mark.parametrize("page", _capacity_pages(), ids=lambda p: p.name)
def test_main_pages_stay_within_their_bytes_and_queries(demo, client, page):
    from bench.capacity_pages import resolve

    most_queries, most_kb = PAGE_BUDGETS[page.name]
    assert not page.worker or most_kb <= WORKER_PAGE_KB
    client.force_login(Person.objects.get(employee_no=page.login))
    path = resolve(page)
    client.get(path)  # the session's first request refreshes it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    size = len(response.content)
    print(f"{page.name}: {len(captured)} queries, {size / 1024:.1f} KB")
    sql = "\n".join(q["sql"][:150] for q in captured.captured_queries)
    assert len(captured) <= most_queries, sql
    assert size <= most_kb * 1024, f"{page.name}: {size / 1024:.1f} KB, budget {most_kb} KB"


def test_every_capacity_page_has_a_budget():
    assert {p.name for p in _capacity_pages()} == set(PAGE_BUDGETS)
