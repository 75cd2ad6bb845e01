import importlib

import pytest
from django.db import connection

from tests.cast import PASSWORD, build_cast


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # A fast hasher keeps the suite quick; the initial-code hasher stays available.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "tongxin.accounts.hashers.InitialCodeHasher",
    ]
    # No collectstatic manifest in tests: plain static storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Every test client builds the middleware anew, and WhiteNoise's builds an index of
    # every collected static file (about 2,000, a quarter of a second) unless it looks
    # files up as they are asked for: in the permission matrix that index was two thirds
    # of the time. The files served are the same either way.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def client_for(client):
    """A client signed in as the given person (force_login: sign-in has its own tests)."""

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


_guard = importlib.import_module("tongxin.core.migrations.0003_audit_append_only")


def _audit_guard(statements):
    with connection.cursor() as cursor:
        for sql in statements[connection.vendor]:
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _audit_log_guard(request):
    """Keep the audit log's database guard in place during tests, and out of the way of flush.

    Tests on a transactional database end with a flush that empties every table, which
    the guard (rightly) refuses for the audit log; the guard is lifted just before that
    flush and put back at the start of the next test that uses the database.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or "transactional_db" in (
        request.fixturenames
    )
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        yield
        return
    _audit_guard(_guard.INSTALL)
    _reference_data()
    yield
    if transactional:
        _audit_guard(_guard.REMOVE)


def _reference_data():
    """The rows data migrations create (categories, holidays), back after a flush.

    Tests on a transactional database end by emptying every table, migrations' rows
    included; the next test gets them again here.
    """
    from tongxin.core.holidays import ensure_holidays
    from tongxin.core.models import Holiday
    from tongxin.voice.defaults import ensure_categories
    from tongxin.voice.models import Category

    if not Category.objects.exists():
        ensure_categories(Category)
    if not Holiday.objects.exists():
        ensure_holidays(Holiday)
    from tongxin.hazards.defaults import ensure_categories as ensure_hazard_categories
    from tongxin.hazards.models import HazardCategory

    if not HazardCategory.objects.exists():
        ensure_hazard_categories(HazardCategory)
    from tongxin.grid.defaults import ensure_templates
    from tongxin.grid.models import TaskTemplate

    if not TaskTemplate.objects.exists():
        ensure_templates(TaskTemplate)


# --- which tests also run on PostgreSQL ------------------------------------------------
#
# bin/test runs every test on SQLite, then on PostgreSQL (with Redis as queue and cache)
# only the ones whose outcome can depend on the database: what SQLite cannot show (row
# locks between two connections, the queue on Redis) and the code paths that differ by
# vendor (bulk writes by COPY, the audit log's triggers, path-prefix scoping and search
# queries whose plans use the indexes, the demo's bulk-written rows). Everything else is
# the same Python on the same ORM, and running it twice cost half the suite's time.
# A test joins by needing a transactional database (threads, the queue, a live server
# outside tests/browser) or by being in one of these modules; the browser stories run
# once, on SQLite.
POSTGRES_MODULES = {
    "tests/core/test_audit.py": "the append-only triggers are written per vendor",
    "tests/core/test_admin_audit.py": "the audit log's triggers under the admin",
    "tests/people/test_roster.py": "the roster import writes by COPY on PostgreSQL",
    "tests/people/test_roster_pages.py": "the same, through the pages",
    "tests/people/test_scoping.py": "scope is a path-prefix query on the tree's index",
    "tests/people/test_query_counts.py": "search and lists whose queries use the indexes",
    "tests/people/test_seed_demo.py": "the demo's people are bulk-written per vendor",
    "tests/voice/test_demo.py": "bulk-written timelines and audit rows",
    "tests/hazards/test_demo.py": "bulk-written inspections",
    "tests/grid/test_demo.py": "bulk-written reports and visits",
    "tests/care/test_demo.py": "bulk-written ledgers",
    "tests/api/test_permissions.py": "scoped queries through the API",
    "tests/grid/test_coverage.py": "coverage aggregates with conditional counts",
    "tests/hazards/test_board_pages.py": "the board's statistics by period",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if path.startswith("tests/browser/"):
            item.add_marker(pytest.mark.browser)
            continue
        transactional = "transactional_db" in item.fixturenames or any(
            mark.kwargs.get("transaction") for mark in item.iter_markers("django_db")
        )
        if transactional or path in POSTGRES_MODULES or item.get_closest_marker("queue"):
            item.add_marker(pytest.mark.postgres)
