"""The event row every area's timeline is made of.

Each area keeps its own concrete table (`voice.CaseEvent`, `hazards.HazardEvent`) so
that a timeline is read with one indexed query on its own foreign key; the columns,
their meaning and how they are labelled are defined once here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    # The record's owner (the submitter, the reporter) reads it on their own page.
    PUBLIC = "public", _("公开")
    # Only the people handling the record see it; owner pages and the owner's API never do.
    INTERNAL = "internal", _("内部")


class TimelineQuerySet(models.QuerySet):
    def for_owner(self) -> TimelineQuerySet:
        return self.filter(visibility=Visibility.PUBLIC)

    def visible(self, *, internal: bool) -> TimelineQuerySet:
        """Everything for staff (`internal=True`); only public events otherwise."""
        return self if internal else self.for_owner()


class TimelineEvent(models.Model):
    """One step on a record's timeline: who (as which role), when, from which state to
    which, a note, and who may read it.

    A subclass adds its foreign key to the record (with `related_name="events"` and an
    index on (fk, at)) and names its labels: `action_labels` for actions that are not
    transitions, and `states` for the record's State choices.
    """

    action_labels: ClassVar[Mapping[str, str]] = {}
    states: ClassVar[type[models.TextChoices] | None] = None

    at = models.DateTimeField(default=timezone.now)
    # Null for the system (the deadline sweep) and for anonymous owners.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the timeline shows, fixed when written: later moves of the person do not
    # rewrite history, and an anonymous owner is shown as such.
    actor_label = models.CharField(max_length=80)
    # The capacity the actor acted in (the workflow's Actor value: "officer", "owner" …).
    actor_role = models.CharField(_("身份"), max_length=20, blank=True)
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    visibility = models.CharField(
        _("可见范围"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    objects = TimelineQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_internal(self) -> bool:
        return self.visibility == Visibility.INTERNAL

    def get_action_label(self) -> str:
        return str(self.action_labels.get(self.action, self.action))

    @property
    def to_state_label(self) -> str:
        return self.state_label(self.to_state)

    @property
    def from_state_label(self) -> str:
        return self.state_label(self.from_state)

    @classmethod
    def state_label(cls, value: str) -> str:
        if cls.states is None or value not in cls.states.values:
            return ""
        return str(cls.states(value).label)
