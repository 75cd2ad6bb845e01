"""A material's audience (everyone, Party members, crew leaders, cadres) in place of
its Party-only mark: a Party-only material becomes one for Party members."""

from django.db import migrations, models

WHO = [
    ("party", "全体党员"),
    ("crew_leaders", "班组长"),
    ("cadres", "管理人员（干部）"),
    ("everyone", "全体职工"),
]


def party_only_to_audience(apps, schema_editor):
    Material = apps.get_model("learning", "Material")
    Material.objects.filter(party_only=True).update(audience="party")


def audience_to_party_only(apps, schema_editor):
    Material = apps.get_model("learning", "Material")
    Material.objects.exclude(audience="everyone").update(party_only=True)


class Migration(migrations.Migration):
    dependencies = [("learning", "0004_library")]

    operations = [
        migrations.AddField(
            model_name="material",
            name="audience",
            field=models.CharField(
                choices=WHO, default="everyone", max_length=16, verbose_name="对象"
            ),
        ),
        migrations.RunPython(party_only_to_audience, audience_to_party_only),
        migrations.RemoveField(model_name="material", name="party_only"),
        migrations.AlterField(
            model_name="requiredcourse",
            name="who",
            field=models.CharField(
                choices=WHO, default="party", max_length=16, verbose_name="对象"
            ),
        ),
    ]
