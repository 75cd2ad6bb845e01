"""People's place in the platform (core.registry): the organisation pages in the 工作台
menu, and the home page's head-counts of the person's reach."""

from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, Home, MenuItem, Panel, register

from .models import Role
from .scoping import has_role, is_staff_member
from .selectors import people_visible_to, reach_counts, reach_roots


def is_admin(person) -> bool:
    return has_role(person, Role.ADMIN)


def home_context(home: Home) -> dict:
    """Staff see the head-counts and the top organisations of their reach; others a
    card with their own details."""
    person = home.person
    if not is_staff_member(person):
        return {"reach": None}
    people = people_visible_to(person).filter(is_active=True)
    return {
        "reach": home.aggregate(people, **reach_counts()),
        "roots": reach_roots(person),
    }


register(
    Area(
        name="people",
        label=_("组织与人员"),
        menu=(
            MenuItem(
                _("组织架构"), "people:tree", "diagram-3", "/people/org", 130, True, is_staff_member
            ),
            MenuItem(
                _("人员"), "people:list", "people", "/people/list", 140, True, is_staff_member
            ),
            MenuItem(
                _("花名册导入"),
                "people:import_list",
                "upload",
                "/people/import",
                180,
                True,
                is_admin,
            ),
        ),
        # After every area's panel: the staff's overview closes the page.
        panels=(Panel("people", "people/home_panel.html", home_context, order=900, budget=1),),
    )
)
