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
