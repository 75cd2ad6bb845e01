from django.urls import path

from . import views_counsellor, views_worker
from .views_desk import assistance, hardship, ledger, needs

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
    path("needs/", needs.needs, name="needs"),
    path("needs/collect/", needs.need_collect, name="need_collect"),
    path("needs/<int:pk>/", needs.need, name="need"),
    path("surveys/", needs.surveys, name="surveys"),
    path("ledger/", ledger.ledger, name="ledger"),
    path("ledger/export/", ledger.ledger_export, name="ledger_export"),
    path("items/new/", ledger.item_new, name="item_new"),
    path("hardship/", hardship.files, name="files"),
    path("hardship/new/", hardship.file_new, name="file_new"),
    path("hardship/<int:pk>/", hardship.file, name="file"),
    path("assistance/", assistance.assistance, name="assistance"),
    path("assistance/export/", assistance.assistance_export, name="assistance_export"),
    path("assistance/new/", assistance.assistance_new, name="assistance_new"),
]
