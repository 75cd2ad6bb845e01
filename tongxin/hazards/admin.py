"""Admin for what operators configure: hazard categories, work places, checklists and
inspection plans. A checklist's content changes only by publishing a new version
(services.checklist_publish), so versions and their items are shown read-only; hazards
and inspections change only through the workflow and are read-only too."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tongxin.core.admin_audit import AuditedAdminMixin

from .models import (
    CategoryDepartment,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Hazard,
    HazardCategory,
    HazardEvent,
    Inspection,
    InspectionPlan,
    Workplace,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HazardCategory)
class HazardCategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name",)


class CategoryDepartmentForm(forms.ModelForm):
    class Meta:
        model = CategoryDepartment
        fields = ("category", "department")

    def clean_department(self):
        from django.core.exceptions import ValidationError

        from .services.config import check_department

        department = self.cleaned_data.get("department")
        try:
            check_department(department)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["department"]) from exc
        return department


@admin.register(CategoryDepartment)
class CategoryDepartmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """机电 → 机电科: the department whose head and safety officer see, assign and re-check
    every hazard of the category in their mine."""

    form = CategoryDepartmentForm
    list_display = ("category", "department")
    list_filter = ("category",)
    list_select_related = ("category", "department")
    search_fields = ("department__name", "category__name")
    raw_id_fields = ("department",)

    def save_model(self, request, obj, form, change):
        from .services.config import scope_of

        # The mine whose hazards the department answers for follows the department.
        obj.scope_path = scope_of(obj.department)
        super().save_model(request, obj, form, change)


@admin.register(Workplace)
class WorkplaceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "unit", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    raw_id_fields = ("unit",)
    show_full_result_count = False


class VersionInline(ReadOnlyMixin, admin.TabularInline):
    model = ChecklistVersion
    fields = ("number", "published_at", "published_by", "item_count")
    readonly_fields = fields
    extra = 0
    show_change_link = True

    @admin.display(description=_("检查项数"))
    def item_count(self, obj):
        return obj.items.count()


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Name, unit, level and standard are editable; the items are published as versions."""

    list_display = ("name", "unit", "level", "standard")
    list_filter = ("level",)
    search_fields = ("name", "standard")
    raw_id_fields = ("unit",)
    inlines = [VersionInline]


class ItemInline(ReadOnlyMixin, admin.TabularInline):
    model = ChecklistItem
    fields = ("area", "category", "text", "order")
    readonly_fields = fields
    extra = 0


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: an inspection keeps the version it was done with."""

    list_display = ("template", "number", "published_at", "published_by")
    list_select_related = ("template", "published_by")
    search_fields = ("template__name",)
    readonly_fields = ("template", "number", "published_at", "published_by")
    inlines = [ItemInline]


class PlanForm(forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ("unit", "level", "template", "workplace", "starts_on", "is_active")

    def clean(self):
        data = super().clean()
        template, unit = data.get("template"), data.get("unit")
        if template is not None and not template.versions.exists():
            self.add_error("template", _("检查表还没有发布任何版本。"))
        workplace = data.get("workplace")
        if workplace is not None and unit is not None:
            from tongxin.people.selectors import mine_of

            if not workplace.unit.path.startswith(mine_of(unit).path):
                self.add_error("workplace", _("作业地点不属于检查单位所在的矿。"))
        return data


@admin.register(InspectionPlan)
class InspectionPlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = PlanForm
    list_display = ("unit", "level", "template", "workplace", "starts_on", "is_active")
    list_filter = ("level", "is_active")
    list_select_related = ("unit", "template", "workplace")
    search_fields = ("unit__name", "template__name")
    raw_id_fields = ("unit", "template", "workplace")
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # The scope path follows the unit (the materialised path the reach filters on).
        obj.unit_path = obj.unit.path
        super().save_model(request, obj, form, change)


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = HazardEvent
    fields = ("at", "actor_label", "actor_role", "action", "from_state", "to_state", "note")
    readonly_fields = fields
    extra = 0


@admin.register(Hazard)
class HazardAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: every change goes through the workflow and onto the timeline."""

    list_display = (
        "code",
        "location",
        "category",
        "severity",
        "state",
        "unit",
        "deadline",
        "supervised",
    )
    list_filter = ("state", "severity", "source", "supervised", "category")
    list_select_related = ("unit", "category")
    search_fields = ("location", "description")
    show_full_result_count = False
    raw_id_fields = (
        "unit",
        "workplace",
        "responsible",
        "reported_by",
        "rectified_by",
        "rechecked_by",
        "inspection",
        "item",
    )
    inlines = [EventInline]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("plan", "period", "inspector", "finished_at")
    list_select_related = ("plan__unit", "inspector")
    search_fields = ("period",)
    show_full_result_count = False
    raw_id_fields = ("plan", "version", "inspector")
