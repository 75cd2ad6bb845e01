"""三会一课 (SPEC §6): the meeting types with their cadence, each branch's meetings
with agenda, attendance, minutes and photos. Minutes are locked once the secretary
files them; a later correction is an event on the meeting's timeline, never an edit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline import TimelineEvent


class MeetingType(models.Model):
    """One kind of meeting in one mine, with how often a branch must hold it (months).
    Made from the branch work regulations' defaults (meetings.types.DEFAULT_TYPES);
    the mine's Party committee edits label and cadence."""

    mine = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("矿")
    )
    org_path = models.CharField(max_length=255, db_index=True)  # the mine's path
    code = models.CharField(_("代码"), max_length=20)
    label = models.CharField(_("名称"), max_length=30)
    cadence_months = models.PositiveSmallIntegerField(_("周期（月）"))
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=10, default="active")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("会议类型")
        verbose_name_plural = _("会议类型")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mine", "code"], name="one_meeting_type_per_mine")
        ]

    def __str__(self) -> str:
        return self.label


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("计划")
    HELD = "held", _("已召开")
    FILED = "minutes_filed", _("纪要已归档")
    CANCELLED = "cancelled", _("已取消")


class Meeting(models.Model):
    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("支部")
    )
    org_path = models.CharField(max_length=255, db_index=True)  # branch.path, for scope
    # The branch whose plan's slot this meeting fulfils: the branch's own path, or for a
    # Party group's meeting its branch's. "Was this period held?" is then an equality
    # the database can hash or index, not a path prefix per planned slot.
    slot_path = models.CharField(max_length=255)
    type = models.ForeignKey(MeetingType, on_delete=models.PROTECT, related_name="meetings")
    # The required period this meeting fulfils (both days inclusive).
    period_start = models.DateField()
    period_end = models.DateField()
    from_plan = models.BooleanField(default=False)  # made by the year's plan
    title = models.CharField(_("会议主题"), max_length=80)
    starts_at = models.DateTimeField(_("召开时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=60, blank=True)
    state = models.CharField(
        max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    version = models.PositiveIntegerField(default=1)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    decisions = models.TextField(_("决议事项"), blank=True)
    checkin_token = models.CharField(max_length=32)
    # The secretary chose who is expected (a committee's members): holding the meeting
    # then adds nobody; otherwise every Party member of the branch is expected.
    expected_chosen = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    held_at = models.DateTimeField(null=True, blank=True)
    filed_at = models.DateTimeField(null=True, blank=True)
    # Set when the secretary was reminded that the period ends (claimed once).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["period_start", "type__order", "pk"]
        indexes = [
            models.Index(fields=["org_path", "period_start"]),
            models.Index(fields=["state", "period_end"]),
            models.Index(
                fields=["slot_path", "type", "period_start"],
                name="learning_meeting_slot_held",
                condition=models.Q(state__in=(MeetingState.HELD, MeetingState.FILED)),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "type", "period_start"],
                condition=models.Q(from_plan=True),
                name="one_planned_meeting_per_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.state == MeetingState.FILED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("议题"), max_length=120)
    is_first_topic = models.BooleanField(_("第一议题"), default=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", _("应到")
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    status = models.CharField(
        max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return self.status


class MeetingPhoto(models.Model):
    """A photo of a held meeting (core.images: re-encoded, metadata stripped). Added
    after the minutes are filed, it hangs on the timeline event that records it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="learning/meetings/%Y/%m/")
    caption = models.CharField(max_length=80, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    event = models.ForeignKey(
        "learning.MeetingEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or str(self.pk)


class MeetingEvent(TimelineEvent):
    action_labels = {
        "create": _("创建"),
        "plan": _("列入计划"),
        "remind": _("提醒"),
        "photo": _("上传照片"),
        "photo_remove": _("删除照片"),
    }
    states = MeetingState
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["meeting", "at"])]
