"""Routes become editable: a checkpoint taken off is retired (kept for the rounds that
scanned it), and each round keeps the checkpoints it walks; existing rounds get their
route's checkpoints as they are now."""

from django.db import migrations, models


def fill_points(apps, schema_editor):
    Round = apps.get_model("patrol", "Round")
    Checkpoint = apps.get_model("patrol", "Checkpoint")
    by_route: dict = {}
    for point in Checkpoint.objects.order_by("route_id", "order").only("pk", "route_id"):
        by_route.setdefault(point.route_id, []).append(point.pk)
    for found in Round.objects.only("pk", "route_id"):
        Round.objects.filter(pk=found.pk).update(points=by_route.get(found.route_id, []))


class Migration(migrations.Migration):
    dependencies = [("patrol", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="checkpoint",
            name="retired",
            field=models.BooleanField(default=False, verbose_name="已移除"),
        ),
        migrations.AddField(
            model_name="round",
            name="points",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.RunPython(fill_points, migrations.RunPython.noop),
    ]
