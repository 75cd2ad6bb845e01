"""Worker voice's place in the platform (core.registry): menu, home panel, demo step,
exports, figures and the handler picker."""

from django.utils.translation import gettext as _gettext
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

from . import demo, figures
from .access import HANDLER_PICKER, department_handlers, handler_department, is_voice_staff
from .selectors import home_summary


def seed_demo(*, seed: int, progress):
    """Worker voice for the first mine, built through the voice services."""
    result = demo.seed(seed=seed, progress=progress)
    if result is not None and result.receipt and progress is not None:
        progress(_gettext("匿名意见回执码（可在“凭回执查询”试用）：%(r)s") % {"r": result.receipt})
    return result


register(
    Area(
        name="voice",
        urls="voice/",
        label=_("职工诉求与建议"),
        menu=(
            MenuItem(_("我的诉求"), "voice:my_cases", "chat-dots", "/voice/", 10),
            MenuItem(
                _("诉求办理"), "voice:inbox", "inboxes", "/voice/inbox", 110, True, is_voice_staff
            ),
        ),
        # Asking whether the person handles a case is the panel's one query of its own.
        panels=(Panel("voice", "voice/home_panel.html", home_summary, order=20, budget=2),),
        demo=DemoStep(seed=seed_demo, order=10, help=_("不生成职工诉求演示数据")),
        exports=(Export("cases", _("诉求台账"), "voice:export"),),
        figures=(
            Figure.count("voice.received", _("收到诉求"), _("件"), figures.received),
            Figure.count("voice.replied_on_time", _("按期答复"), _("件"), figures.replied_on_time),
            Figure("voice.satisfaction", _("满意率"), "%", figures.satisfaction, figures.rated),
        ),
        # The handler of an assigned case, among the department's people.
        pickers=(PersonPicker(HANDLER_PICKER, handler_department, department_handlers),),
    )
)
