# Included at /people/import/ by people/urls.py, whose app_name ("people") these share.
from django.urls import path

from . import roster_views as views

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("new/", views.import_upload, name="import_upload"),
    path("template/", views.import_template, name="import_template"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
]
