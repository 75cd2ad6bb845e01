"""Password rules, first sign-in with an initial password, password age, idle sessions."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tongxin.accounts import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "weak, reason",
    [
        ("Ab1!", "至少"),  # too short (Django's own Chinese message)
        ("abcdefgh1", "大写字母、小写字母"),  # two kinds of character
        ("ABCDEFGH", "大写字母、小写字母"),
        ("P@ssw0rd", "常见密码"),  # on Django's list
        ("Admin@123", "常见密码"),  # on ours
    ],
)
def test_weak_passwords_are_refused_in_chinese(cast, weak, reason):
    with pytest.raises(ValidationError) as exc:
        validate_password(weak, cast.wang_worker)
    assert any(reason in m for m in exc.value.messages)


def test_password_may_not_contain_the_employee_number(cast):
    with pytest.raises(ValidationError, match="工号"):
        validate_password("Xy#100001z", cast.wang_worker)


def test_a_strong_password_passes(cast):
    validate_password("Shaft-7-Lamp", cast.wang_worker)


def test_initial_password_must_be_changed_at_first_sign_in(cast, client):
    codes = services.issue_initial_passwords(actor=cast.feng_admin, people=[cast.wang_worker])
    code = codes["100001"]
    assert len(code) == 12
    response = client.post("/accounts/login/", {"employee_no": "100001", "password": code})
    assert response.status_code == 302
    # Every page sends them to the change form until they have set their own.
    assert client.get("/").url == reverse("accounts:password_change")
    assert client.get(reverse("people:me")).url == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "首次登录" in page
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": code, "new_password": "abc", "new_password_again": "abc"},
    )
    assert weak.status_code == 200 and "至少" in weak.content.decode()
    cast.wang_worker.refresh_from_db()
    assert cast.wang_worker.must_change_password
    done = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": code,
            "new_password": "Shaft-7-Lamp",
            "new_password_again": "Shaft-7-Lamp",
        },
    )
    assert done.url == "/"
    assert client.get("/").status_code == 200
    cast.wang_worker.refresh_from_db()
    assert not cast.wang_worker.must_change_password
    assert cast.wang_worker.check_password("Shaft-7-Lamp")
    assert not cast.wang_worker.check_password(code)


def test_initial_passwords_are_stored_hashed(cast):
    codes = services.issue_initial_passwords(actor=cast.feng_admin, people=[cast.li_member])
    cast.li_member.refresh_from_db()
    assert codes["100002"] not in cast.li_member.password
    assert cast.li_member.password.startswith("initial_sha256$")


def test_wrong_old_password_is_refused(cast, client_for):
    client = client_for(cast.wang_worker)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password": "Shaft-7-Lamp",
            "new_password_again": "Shaft-7-Lamp",
        },
    )
    assert "原密码不正确" in response.content.decode()


def test_expired_password_must_be_changed(cast, client_for, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    cast.wang_worker.password_changed_at = timezone.now() - timedelta(days=91)
    cast.wang_worker.save(update_fields=["password_changed_at"])
    client = client_for(cast.wang_worker)
    assert client.get("/").url == reverse("accounts:password_change")
    assert "有效期" in client.get(reverse("accounts:password_change")).content.decode()


def test_password_age_zero_means_no_expiry(cast, client_for, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    cast.wang_worker.password_changed_at = timezone.now() - timedelta(days=900)
    cast.wang_worker.save(update_fields=["password_changed_at"])
    assert client_for(cast.wang_worker).get("/").status_code == 200


def test_session_ends_after_30_idle_minutes(cast, client, password):
    client.post("/accounts/login/", {"employee_no": "100001", "password": password})
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/").status_code == 200  # 29 minutes: still signed in, clock reset
    session = client.session
    assert session["last_seen"] >= int(time.time()) - 5
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get("/").url.startswith("/accounts/login/")


def test_session_cookie_expiry_matches_idle_timeout(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_idle_session_on_the_api_gets_401_not_a_redirect(cast, client, password):
    client.post("/accounts/login/", {"employee_no": "100001", "password": password})
    assert client.get("/api/me").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/api/me")
    assert response.status_code == 401
