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
    # A random name and no date (anonymous photos have no file at all: see CasePhoto).
    return f"voice/{filename}"


class CasePhoto(models.Model):
    """A photo with a case or one of its steps. A named case's photo is a file under
    MEDIA_ROOT; an anonymous case's has no file (`image` is empty) and its bytes are a
    row of AnonymousPhotoData: a file system keeps the exact second a file was made
    (ctime, birth time), which no program can set back, and the database keeps the
    anonymous case's times to the hour."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        CaseEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos"
    )
    image = models.ImageField(
        upload_to=_photo_path, width_field="width", height_field="height", blank=True
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name or f"{_('照片')} {self.pk}"

    def read(self) -> bytes | None:
        """The photo's JPEG bytes, from its file or its database row; None when gone."""
        if not self.image:
            stored = AnonymousPhotoData.objects.filter(photo_id=self.pk).first()
            return bytes(stored.data) if stored is not None else None
        try:
            with self.image.open("rb") as f:
                return f.read()
        except (FileNotFoundError, OSError, ValueError):
            return None


class AnonymousPhotoData(models.Model):
    """The bytes of an anonymous case's photo (a re-encoded JPEG of at most 1600 px,
    without metadata), kept in the database so that no file dates it. Its key is the
    photo's: no sequence of its own."""

    photo = models.OneToOneField(
        CasePhoto, on_delete=models.CASCADE, primary_key=True, related_name="stored"
    )
    data = models.BinaryField()

    class Meta:
        verbose_name = _("匿名照片数据")
        verbose_name_plural = _("匿名照片数据")

    def __str__(self) -> str:
        return f"{self.photo_id}"
