from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_tables(sender, using, verbosity=0, **kwargs):
    """The database cache's table (rate-limit counters without Redis), after every
    migrate: a fresh clone, a test database and a deployment that drops Redis all get
    it. createcachetable skips tables that exist. Not a migration, since the table
    depends on the settings (there is none with Redis)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=verbosity)


class CoreConfig(AppConfig):
    name = "tongxin.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        post_migrate.connect(_create_cache_tables, sender=self)
        # Every installed app's area.py declares its menu, panels, demo step, exports
        # and figures (core.registry); core itself names none of them.
        from . import sealed  # noqa: F401  (registers the deploy check of its keys)
        from .registry import autodiscover

        autodiscover()
