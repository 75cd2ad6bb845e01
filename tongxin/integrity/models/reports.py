"""A misconduct report (举报), its timeline, attachments, reads and identity reveals.

What a report says is sealed (core.sealed): its subject, its content, every note on
its timeline, its attachments, and a named reporter's identity. In clear the table
holds only what handling needs: the unit concerned, who handles it (an org path), the
state and the deadlines. A named reporter finds their reports by a keyed hash of their
id (`reporter_key`), which a dump of the database cannot turn back into a person.

An anonymous report is written as the suggestion box's notes are (core.anonymous): a
random block id, times to the hour, only the hash of its receipt code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.anonymous.ids import block_number, is_block_id
from tongxin.core.sealed import SealedBinaryField, SealedTextField
from tongxin.core.timeline import TimelineEvent
from tongxin.people.models import Organisation


class State(models.TextChoices):
    RECEIVED = "received", _("已收到待受理")
    ACCEPTED = "accepted", _("已受理")
    DECLINED = "declined", _("不予受理")
    VERIFYING = "verifying", _("核实中")
    CONCLUDED = "concluded", _("已办结")


OPEN_STATES = (State.RECEIVED, State.ACCEPTED, State.VERIFYING)


class Category(models.TextChoices):
    INTEGRITY = "integrity", _("违反廉洁纪律")
    WORK_STYLE = "work_style", _("作风问题")
    ABUSE = "abuse", _("滥用职权")
    PROCUREMENT = "procurement", _("采购招标问题")
    FINANCE = "finance", _("财务问题")
    OTHER = "other", _("其他")


class Report(models.Model):
    # Set by the service: a block id for an anonymous report, the sequence otherwise.
    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("所涉单位")
    )
    org_path = models.CharField(max_length=255, db_index=True)  # unit.path
    # The report concerns the unit's own leadership or inspectors: handled one level up.
    about_leadership = models.BooleanField(_("反映本单位领导班子或纪检人员"), default=False)
    # The path of the unit whose 纪检监察 handle it, and of the level above once the
    # report is escalated (overdue): the only people who see it (access.py).
    handler_path = models.CharField(max_length=255, db_index=True)
    supervisor_path = models.CharField(max_length=255, blank=True, db_index=True)
    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices)
    subject = SealedTextField(_("被反映人或部门"))
    content = SealedTextField(_("反映内容"))
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    # A named reporter: who, sealed; and a keyed hash for their "my reports" list.
    reporter_sealed = SealedTextField(blank=True)
    reporter_key = models.CharField(max_length=64, blank=True, db_index=True)
    receipt_hash = models.CharField(max_length=64, blank=True, db_index=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.RECEIVED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    ack_due = models.DateField(_("受理期限"))
    conclude_due = models.DateField(_("办结期限"), null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # What the reporter is told: why not accepted, and the outcome.
    decision = SealedTextField(blank=True)
    outcome = SealedTextField(blank=True)
    question_open = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        indexes = [
            models.Index(fields=["handler_path", "state"]),
            models.Index(fields=["supervisor_path", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(reporter_sealed="", reporter_key=""),
                name="integrity_anonymous_has_no_reporter",
            )
        ]

    def __str__(self) -> str:  # the audit log's label: the number, never the content
        return f"举报 {self.number}"

    @property
    def number(self) -> str:
        if is_block_id(self.pk):
            return f"JB-N{block_number(self.pk)}"
        return f"JB-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ReportEvent(TimelineEvent):
    action_labels = {
        "submit": _("提交举报"),
        "ask": _("向举报人提问"),
        "answer": _("举报人答复"),
        "note_false": _("记录：疑似诬告"),
        "note_retaliation": _("记录：打击报复风险"),
        "escalate": _("逾期，报上一级纪检监察"),
        "reveal_request": _("申请查看举报人身份"),
        "reveal_approve": _("批准查看举报人身份"),
        "reveal_refuse": _("不批准查看举报人身份"),
        "add": _("补充材料"),
    }
    states = State
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    # What is said on a report's timeline is sealed like the report.
    note = SealedTextField(blank=True)

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["report", "at"])]


class ReportAttachment(models.Model):
    """A photo with the report, re-encoded without its metadata and sealed; no file."""

    id = models.BigAutoField(primary_key=True)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    data = SealedBinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"附件 {self.pk}"


class ReportRead(models.Model):
    """Every time someone opened a report, or the identity of its reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    identity = models.BooleanField(default=False)  # the reporter's identity was shown

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["report", "at"])]

    def __str__(self) -> str:
        return f"查阅 {self.report_id}"


class RevealState(models.TextChoices):
    PENDING = "pending", _("待批准")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class Reveal(models.Model):
    """A request to see who made a named report: a second inspector approves."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reveals")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = SealedTextField(_("理由"))
    state = models.CharField(max_length=10, choices=RevealState.choices, default="pending")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"身份查看申请 {self.pk}"
