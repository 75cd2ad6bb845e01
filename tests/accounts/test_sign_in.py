"""Sign-in as 等保三级 asks: lockout after five failures, audit of every try."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tongxin.accounts.models import SignInLock
from tongxin.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client, employee_no, password, ip="10.1.1.1"):
    return client.post(LOGIN, {"employee_no": employee_no, "password": password}, REMOTE_ADDR=ip)


def test_sign_in_with_employee_number_and_password(cast, client, password):
    response = sign_in(client, "100001", password)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="accounts.signin.succeeded")
    assert event.actor == cast.wang_worker and event.ip == "10.1.1.1"


def test_wrong_password_says_how_many_tries_are_left(cast, client):
    response = sign_in(client, "100001", "wrong")
    assert response.status_code == 400
    assert "还可尝试4次" in response.content.decode()
    assert AuditEvent.objects.filter(action="accounts.signin.failed", actor_label="100001").exists()


def test_five_failures_lock_the_account_from_every_address_for_15_minutes(cast, client, password):
    for _ in range(5):
        response = sign_in(client, "100001", "wrong")
    assert "已锁定15分钟" in response.content.decode()
    # The right password is refused while the lock lasts, from this address …
    response = sign_in(client, "100001", password)
    assert response.status_code == 400 and "已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # … and from any other (a lock per address let the right password through at once).
    response = sign_in(client, "100001", password, ip="10.9.9.9")
    assert response.status_code == 400 and "管理员解锁" in response.content.decode()
    # Other accounts are not locked.
    assert sign_in(client, "100002", password).status_code == 302
    client.logout()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("accounts.signin.failed") == 5
    assert actions.count("accounts.signin.locked") == 1
    assert actions.count("accounts.signin.refused_locked") == 2
    # Fifteen minutes later the lock is over.
    SignInLock.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert sign_in(client, "100001", password).status_code == 302


def test_unknown_numbers_lock_the_same_way(db, client):
    for _ in range(5):
        response = sign_in(client, "nobody", "x")
    assert "已锁定" in response.content.decode()


def test_a_success_resets_the_count(cast, client, password):
    for _ in range(4):
        sign_in(client, "100001", "wrong")
    assert sign_in(client, "100001", password).status_code == 302
    client.logout()
    response = sign_in(client, "100001", "wrong")
    assert "还可尝试4次" in response.content.decode()


def test_inactive_people_cannot_sign_in(cast, client, password):
    cast.wang_worker.is_active = False
    cast.wang_worker.save(update_fields=["is_active"])
    assert sign_in(client, "100001", password).status_code == 400


def test_sign_out_is_post_only_and_audited(cast, client, password):
    sign_in(client, "100001", password)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.signout").exists()
    assert client.get("/").status_code == 302


def test_next_parameter_stays_on_this_site(cast, client, password):
    response = client.post(
        LOGIN + "?next=https://evil.example/",
        {"employee_no": "100001", "password": password, "next": "https://evil.example/"},
    )
    assert response.url == "/"
