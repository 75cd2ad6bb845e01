"""Admin for care. Operators configure counsellors here (who is one, whom they serve);
everything else changes only through the services (the pages and the API), so it is
shown read-only.

`CounsellingNote` is deliberately not registered: a counselling note is read by the
counsellor who wrote it and by nobody else — administrators and superusers included —
so the admin has no page for it, and no inline, field or column here shows one.
Bookings show who booked which slot and the state, nothing of what was said.
"""

from django.contrib import admin

from tongxin.core.admin_audit import AuditedAdminMixin

from .models import (
    Assistance,
    Booking,
    CounsellingSlot,
    Counsellor,
    HardshipFile,
    HardshipReview,
    Need,
    NeedSurvey,
    ServiceItem,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Counsellor)
class CounsellorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("person", "organisation", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("person", "organisation")
    search_fields = ("person__name", "person__employee_no")
    raw_id_fields = ("person", "organisation")


@admin.register(NeedSurvey)
class NeedSurveyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "organisation", "opens_on", "closes_on")
    list_select_related = ("organisation",)
    search_fields = ("title",)
    show_full_result_count = False


@admin.register(Need)
class NeedAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("collected_on", "person", "organisation", "category", "state")
    list_filter = ("state", "category")
    list_select_related = ("person", "organisation")
    search_fields = ("person__name", "person__employee_no")
    raw_id_fields = ("person", "organisation", "survey", "collected_by")
    show_full_result_count = False


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "person", "organisation", "owner", "deadline", "state")
    list_filter = ("state", "source", "category")
    list_select_related = ("person", "organisation", "owner")
    search_fields = ("title", "person__name", "owner__name")
    raw_id_fields = ("need", "person", "organisation", "owner", "created_by")
    show_full_result_count = False


class ReviewInline(ReadOnlyMixin, admin.TabularInline):
    model = HardshipReview
    fields = ("reviewed_on", "outcome", "level_after", "monthly_income", "note", "reviewer")
    readonly_fields = fields
    extra = 0


@admin.register(HardshipFile)
class HardshipFileAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("person", "organisation", "level", "opened_on", "next_review_on", "state")
    list_filter = ("state", "level", "is_retired")
    list_select_related = ("person", "organisation")
    search_fields = ("person__name", "person__employee_no")
    raw_id_fields = ("person", "organisation", "created_by")
    inlines = [ReviewInline]
    show_full_result_count = False


@admin.register(Assistance)
class AssistanceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("given_on", "person", "organisation", "kind", "amount", "source")
    list_filter = ("kind", "source")
    list_select_related = ("person", "organisation")
    search_fields = ("person__name", "person__employee_no")
    raw_id_fields = ("person", "file", "organisation", "recorded_by")
    show_full_result_count = False


@admin.register(CounsellingSlot)
class CounsellingSlotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("counsellor", "starts_at", "ends_at", "place", "is_cancelled")
    list_filter = ("is_cancelled",)
    list_select_related = ("counsellor__person",)
    show_full_result_count = False


@admin.register(Booking)
class BookingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Who booked which slot, and the state: no note, no inline, no link to one."""

    list_display = ("slot", "person", "state", "booked_at")
    list_filter = ("state",)
    list_select_related = ("slot", "person")
    fields = ("slot", "person", "state", "booked_at")
    readonly_fields = fields
    show_full_result_count = False
