from django.urls import path

from . import create_views, photo_views, views

urlpatterns = [
    path("", views.desk, name="meetings_desk"),
    path("my/", views.my, name="meetings_my"),
    path("plan/", views.plan, name="meetings_plan"),
    path("new/", create_views.meeting_new, name="meeting_new"),
    path("list/", views.meeting_list, name="meetings_list"),
    path("missed/", views.missed, name="meetings_missed"),
    path("export/", views.export, name="meetings_export"),
    path("types/", views.types, name="meeting_types"),
    path("types/<int:pk>/", views.type_update, name="meeting_type_update"),
    path("<int:pk>/", views.detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.edit, name="meeting_edit"),
    path("<int:pk>/hold/", views.hold, name="meeting_hold"),
    path("<int:pk>/file/", views.file, name="meeting_file"),
    path("<int:pk>/correct/", views.correct, name="meeting_correct"),
    path("<int:pk>/cancel/", views.cancel, name="meeting_cancel"),
    path("<int:pk>/attendance/", views.attendance, name="meeting_attendance"),
    path("<int:pk>/leave/", views.leave, name="meeting_leave"),
    path("<int:pk>/checkin/<str:token>/", views.checkin, name="meeting_checkin"),
    path("<int:pk>/photos/", photo_views.upload, name="meeting_photos"),
    path("photos/<int:photo_id>/", photo_views.photo, name="meeting_photo"),
    path("photos/<int:photo_id>/remove/", photo_views.remove, name="meeting_photo_remove"),
]
