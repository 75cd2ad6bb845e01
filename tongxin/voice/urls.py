from django.urls import path

from . import views_staff, views_worker

app_name = "voice"

urlpatterns = [
    # Workers, on their phones.
    path("", views_worker.my_cases, name="my_cases"),
    path("new/", views_worker.submit, name="submit"),
    path("my/<int:pk>/", views_worker.my_case, name="my_case"),
    path("my/<int:pk>/act/", views_worker.my_case_act, name="my_case_act"),
    path("anonymous/", views_worker.anonymous_submit, name="anonymous"),
    path("anonymous/follow/", views_worker.follow_receipt, name="follow"),
    path("progress/", views_worker.progress, name="progress"),
    path("congress/", views_worker.congress, name="congress"),
    path("photo/<int:pk>/", views_worker.photo, name="photo"),
    # Staff at their desks.
    path("inbox/", views_staff.inbox, name="inbox"),
    path("inbox/export/", views_staff.export, name="export"),
    path("inbox/assign/", views_staff.bulk_assign, name="bulk_assign"),
    path("cases/<int:pk>/", views_staff.case, name="case"),
    path("cases/<int:pk>/act/<str:action>/", views_staff.case_act, name="case_act"),
    path("forum/new/", views_staff.forum_new, name="forum_new"),
    path("handlers/", views_staff.handlers, name="handlers"),
]
