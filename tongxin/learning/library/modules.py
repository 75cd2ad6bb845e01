"""The Party committee's shelves of the library: add a module, rename it, move it up or
down the list. A mine's modules are numbered 1, 2, 3 … in the order the phone shows
them; a move swaps a module with its neighbour under a lock on the mine's modules, so
two moves at once keep the numbering whole."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.workflow import Conflict

from ..access import edits_learning_setup
from ..models import Module

NAME_MAX = 40


def _name(name) -> str:
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise ValidationError({"name": _("请填写模块名称（不超过 40 字）。")})
    return name


def module_create(*, actor, mine, name: str, order=0) -> Module:
    if mine is None or not edits_learning_setup(actor, mine.path):
        raise OutOfScope()
    name = _name(name)
    if Module.objects.filter(mine=mine, name=name).exists():
        raise ValidationError({"name": _("本矿已有同名模块。")})
    try:
        order = int(order or 0)
    except (TypeError, ValueError):
        raise ValidationError({"order": _("排序须为整数。")}) from None
    with transaction.atomic():
        module = Module.objects.create(
            mine=mine, org_path=mine.path, name=name, order=max(0, min(order, 999))
        )
        audit.record(action="learning.module.create", actor=actor, obj=module)
    return module


def _locked(actor, module_id) -> tuple[Module, list[Module]]:
    """The module and all its mine's modules in order, locked (inside a transaction)."""
    module = Module.objects.filter(pk=module_id).first()
    if module is None or not edits_learning_setup(actor, module.org_path):
        raise OutOfScope()
    shelves = list(Module.objects.select_for_update().filter(mine_id=module.mine_id))
    shelves.sort(key=lambda m: (m.order, m.pk))
    return next(m for m in shelves if m.pk == module.pk), shelves


@transaction.atomic
def module_rename(*, actor, module_id: int, name: str, was: str) -> Module:
    """Rename a module. `was` is the name the form showed: if someone renamed it since,
    the second rename is refused (Conflict) rather than silently undoing the first."""
    name = _name(name)
    module, shelves = _locked(actor, module_id)
    if (was or "").strip() != module.name:
        raise Conflict(_("模块已被他人改名为“%(name)s”，请刷新后再改。") % {"name": module.name})
    if name == module.name:
        return module
    if any(m.name == name for m in shelves if m.pk != module.pk):
        raise ValidationError({"name": _("本矿已有同名模块。")})
    before = {"name": module.name}
    module.name = name
    module.save(update_fields=["name"])
    audit.record(
        action="learning.module.rename",
        actor=actor,
        obj=module,
        before=before,
        after={"name": name},
    )
    return module


@transaction.atomic
def module_move(*, actor, module_id: int, direction: str) -> Module:
    """Move a module one place up or down; the mine's modules are renumbered 1…n."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("请选择上移或下移。")})
    module, shelves = _locked(actor, module_id)
    i = shelves.index(module)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(shelves):
        shelves[i], shelves[j] = shelves[j], shelves[i]
    changed = []
    for n, shelf in enumerate(shelves, start=1):
        if shelf.order != n:
            shelf.order = n
            changed.append(shelf)
    Module.objects.bulk_update(changed, ["order"])
    audit.record(
        action="learning.module.move", actor=actor, obj=module, after={"order": module.order}
    )
    return module
