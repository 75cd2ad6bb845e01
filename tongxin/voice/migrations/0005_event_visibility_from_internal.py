from django.db import migrations


def internal_to_visibility(apps, schema_editor):
    CaseEvent = apps.get_model("voice", "CaseEvent")
    CaseEvent.objects.filter(internal=True).update(visibility="internal")
    CaseEvent.objects.filter(internal=False).update(visibility="public")


def visibility_to_internal(apps, schema_editor):
    CaseEvent = apps.get_model("voice", "CaseEvent")
    CaseEvent.objects.filter(visibility="internal").update(internal=True)
    CaseEvent.objects.exclude(visibility="internal").update(internal=False)


class Migration(migrations.Migration):
    # A migration of its own: on PostgreSQL, rows updated in the same transaction as
    # an ALTER TABLE on their table can make it fail ("pending trigger events").
    dependencies = [
        ("voice", "0004_event_role_visibility"),
    ]

    operations = [
        migrations.RunPython(internal_to_visibility, visibility_to_internal),
    ]
