from django.apps import AppConfig


class HazardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tongxin.hazards"
    verbose_name = "隐患排查治理"
