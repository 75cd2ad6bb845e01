"""Two ways in — session and API token — and what shuts each of them."""

import re

import pytest
from django.test import Client

from tongxin.accounts.models import ApiToken
from tongxin.accounts.services import issue_initial_passwords, revoke_api_token
from tongxin.people import services as people_services
from tongxin.people.models import Person

pytestmark = pytest.mark.django_db


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


def test_nobody_signed_in_gets_401_in_chinese(cast, client):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("未登录")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_bearer_token_works(cast, client, token_for):
    key = token_for(cast.wang_worker)
    response = client.get("/api/me", headers=bearer(key))
    assert response.status_code == 200
    assert response.json()["employee_no"] == cast.wang_worker.employee_no
    token = ApiToken.objects.get(person=cast.wang_worker)
    assert token.last_used_at is not None


def test_revoked_token_is_401(cast, client, token_for):
    key = token_for(cast.wang_worker)
    token = ApiToken.objects.get(person=cast.wang_worker)
    revoke_api_token(person=cast.wang_worker, token=token)
    response = client.get("/api/me", headers=bearer(key))
    assert response.status_code == 401
    assert response.json() == {"detail": "接口令牌无效或已吊销。"}


@pytest.mark.parametrize(
    "header",
    [
        "Bearer tx_wrong",
        "Bearer not-even-a-tx-token",
        "Bearer ",
        "bearer tx_",
    ],
)
def test_wrong_token_is_401(cast, client, token_for, header):
    token_for(cast.wang_worker)
    response = client.get("/api/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_wrong_token_does_not_fall_back_to_the_session(cast, client_for):
    client = client_for(cast.feng_admin)
    response = client.get("/api/me", headers=bearer("tx_wrong"))
    assert response.status_code == 401


def test_another_scheme_falls_back_to_the_session(cast, client_for):
    client = client_for(cast.feng_admin)
    response = client.get("/api/me", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert response.status_code == 200


def test_token_of_an_inactive_person_is_401(cast, client, token_for):
    key = token_for(cast.wang_worker)
    people_services.person_update(actor=None, person=cast.wang_worker, is_active=False)
    assert client.get("/api/me", headers=bearer(key)).status_code == 401


def test_session_of_an_inactive_person_is_401(cast, client_for):
    client = client_for(cast.wang_worker)
    people_services.person_update(actor=None, person=cast.wang_worker, is_active=False)
    assert client.get("/api/me").status_code == 401


def test_session_works(cast, client_for):
    response = client_for(cast.zhao_secretary).get("/api/me")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "赵书文"
    assert body["is_staff_member"] is True
    assert [(r["role"], r["organisation"]["name"]) for r in body["roles"]] == [
        ("branch_secretary", "综采一队党支部")
    ]


def test_token_is_held_by_one_person_only(cast, client, token_for):
    """A token is its holder's: it sees what they see, never more."""
    key = token_for(cast.zhao_secretary)
    headers = bearer(key)
    assert client.get(f"/api/people/{cast.wang_worker.pk}", headers=headers).status_code == 200
    assert client.get(f"/api/people/{cast.qian_outsider.pk}", headers=headers).status_code == 404


# --- Password policy: only /api/me while a change is pending ---------------------------


def _must_change(person):
    """An administrator resets the password: the holder must set a new one."""
    issue_initial_passwords(actor=person, people=[person])


def test_pending_password_change_allows_only_me_by_token(cast, client, token_for):
    key = token_for(cast.feng_admin)
    _must_change(cast.feng_admin)
    me = client.get("/api/me", headers=bearer(key))
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    response = client.get("/api/people", headers=bearer(key))
    assert response.status_code == 403
    assert response.json() == {"detail": "须先在网页上修改密码，才能使用接口。"}
    assert client.get(f"/api/orgs/{cast.mine.pk}", headers=bearer(key)).status_code == 403


def test_pending_password_change_allows_only_me_by_session(cast, client_for):
    _must_change(cast.feng_admin)  # before signing in: a reset ends existing sessions
    client = client_for(cast.feng_admin)
    assert client.get("/api/me").status_code == 200
    assert client.get("/api/orgs").status_code == 403


def test_expired_password_stops_the_session_but_not_a_token(cast, client, token_for, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.PASSWORD_MAX_AGE_DAYS = 90
    key = token_for(cast.feng_admin)
    # 91 days pass since the last change (no service moves the clock).
    Person.objects.filter(pk=cast.feng_admin.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    assert client.get("/api/people", headers=bearer(key)).status_code == 200
    client.force_login(cast.feng_admin)
    assert client.get("/api/people").status_code == 403
    me = client.get("/api/me")
    assert me.status_code == 200 and me.json()["password_expired"] is True


# --- CSRF: unsafe methods by session need the token; by API token they do not -----------


@pytest.mark.urls("tests.api.csrf_urls")
def test_unsafe_method_by_session_needs_csrf(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.wang_worker)
    response = client.post("/api/echo")
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF 校验失败，请刷新页面后重试。"}

    # The docs page hands the browser its CSRF token, as Swagger UI sends it back.
    page = client.get("/api/docs").content.decode()
    csrf_token = re.search(r'data-csrf-token="([^"]+)"', page).group(1)
    response = client.post("/api/echo", headers={"X-CSRFToken": csrf_token})
    assert response.status_code == 200
    assert response.json() == {"employee_no": cast.wang_worker.employee_no}


@pytest.mark.urls("tests.api.csrf_urls")
def test_unsafe_method_by_token_needs_no_csrf(cast, token_for):
    client = Client(enforce_csrf_checks=True)
    key = token_for(cast.wang_worker)
    response = client.post("/api/echo", headers=bearer(key))
    assert response.status_code == 200


@pytest.mark.urls("tests.api.csrf_urls")
def test_unsafe_method_without_anyone_is_401_not_a_csrf_error(cast):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/api/echo").status_code == 401
