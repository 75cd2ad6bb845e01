"""URLs of the grid's network pages (included by grid/urls.py under the "grid" namespace)."""

from django.urls import path

from .views_network import branches, coverage_pages, imports, split

urlpatterns = [
    path("network/", branches.network_list, name="network_list"),
    path("network/<int:branch_id>/", branches.network_branch, name="network_branch"),
    path(
        "network/<int:branch_id>/split/<int:crew_id>/",
        split.network_split,
        name="network_split",
    ),
    path("network/<int:branch_id>/import/", imports.network_import, name="network_import"),
    path("coverage/", coverage_pages.coverage_overview, name="coverage_overview"),
    path("coverage/<int:branch_id>/", coverage_pages.coverage_branch, name="coverage_branch"),
]
