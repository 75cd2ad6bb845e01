"""China's 2026 holidays and adjusted working days (see tongxin/core/holidays.py)."""

from django.db import migrations

from tongxin.core.holidays import ensure_holidays


def seed(apps, schema_editor):
    ensure_holidays(apps.get_model("core", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("core", "0004_holiday_notification_webhook")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
