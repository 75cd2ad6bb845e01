"""What the field pages share: paging, photo addresses, the mine a person works in,
and the choices and hints of the finding forms."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tongxin.core.pickers import pick_url

from .. import services
from ..access import FINDING_PICKER, in_mine  # noqa: F401 (the field views import it here)
from ..models import ChecklistItem, HazardCategory, HazardPhoto, Level, PhotoKind, Severity

PAGE_SIZE = 20
PERIOD_WORDS = {
    Level.CREW_DAILY: gettext_lazy("今日"),
    Level.DISTRICT_WEEKLY: gettext_lazy("本周"),
    Level.BRANCH_MONTHLY: gettext_lazy("本月"),
}
PHOTOS_LOST = gettext_lazy("照片没有保存，请重新选择。")
# A phone sent again what the server had already recorded (core.idempotency).
ALREADY_SENT = gettext_lazy("这次提交已经收到过，没有重复保存。")


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def photo_url(photo: HazardPhoto) -> str:
    return reverse("hazards:photo", args=[photo.pk])


def workplace_thumb(photos) -> HazardPhoto | None:
    """The one photo of a hazard that its work place's page shows to everyone of the
    mine: the first photo taken when it was found.

    By design the page a work place's printed QR code opens lists the place's hazard
    history to the whole mine (the next shift at that face must see what was found
    there), each with this thumbnail, though a worker of another district cannot open
    the hazard itself. The photo view follows the same rule and no wider: out of the
    hazard's scope, only this photo, only for an active work place of the viewer's mine;
    the rectification photos and any other stay with the hazard page."""
    return next((p for p in photos if p.kind == PhotoKind.FOUND), None)


def active_categories() -> dict[int, HazardCategory]:
    return {c.pk: c for c in HazardCategory.objects.filter(is_active=True)}


def deadlines() -> list[dict]:
    """Each severity with its default deadline, for the hints on the forms."""
    out = []
    for value, label in Severity.choices:
        day = services.default_deadline(value)
        out.append(
            {
                "value": value,
                "label": label,
                "date": day,
                "days": settings.HAZARD_DEADLINE_DAYS.get(value, 7),
            }
        )
    return out


def attach_overdue(hazards, today) -> None:
    for hazard in hazards:
        hazard.overdue = hazard.is_overdue(today)
        hazard.overdue_days = (today - hazard.deadline).days if hazard.overdue else 0
        hazard.due_today = bool(hazard.deadline) and hazard.deadline == today


def finding_context(request_person, unit, **extra) -> dict:
    context = {
        "categories": list(active_categories().values()),
        "severities": deadlines(),
        # The person picker searches the district around the unit (access.finding_people).
        "responsible_url": pick_url(FINDING_PICKER, unit.pk) if unit is not None else "",
        "photo_max": settings.PHOTO_MAX_COUNT,
        "photo_mb": settings.PHOTO_MAX_UPLOAD_MB,
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


def item_groups(items: list[ChecklistItem]) -> list[tuple[str, list]]:
    """Items grouped by area, in the order the checklist was published."""
    groups: dict[str, list] = {}
    for item in sorted(items, key=lambda i: (i.order, i.pk)):
        groups.setdefault(item.area, []).append(item)
    return list(groups.items())
