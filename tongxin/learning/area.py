"""Learning's place in the platform (core.registry): menu, home panels, demo step,
exports and figures. Each part (library, meetings, contests, points) adds its entries
here; their code lives in the part's own package."""

from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, DemoStep, MenuItem, register

from . import demo
from .access import edits_point_rules

register(
    Area(
        name="learning",
        urls="learning/",
        label=_("学习与组织生活"),
        menu=(
            MenuItem(_("学习"), "learning:home", "book", "/learning/", 50),
            MenuItem(_("学习积分"), "learning:points", "award", "/learning/points/", 52),
            MenuItem(
                _("积分规则"),
                "learning:point_rules",
                "sliders",
                "/learning/points/rules",
                185,
                True,
                edits_point_rules,
            ),
        ),
        panels=(),
        demo=DemoStep(seed=demo.seed, order=60, help=_("不生成学习与组织生活演示数据")),
        exports=(),
        figures=(),
    )
)
