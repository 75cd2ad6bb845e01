from django.urls import path

from . import views

urlpatterns = [
    path("", views.library, name="library"),
    path("modules/<int:pk>/", views.module, name="library_module"),
    path("<int:pk>/", views.material, name="library_material"),
    path("<int:pk>/file/", views.material_file, name="library_file"),
    path("<int:pk>/beat/", views.material_beat, name="library_beat"),
    path("<int:pk>/publish/", views.publish, name="library_publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="library_withdraw"),
    path("desk/", views.desk, name="library_desk"),
    path("desk/export/", views.export, name="library_export"),
    path("ranking/", views.ranking, name="library_ranking"),
    path("manage/", views.manage, name="library_manage"),
    path("manage/modules/", views.module_new, name="library_module_new"),
    path("manage/materials/", views.material_new, name="library_material_new"),
    path("manage/courses/", views.course_new, name="library_course_new"),
]
