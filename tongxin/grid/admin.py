"""Admin for what operators configure in the grid: the monthly task templates
(每月任务清单). Links change only through the network's services (so that history,
the double-coverage rule and the audit log hold), so the admin lists them read-only."""

from django.contrib import admin

from tongxin.core.admin_audit import AuditedAdminMixin

from .models import GridLink, TaskTemplate


@admin.register(TaskTemplate)
class TaskTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "level", "per_covered", "due_day", "mine", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("level", "is_active", "per_covered")
    search_fields = ("title", "description")
    raw_id_fields = ("mine",)


@admin.register(GridLink)
class GridLinkAdmin(admin.ModelAdmin):
    list_display = ("level", "responsible", "person", "branch", "starts_on", "ends_on")
    list_filter = ("level",)
    search_fields = (
        "responsible__employee_no",
        "responsible__name",
        "person__employee_no",
        "person__name",
    )
    list_select_related = ("responsible", "person", "branch")
    date_hierarchy = "starts_on"
    show_full_result_count = False
    readonly_fields = [f.name for f in GridLink._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
