"""Discipline inspectors' spot checks of grid work (定期督查、不定期抽查): draw grid
members at random from a branch or a whole mine, then record for each what was found."""

from __future__ import annotations

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.people.models import Organisation, OrgKind, Person, Tree

from ..models import Finding, GridLink, SpotCheck, SpotCheckItem
from ..periods import current_q
from ..selectors_branch import inspector_reach

MAX_SAMPLE = 50


def _scope_unit(scope: Organisation | None) -> Organisation:
    if scope is not None and scope.kind == OrgKind.BRANCH and scope.unit_id:
        return scope.unit
    if scope is not None and scope.tree == Tree.UNIT and scope.kind == OrgKind.MINE:
        return scope
    raise ValidationError({"scope": _("请选择要抽查的党支部或矿。")})


def candidates(scope: Organisation) -> list[int]:
    """Ids of the people responsible on a current link in the scope, in a stable order."""
    today = timezone.localdate()
    links = GridLink.objects.filter(current_q(today), responsible__is_active=True)
    if scope.kind == OrgKind.BRANCH:
        links = links.filter(branch=scope)
    else:
        links = links.filter(branch__unit__path__startswith=scope.path)
    return sorted(set(links.values_list("responsible_id", flat=True)))


@transaction.atomic
def spot_draw(
    *,
    actor: Person,
    scope: Organisation | None,
    size: int,
    note: str = "",
    rng: random.Random | None = None,
) -> SpotCheck:
    """Draw `size` grid members at random from the scope (a branch or a mine)."""
    unit = _scope_unit(scope)
    if not inspector_reach(actor).covers(unit):
        raise PermissionDenied(_("只有本矿的纪检监察人员可以抽查网格工作。"))
    try:
        size = int(size)
    except (TypeError, ValueError):
        size = 0
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": _("说明不能超过 300 个字。")})
    if not 1 <= size <= MAX_SAMPLE:
        raise ValidationError(
            {"size": _("抽取人数应在 1 到 %(max)s 人之间。") % {"max": MAX_SAMPLE}}
        )
    pool = candidates(scope)
    if not pool:
        raise ValidationError({"scope": _("这个范围内目前没有网格员，无法抽取。")})
    if size > len(pool):
        raise ValidationError(
            {"size": _("这个范围内只有 %(n)s 名网格员，抽取人数不能超过它。") % {"n": len(pool)}}
        )
    chosen = (rng or random.SystemRandom()).sample(pool, size)
    check = SpotCheck.objects.create(inspector=actor, scope=scope, sample_size=size, note=note)
    SpotCheckItem.objects.bulk_create(
        [SpotCheckItem(spot_check=check, member_id=pk) for pk in chosen]
    )
    audit.record(
        action="grid.spotcheck.drawn",
        actor=actor,
        obj=check,
        after={"scope": scope.pk, "size": size, "pool": len(pool), "members": chosen},
    )
    return check


@transaction.atomic
def spot_record(*, actor: Person, item_id: int, finding: str, note: str) -> SpotCheckItem:
    """The inspector who drew the sample records what was found for one member; a
    finding may be corrected later (the audit log keeps each version)."""
    item = (
        SpotCheckItem.objects.select_for_update(of=("self",))
        .select_related("spot_check")
        .get(pk=item_id)
    )
    if item.spot_check.inspector_id != actor.pk:
        raise PermissionDenied(_("只有抽取这批网格员的纪检监察人员可以记录检查结果。"))
    if finding not in (Finding.GOOD, Finding.WEAK, Finding.FAILED):
        raise ValidationError({"finding": _("请选择检查结论：落实到位、需改进或未落实。")})
    note = (note or "").strip()
    if finding != Finding.GOOD and len(note) < 2:
        raise ValidationError({"note": _("结论为需改进或未落实时，请写明发现的问题。")})
    if len(note) > 500:
        raise ValidationError({"note": _("发现的问题不能超过 500 个字。")})
    before = {"finding": item.finding, "note": item.note}
    item.finding, item.note, item.checked_at = finding, note, timezone.now()
    item.save(update_fields=["finding", "note", "checked_at"])
    audit.record(
        action="grid.spotcheck.recorded",
        actor=actor,
        obj=item.spot_check,
        before=before,
        after={"item": item.pk, "member": item.member_id, "finding": finding, "note": note},
    )
    return item
