"""The union's seat in procurement (SPEC §10): a purchase or tender in which the union
takes part, its representative, the checks they attended, the union's opinion and any
objection, the outcome, and the documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.people.models import Organisation


class Procurement(models.Model):
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True)  # unit.path
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    matter = models.CharField(_("采购事项"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工会代表"),
    )
    opinion = models.TextField(_("工会意见"), blank=True)
    objection = models.TextField(_("异议"), blank=True)
    outcome = models.TextField(_("结果"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("工会参与采购")
        verbose_name_plural = _("工会参与采购")
        ordering = ["-year", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.matter


class ProcurementCheck(models.Model):
    """A step the union's representative was asked to (supplier check, bid opening …)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="checks")
    held_on = models.DateField(_("日期"))
    what = models.CharField(_("环节"), max_length=60)
    attended = models.BooleanField(_("参加"), default=True)
    notes = models.TextField(_("情况"), blank=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.what


def _document_path(instance, filename: str) -> str:
    suffix = ".pdf" if filename.lower().endswith(".pdf") else ".xlsx"
    return f"procurement/{uuid.uuid4().hex}{suffix}"


class ProcurementDocument(models.Model):
    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=4)
    file = models.FileField(upload_to=_document_path)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
