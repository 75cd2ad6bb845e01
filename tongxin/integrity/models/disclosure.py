"""Disclosure to workers (厂务公开): categories with a publication calendar, what each
office publishes to an audience with its PDF and Excel files, who read it (by unit),
and workers' comments and questions, moderated before they are public and answered by
the publishing office. A comment may be anonymous, with a receipt (core.anonymous)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.people.models import Organisation


class Kind(models.TextChoices):
    FINANCE = "finance", _("财务收支")
    SAFETY_FUNDS = "safety_funds", _("安全费用使用")
    WELFARE = "welfare", _("福利费使用")
    PROCUREMENT = "procurement", _("采购结果")
    APPOINTMENTS = "appointments", _("干部任免")
    OTHER = "other", _("其他")


class Rhythm(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")


# How long after a period a category may go unpublished before it is flagged overdue:
# the period itself and a fortnight to prepare the figures.
RHYTHM_DAYS = {Rhythm.MONTHLY: 31 + 15, Rhythm.QUARTERLY: 92 + 15, Rhythm.YEARLY: 366 + 15}


class DisclosureCategory(models.Model):
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True)  # unit.path
    # The office that publishes it (财务科 for the accounts, 安全科 for safety funds …).
    office = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("发布部门")
    )
    name = models.CharField(_("公开类别"), max_length=60)
    kind = models.CharField(_("种类"), max_length=16, choices=Kind.choices)
    rhythm = models.CharField(_("公开周期"), max_length=10, choices=Rhythm.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # When it last published (kept by the service), for the calendar's overdue flag.
    last_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("公开类别")
        verbose_name_plural = _("公开类别")
        ordering = ["org_path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="integrity_category_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def due_by(self):
        """The day by which the next publication is due."""
        since = self.last_published_at or self.created_at
        return timezone.localdate(since) + timedelta(days=RHYTHM_DAYS[self.rhythm])

    def is_overdue(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.due_by()


class Disclosure(models.Model):
    category = models.ForeignKey(
        DisclosureCategory, on_delete=models.PROTECT, related_name="disclosures"
    )
    org_path = models.CharField(max_length=255, db_index=True)  # the category's unit
    # Everyone under this unit reads it (the category's unit, or a narrower one).
    audience = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    audience_path = models.CharField(max_length=255, db_index=True)
    title = models.CharField(_("标题"), max_length=80)
    body = models.TextField(_("说明"), blank=True)
    period = models.CharField(_("所属期间"), max_length=30)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    # Published before its category was overdue (the figure "按时公开" counts these).
    on_time = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["audience_path", "published_at"])]

    def __str__(self) -> str:
        return self.title


def _file_path(instance, filename: str) -> str:
    suffix = ".pdf" if instance.kind == "pdf" else ".xlsx"
    return f"disclosures/{uuid.uuid4().hex}{suffix}"


class DisclosureFile(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=4)  # "pdf" or "xlsx"
    file = models.FileField(upload_to=_file_path)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class DisclosureRead(models.Model):
    """Someone opened it: once per person, with their unit then (read counts by unit)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "person"], name="integrity_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.disclosure_id}:{self.person_id}"


class CommentState(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已公开")
    REFUSED = "refused", _("未通过审核")


class Comment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    is_anonymous = models.BooleanField(default=False)
    receipt_hash = models.CharField(max_length=64, blank=True, db_index=True)
    body = models.TextField(_("内容"))
    state = models.CharField(max_length=10, choices=CommentState.choices, default="pending")
    version = models.PositiveIntegerField(default=1)
    refusal = models.TextField(_("未通过的原因"), blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Answered within INTEGRITY_ANSWER_WORKDAYS of being asked (the figure counts these).
    answered_on_time = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["disclosure", "state"])]

    def __str__(self) -> str:
        return f"留言 {self.pk}"
