from django.urls import path

from . import exports, manage_views, views

urlpatterns = [
    path("", views.library, name="library"),
    path("modules/<int:pk>/", views.module, name="library_module"),
    path("<int:pk>/", views.material, name="library_material"),
    path("<int:pk>/file/", views.material_file, name="library_file"),
    path("<int:pk>/beat/", views.material_beat, name="library_beat"),
    path("<int:pk>/publish/", manage_views.publish, name="library_publish"),
    path("<int:pk>/withdraw/", manage_views.withdraw, name="library_withdraw"),
    path("courses/<int:pk>/", views.course, name="library_course"),
    path("desk/", views.desk, name="library_desk"),
    path("desk/export/", exports.study_hours, name="library_export"),
    path("desk/points-export/", exports.points_ledger, name="library_points_export"),
    path("ranking/", views.ranking, name="library_ranking"),
    path("manage/", manage_views.manage, name="library_manage"),
    path("manage/modules/", manage_views.module_new, name="library_module_new"),
    path(
        "manage/modules/<int:pk>/rename/", manage_views.module_rename, name="library_module_rename"
    ),
    path("manage/modules/<int:pk>/move/", manage_views.module_move, name="library_module_move"),
    path("manage/materials/", manage_views.material_new, name="library_material_new"),
    path("manage/courses/", manage_views.course_new, name="library_course_new"),
]
