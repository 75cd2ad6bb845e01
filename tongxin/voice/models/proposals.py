"""Congress proposals' cosigns, and the public milestones of carrying out an adopted
proposal or a filed congress motion."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .case import Case


class Cosign(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cosigns")
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("附议")
        verbose_name_plural = _("附议")
        constraints = [
            models.UniqueConstraint(fields=["case", "representative"], name="voice_cosign_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.representative_id}"


class Milestone(models.Model):
    """A step of carrying out an adopted proposal or a filed congress proposal; public."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=80)
    due_on = models.DateField(_("计划完成"), null=True, blank=True)
    done_on = models.DateField(_("实际完成"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("落实进度")
        verbose_name_plural = _("落实进度")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title
