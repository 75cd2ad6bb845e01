"""Each meeting names the branch whose plan's slot it fulfils (`Meeting.slot_path`), so
that "was this period held?" is an equality, not a path prefix per planned slot."""

from django.db import migrations, models
from django.db.models import F


def fill_slot_paths(apps, schema_editor):
    Meeting = apps.get_model("learning", "Meeting")
    from tongxin.people.models import Organisation

    steplen = Organisation.steplen
    Meeting.objects.update(slot_path=F("org_path"))
    groups = (
        Meeting.objects.filter(branch__kind="party_group")
        .values_list("org_path", flat=True)
        .distinct()
    )
    for path in list(groups):
        Meeting.objects.filter(org_path=path).update(slot_path=path[:-steplen])


class Migration(migrations.Migration):
    dependencies = [("learning", "0008_path_day_indexes"), ("people", "0002_safety_officer_role")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="slot_path",
            field=models.CharField(default="", max_length=255),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slot_paths, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                condition=models.Q(("state__in", ("held", "minutes_filed"))),
                fields=["slot_path", "type", "period_start"],
                name="learning_meeting_slot_held",
            ),
        ),
    ]
