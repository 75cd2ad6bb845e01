from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from tongxin.core.admin_audit import AuditedAdminMixin

from .models import Certificate, Organisation, Person, RoleAssignment, RosterImport


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, TreeAdmin):
    form = movenodeform_factory(Organisation)
    list_display = ("name", "kind", "tree", "unit", "is_active")
    list_filter = ("tree", "kind")
    search_fields = ("name",)
    raw_id_fields = ("unit",)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ("organisation",)


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0


@admin.register(Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("employee_no", "name", "unit", "post", "political_status", "is_active")
    list_filter = ("political_status", "union_member", "skill_grade", "is_active")
    search_fields = ("employee_no", "name", "name_initials")
    raw_id_fields = ("unit", "party_org", "union_org")
    readonly_fields = ("password", "last_login", "created_at", "password_changed_at")
    exclude = ("user_permissions",)
    inlines = [RoleInline, CertificateInline]
    list_select_related = ("unit",)
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Keep the pinyin keys in step when an administrator edits a name here.
        from .services import set_name

        set_name(obj, obj.name)
        if not change:
            # People added here get an initial password from their card, like imported ones.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "uploaded_by", "status", "total_rows", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in RosterImport._meta.fields]

    def has_add_permission(self, request):
        return False
