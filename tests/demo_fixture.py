"""A demo mine seeded once per test module and shared by that module's tests.

Seeding a mine of 600 people with an area's stories takes many seconds; doing it once
per test instead of once per module cost minutes of every run. The module's fixture
seeds inside a transaction of its own and rolls it back when the module is done, and
each test runs in a savepoint inside it (pytest-django's usual per-test transaction,
nested), so a test still sees the demo exactly as seeded and changes nothing for the
next one. Tests that need an empty database (seeding with other options) live in
other modules: the shared demo is in place for the whole of its module.

Usage, in a test module:

    demo = seeded_demo("--no-voice", "--no-hazards")
"""

from __future__ import annotations

from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

# Large enough for every office the demo needs; small enough to keep the tests quick.
PEOPLE = 600

# The same fast hashers the suite's autouse settings fixture gives every test.
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "tongxin.accounts.hashers.InitialCodeHasher",
]


@contextmanager
def rolled_back(django_db_blocker):
    """A transaction on the test database that is rolled back when the block ends."""
    from tests.conftest import _audit_guard, _guard, _reference_data

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _audit_guard(_guard.INSTALL)
            _reference_data()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def seed(*args: str, people: int = PEOPLE) -> str:
    out = StringIO()
    call_command("seed_demo", "--people", str(people), *args, stdout=out)
    return out.getvalue()


def seeded_demo(*args: str, people: int = PEOPLE):
    """A module-scoped fixture: the demo seeded with `args`; its value is what it printed."""

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp("demo-media")
        with (
            override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media),
            rolled_back(django_db_blocker),
        ):
            yield seed(*args, people=people)

    return demo
