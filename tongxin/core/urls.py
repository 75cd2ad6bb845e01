from django.urls import path

from . import offline, views, webapp

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", webapp.favicon, name="favicon"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    # At the root, so that the worker's scope is every page.
    path("sw.js", offline.service_worker, name="service_worker"),
]
