"""The four levels of responsibility: a `GridLink` from the responsible person to whom
(or, at the top, to which branch) they answer for, with effective dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    LEADER_BRANCH = "leader_branch", _("班子成员联系党支部")
    SECRETARY_CADRE = "secretary_cadre", _("支部书记、科队长包队干")
    CADRE_MEMBER = "cadre_member", _("队干包班组长和党员")
    MEMBER_WORKER = "member_worker", _("党员包职工群众")


class GridLink(models.Model):
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    responsible = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="grid_links_held", verbose_name=_("责任人")
    )
    # The covered person (levels 2–4); null for a leadership member's branch link.
    person = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grid_links_covering",
        verbose_name=_("联系对象"),
    )
    # The Party branch the link belongs to: the covered branch at level 1, the
    # covered person's branch below. Per-branch coverage and scoping read it.
    branch = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="grid_links",
        verbose_name=_("党支部"),
        limit_choices_to={"kind": "branch"},
    )
    starts_on = models.DateField(_("生效日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)  # exclusive
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("网格联系")
        verbose_name_plural = _("网格联系")
        indexes = [
            models.Index(fields=["person", "level", "ends_on"]),
            models.Index(fields=["responsible", "level", "ends_on"]),
            models.Index(fields=["branch", "level", "ends_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "level"],
                condition=Q(ends_on__isnull=True, person__isnull=False),
                name="grid_one_current_link_per_person_level",
            ),
            models.UniqueConstraint(
                fields=["branch", "level"],
                condition=Q(ends_on__isnull=True, person__isnull=True),
                name="grid_one_current_leader_per_branch",
            ),
            # ends_on == starts_on: withdrawn before it took effect (current on no day).
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="grid_link_ends_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.starts_on}"
