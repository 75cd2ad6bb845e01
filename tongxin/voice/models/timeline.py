"""A case's timeline (on core.timeline) and the photos that go with the case or a step."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.core.timeline.models import TimelineEvent

from .case import Case, State

ACTION_LABELS = {
    "submit": _("提交"),
    "cosign": _("附议"),
    "accept": _("受理"),
    "decline": _("不予立案"),
    "merge": _("合并办理"),
    "merged_in": _("有重复事项并入"),
    "assign": _("交办"),
    "request_info": _("请提出人补充"),
    "supplement": _("补充材料"),
    "handle": _("办理完毕"),
    "reply": _("答复"),
    "rate": _("评价"),
    "reopen": _("不满意，退回重办"),
    "auto_close": _("自动办结"),
    "note": _("内部备注"),
    "adopt": _("采纳认定"),
    "milestone": _("落实节点"),
    "milestone_done": _("节点完成"),
    "escalate_1": _("期限提醒"),
    "escalate_2": _("超期督促"),
    "escalate_3": _("报告矿领导"),
}


class CaseEvent(TimelineEvent):
    """One step on a case's timeline; internal events are for the people handling the
    case, never for the submitter."""

    action_labels = ACTION_LABELS
    states = State

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        indexes = [models.Index(fields=["case", "at"])]


def _photo_path(instance, filename):
    # A random name and no date: nothing in the file system dates an anonymous photo.
    return f"voice/{filename}"


class CasePhoto(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        CaseEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos"
    )
    image = models.ImageField(upload_to=_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name
