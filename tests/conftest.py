import pytest

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
