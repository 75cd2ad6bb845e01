# Replaced by the roster import work (people/roster_views.py).
from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [path("", RedirectView.as_view(url="/"), name="import_list")]
