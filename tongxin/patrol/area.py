"""The video patrol's place in the platform (core.registry): menu, home panel, demo
step and figures."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, DemoStep, Figure, MenuItem, Panel, PersonPicker, register
from tongxin.people.scoping import is_staff_member

from . import demo, figures
from .access import route_patrols, route_to_assign
from .selectors import waiting_for_patrol


def patrols(person) -> bool:
    return person.is_authenticated and (person.is_party_member or is_staff_member(person))


def home_summary(home):
    """Detections waiting for the patrol, for Party members and staff (one shared row)."""
    if not patrols(home.person):
        return None
    waiting = waiting_for_patrol(home.person).order_by().select_related(None)
    return home.aggregate(waiting, waiting=Count("pk"))


register(
    Area(
        name="patrol",
        urls="patrol/",
        label=_("视频巡检"),
        menu=(
            MenuItem(_("视频巡检"), "patrol:home", "camera-video", "/patrol/", 25, False, patrols),
            MenuItem(
                _("皮带摄像头"),
                "patrol:cameras",
                "camera-video",
                "/patrol/cameras/",
                125,
                True,
                is_staff_member,
            ),
            MenuItem(
                _("巡检路线"),
                "patrol:routes",
                "signpost-2",
                "/patrol/routes/",
                126,
                True,
                is_staff_member,
            ),
        ),  # fmt: skip
        panels=(Panel("patrol", "patrol/home_panel.html", home_summary, order=32, budget=1),),
        demo=DemoStep(seed=demo.seed, order=70, help=_("不生成视频巡检演示数据")),
        # Who may walk a route's rounds (the round assignment's person picker).
        pickers=(PersonPicker("patrol.assign", route_to_assign, route_patrols),),
        figures=(
            Figure.count("patrol.detections", _("视频检测报警"), _("次"), figures.detections),
            Figure.count("patrol.confirmed", _("巡检确认属实"), _("次"), figures.confirmed),
            Figure.count("patrol.dismissed", _("巡检排除误报"), _("次"), figures.dismissed),
        ),
    )
)
