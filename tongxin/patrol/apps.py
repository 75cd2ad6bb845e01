from django.apps import AppConfig


class PatrolConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tongxin.patrol"
    verbose_name = "视频巡检"
