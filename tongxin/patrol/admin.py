from django.contrib import admin

from .models import Calibration, Camera, Detection


@admin.register(Camera)
class CameraAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "belt", "fault", "last_frame_at")
    search_fields = ("code", "name", "belt")
    readonly_fields = ("org_path", "recent", "fault", "fault_since", "last_frame_at", "calibration")
    exclude = ("signature",)


@admin.register(Calibration)
class CalibrationAdmin(admin.ModelAdmin):
    list_display = ("camera", "number", "confirmed", "made_by", "made_at")


@admin.register(Detection)
class DetectionAdmin(admin.ModelAdmin):
    list_display = ("camera", "kind", "opened_at", "cleared_at", "peak")
    list_filter = ("kind",)
