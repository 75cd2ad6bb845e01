from django.urls import path

from . import views_counsellor, views_desk, views_worker

app_name = "care"

urlpatterns = [
    # On a worker's phone.
    path("", views_worker.home, name="home"),
    path("need/new/", views_worker.need_new, name="need_new"),
    path("items/<int:pk>/", views_worker.item, name="item"),
    path("counselling/", views_worker.counselling, name="counselling"),
    path("counselling/book/", views_worker.book, name="book"),
    path(
        "counselling/bookings/<int:pk>/cancel/",
        views_worker.booking_cancel,
        name="booking_cancel",
    ),
    # The counsellor's own pages.
    path("counsellor/", views_counsellor.slots, name="counsellor"),
    path("counsellor/bookings/", views_counsellor.bookings, name="counsellor_bookings"),
    path("counsellor/bookings/<int:pk>/", views_counsellor.booking, name="counsellor_booking"),
    # The union's desk.
    path("needs/", views_desk.needs, name="needs"),
    path("needs/collect/", views_desk.need_collect, name="need_collect"),
    path("needs/<int:pk>/", views_desk.need, name="need"),
    path("surveys/", views_desk.surveys, name="surveys"),
    path("ledger/", views_desk.ledger, name="ledger"),
    path("ledger/export/", views_desk.ledger_export, name="ledger_export"),
    path("items/new/", views_desk.item_new, name="item_new"),
    path("hardship/", views_desk.files, name="files"),
    path("hardship/new/", views_desk.file_new, name="file_new"),
    path("hardship/<int:pk>/", views_desk.file, name="file"),
    path("assistance/", views_desk.assistance, name="assistance"),
    path("assistance/export/", views_desk.assistance_export, name="assistance_export"),
    path("assistance/new/", views_desk.assistance_new, name="assistance_new"),
]
