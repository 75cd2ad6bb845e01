from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tongxin.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        # Every installed app's area.py declares its menu, panels, demo step, exports
        # and figures (core.registry); core itself names none of them.
        from .registry import autodiscover

        autodiscover()
