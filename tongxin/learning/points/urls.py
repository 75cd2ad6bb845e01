from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="points"),
    path("rules/", views.rules, name="point_rules"),
    path("rules/<int:pk>/", views.rule_update, name="point_rule_update"),
]
