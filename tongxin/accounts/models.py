"""Sign-in protection and API tokens."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInFailure(models.Model):
    """A failed try. Kept for SIGNIN_FAILURE_KEEP_DAYS whatever happens next, so that an
    administrator can see one address trying many accounts (password spraying).

    `counted` is cleared by a successful sign-in or an administrator's unlock: the
    account's next lock counts only the failures after it.
    """

    employee_no = models.CharField(_("工号"), max_length=40)
    ip = models.GenericIPAddressField(_("地址"), null=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    counted = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        indexes = [
            models.Index(fields=["employee_no", "at"]),
            models.Index(fields=["ip", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_no} {self.ip} {self.at:%Y-%m-%d %H:%M}"


class LockScope(models.TextChoices):
    ACCOUNT = "account", _("账号")
    ADDRESS = "address", _("地址")


class SignInLock(models.Model):
    """Sign-in is refused until `until`: to `employee_no` from every address (scope
    account), or from `ip` to every account (scope address). An administrator may lift
    it early (`lifted_at`); the row stays as the record."""

    scope = models.CharField(
        _("范围"), max_length=10, choices=LockScope.choices, default=LockScope.ACCOUNT
    )
    employee_no = models.CharField(_("工号"), max_length=40, blank=True)
    ip = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    until = models.DateTimeField(_("锁定至"))
    created_at = models.DateTimeField(_("锁定时间"), default=timezone.now)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("解除人"),
    )

    class Meta:
        verbose_name = _("登录锁定")
        verbose_name_plural = _("登录锁定")
        indexes = [
            models.Index(fields=["employee_no", "until"]),
            models.Index(fields=["ip", "until"]),
        ]

    def __str__(self) -> str:
        return self.employee_no if self.scope == LockScope.ACCOUNT else str(self.ip)


class ApiToken(models.Model):
    """A per-person token for integrations. Only its SHA-256 is stored."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("人员"),
    )
    name = models.CharField(_("用途"), max_length=60)
    prefix = models.CharField(_("前缀"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
