from django.urls import path

from . import views_board, views_checklists, views_field

app_name = "hazards"

urlpatterns = [
    # At the work place, on a phone.
    path("", views_field.today, name="today"),
    path("inspect/<int:plan_id>/", views_field.inspect, name="inspect"),
    path("report/", views_field.report, name="report"),
    path("h/<int:pk>/", views_field.hazard, name="hazard"),
    path("h/<int:pk>/act/<str:action>/", views_field.hazard_act, name="hazard_act"),
    path("w/<str:code>/", views_field.workplace, name="workplace"),
    path("w/<str:code>/qr.svg", views_field.workplace_qr, name="workplace_qr"),
    path("photo/<int:pk>/", views_field.photo, name="photo"),
    # At the desk.
    path("board/", views_board.board, name="board"),
    path("board/export/", views_board.export, name="export"),
    path("supervision/", views_board.supervision, name="supervision"),
    path("stats/", views_board.stats, name="stats"),
    path("inspections/", views_board.inspections, name="inspections"),
    path("workplaces/print/", views_board.qr_sheet, name="qr_sheet"),
    path("checklists/", views_checklists.checklists, name="checklists"),
    path("checklists/<int:pk>/", views_checklists.checklist, name="checklist"),
]
