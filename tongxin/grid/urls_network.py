"""URLs of the grid's network pages (included by grid/urls.py under the "grid" namespace)."""

from django.urls import path

from . import views_network as views

urlpatterns = [
    path("network/", views.network_list, name="network_list"),
    path("network/<int:branch_id>/", views.network_branch, name="network_branch"),
    path(
        "network/<int:branch_id>/split/<int:crew_id>/",
        views.network_split,
        name="network_split",
    ),
    path("network/<int:branch_id>/import/", views.network_import, name="network_import"),
    path("coverage/", views.coverage_overview, name="coverage_overview"),
    path("coverage/<int:branch_id>/", views.coverage_branch, name="coverage_branch"),
]
