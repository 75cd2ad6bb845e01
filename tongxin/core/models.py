"""The append-only audit log (等保: who did what, when, before and after).

Rows are only ever inserted. The model refuses `save()` on an existing row and
`delete()`; the queryset refuses `update()` and `delete()`; the admin is read-only;
and a database trigger (migration 0002) refuses UPDATE at all and DELETE of rows
younger than the retention floor of 180 days, so that not even a raw SQL statement
run through the platform's own connection can rewrite history.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit events cannot be changed")

    def delete(self):
        raise AuditLogIsAppendOnly("audit events cannot be deleted")

    def _purge_older_than(self, cutoff):
        """Retention sweep only (core.tasks.purge_audit_log); the trigger guards the floor."""
        return models.QuerySet.delete(self.filter(at__lt=cutoff))


class AuditEvent(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    # Kept as text as well, so the row still says who it was if the person is removed.
    actor_label = models.CharField(_("操作人"), max_length=80, blank=True)
    action = models.CharField(_("动作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    object_label = models.CharField(_("对象"), max_length=120, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit events cannot be deleted")


class Holiday(models.Model):
    """A day off that would be a working day, or a weekend day worked instead (调休).

    The working-day calendar (core.workdays) is Monday to Friday, corrected by these
    rows. Operators enter each year's State Council schedule in the admin.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(
        _("调休上班"), default=False, help_text=_("勾选：周末调为工作日；不勾选：放假。")
    )
    name = models.CharField(_("名称"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class NotificationState(models.TextChoices):
    INBOX = "inbox", _("已送达")
    QUEUED = "queued", _("待汇总")
    BUNDLED = "bundled", _("已并入汇总")


class Notification(models.Model):
    """An in-app message to one person. Written inside the transaction of what caused it.

    People who chose the daily digest get their messages QUEUED; the daily task folds
    them into one digest message and marks them BUNDLED.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=NotificationState.choices,
        default=NotificationState.INBOX,
    )
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "state", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("人员"),
    )
    daily_digest = models.BooleanField(
        _("每日汇总"), default=False, help_text=_("每天汇总一次，而不是每件事发一条。")
    )

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.person_id} {'digest' if self.daily_digest else 'each'}"


class WebhookFlavour(models.TextChoices):
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")
    FEISHU = "feishu", _("飞书群机器人")


class OrgWebhook(models.Model):
    """An outgoing chat-robot webhook for one organisation and the units below it."""

    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("组织"),
        limit_choices_to={"tree": "unit"},
    )
    url = models.URLField(_("地址"), max_length=400)
    flavour = models.CharField(
        _("格式"), max_length=10, choices=WebhookFlavour.choices, default=WebhookFlavour.WECOM
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("群机器人推送")
        verbose_name_plural = _("群机器人推送")

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_flavour_display()}"


class AnonymousActionCount(models.Model):
    """How many times an anonymous writer did `action` within an hour: all the audit
    log keeps of anonymous actions (core.audit.record routes them here).

    An audit row of its own would sit in the log's one id sequence, right after the
    writer's own sign-in row (exact time, name, address) and so name them. A count per
    action and hour has no order among people's actions, no exact time, no object.
    """

    action = models.CharField(_("动作"), max_length=60)
    hour = models.DateTimeField(_("时段（小时）"))
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("匿名操作计数")
        verbose_name_plural = _("匿名操作计数")
        ordering = ["-hour", "action"]
        constraints = [
            models.UniqueConstraint(fields=["action", "hour"], name="core_anon_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}:00 {self.action} ×{self.count}"


class IdempotencyKey(models.Model):
    """A submission a phone made, by the key the phone gave it: what it created.

    A phone underground keeps what was done and sends it when the network returns,
    and may send it again when the answer was lost on the way back. The key (a UUID
    the phone made when the form was filled) is claimed in the same transaction as
    what the submission creates, so a repeat finds it and creates nothing
    (core.idempotency). Per person: a key is only a key within one person's phone.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("提交人"),
    )
    key = models.CharField(_("提交编号"), max_length=36)
    action = models.CharField(_("动作"), max_length=60)
    # What the first submission created, to answer a repeat with it.
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    # Indexed for the daily purge of old keys.
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("提交编号")
        verbose_name_plural = _("提交编号")
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="core_idempotency_once")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.key}"
