"""Care's place in the platform (core.registry): menu, home panel, demo step, exports
and figures."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, DemoStep, Export, Figure, Home, MenuItem, Panel, register
from tongxin.people.models import Role
from tongxin.people.scoping import has_role

from . import demo, figures
from .models import ItemState, ServiceItem


def keeps_ledger(person) -> bool:
    return has_role(person, Role.UNION_CHAIR, Role.ADMIN)


def home_context(home: Home):
    """The service items the person owns, shown only to owners of open ones."""
    items = home.aggregate(
        ServiceItem.objects.filter(owner=home.person, state=ItemState.OPEN),
        open=Count("pk"),
        overdue=Count("pk", filter=Q(deadline__lt=home.today)),
    )
    return lambda: items if items["open"] else None


register(
    Area(
        name="care",
        urls="care/",
        label=_("职工关爱"),
        menu=(
            MenuItem(_("关爱服务"), "care:home", "heart", "/care/", 40),
            MenuItem(
                _("服务台账"),
                "care:ledger",
                "journal-check",
                "/care/ledger",
                170,
                True,
                keeps_ledger,
            ),
        ),
        panels=(Panel("care", "care/home_panel.html", home_context, order=15),),
        demo=DemoStep(seed=demo.seed, order=40, help=_("不生成职工关爱服务演示数据")),
        exports=(
            Export("ledger", _("服务台账"), "care:ledger_export"),
            Export("assistance", _("帮扶记录"), "care:assistance_export"),
        ),
        figures=(
            Figure.count("care.assistance_given", _("帮扶人次"), _("人次"), figures.assistance),
            Figure.sum(
                "care.assistance_amount", _("帮扶金额"), _("元"), figures.assistance, "amount"
            ),
            Figure.count("care.services_done", _("服务项目完成"), _("项"), figures.services_done),
        ),
    )
)
