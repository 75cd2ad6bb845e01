from django.db import migrations, models


class Migration(migrations.Migration):
    """The shared timeline columns (core.timeline): the actor's role, and visibility,
    which replaces the boolean `internal` (copied over in 0005, dropped in 0006)."""

    dependencies = [
        ("voice", "0003_case_scope_pattern_ops"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="actor_role",
            field=models.CharField(blank=True, max_length=20, verbose_name="身份"),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="visibility",
            field=models.CharField(
                choices=[("public", "公开"), ("internal", "内部")],
                default="public",
                max_length=8,
                verbose_name="可见范围",
            ),
        ),
    ]
