from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.admin_audit import AuditedAdminMixin, ReadOnlyAdmin

from . import services
from .models import ApiToken, SignInFailure, SignInLock


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "person", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("person", "name", "prefix", "key_hash", "created_at", "last_used_at")
    raw_id_fields = ("person",)

    def has_add_permission(self, request):
        return False


@admin.register(SignInLock)
class SignInLockAdmin(ReadOnlyAdmin):
    list_display = ("scope", "employee_no", "ip", "created_at", "until", "lifted_at", "lifted_by")
    list_filter = ("scope",)
    search_fields = ("employee_no", "ip")
    actions = ["lift"]

    @admin.action(description=_("解除所选锁定"))
    def lift(self, request, queryset):
        n = services.sign_in_unlock(
            actor=request.user, lock_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(request, _("已解除 %(n)d 个锁定。") % {"n": n}, messages.SUCCESS)


@admin.register(SignInFailure)
class SignInFailureAdmin(ReadOnlyAdmin):
    """Every failed try, and above the list the addresses that tried many accounts."""

    list_display = ("at", "employee_no", "ip")
    search_fields = ("employee_no", "ip")
    date_hierarchy = "at"
    show_full_result_count = False
    change_list_template = "admin/accounts/signinfailure/change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "spraying": services.spraying_addresses(hours=24),
            "spray_accounts": settings.SIGNIN_SPRAY_ACCOUNTS,
            "now": timezone.now(),
        }
        return super().changelist_view(request, extra_context)
