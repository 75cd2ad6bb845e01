from django.apps import AppConfig


class GridConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tongxin.grid"
    verbose_name = "网格化管理"

    def ready(self):
        # The reply hook for problems passed to a department (voice.hooks).
        from . import hooks  # noqa: F401
