"""Discipline inspectors' random draws of grid members (督查抽查) and their findings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class SpotCheck(models.Model):
    """A discipline inspector's draw of grid members for a branch or the mine."""

    inspector = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    scope = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("范围")
    )
    drawn_at = models.DateTimeField(_("抽取时间"), default=timezone.now)
    sample_size = models.PositiveSmallIntegerField(_("抽取人数"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("网格督查抽查")
        verbose_name_plural = _("网格督查抽查")
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.drawn_at:%Y-%m-%d} {self.scope_id}"


class Finding(models.TextChoices):
    PENDING = "pending", _("待检查")
    GOOD = "good", _("落实到位")
    WEAK = "weak", _("需改进")
    FAILED = "failed", _("未落实")


class SpotCheckItem(models.Model):
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="items")
    member = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    finding = models.CharField(
        _("结论"), max_length=10, choices=Finding.choices, default=Finding.PENDING
    )
    note = models.CharField(_("发现的问题"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "member"], name="grid_spot_once")
        ]

    def __str__(self) -> str:
        return self.get_finding_display()
