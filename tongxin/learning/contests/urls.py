from django.urls import path

from . import desk_views, views

urlpatterns = [
    path("", views.contest_list, name="contests"),
    path("practice/", views.practice, name="practice"),
    path("practice/answer/", views.practice_answer, name="practice_answer"),
    path("<int:contest_id>/", views.contest_detail, name="contest_detail"),
    path("<int:contest_id>/start/", views.contest_start, name="contest_start"),
    path("<int:contest_id>/paper/", views.contest_paper, name="contest_paper"),
    path(
        "<int:contest_id>/answers/<int:question_id>/",
        views.contest_answer,
        name="contest_answer",
    ),
    path("<int:contest_id>/submit/", views.contest_submit, name="contest_submit"),
    path("<int:contest_id>/review/", views.contest_review, name="contest_review"),
    path("<int:contest_id>/rankings/", views.contest_rankings, name="contest_rankings"),
    path("desk/", views.contest_desk, name="contest_desk"),
    path("desk/new/", views.contest_new, name="contest_new"),
    path("desk/export/", views.contest_export, name="contest_export"),
    path("desk/<int:contest_id>/", views.contest_results, name="contest_results"),
    path("desk/<int:contest_id>/schedule/", views.contest_schedule, name="contest_schedule"),
    path("desk/<int:contest_id>/edit/", desk_views.contest_edit, name="contest_edit"),
    path("desk/<int:contest_id>/cancel/", desk_views.contest_cancel, name="contest_cancel"),
    path("desk/bank/", views.question_bank, name="question_bank"),
    path("desk/bank/<int:pk>/", desk_views.question_edit, name="question_edit"),
    path("desk/bank/<int:pk>/active/", desk_views.question_active, name="question_active"),
    path("desk/bank/import/", views.question_import, name="question_import"),
    path(
        "desk/bank/imports/<int:import_id>/",
        views.question_import_detail,
        name="question_import_detail",
    ),
]
