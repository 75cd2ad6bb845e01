"""Admin for what operators configure: categories, congress sessions. Cases themselves
change only through the workflow, so the admin shows them read-only."""

from django.contrib import admin

from tongxin.core.admin_audit import AuditedAdminMixin

from .models import Case, Category, CongressSession


@admin.register(Category)
class CategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "deadline_days", "major_deadline_days", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name", "keywords")


@admin.register(CongressSession)
class CongressSessionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "organisation", "opens_on", "closes_on", "cosign_required")
    raw_id_fields = ("organisation",)
    filter_horizontal = ("representatives",)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the workflow and onto the timeline."""

    list_display = ("code", "title", "channel", "state", "organisation", "deadline")
    list_filter = ("channel", "state", "is_major")
    search_fields = ("title",)
    show_full_result_count = False
    # The submitter is left out: administrators do not browse who wrote what.
    exclude = ("submitter", "receipt_hash")
    raw_id_fields = (
        "organisation",
        "department",
        "handler",
        "entered_by",
        "watch_org",
        "merged_into",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
