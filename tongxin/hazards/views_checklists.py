"""Checklists at the desk: a unit head sees the checklists of their units and publishes a
new version (一队一册、一面一册 revised). Items are typed or pasted one per line as
区域｜类别｜检查内容 (a tab works too, as when pasting from Excel); inspections already
done keep the version they were done with."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core.access import fetch
from tongxin.people.scoping import reach_of
from tongxin.people.views import staff_required

from . import services
from .access import MANAGER_ROLES
from .models import ChecklistTemplate, HazardCategory

SEPARATORS = ("\t", "｜", "|")


def templates_visible_to(person):
    reach = reach_of(person)
    return ChecklistTemplate.objects.filter(reach.q("unit__path")).select_related("unit")


def parse_items(text: str) -> list[tuple[str, HazardCategory, str]]:
    """One item per line: 区域｜类别｜检查内容. Every bad line is named by its number."""
    categories = {c.name: c for c in HazardCategory.objects.filter(is_active=True)}
    items, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = next((line.split(sep, 2) for sep in SEPARATORS if sep in line), [line])
        if len(parts) != 3:
            errors.append(_("第 %(n)s 行：应为“区域｜类别｜检查内容”三段。") % {"n": number})
            continue
        area, category, content = (p.strip() for p in parts)
        if category not in categories:
            errors.append(
                _("第 %(n)s 行：没有“%(c)s”这个类别（可用：%(all)s）。")
                % {"n": number, "c": category, "all": "、".join(categories)}
            )
            continue
        if not area or not content or len(area) > 40 or len(content) > 200:
            errors.append(
                _("第 %(n)s 行：区域（40 字内）和检查内容（200 字内）都要填写。") % {"n": number}
            )
            continue
        items.append((area, categories[category], content))
    if errors:
        raise ValidationError(errors)
    return items


def _as_text(version) -> str:
    if version is None:
        return ""
    return "\n".join(
        f"{i.area}｜{i.category.name}｜{i.text}" for i in version.items.select_related("category")
    )


@staff_required
def checklists(request):
    rows = list(templates_visible_to(request.user).order_by("unit__path", "level", "name")[:300])
    return render(request, "hazards/board/checklists.html", {"rows": rows, "active": "checklists"})


@staff_required
def checklist(request, pk: int):
    template = fetch(templates_visible_to(request.user), pk=pk)
    may_publish = reach_of(request.user, MANAGER_ROLES).covers(template.unit)
    current = template.versions.order_by("-number").first()
    text, error = _as_text(current), ""
    if request.method == "POST":
        if not may_publish:
            raise Http404
        text = request.POST.get("items", "")
        try:
            version = services.checklist_publish(
                actor=request.user, template=template, items=parse_items(text)
            )
        except (ValidationError, PermissionDenied) as exc:
            error = "；".join(getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(
                request, _("已发布第 %(n)s 版，之后的检查按新版进行。") % {"n": version.number}
            )
            return redirect("hazards:checklist", pk=template.pk)
    context = {
        "template": template,
        "current": current,
        "versions": list(template.versions.order_by("-number")[:20]),
        "text": text,
        "error": error,
        "may_publish": may_publish,
        "categories": HazardCategory.objects.filter(is_active=True),
        "active": "checklists",
    }
    return render(request, "hazards/board/checklist.html", context, status=400 if error else 200)
