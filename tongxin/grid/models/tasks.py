"""Monthly task lists: the templates every grid member of a level gets, the tasks
(generated, added by the secretary, or opened by a life event or a problem) and their
photos."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .network import Level

PERSON = settings.AUTH_USER_MODEL


class TaskTemplate(models.Model):
    """A task every grid member of a level gets each month (每月任务清单)."""

    level = models.CharField(_("适用层级"), max_length=20, choices=Level.choices)
    title = models.CharField(_("任务"), max_length=60)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    # One task per covered person (e.g. "visit each covered worker at least once").
    per_covered = models.BooleanField(_("每个联系对象一项"), default=False)
    # Day of the month it is due; 0 = the last day.
    due_day = models.PositiveSmallIntegerField(_("完成日"), default=0)
    # Null: every mine; otherwise only this mine's grid members.
    mine = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("适用矿"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("任务模板")
        verbose_name_plural = _("任务模板")
        ordering = ["level", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class TaskKind(models.TextChoices):
    TEMPLATE = "template", _("月度任务")
    ADDED = "added", _("支部交办")
    LIFE_EVENT = "life_event", _("五必谈五必访")
    PROBLEM = "problem", _("问题办理")


class TaskState(models.TextChoices):
    OPEN = "open", _("待完成")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class GridTask(models.Model):
    owner = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="grid_tasks", verbose_name=_("责任人")
    )
    branch = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("党支部")
    )
    month = models.DateField(_("月份"))  # the first day of the month
    kind = models.CharField(_("来源"), max_length=12, choices=TaskKind.choices)
    template = models.ForeignKey(
        TaskTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(_("任务"), max_length=80)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    subject = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("联系对象"),
    )
    life_event = models.ForeignKey(
        "LifeEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    problem = models.ForeignKey(
        "Problem", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    due_on = models.DateField(_("完成期限"))
    state = models.CharField(
        _("状态"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN
    )
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.TextField(_("完成情况"), blank=True, max_length=1000)
    added_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # "template:owner:subject:month" for generated tasks, so that running the monthly
    # generation twice adds nothing (bulk insert ignoring conflicts).
    generation_key = models.CharField(max_length=60, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("网格任务")
        verbose_name_plural = _("网格任务")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "month", "state"]),
            models.Index(fields=["branch", "state", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.state == TaskState.OPEN and self.due_on < timezone.localdate()


def _grid_photo_path(instance, filename):
    return f"grid/{filename}"


class TaskPhoto(models.Model):
    task = models.ForeignKey(GridTask, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to=_grid_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name
