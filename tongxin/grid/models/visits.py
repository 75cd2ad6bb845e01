"""The five musts (五必谈五必访): life events and the talks and visits that answer them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tasks import GridTask

PERSON = settings.AUTH_USER_MODEL


class EventKind(models.TextChoices):
    """The five occasions (五必谈、五必访)."""

    ILLNESS_INJURY = "illness_injury", _("生病或受伤")
    BEREAVEMENT = "bereavement", _("家庭丧事")
    MARRIAGE_BIRTH = "marriage_birth", _("结婚或生育")
    HARDSHIP = "hardship", _("生活困难")
    CONFLICT_DISCIPLINE = "conflict_discipline", _("矛盾纠纷或受到处分")


class VisitKind(models.TextChoices):
    TALK = "talk", _("谈心谈话")
    VISIT = "visit", _("上门走访")


class EventSource(models.TextChoices):
    GRID_MEMBER = "grid_member", _("网格员登记")
    WORKER = "worker", _("职工本人报告")
    IMPORT = "import", _("批量导入")


class LifeEvent(models.Model):
    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="life_events", verbose_name=_("职工")
    )
    kind = models.CharField(_("事由"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    description = models.CharField(_("情况说明"), max_length=500, blank=True)
    visit_kind = models.CharField(_("谈话或走访"), max_length=8, choices=VisitKind.choices)
    source = models.CharField(_("来源"), max_length=12, choices=EventSource.choices)
    recorded_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The branch of the person at the time, for the branch's lists.
    branch = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("党支部"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("五必谈五必访事由")
        verbose_name_plural = _("五必谈五必访事由")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["branch", "occurred_on"])]

    def __str__(self) -> str:
        return self.get_kind_display()


class FollowUp(models.TextChoices):
    NONE = "none", _("无需跟进")
    CARE = "care", _("转关爱服务")
    CASE = "case", _("转诉求办理")
    PROBLEM = "problem", _("列入支部问题清单")


class Visit(models.Model):
    member = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="visits_made", verbose_name=_("网格员")
    )
    person = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="visits_received", verbose_name=_("职工")
    )
    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("党支部")
    )
    visited_on = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=8, choices=VisitKind.choices)
    content = models.TextField(_("谈话内容"), max_length=2000)
    follow_up = models.CharField(
        _("跟进"), max_length=10, choices=FollowUp.choices, default=FollowUp.NONE
    )
    follow_up_text = models.CharField(_("跟进事项"), max_length=500, blank=True)
    task = models.ForeignKey(
        GridTask, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    life_event = models.ForeignKey(
        LifeEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    care_item = models.ForeignKey(
        "care.ServiceItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "voice.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    problem = models.ForeignKey(
        "Problem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["member", "visited_on"]),
            models.Index(fields=["person", "visited_on"]),
            models.Index(fields=["branch", "visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visited_on}"
