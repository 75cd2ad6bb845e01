"""Study points (学习积分), in the manner of the national learning app: each rule gives
so many points per unit of study (an article read, minutes watched, a quiz) and no
more than its cap in one day, so that steady daily study counts more than one long
sitting. Every point is a `PointEvent` naming what earned it; `PointDay` holds each
person's running total per rule and day, and is the row the cap is checked under."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleState(models.TextChoices):
    ACTIVE = "active", _("计分中")
    PAUSED = "paused", _("已停用")


class PointRule(models.Model):
    """One way of earning points in one mine. The mine's Party committee edits points
    and caps (learning.points.services.rule_update); the codes are fixed, since the
    platform's own code awards them (learning.points.rules.DEFAULT_RULES)."""

    mine = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("矿")
    )
    org_path = models.CharField(max_length=255, db_index=True)  # the mine's path, for scope
    code = models.CharField(_("代码"), max_length=30)
    label = models.CharField(_("名称"), max_length=40)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    points = models.PositiveSmallIntegerField(_("每次分值"))
    daily_cap = models.PositiveSmallIntegerField(_("每日上限"))
    state = models.CharField(
        _("状态"), max_length=10, choices=RuleState.choices, default=RuleState.ACTIVE
    )
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["mine", "code"], name="one_rule_per_mine")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.state == RuleState.ACTIVE


class PointDay(models.Model):
    """A person's points under one rule on one day: the cap is checked against this row,
    locked, so two heartbeats at once cannot both pass it. The organisation paths are
    copied here so that rankings by branch and mine sum these rows, not the events."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(PointRule, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    points = models.PositiveIntegerField(default=0)
    unit_path = models.CharField(max_length=255, blank=True)
    party_path = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "rule", "day"], name="one_point_day")
        ]
        # A branch's or a mine's rows over a period: the path prefix first (LIKE 'p%',
        # hence the pattern operator class on PostgreSQL), then the days within it. With
        # the day first, a mine's month read every branch's month of the group (bench:
        # 200,000 people, the mine ranking took 1.7 s).
        indexes = [
            models.Index(
                fields=["party_path", "day"],
                name="learning_pd_party_day",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(
                fields=["unit_path", "day"],
                name="learning_pd_unit_day",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["person", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.points}"


class PointEvent(models.Model):
    """One award, traceable to what earned it (`source`, e.g. "learning.material:12")."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(PointRule, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    day = models.DateField()
    source = models.CharField(max_length=60, blank=True)
    # Set when a source may earn once only under its rule (one article read, one quiz):
    # the database refuses the second, whatever two requests do at once.
    once_key = models.CharField(max_length=60, blank=True)
    note = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "rule", "once_key"],
                condition=~models.Q(once_key=""),
                name="points_once_per_source",
            )
        ]
        indexes = [models.Index(fields=["person", "at"])]

    def __str__(self) -> str:
        return f"+{self.points}"
