"""Hazards' place in the platform (core.registry): menu, home panel, demo step,
exports, figures and the responsible-person picker."""

from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import (
    Area,
    DemoStep,
    Export,
    Figure,
    MenuItem,
    Panel,
    PersonPicker,
    register,
)
from tongxin.people.scoping import is_staff_member

from . import demo, figures
from .access import (
    ASSIGN_PICKER,
    FINDING_PICKER,
    assignable_people,
    finding_people,
    finding_unit,
    hazard_to_assign,
)
from .selectors import home_summary

register(
    Area(
        name="hazards",
        urls="hazards/",
        label=_("隐患排查治理"),
        menu=(
            MenuItem(_("隐患排查"), "hazards:today", "shield-check", "/hazards/", 20),
            MenuItem(
                _("隐患看板"),
                "hazards:board",
                "clipboard-data",
                "/hazards/board",
                120,
                True,
                is_staff_member,
            ),
        ),  # fmt: skip
        # A Party member's patrol scope looks up their mine: the panel's query of its own.
        panels=(Panel("hazards", "hazards/home_panel.html", home_summary, order=30, budget=1),),
        demo=DemoStep(seed=demo.seed, order=20, help=_("不生成隐患排查演示数据")),
        exports=(Export("hazards", _("隐患台账"), "hazards:export"),),
        figures=(
            Figure.count("hazards.found", _("排查隐患"), _("条"), figures.found),
            Figure.count(
                "hazards.rectified_on_time", _("按期整改"), _("条"), figures.rectified_on_time
            ),
            Figure.count("hazards.overdue", _("超期未整改"), _("条"), figures.overdue),
        ),
        # The crew's pages underground: today's checks, a checklist, a report, a
        # hazard's record with its rectification, a work place and the photos.
        offline=(
            "/hazards/$",
            "/hazards/inspect/",
            "/hazards/report/",
            "/hazards/h/",
            "/hazards/w/",
            "/hazards/photo/",
        ),
        # Who may be made responsible for rectifying a hazard (access.assignable_people).
        pickers=(
            PersonPicker(ASSIGN_PICKER, hazard_to_assign, assignable_people),
            PersonPicker(FINDING_PICKER, finding_unit, finding_people),
        ),
    )
)
