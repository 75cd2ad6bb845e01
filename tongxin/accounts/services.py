"""Sign-in, passwords and API tokens: every write here, each in a transaction."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.people.models import Person

from .models import ApiToken, LockScope, SignInFailure, SignInLock

# No 0/O, 1/l/I: initial passwords are read off paper.
INITIAL_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TOKEN_PREFIX = "tx_"  # noqa: S105 (a marker, not a secret)


@dataclass
class SignInResult:
    person: Person | None
    error: str = ""


def _active_lock(*, employee_no: str, ip: str | None) -> SignInLock | None:
    """The lock on this account (from any address) or on this address (to any account)."""
    scope = Q(scope=LockScope.ACCOUNT, employee_no=employee_no)
    if ip:
        scope |= Q(scope=LockScope.ADDRESS, ip=ip)
    return (
        SignInLock.objects.filter(scope, until__gt=timezone.now(), lifted_at__isnull=True)
        .order_by("-until")
        .first()
    )


def _refused(lock: SignInLock, *, employee_no: str, ip: str | None) -> SignInResult:
    audit.record(
        action="accounts.signin.refused_locked",
        ip=ip,
        actor_label=employee_no,
        note=_("账号锁定期间尝试登录")
        if lock.scope == LockScope.ACCOUNT
        else _("地址暂停登录期间尝试登录"),
    )
    minutes = max(1, int((lock.until - timezone.now()).total_seconds() // 60) + 1)
    if lock.scope == LockScope.ADDRESS:
        return SignInResult(
            None,
            _("本地址登录失败次数过多，已暂停登录，请%(m)d分钟后再试。") % {"m": minutes},
        )
    return SignInResult(
        None,
        _("密码错误次数过多，该账号已锁定，请%(m)d分钟后再试，或请本单位管理员解锁。")
        % {"m": minutes},
    )


def _lock(scope: str, *, employee_no: str = "", ip: str | None) -> SignInLock:
    return SignInLock.objects.create(
        scope=scope,
        employee_no=employee_no,
        ip=ip,
        until=timezone.now() + timedelta(minutes=settings.SIGNIN_LOCK_MINUTES),
    )


def _count_address(ip: str | None, window_start) -> None:
    """Lock the address once its failures across all accounts pass the limit, so one
    password tried on every account is slowed to a handful an hour."""
    if not ip:
        return
    tries = SignInFailure.objects.filter(ip=ip, at__gte=window_start)
    failures = tries.count()
    if failures < settings.SIGNIN_ADDRESS_MAX_FAILURES:
        return
    if _active_lock(employee_no="", ip=ip) is not None:
        return
    _lock(LockScope.ADDRESS, ip=ip)
    accounts = tries.values("employee_no").distinct().count()
    audit.record(
        action="accounts.signin.address_locked",
        ip=ip,
        note=_("%(n)d次失败，涉及%(a)d个账号") % {"n": failures, "a": accounts},
    )


def sign_in(*, employee_no: str, password: str, ip: str | None, request=None) -> SignInResult:
    """Check the credentials, counting failures per account and per address.

    After SIGNIN_MAX_FAILURES failures within SIGNIN_LOCK_MINUTES, the account is locked
    for SIGNIN_LOCK_MINUTES from every address, even with the right password (the lock
    used to be per account and address, so the right password worked at once from
    another one). After SIGNIN_ADDRESS_MAX_FAILURES failures from one address, whatever
    the accounts, that address may not sign in for the same time. Unknown numbers are
    counted the same way, so a lock reveals nothing. An administrator lifts a lock in the
    admin (登录锁定); issuing an initial password lifts it too.
    """
    employee_no = employee_no.strip()
    lock = _active_lock(employee_no=employee_no, ip=ip)
    if lock is not None:
        return _refused(lock, employee_no=employee_no, ip=ip)

    person = authenticate(request, username=employee_no, password=password)
    if person is not None:
        with transaction.atomic():
            SignInFailure.objects.filter(employee_no=employee_no, counted=True).update(
                counted=False
            )
            audit.record(action="accounts.signin.succeeded", actor=person, obj=person, ip=ip)
        return SignInResult(person)

    window_start = timezone.now() - timedelta(minutes=settings.SIGNIN_LOCK_MINUTES)
    with transaction.atomic():
        SignInFailure.objects.create(employee_no=employee_no, ip=ip)
        audit.record(action="accounts.signin.failed", ip=ip, actor_label=employee_no)
        _count_address(ip, window_start)
        account_failures = SignInFailure.objects.filter(
            employee_no=employee_no, counted=True, at__gte=window_start
        )
        failures = account_failures.count()
        if failures >= settings.SIGNIN_MAX_FAILURES:
            _lock(LockScope.ACCOUNT, employee_no=employee_no, ip=ip)
            account_failures.update(counted=False)
            audit.record(
                action="accounts.signin.locked",
                ip=ip,
                actor_label=employee_no,
                note=_("连续%(n)d次密码错误") % {"n": failures},
            )
            return SignInResult(
                None,
                _("密码错误次数过多，该账号已锁定%(m)d分钟。")
                % {"m": settings.SIGNIN_LOCK_MINUTES},
            )
    left = settings.SIGNIN_MAX_FAILURES - failures
    return SignInResult(None, _("工号或密码不正确，还可尝试%(n)d次。") % {"n": left})


def _lift(locks, *, actor: Person, now) -> int:
    lifted = 0
    for lock in locks.select_for_update().filter(lifted_at__isnull=True, until__gt=now):
        lock.lifted_at, lock.lifted_by = now, actor
        lock.save(update_fields=["lifted_at", "lifted_by"])
        if lock.scope == LockScope.ACCOUNT:
            SignInFailure.objects.filter(employee_no=lock.employee_no, counted=True).update(
                counted=False
            )
        audit.record(action="accounts.signin.unlocked", actor=actor, obj=lock)
        lifted += 1
    return lifted


@transaction.atomic
def sign_in_unlock(*, actor: Person, lock_ids: list[int]) -> int:
    """An administrator lifts locks (a person locked out asks them). Returns how many."""
    return _lift(SignInLock.objects.filter(pk__in=lock_ids), actor=actor, now=timezone.now())


def spraying_addresses(*, hours: int = 24) -> list[dict]:
    """Addresses whose failures in the last `hours` spread over many accounts: one
    password tried on every account looks like this, a forgetful person does not."""
    since = timezone.now() - timedelta(hours=hours)
    return list(
        SignInFailure.objects.filter(at__gte=since, ip__isnull=False)
        .values("ip")
        .annotate(
            accounts=Count("employee_no", distinct=True),
            failures=Count("id"),
            first=Min("at"),
            last=Max("at"),
        )
        .filter(accounts__gte=settings.SIGNIN_SPRAY_ACCOUNTS)
        .order_by("-accounts", "-failures")[:50]
    )


def record_sign_out(*, person: Person, ip: str | None) -> None:
    audit.record(action="accounts.signout", actor=person, obj=person, ip=ip)


def password_expired(person: Person) -> bool:
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if not max_age or person.password_changed_at is None:
        return False
    return timezone.now() - person.password_changed_at > timedelta(days=max_age)


@transaction.atomic
def change_password(*, person: Person, old_password: str, new_password: str, ip=None) -> None:
    """Raises ValidationError (in Chinese) if the old password is wrong or the new one weak."""
    if not person.check_password(old_password):
        raise ValidationError(_("原密码不正确。"), code="wrong_password")
    if old_password == new_password:
        raise ValidationError(_("新密码不能与原密码相同。"), code="same_password")
    validate_password(new_password, person)
    person.set_password(new_password)
    person.must_change_password = False
    person.password_changed_at = timezone.now()
    person.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit.record(action="accounts.password.changed", actor=person, obj=person, ip=ip)


def _new_initial_code() -> str:
    return "".join(secrets.choice(INITIAL_ALPHABET) for _ in range(12))


@transaction.atomic
def issue_initial_passwords(*, actor: Person, people: list[Person], ip=None) -> dict[str, str]:
    """Give each person a one-time password to be changed at first sign-in.

    Returns {工号: password}; the passwords are shown once and kept nowhere.
    """
    from django.contrib.auth.hashers import make_password

    codes: dict[str, str] = {}
    now = timezone.now()
    events = []
    for person in people:
        code = _new_initial_code()
        codes[person.employee_no] = code
        person.password = make_password(code, hasher="initial_sha256")
        person.must_change_password = True
        person.password_changed_at = now
        events.append(
            audit.build(action="accounts.password.issued", actor=actor, obj=person, ip=ip)
        )
    Person.objects.bulk_update(
        people, ["password", "must_change_password", "password_changed_at"], batch_size=500
    )
    audit.AuditEvent.objects.bulk_create(events, batch_size=500)
    # A reset is the other way out of a lock: the new password works at once.
    locked = SignInLock.objects.filter(scope=LockScope.ACCOUNT, employee_no__in=list(codes))
    _lift(locked, actor=actor, now=now)
    return codes


def _hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, person: Person, name: str) -> tuple[ApiToken, str]:
    """A new token; the key is returned once and only its hash is stored."""
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写令牌用途。"), code="required")
    if len(name) > 60:
        raise ValidationError(_("令牌用途不能超过60个字。"), code="too_long")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person, name=name, prefix=key[:10], key_hash=_hash_token(key)
    )
    audit.record(action="accounts.token.created", actor=person, obj=token, after={"name": name})
    return token, key


@transaction.atomic
def revoke_api_token(*, person: Person, token: ApiToken) -> None:
    token = ApiToken.objects.select_for_update().get(pk=token.pk, person=person)
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(action="accounts.token.revoked", actor=person, obj=token)


def person_for_token(key: str) -> Person | None:
    """The active person behind a bearer token, or None. Touches last_used at most hourly."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("person__unit")
        .filter(key_hash=_hash_token(key), revoked_at__isnull=True, person__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(hours=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person


@transaction.atomic
def forget_expired_sign_in_records(*, older_than: timedelta | None = None) -> None:
    """Failures and locks are kept SIGNIN_FAILURE_KEEP_DAYS for the spraying view; the
    audit log keeps the history beyond."""
    older_than = older_than or timedelta(days=settings.SIGNIN_FAILURE_KEEP_DAYS)
    cutoff = timezone.now() - older_than
    SignInFailure.objects.filter(at__lt=cutoff).delete()
    SignInLock.objects.filter(until__lt=cutoff).delete()
