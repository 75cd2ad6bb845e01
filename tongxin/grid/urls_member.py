"""URLs of the grid's member pages and the branch task desk (included by grid/urls.py
under the "grid" namespace)."""

from django.urls import path

from . import views_member, views_tasks_desk

urlpatterns: list = [
    path("", views_member.member_home, name="member_home"),
    path("tasks/<int:pk>/", views_member.task_detail, name="task_detail"),
    path("tasks/<int:pk>/complete/", views_member.task_complete, name="task_complete"),
    path("tasks/<int:pk>/cancel/", views_member.task_cancel, name="task_cancel"),
    path("tasks/photos/<int:pk>/", views_member.task_photo, name="task_photo"),
    path("visit/new/", views_member.visit_new, name="visit_new"),
    path("event/new/", views_member.event_new, name="event_new"),
    path("my-events/", views_member.event_mine, name="event_mine"),
    path("branch/<int:branch_id>/tasks/", views_tasks_desk.task_branch, name="task_branch"),
    path("branch/<int:branch_id>/tasks/new/", views_tasks_desk.task_add, name="task_add"),
    path(
        "branch/<int:branch_id>/events/import/",
        views_tasks_desk.event_import,
        name="event_import",
    ),
]
