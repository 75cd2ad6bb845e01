from django.urls import path

from . import notification_views

app_name = "notifications"

urlpatterns = [
    path("", notification_views.inbox, name="inbox"),
    path("read-all/", notification_views.mark_all_read, name="mark_all_read"),
    path("preference/", notification_views.preference, name="preference"),
    path("<int:pk>/", notification_views.open_one, name="open"),
]
