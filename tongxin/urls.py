from django.contrib import admin
from django.urls import include, path

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
    path("admin/", admin.site.urls),
]
