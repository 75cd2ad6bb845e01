from django.urls import path

from . import views, webapp

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", webapp.favicon, name="favicon"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
]
