"""Integrity's place in the platform (core.registry): the figures, the menu (the reporter's and the
disclosure reader's entry; the inspectors', the publishing offices' and the union's
procurement desks), the demo step.

No export, no home panel and no figure shows a report: what the dashboards may count
is offered only above INTEGRITY_MIN_COUNT (figures.py)."""

from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, DemoStep, Figure, MenuItem, register

from . import demo, figures
from .access import is_inspector
from .disclosure_access import is_disclosure_staff
from .procurement_access import is_procurement_staff

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
    )
)
