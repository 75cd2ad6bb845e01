from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tongxin.integrity"
    verbose_name = "廉洁监督"
