from django.urls import path

from . import views, views_rounds, views_routes

app_name = "patrol"
urlpatterns = [
    path("", views.patrol_home, name="home"),  # the patrol's phone page
    path("d/<int:pk>/", views.detection, name="detection"),
    path("d/<int:pk>/confirm/", views.detection_act, {"action": "confirm"}, name="confirm"),
    path("d/<int:pk>/dismiss/", views.detection_act, {"action": "dismiss"}, name="dismiss"),
    path("d/<int:pk>/frame.jpg", views.detection_image, {"which": "frame"}, name="frame"),
    path("d/<int:pk>/overlay.jpg", views.detection_image, {"which": "overlay"}, name="overlay"),
    path("cameras/", views.camera_list, name="cameras"),
    path("cameras/new/", views_routes.camera_new, name="camera_new"),
    path("cameras/<int:pk>/", views.camera, name="camera"),
    path("cameras/<int:pk>/calibrate/", views.calibrate, name="calibrate"),
    path("cameras/<int:pk>/latest.jpg", views.camera_image, {"which": "latest"}, name="latest"),
    path(
        "cameras/<int:pk>/reference.jpg",
        views.camera_image,
        {"which": "reference"},
        name="reference",
    ),
    path("figures/", views_routes.figures, name="figures"),
    path("routes/", views_routes.routes, name="routes"),
    path("routes/new/", views_routes.route_new, name="route_new"),
    path("routes/<int:pk>/", views_routes.route, name="route"),
    path("routes/<int:pk>/edit/", views_routes.route_edit, name="route_edit"),
    path("routes/<int:pk>/assign/", views_routes.route_assign, name="route_assign"),
    path("rounds/", views_rounds.rounds, name="rounds"),
    path("rounds/missed/", views_rounds.missed, name="missed"),
    path("rounds/<int:pk>/", views_rounds.round_detail, name="round"),
    path("rounds/<int:pk>/finish/", views_rounds.round_finish, name="round_finish"),
    path("c/<str:code>/", views_rounds.checkpoint, name="checkpoint"),  # its QR code
    path("c/<str:code>/qr.svg", views_rounds.checkpoint_qr, name="checkpoint_qr"),
]
