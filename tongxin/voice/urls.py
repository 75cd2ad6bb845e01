from django.urls import path

from .views_staff import case, forum, inbox
from .views_worker import anonymous, cases, congress

app_name = "voice"

urlpatterns = [
    # Workers, on their phones.
    path("", cases.my_cases, name="my_cases"),
    path("new/", cases.submit, name="submit"),
    path("my/<int:pk>/", cases.my_case, name="my_case"),
    path("my/<int:pk>/act/", cases.my_case_act, name="my_case_act"),
    path("anonymous/", anonymous.anonymous_submit, name="anonymous"),
    path("anonymous/follow/", anonymous.follow_receipt, name="follow"),
    path("progress/", congress.progress, name="progress"),
    path("congress/", congress.congress, name="congress"),
    path("photo/<int:pk>/", cases.photo, name="photo"),
    # Staff at their desks.
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/export/", inbox.export, name="export"),
    path("inbox/assign/", inbox.bulk_assign, name="bulk_assign"),
    path("cases/<int:pk>/", case.case, name="case"),
    path("cases/<int:pk>/act/<str:action>/", case.case_act, name="case_act"),
    path("forum/new/", forum.forum_new, name="forum_new"),
    path("handlers/", case.handlers, name="handlers"),
]
