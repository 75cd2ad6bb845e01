from django.contrib import admin
from django.urls import include, path

from tongxin.api.main import api

admin.site.site_header = "同心 · 管理后台"
admin.site.site_title = "同心"

urlpatterns = [
    path("", include("tongxin.core.urls")),
    path("accounts/", include("tongxin.accounts.urls")),
    path("people/", include("tongxin.people.urls")),
    path("voice/", include("tongxin.voice.urls")),
    path("hazards/", include("tongxin.hazards.urls")),
    path("grid/", include("tongxin.grid.urls")),
    path("care/", include("tongxin.care.urls")),
    path("notifications/", include("tongxin.core.notification_urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
