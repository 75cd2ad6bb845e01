from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from tongxin.accounts.views import admin_sign_in, sign_out
from tongxin.api.main import api
from tongxin.core import registry

admin.site.site_header = "同心 · 管理后台"
admin.site.site_title = "同心"

urlpatterns = [
    path("", include("tongxin.core.urls")),
    path("accounts/", include("tongxin.accounts.urls")),
    path("people/", include("tongxin.people.urls")),
    # Every area's pages, at the prefix it declares in its area.py (core.registry).
    *registry.url_patterns(),
    path("notifications/", include("tongxin.core.notification_urls")),
    path("api/", api.urls),
    # Before admin.site.urls, so that the admin signs in and out, and changes its own
    # password, through the platform's paths (lockout, audit, password policy).
    path("admin/login/", admin_sign_in, name="admin_login"),
    path("admin/logout/", sign_out, name="admin_logout"),
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="accounts:password_change"),
        name="admin_password_change",
    ),
    path("admin/", admin.site.urls),
]
