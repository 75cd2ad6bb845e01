from django.urls import path

from . import views_checklists
from .views_board import board, qr_sheet, stats, supervision
from .views_field import hazard, inspection, report, today, workplace

app_name = "hazards"

urlpatterns = [
    # At the work place, on a phone.
    path("", today.today, name="today"),
    path("inspect/<int:plan_id>/", inspection.inspect, name="inspect"),
    path("report/", report.report, name="report"),
    path("h/<int:pk>/", hazard.hazard, name="hazard"),
    path("h/<int:pk>/act/<str:action>/", hazard.hazard_act, name="hazard_act"),
    path("w/<str:code>/", workplace.workplace, name="workplace"),
    path("w/<str:code>/qr.svg", workplace.workplace_qr, name="workplace_qr"),
    path("photo/<int:pk>/", workplace.photo, name="photo"),
    # At the desk.
    path("board/", board.board, name="board"),
    path("board/export/", board.export, name="export"),
    path("supervision/", supervision.supervision, name="supervision"),
    path("stats/", stats.stats, name="stats"),
    path("inspections/", stats.inspections, name="inspections"),
    path("workplaces/print/", qr_sheet.qr_sheet, name="qr_sheet"),
    path("checklists/", views_checklists.checklists, name="checklists"),
    path("checklists/<int:pk>/", views_checklists.checklist, name="checklist"),
]
