"""Care's records for the permission matrix (tests/core/test_permission_matrix.py): the
officer and the outsider counsel their districts and the stranger his mine; the worker,
王强 of 综采一队一班, has a need, a service item, a hardship file and a counselling
booking with the officer."""

import datetime

from tests.matrix_world import Record, World
from tongxin.care.models import (
    Booking,
    CounsellingSlot,
    Counsellor,
    HardshipFile,
    Need,
    ServiceItem,
)


def records(world: World) -> dict[str, Record]:
    cast, today, worker = world.cast, world.today, world.people["worker"]
    counsellor = Counsellor.objects.create(
        person=world.people["officer"], organisation=cast.district_a
    )
    Counsellor.objects.create(person=world.people["outsider"], organisation=cast.district_b)
    Counsellor.objects.create(person=world.stranger, organisation=world.mine2)

    of_worker = {"person": worker, "organisation": cast.crew_a1, "org_path": cast.crew_a1.path}
    need = Need.objects.create(
        **of_worker, category="living", text="孩子上学路远。", collected_by=worker
    )
    item = ServiceItem.objects.create(
        **of_worker,
        source="direct",
        category="living",
        title="协调班车",
        owner=cast.sun_chair,
        deadline=today,
        created_by=world.people["officer"],
    )
    hardship = HardshipFile.objects.create(
        **of_worker,
        level="hardship",
        cause="illness",
        family_situation="家人住院。",
        household_size=4,
        monthly_income=3000,
        opened_on=today,
        next_review_on=today + datetime.timedelta(days=90),
        created_by=world.people["officer"],
    )
    start = world.now + datetime.timedelta(days=2)
    slot = CounsellingSlot.objects.create(
        counsellor=counsellor,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=50),
        place="心理咨询室",
    )
    booking = Booking.objects.create(slot=slot, person=worker)
    return {
        "care:item:pk": Record(item, audience="shared"),  # the worker's service item
        "care:booking_cancel:pk": Record(booking, audience="own"),
        "care:counsellor_booking:pk": Record(booking),
        "care:need:pk": Record(need),
        "care:file:pk": Record(hardship),
        "api:item_id": Record(item),
        "api:booking_cancel:booking_id": Record(booking, audience="own"),
        "api:booking_id": Record(booking),
    }
