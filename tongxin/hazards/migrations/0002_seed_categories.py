"""The hazard categories a mine starts with; operators change them in the admin."""

from django.db import migrations

from tongxin.hazards.defaults import ensure_categories


def seed(apps, schema_editor):
    ensure_categories(apps.get_model("hazards", "HazardCategory"))


class Migration(migrations.Migration):
    dependencies = [("hazards", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
