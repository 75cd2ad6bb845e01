"""Integrity's place in the platform (core.registry): the figures, the menu (the reporter's and the
disclosure reader's entry; the inspectors', the publishing offices' and the union's
procurement desks), the home panels, the demo step and the representative's picker.

No export and no figure shows a report: what the dashboards may count is offered only
above INTEGRITY_MIN_COUNT (figures.py); the only home panel that counts reports is the
inspectors' own (home.py)."""

from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import (
    Area,
    DemoStep,
    Figure,
    MenuItem,
    Panel,
    PersonPicker,
    register,
)

from . import demo, figures, home
from .access import is_inspector
from .disclosure_access import is_disclosure_staff
from .procurement_access import (
    REPRESENTATIVE_PICKER,
    is_procurement_staff,
    procurement_unit,
    representative_candidates,
)

register(
    Area(
        name="integrity",
        urls="integrity/",
        label=_("廉洁监督"),
        menu=(
            MenuItem(_("公开与监督"), "integrity:start", "shield-exclamation", "/integrity/", 80),
            MenuItem(
                _("举报受理"),
                "integrity:desk",
                "shield-lock",
                "/integrity/desk",
                180,
                True,
                is_inspector,
            ),
            MenuItem(
                _("厂务公开管理"),
                "integrity:disclosure_desk",
                "megaphone-fill",
                "/integrity/disclosure/desk",
                181,
                True,
                is_disclosure_staff,
            ),
            MenuItem(
                _("工会参与采购"),
                "integrity:procurements",
                "cart-check",
                "/integrity/procurement",
                182,
                True,
                is_procurement_staff,
            ),
        ),  # fmt: skip
        panels=(
            Panel(
                "integrity_reports",
                "integrity/home/inspector_panel.html",
                home.inspector_context,
                36,
            ),
            # The union chair's unit paths: one query, when the menu has not loaded them.
            Panel(
                "integrity_questions", "integrity/home/union_panel.html", home.union_context, 57, 1
            ),
            Panel(
                "integrity_disclosures", "integrity/home/reader_panel.html", home.reader_context, 58
            ),
        ),
        demo=DemoStep(seed=demo.seed, order=80, help=_("不生成廉洁监督演示数据")),
        figures=(
            Figure.count(
                "integrity.disclosures_on_time", _("按时公开"), _("项"), figures.disclosures_on_time
            ),
            Figure.count(
                "integrity.questions_answered_on_time",
                _("公开留言按时答复"),
                _("条"),
                figures.questions_answered_on_time,
            ),
            # Counts only, and none below INTEGRITY_MIN_COUNT (figures.py).
            Figure.count(
                "integrity.reports_concluded_on_time",
                _("举报按期办结"),
                _("件"),
                figures.reports_concluded_on_time,
            ),
        ),
        # The union's representative of a new procurement: the union's people of its mine.
        pickers=(PersonPicker(REPRESENTATIVE_PICKER, procurement_unit, representative_candidates),),
    )
)
