"""Changes made in Django's admin go into the audit log like any other change.

The admin is the administrators' tool for the rare edit no page offers yet; it writes
models itself, so this mixin wraps its saves and deletes in a transaction with an
audit row (who, when, which fields, before and after).
"""

from django.contrib import admin
from django.db import transaction

from . import audit


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the platform's services write (the audit log, sign-in records): the
    admin reads them, and acts on them only through named actions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    def _fields_of(self, form) -> list[str]:
        concrete = {f.name for f in self.model._meta.concrete_fields}
        return [name for name in form.changed_data if name in concrete]

    def save_model(self, request, obj, form, change):
        fields = self._fields_of(form)
        before = {}
        if change and fields:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(old, fields) if old is not None else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if fields or not change:
                label = self.model._meta.label_lower
                # A secret (a password, a token) is never written, but that it changed is.
                secrets = sorted(set(fields) & audit.SECRET_FIELDS)
                audit.record(
                    action=f"{label}.admin_{'changed' if change else 'added'}",
                    actor=request.user,
                    obj=obj,
                    before=before or None,
                    after=audit.snapshot(obj, fields),
                    note="管理后台" + (f"；修改了 {'、'.join(secrets)}" if secrets else ""),
                )

    def delete_model(self, request, obj):
        label = self.model._meta.label_lower
        with transaction.atomic():
            audit.record(
                action=f"{label}.admin_deleted", actor=request.user, obj=obj, note="管理后台"
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        label = self.model._meta.label_lower
        with transaction.atomic():
            for obj in queryset:
                audit.record(
                    action=f"{label}.admin_deleted", actor=request.user, obj=obj, note="管理后台"
                )
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows (a person's roles, say) are audited one by one."""
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                audit.record(
                    action=f"{obj._meta.label_lower}.admin_deleted",
                    actor=request.user,
                    obj=obj,
                    before=audit.snapshot(obj, [f.name for f in obj._meta.concrete_fields]),
                    note="管理后台",
                )
                obj.delete()
            for obj in instances:
                adding = obj.pk is None
                obj.save()
                audit.record(
                    action=f"{obj._meta.label_lower}.admin_{'added' if adding else 'changed'}",
                    actor=request.user,
                    obj=obj,
                    after=audit.snapshot(obj, [f.name for f in obj._meta.concrete_fields]),
                    note="管理后台",
                )
            formset.save_m2m()
