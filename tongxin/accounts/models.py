"""Sign-in protection and API tokens."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInFailure(models.Model):
    """A failed try, counted per account and address until the lock or a success."""

    employee_no = models.CharField(max_length=40)
    ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["employee_no", "ip", "at"])]

    def __str__(self) -> str:
        return f"{self.employee_no} {self.ip} {self.at:%Y-%m-%d %H:%M}"


class SignInLock(models.Model):
    """Sign-in to `employee_no` from `ip` is refused until `until`."""

    employee_no = models.CharField(_("工号"), max_length=40)
    ip = models.GenericIPAddressField(_("地址"), null=True)
    until = models.DateTimeField(_("锁定至"))
    created_at = models.DateTimeField(_("锁定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("登录锁定")
        verbose_name_plural = _("登录锁定")
        indexes = [models.Index(fields=["employee_no", "ip", "until"])]

    def __str__(self) -> str:
        return f"{self.employee_no} {self.ip}"


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
