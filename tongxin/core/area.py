"""Core's own menu entry: the home page, first on the bar."""

from django.utils.translation import gettext_lazy as _

from .registry import Area, MenuItem, register

register(
    Area(name="core", label=_("公共"), menu=(MenuItem(_("首页"), "core:home", "house", "/$", 0),))
)
