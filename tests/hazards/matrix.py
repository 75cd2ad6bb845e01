"""Hazards' records for the permission matrix (tests/core/test_permission_matrix.py): a
work place of 综采一队 with its checklist and a crew's plan, and a hazard found there
with a photo."""

from tests.matrix_world import Record, World, jpeg
from tongxin.hazards import services
from tongxin.hazards.models import (
    ChecklistTemplate,
    Hazard,
    HazardCategory,
    HazardPhoto,
    Workplace,
)


def records(world: World) -> dict[str, Record]:
    cast = world.cast
    category = HazardCategory.objects.first()
    face = Workplace.objects.create(unit=cast.district_a, name="1201综采工作面", code="ZC1201")
    hazard = Hazard.objects.create(
        source="inspection",
        unit=cast.district_a,
        unit_path=cast.district_a.path,
        location="1201 机头",
        category=category,
        severity="general",
        description="支架歪斜",
        state="reported",
        reported_by=world.people["officer"],
        workplace=face,
    )
    photo = HazardPhoto.objects.create(hazard=hazard, kind="found", image=jpeg("hazard.jpg"))
    template = ChecklistTemplate.objects.create(
        name="综采工作面日查表", unit=cast.district_a, level="crew_daily"
    )
    services.checklist_publish(
        actor=cast.wu_leader, template=template, items=[("支架", category, "支架初撑力达标")]
    )
    plan = services.plan_create(
        actor=cast.wu_leader,
        unit=cast.crew_a1,
        level="crew_daily",
        template=template,
        workplace=face,
    )
    return {
        "hazards:plan_id": Record(plan, audience="shared"),
        # The hazard was found at a work place, whose history is open to the whole mine.
        "hazards:photo:pk": Record(photo, audience="shared", mine_wide=True, rows=[hazard]),
        "hazards:checklist:pk": Record(template),
        "hazards:pk": Record(hazard),
        "hazards:action": Record("assign"),
        "hazards:code": Record(face.code, audience="shared", mine_wide=True),
        "api:hazard_id": Record(hazard),
    }
