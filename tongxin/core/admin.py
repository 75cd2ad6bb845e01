from django.contrib import admin

from .admin_audit import AuditedAdminMixin, ReadOnlyAdmin
from .models import AnonymousActionCount, AuditEvent, Holiday, OrgWebhook


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the log can be searched here, never changed or deleted."""

    list_display = ("at", "actor_label", "action", "object_type", "object_label", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_label", "action", "object_id")
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(AnonymousActionCount)
class AnonymousActionCountAdmin(ReadOnlyAdmin):
    """What the log keeps of anonymous actions: counts per action and hour."""

    list_display = ("hour", "action", "count")
    list_filter = ("action",)
    date_hierarchy = "hour"


@admin.register(Holiday)
class HolidayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Each year's State Council holiday notice is entered here (调休 included)."""

    list_display = ("date", "name", "is_workday")
    list_filter = ("is_workday",)
    date_hierarchy = "date"


@admin.register(OrgWebhook)
class OrgWebhookAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("organisation", "flavour", "is_active", "created_at")
    raw_id_fields = ("organisation",)
