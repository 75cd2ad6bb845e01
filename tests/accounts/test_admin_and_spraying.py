"""The admin signs in through the platform's path; locks hold from every address; one
address spraying a password over many accounts is paused and shown to the
administrator, who can lift a lock."""

import pytest

from tongxin.accounts import services
from tongxin.accounts.models import LockScope, SignInFailure, SignInLock
from tongxin.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def staff_admin(cast):
    cast.feng_admin.is_staff = True
    cast.feng_admin.is_superuser = True
    cast.feng_admin.save(update_fields=["is_staff", "is_superuser"])
    return cast.feng_admin


def admin_sign_in(client, username, password, ip="10.2.2.2"):
    """What Django's own admin login form posts."""
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def platform_sign_in(client, employee_no, password, ip="10.1.1.1"):
    return client.post(LOGIN, {"employee_no": employee_no, "password": password}, REMOTE_ADDR=ip)


def test_twelve_wrong_passwords_at_the_admin_lock_the_account_and_are_audited(
    staff_admin, client, password
):
    for _ in range(12):
        response = admin_sign_in(client, staff_admin.employee_no, "wrong")
        assert response.status_code == 400
    assert "已锁定" in response.content.decode()
    failed = AuditEvent.objects.filter(
        action="accounts.signin.failed", actor_label=staff_admin.employee_no, ip="10.2.2.2"
    )
    assert failed.count() == 5  # then locked: the other seven never reached a password check
    assert AuditEvent.objects.filter(action="accounts.signin.locked").count() == 1
    assert AuditEvent.objects.filter(action="accounts.signin.refused_locked").count() == 7
    # The lock is the platform's: the right password fails at /accounts/login/ elsewhere too.
    assert platform_sign_in(client, staff_admin.employee_no, password).status_code == 400
    assert (
        admin_sign_in(client, staff_admin.employee_no, password, ip="10.3.3.3").status_code == 400
    )
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_page_is_the_platforms_and_lands_in_the_admin(
    staff_admin, client, password
):
    page = client.get(ADMIN_LOGIN + "?next=/admin/")
    assert page.status_code == 200 and 'name="employee_no"' in page.content.decode()
    response = admin_sign_in(client, staff_admin.employee_no, password)
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.signin.succeeded", actor=staff_admin).exists()


def test_the_password_policy_applies_after_an_admin_sign_in(staff_admin, client, password):
    staff_admin.must_change_password = True
    staff_admin.save(update_fields=["must_change_password"])
    admin_sign_in(client, staff_admin.employee_no, password)
    assert client.get("/admin/").url == "/accounts/password/"


def test_an_administrator_lifts_a_lock_in_the_admin(cast, staff_admin, client, password):
    for _ in range(5):
        platform_sign_in(client, "100001", "wrong")
    lock = SignInLock.objects.get(scope=LockScope.ACCOUNT, employee_no="100001")
    client.force_login(staff_admin)
    listing = client.get("/admin/accounts/signinlock/")
    assert listing.status_code == 200 and "100001" in listing.content.decode()
    response = client.post(
        "/admin/accounts/signinlock/",
        {"action": "lift", "_selected_action": [lock.pk]},
    )
    assert response.status_code == 302
    lock.refresh_from_db()
    assert lock.lifted_by == staff_admin and lock.lifted_at is not None
    assert AuditEvent.objects.filter(action="accounts.signin.unlocked", actor=staff_admin).exists()
    client.logout()
    assert platform_sign_in(client, "100001", password).status_code == 302
    client.logout()
    # The count starts again after the lift: one more failure does not lock again.
    assert "还可尝试4次" in platform_sign_in(client, "100001", "wrong").content.decode()


def test_an_initial_password_lifts_the_lock(cast, client):
    for _ in range(5):
        platform_sign_in(client, "100001", "wrong")
    codes = services.issue_initial_passwords(actor=cast.feng_admin, people=[cast.wang_worker])
    assert platform_sign_in(client, "100001", codes["100001"], ip="10.7.7.7").status_code == 302


def test_spraying_one_password_over_many_accounts_pauses_the_address(
    cast, staff_admin, client, password, settings
):
    settings.SIGNIN_ADDRESS_MAX_FAILURES = 10
    for n in range(10):
        platform_sign_in(client, f"2000{n:02d}", "Spring2026!", ip="10.6.6.6")
    # Each account failed once, far from its own lock; the address is paused for all.
    assert not SignInLock.objects.filter(scope=LockScope.ACCOUNT).exists()
    refused = platform_sign_in(client, "100001", password, ip="10.6.6.6")
    assert refused.status_code == 400 and "本地址" in refused.content.decode()
    assert AuditEvent.objects.filter(
        action="accounts.signin.address_locked", ip="10.6.6.6"
    ).exists()
    # Other addresses are not affected.
    assert platform_sign_in(client, "100001", password, ip="10.1.1.1").status_code == 302
    client.logout()
    # The administrator sees the pattern: one address, ten accounts.
    [row] = services.spraying_addresses()
    assert (row["ip"], row["accounts"], row["failures"]) == ("10.6.6.6", 10, 10)
    client.force_login(staff_admin)
    page = client.get("/admin/accounts/signinfailure/").content.decode()
    assert 'id="spraying"' in page and "10.6.6.6" in page


def test_a_success_keeps_the_failures_on_record(cast, client, password):
    for _ in range(3):
        platform_sign_in(client, "100001", "wrong")
    assert platform_sign_in(client, "100001", password).status_code == 302
    assert SignInFailure.objects.filter(employee_no="100001").count() == 3


def test_the_admin_signs_out_and_changes_passwords_through_the_platform(staff_admin, client):
    client.force_login(staff_admin)
    assert client.get("/admin/password_change/").url == "/accounts/password/"
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert AuditEvent.objects.filter(action="accounts.signout", actor=staff_admin).exists()
