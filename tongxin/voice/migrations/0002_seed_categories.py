"""The categories a mine starts with; operators change them in the admin."""

from django.db import migrations

from tongxin.voice.defaults import ensure_categories


def seed(apps, schema_editor):
    ensure_categories(apps.get_model("voice", "Category"))


class Migration(migrations.Migration):
    dependencies = [("voice", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
