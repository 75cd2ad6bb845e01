"""The categories a case is filed in, and the words past cases taught each one (for the
category an officer is offered)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    name = models.CharField(_("名称"), max_length=20, unique=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"), default=10, help_text=_("交办之日起的工作日数。")
    )
    major_deadline_days = models.PositiveSmallIntegerField(_("重大事项时限（工作日）"), default=3)
    # Seed words for the category proposal before past cases have taught it anything.
    keywords = models.TextField(_("关键词"), blank=True, help_text=_("以空格分隔。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求分类")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(major_deadline_days__gte=1) & Q(deadline_days__gte=1),
                name="voice_category_deadlines_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CategoryTerm(models.Model):
    """How often a word appeared in cases an officer put in a category (for proposals)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "category"], name="voice_category_term")
        ]

    def __str__(self) -> str:
        return f"{self.term} {self.count}"
