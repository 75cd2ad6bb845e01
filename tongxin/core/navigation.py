"""The navigation each person sees: only what their roles allow."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tongxin.people.models import Role
from tongxin.people.scoping import has_role, is_staff_member


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    prefix: str
    # Desk pages (inboxes, boards, the network, ledgers) go in the 工作台 menu, so the
    # bar keeps what is the person's own and stays on one line.
    desk: bool = False


def items_for(person) -> list[NavItem]:
    if not person.is_authenticated:
        return []
    from tongxin.voice.access import is_voice_staff

    items = [
        NavItem(_("首页"), reverse("core:home"), "house", "/$"),
        NavItem(_("我的诉求"), reverse("voice:my_cases"), "chat-dots", "/voice/"),
        NavItem(_("隐患排查"), reverse("hazards:today"), "shield-check", "/hazards/"),
    ]
    from tongxin.grid.access import is_grid_manager, is_grid_reader

    # Party members cover workers; managers also hold tasks of their own.
    if person.is_party_member or is_grid_manager(person):
        items.append(NavItem(_("我的网格"), reverse("grid:member_home"), "grid-3x3", "/grid/$"))
    items.append(NavItem(_("关爱服务"), reverse("care:home"), "heart", "/care/"))
    # Roles are loaded once per request; a person without a role costs one EXISTS query.
    if is_voice_staff(person):
        items.append(
            NavItem(_("诉求办理"), reverse("voice:inbox"), "inboxes", "/voice/inbox", desk=True)
        )
    if is_staff_member(person):
        items.append(
            NavItem(
                _("隐患看板"),
                reverse("hazards:board"),
                "clipboard-data",
                "/hazards/board",
                desk=True,
            )
        )
        items.append(
            NavItem(_("组织架构"), reverse("people:tree"), "diagram-3", "/people/org", desk=True)
        )
        items.append(
            NavItem(_("人员"), reverse("people:list"), "people", "/people/list", desk=True)
        )
    if is_grid_reader(person):
        items.append(
            NavItem(
                _("网格管理"), reverse("grid:network_list"), "diagram-2", "/grid/network", desk=True
            )
        )
    if has_role(person, Role.DISCIPLINE_INSPECTOR):
        items.append(
            NavItem(_("网格督查"), reverse("grid:spot_home"), "search", "/grid/spot", desk=True)
        )
    if has_role(person, Role.UNION_CHAIR, Role.ADMIN):
        items.append(
            NavItem(
                _("服务台账"), reverse("care:ledger"), "journal-check", "/care/ledger", desk=True
            )
        )
    if has_role(person, Role.ADMIN):
        items.append(
            NavItem(
                _("花名册导入"),
                reverse("people:import_list"),
                "upload",
                "/people/import",
                desk=True,
            )
        )
    return items
