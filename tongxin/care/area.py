"""Care's place in the platform (core.registry): menu, home panel, demo step, exports
and figures."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.registry import Area, DemoStep, Export, Figure, Home, MenuItem, Panel, register
from tongxin.people.models import Role
from tongxin.people.scoping import has_role

from . import demo, figures
from .access import is_care_reader
from .models import Booking, Counsellor, ItemState, ServiceItem
from .selectors.counselling import booking_filters


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


def counselling_context(home: Home):
    """A counsellor's day: today's sessions, what is booked ahead, and the notes still to
    write. Counted in the page's shared query (no query of its own, so it costs nothing
    for the people who are not counsellors); shown to active counsellors only."""
    now = timezone.now()
    mine = Booking.objects.filter(
        slot__counsellor__person=home.person, slot__counsellor__is_active=True
    )
    rows = home.aggregate(
        mine, **{name: Count("pk", filter=q) for name, (q, label) in booking_filters(now).items()}
    )
    counsellor = home.count(Counsellor.objects.filter(person=home.person, is_active=True))
    return lambda: rows if counsellor["n"] else None


register(
    Area(
        name="care",
        urls="care/",
        label=_("职工关爱"),
        menu=(
            MenuItem(_("关爱服务"), "care:home", "heart", "/care/", 40),
            # The counsellor's way in is their home panel and 关爱服务's button: a menu
            # predicate would cost a query on every page (a Counsellor row, not a role).
            MenuItem(
                _("帮扶统计"),
                "care:assistance",
                "bar-chart",
                "/care/assistance",
                172,
                True,
                is_care_reader,
            ),  # fmt: skip
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
        panels=(
            Panel("care", "care/home_panel.html", home_context, order=15),
            Panel("counselling", "care/counsellor/home_panel.html", counselling_context, order=16),
        ),
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
