"""Core's own place in the platform: the home page, first on the bar, and the warning
an administrator gets when deadlines would run past the holiday calendar."""

from django.utils.translation import gettext_lazy as _

from tongxin.people.models import Role
from tongxin.people.scoping import has_role

from .registry import Area, Home, MenuItem, Panel, register
from .workdays import years_without_calendar


def calendar_context(home: Home) -> dict | None:
    """Deadlines count working days; in a year with no holiday rows they would silently
    count 春节 and 国庆 as working days. The administrator is told which years to enter."""
    if not has_role(home.person, Role.ADMIN):
        return None
    missing = years_without_calendar(home.today)
    return {"missing": missing} if missing else None


register(
    Area(
        name="core",
        label=_("公共"),
        menu=(MenuItem(_("首页"), "core:home", "house", "/$", 0),),
        # First on the page: it is about every deadline the others show.
        panels=(Panel("calendar", "core/calendar_panel.html", calendar_context, 0, budget=1),),
        # What a phone opens from its home-screen icon (the manifest's start_url): with
        # no network underground it shows the last copy, and sends what waits.
        offline=("/$",),
    )
)
