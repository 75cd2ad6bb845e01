from django.contrib import admin

from .models import PointRule


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "points", "daily_cap", "state")
    readonly_fields = ("code", "version", "updated_by", "updated_at")
