"""Counselling: the mine's counsellor (demo09, 心理咨询师 in 党群工作部), free slots over
the next two weeks, some booked by workers, and past sessions with the counsellor's
notes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as clock

from django.utils import timezone

from tongxin.people.models import Person, RoleAssignment

from ..models import Booking, CounsellingNote, CounsellingSlot, Counsellor
from ..services import counselling
from ..services.counselling import SlotSpec
from .context import Seeder

COUNSELLOR_INTRO = "国家二级心理咨询师，从事职工心理疏导八年，擅长压力与情绪调适、家庭关系。"
PLACES = ("职工心理驿站（矿工会二楼）", "综采区队学习室旁谈心室")
SLOT_HOURS = (9.0, 10.5, 14.5, 16.0)
PAST_NOTES = (
    "来访者近期因父亲住院、夜班较多出现入睡困难和烦躁。讨论了作息安排和放松练习，"
    "约定两周后复谈；提醒其可通过工会申请医疗救助。风险评估：低。",
    "来访者与班组同事发生矛盾后情绪低落，担心影响评先。倾听并梳理了事情经过，"
    "练习了情绪表达的方法，本人愿意主动沟通。一周后电话回访。风险评估：低。",
)


def counsellor_person(seeder: Seeder) -> Person | None:
    """demo09, else a member of 党群工作部's staff who holds no office."""
    if "demo09" in seeder.logins:
        return seeder.logins["demo09"]
    department = seeder.departments.get("党群工作部")
    held = set(RoleAssignment.objects.values_list("person_id", flat=True))
    staff = seeder.unit_people.get(department.pk, []) if department else []
    return next((p for p in staff if p.pk not in held), None)


def slots_and_sessions(seeder: Seeder) -> None:
    """The counsellor (a Counsellor row, as an administrator adds one in 管理后台),
    free slots over the next two weeks, some booked, and past sessions."""
    rng, today = seeder.rng, seeder.today
    person = counsellor_person(seeder)
    if person is None:
        return
    Counsellor.objects.create(person=person, organisation=seeder.mine, intro=COUNSELLOR_INTRO)
    # Working days from tomorrow over two weeks: a morning and an afternoon slot each.
    specs = []
    day = today
    while len(specs) < 16 and day < today + timedelta(days=15):
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        for hour in rng.sample(SLOT_HOURS, 2):
            start = local(day, hour)
            specs.append(SlotSpec(start, start + timedelta(minutes=50), rng.choice(PLACES)))
    # Three slots that become past sessions (published "now", moved back below).
    past_days = [today - timedelta(days=d) for d in (12, 7, 3)]
    past_specs = [
        SlotSpec(start, start + timedelta(minutes=50), PLACES[0])
        for start in (local(today + timedelta(days=20 + k), 9.0) for k in range(3))
    ]
    slots = counselling.slot_publish(actor=person, slots=specs + past_specs)
    future, past = slots[: len(specs)], slots[len(specs) :]
    seeder.counts["slots"] = len(slots)
    # Workers who asked for counselling in the survey, and others, book some.
    bookers = [seeder.pick(d) for d in rng.sample(seeder.districts, min(8, len(seeder.districts)))]
    bookers = [p for p in bookers if p is not None]
    for slot, who in zip(rng.sample(future, min(5, len(future))), bookers[:5], strict=False):
        booking = counselling.booking_make(actor=who, slot_id=slot.pk)
        Booking.objects.filter(pk=booking.pk).update(
            booked_at=seeder.at(today - timedelta(days=rng.randint(0, 4)), rng.uniform(8, 20))
        )
        seeder.counts["bookings"] += 1
    past_bookings = []
    for slot, who, day in zip(past, bookers[5:], past_days, strict=False):
        booking = counselling.booking_make(actor=who, slot_id=slot.pk)
        start = local(day, rng.choice(SLOT_HOURS))
        CounsellingSlot.objects.filter(pk=slot.pk).update(
            starts_at=start, ends_at=start + timedelta(minutes=50)
        )
        Booking.objects.filter(pk=booking.pk).update(
            booked_at=start - timedelta(days=rng.randint(2, 5), hours=rng.randint(1, 6))
        )
        past_bookings.append(booking)
        seeder.counts["bookings"] += 1
    # The counsellor wrote up the earliest sessions; the latest still waits for its note.
    for booking, text in zip(past_bookings[:-1], PAST_NOTES, strict=False):
        note = counselling.note_write(actor=person, booking_id=booking.pk, text=text)
        ends = CounsellingSlot.objects.get(bookings=booking).ends_at
        written = min(ends + timedelta(hours=rng.uniform(0.5, 3)), seeder.now)
        CounsellingNote.objects.filter(pk=note.pk).update(written_at=written, updated_at=written)


def local(day: date, hour: float) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour)
