from django.contrib import admin
from django.urls import include, path

from tongxin.accounts.views import admin_sign_in
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
    # Before admin.site.urls, so that the admin signs in through the platform's path.
    path("admin/login/", admin_sign_in, name="admin_login"),
    path("admin/", admin.site.urls),
]
