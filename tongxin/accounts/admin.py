from django.contrib import admin

from tongxin.core.admin_audit import AuditedAdminMixin

from .models import ApiToken, SignInLock


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "person", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("person", "name", "prefix", "key_hash", "created_at", "last_used_at")
    raw_id_fields = ("person",)

    def has_add_permission(self, request):
        return False


@admin.register(SignInLock)
class SignInLockAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("employee_no", "ip", "until", "created_at")
    search_fields = ("employee_no",)
