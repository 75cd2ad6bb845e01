"""URLs of the grid's branch pages (included by grid/urls.py under the "grid" namespace):
the problem list, monthly reports and self-summaries, grid meetings, spot checks."""

from django.urls import path

from . import views_branch, views_reports, views_spotcheck

urlpatterns = [
    # The branch's problem list (问题清单).
    path("branch/<int:branch_id>/problems/", views_branch.problem_list, name="problem_list"),
    path("problems/<int:pk>/", views_branch.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/act/<str:action>/", views_branch.problem_act, name="problem_act"),
    # Monthly reports: the secretary's review, one report, the member's phone page.
    path("branch/<int:branch_id>/reports/", views_reports.report_review, name="report_review"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/act/<str:action>/", views_reports.report_act, name="report_act"),
    path("my-report/", views_reports.report_mine, name="report_mine"),
    path("my-summary/", views_reports.summary_mine, name="summary_mine"),
    # Quarterly grid meetings (季度例会).
    path("branch/<int:branch_id>/meetings/", views_branch.meeting_list, name="meeting_list"),
    path("meetings/new/<int:branch_id>/", views_branch.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views_branch.meeting_detail, name="meeting_detail"),
    # Discipline inspectors' spot checks.
    path("spot/", views_spotcheck.spot_home, name="spot_home"),
    path("spot/<int:pk>/", views_spotcheck.spot_detail, name="spot_detail"),
    path(
        "spot/<int:pk>/items/<int:item_id>/",
        views_spotcheck.spot_record,
        name="spot_record",
    ),
]
