from django.urls import path, register_converter

from tongxin.core.anonymous.ids import SignedIdConverter
from tongxin.core.anonymous.pages import unit_options

from . import views_desk, views_disclosure, views_procurement, views_reporter

# An anonymous report's id is negative (core.anonymous.ids).
register_converter(SignedIdConverter, "report_id")

app_name = "integrity"

urlpatterns = [
    # The reporter's pages, on a phone.
    path("", views_reporter.start, name="start"),
    path("report/", views_reporter.report_named, name="report"),
    path("anonymous/", views_reporter.report_anonymous, name="anonymous"),
    path("anonymous/units/", unit_options, name="unit_options"),
    path("follow/", views_reporter.follow, name="follow"),
    path("mine/", views_reporter.mine, name="mine"),
    path("mine/<report_id:pk>/", views_reporter.my_report, name="my_report"),
    # The inspectors' desk.
    path("desk/", views_desk.desk, name="desk"),
    path("desk/reads/", views_desk.reads, name="reads"),
    path("desk/<report_id:pk>/", views_desk.detail, name="detail"),
    path("desk/<report_id:pk>/act/", views_desk.act, name="act"),
    path("desk/reveal/<int:reveal_id>/", views_desk.reveal_decide, name="reveal_decide"),
    # Disclosure (厂务公开): workers read and comment; the offices publish and answer.
    path("disclosure/", views_disclosure.disclosure_list, name="disclosures"),
    path("disclosure/<int:pk>/", views_disclosure.disclosure_detail, name="disclosure"),
    path("disclosure/file/<int:pk>/", views_disclosure.disclosure_file, name="disclosure_file"),
    path("disclosure/follow/", views_disclosure.comment_follow, name="comment_follow"),
    path("disclosure/desk/", views_disclosure.desk, name="disclosure_desk"),
    path("disclosure/desk/new/", views_disclosure.publish, name="disclosure_publish"),
    path("disclosure/comment/<int:pk>/", views_disclosure.comment_handle, name="comment"),
    # The union in procurement.
    path("procurement/", views_procurement.procurement_list, name="procurements"),
    path("procurement/export/", views_procurement.procurement_export, name="procurement_export"),
    path("procurement/new/", views_procurement.procurement_new, name="procurement_new"),
    path("procurement/<int:pk>/", views_procurement.procurement_detail, name="procurement"),
    path("procurement/<int:pk>/act/", views_procurement.procurement_act, name="procurement_act"),
    path(
        "procurement/document/<int:pk>/",
        views_procurement.procurement_document,
        name="procurement_document",
    ),
]
