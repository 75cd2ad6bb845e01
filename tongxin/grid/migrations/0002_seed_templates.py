"""The monthly task templates a group starts with; operators change them in the admin."""

from django.db import migrations

from tongxin.grid.defaults import ensure_templates


def seed(apps, schema_editor):
    ensure_templates(apps.get_model("grid", "TaskTemplate"))


class Migration(migrations.Migration):
    dependencies = [("grid", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
