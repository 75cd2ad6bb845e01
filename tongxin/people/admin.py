from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from tongxin.accounts import services as account_services
from tongxin.core.admin_audit import AuditedAdminMixin
from tongxin.core.http import client_ip

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
    # The password's hash is never shown (it can be guessed at offline); the admin sees
    # only its state, and resets it through the platform's audited service (the action
    # below), never by editing the field.
    readonly_fields = ("password_state", "last_login", "created_at", "password_changed_at")
    exclude = ("password", "user_permissions")
    inlines = [RoleInline, CertificateInline]
    list_select_related = ("unit",)
    show_full_result_count = False
    actions = ["issue_initial_password"]

    @admin.display(description=_("密码"))
    def password_state(self, obj):
        if obj.pk is None or not obj.has_usable_password():
            return _("未设置（请用“重置初始密码”发放）")
        if obj.must_change_password:
            return _("初始密码，待本人首次登录修改")
        return _("已由本人设置")

    @admin.action(description=_("重置初始密码（作废原密码）"), permissions=["change"])
    def issue_initial_password(self, request, queryset):
        """The admin's password reset: the same service as the person page's button
        (audited as accounts.password.issued, without the password, and lifting a
        lock); the codes are shown once, here, and kept nowhere."""
        people = list(queryset.exclude(pk=request.user.pk))
        if len(people) < queryset.count():
            self.message_user(
                request, _("不能为自己重置密码，请在“修改密码”中修改。"), messages.ERROR
            )
        if not people:
            return
        codes = account_services.issue_initial_passwords(
            actor=request.user, people=people, ip=client_ip(request)
        )
        for person in people:
            self.message_user(
                request,
                _("已为%(name)s（%(no)s）重置初始密码：%(code)s（只显示这一次，请当面交给本人）")
                % {
                    "name": person.name,
                    "no": person.employee_no,
                    "code": codes[person.employee_no],
                },
                messages.WARNING,
            )

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
