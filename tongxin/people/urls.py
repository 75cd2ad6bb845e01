from django.urls import include, path

from tongxin.core.pickers import pick

from . import views

app_name = "people"

urlpatterns = [
    path("org/", views.tree, name="tree"),
    path("org/<int:pk>/", views.org_detail, name="org"),
    path("list/", views.person_list, name="list"),
    path("me/", views.me, name="me"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/initial-password/", views.person_issue_password, name="issue_password"),
    path("import/", include("tongxin.people.roster_urls")),
    # The platform's person pickers (core.pickers): who can act for one record.
    path("pick/<str:name>/<int:pk>/", pick, name="pick"),
]
