"""URLs of the grid's member pages and the branch task desk (included by grid/urls.py
under the "grid" namespace)."""

from django.urls import path

from . import views_tasks_desk
from .views_member import events, home, tasks, visits

urlpatterns: list = [
    path("", home.member_home, name="member_home"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/complete/", tasks.task_complete, name="task_complete"),
    path("tasks/<int:pk>/cancel/", tasks.task_cancel, name="task_cancel"),
    path("tasks/photos/<int:pk>/", tasks.task_photo, name="task_photo"),
    path("visit/new/", visits.visit_new, name="visit_new"),
    path("event/new/", events.event_new, name="event_new"),
    path("my-events/", events.event_mine, name="event_mine"),
    path("branch/<int:branch_id>/tasks/", views_tasks_desk.task_branch, name="task_branch"),
    path("branch/<int:branch_id>/tasks/new/", views_tasks_desk.task_add, name="task_add"),
    path(
        "branch/<int:branch_id>/events/import/",
        views_tasks_desk.event_import,
        name="event_import",
    ),
]
