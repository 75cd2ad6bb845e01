"""Learning's pages, mounted at /learning/ (area.py). One URL module per part."""

from django.urls import include, path

from .library import views as library_views

app_name = "learning"

urlpatterns = [
    path("points/", include("tongxin.learning.points.urls")),
    path("contests/", include("tongxin.learning.contests.urls")),
    path("meetings/", include("tongxin.learning.meetings.urls")),
    path("", library_views.home, name="home"),
    path("library/", include("tongxin.learning.library.urls")),
]
