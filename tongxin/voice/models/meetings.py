"""Where congress proposals and forum matters come from: a session of the workers'
congress (proposals are numbered within it) and a forum meeting."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CongressSession(models.Model):
    """One session of a workers' congress (职代会): proposals are numbered within it."""

    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="congress_sessions",
        verbose_name=_("单位"),
        limit_choices_to={"tree": "unit"},
    )
    name = models.CharField(_("届次"), max_length=60)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("提案截止日期"))
    cosign_required = models.PositiveSmallIntegerField(
        _("附议人数"), default=2, help_text=_("立案前须有多少名其他代表附议。")
    )
    # The next proposal number; taken under a row lock, so numbers never repeat.
    next_number = models.PositiveIntegerField(default=1, editable=False)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="congress_sessions",
        verbose_name=_("职工代表"),
        blank=True,
    )

    class Meta:
        verbose_name = _("职代会届次")
        verbose_name_plural = _("职代会届次")
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.name


class ForumMeeting(models.Model):
    """A forum meeting (职工座谈会) entered by a union officer; each matter is a case."""

    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="forum_meetings",
        verbose_name=_("单位"),
    )
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=80)
    attendees = models.TextField(_("参会人员"))
    attendee_count = models.PositiveIntegerField(_("参会人数"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("职工座谈会")
        verbose_name_plural = _("职工座谈会")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"
