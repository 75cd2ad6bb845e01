from django.urls import path, register_converter

from tongxin.core.anonymous.ids import SignedIdConverter
from tongxin.core.anonymous.pages import unit_options

from .views_staff import case, forum, inbox
from .views_worker import anonymous, cases, congress

# A case's or photo's id: an anonymous case's is negative (core.anonymous.ids).
register_converter(SignedIdConverter, "case_id")

app_name = "voice"

urlpatterns = [
    # Workers, on their phones.
    path("", cases.my_cases, name="my_cases"),
    path("new/", cases.submit, name="submit"),
    path("my/<case_id:pk>/", cases.my_case, name="my_case"),
    path("my/<case_id:pk>/act/", cases.my_case_act, name="my_case_act"),
    path("anonymous/", anonymous.anonymous_submit, name="anonymous"),
    path("anonymous/follow/", anonymous.follow_receipt, name="follow"),
    path("anonymous/units/", unit_options, name="unit_options"),
    path("progress/", congress.progress, name="progress"),
    path("congress/", congress.congress, name="congress"),
    path("photo/<case_id:pk>/", cases.photo, name="photo"),
    # Staff at their desks.
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/export/", inbox.export, name="export"),
    path("inbox/assign/", inbox.bulk_assign, name="bulk_assign"),
    path("cases/<case_id:pk>/", case.case, name="case"),
    path("cases/<case_id:pk>/act/<str:action>/", case.case_act, name="case_act"),
    path("forum/new/", forum.forum_new, name="forum_new"),
    path("handlers/", case.handlers, name="handlers"),
]
