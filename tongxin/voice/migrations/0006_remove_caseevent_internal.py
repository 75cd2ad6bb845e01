from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0005_event_visibility_from_internal"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="caseevent",
            name="internal",
        ),
    ]
