"""The grid's place in the platform (core.registry): menu, home panel, demo step,
figures and the network's person pickers."""

from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, DemoStep, Figure, MenuItem, Panel, register
from tongxin.people.models import Role
from tongxin.people.scoping import has_role

from . import demo, figures
from .access import is_grid_manager, is_grid_reader
from .home import home_summary
from .pickers import PICKERS


def covers_workers(person) -> bool:
    # Party members cover workers; managers also hold tasks of their own.
    return person.is_party_member or is_grid_manager(person)


def is_inspector(person) -> bool:
    return has_role(person, Role.DISCIPLINE_INSPECTOR)


register(
    Area(
        name="grid",
        urls="grid/",
        label=_("网格化管理"),
        menu=(
            MenuItem(
                _("我的网格"), "grid:member_home", "grid-3x3", "/grid/$", 30, False, covers_workers
            ),
            MenuItem(
                _("网格管理"),
                "grid:network_list",
                "diagram-2",
                "/grid/network",
                150,
                True,
                is_grid_reader,
            ),
            MenuItem(
                _("网格督查"), "grid:spot_home", "search", "/grid/spot", 160, True, is_inspector
            ),
        ),
        panels=(
            Panel(
                "grid",
                "grid/home_panel.html",
                lambda home: home_summary(home.person, home),
                order=10,
            ),
        ),
        # Who may be responsible or covered at each level of a branch's network.
        pickers=PICKERS,
        demo=DemoStep(seed=demo.seed, order=30, help=_("不生成党建网格化管理演示数据")),
        figures=(
            Figure.count(
                "grid.visits_due", _("五必谈五必访应办"), _("项"), figures.visit_tasks_due
            ),
            Figure.count(
                "grid.visits_on_time",
                _("五必谈五必访按期办结"),
                _("项"),
                figures.visit_tasks_on_time,
            ),
            Figure.count(
                "grid.reports_on_time",
                _("月报表按期提交"),
                _("份"),
                figures.reports_submitted_on_time,
            ),
            Figure.count(
                "grid.problems_raised", _("问题清单收集"), _("条"), figures.problems_raised
            ),
            Figure.count(
                "grid.problems_answered",
                _("问题清单解决答复"),
                _("条"),
                figures.problems_answered_records,
            ),
        ),
    )
)
