"""The navigation each person sees: every area's menu entries their roles allow
(each area declares its own in its area.py; see core.registry)."""

from .registry import NavItem, menu_for

__all__ = ["NavItem", "items_for"]


def items_for(person) -> list[NavItem]:
    return menu_for(person)
