"""The demo mine shows care in motion: a needs survey with needs in every state, service
items done, open and overdue, hardship files with reviews and two years of assistance,
and a counsellor with free slots, bookings and a note only they can read."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from tests.demo_fixture import seeded_demo
from tongxin.care import selectors
from tongxin.care.access import counsellors_for, files_managed_by
from tongxin.care.models import (
    Assistance,
    AssistanceKind,
    Booking,
    BookingState,
    CounsellingNote,
    CounsellingSlot,
    Counsellor,
    FileState,
    HardshipFile,
    HardshipLevel,
    HardshipReview,
    ItemSource,
    ItemState,
    Need,
    NeedState,
    NeedSurvey,
    ReviewOutcome,
    ServiceItem,
)
from tongxin.care.services import booking_make
from tongxin.core.models import AuditEvent
from tongxin.people.models import Organisation, OrgKind, Person

pytestmark = pytest.mark.django_db

# Seeded once for the module; every test reads it inside a savepoint of its own.
demo = seeded_demo("--only", "grid", "--only", "care")


def person(employee_no: str) -> Person:
    return Person.objects.get(employee_no=employee_no)


def test_needs_become_service_items_done_open_and_overdue(demo):
    assert "职工关爱：" in demo
    today = timezone.localdate()
    survey = NeedSurvey.objects.get()
    assert survey.opens_on <= today <= survey.closes_on
    needs = Need.objects.all()
    assert needs.filter(survey=survey).count() >= 20
    assert needs.filter(survey__isnull=True).exists()  # collected on the spot
    assert set(needs.values_list("state", flat=True)) == set(NeedState.values)
    assert not needs.filter(state=NeedState.DECLINED, decline_reason="").exists()
    # Some a worker raised on their own phone, the rest the union or a grid member collected.
    assert needs.filter(collected_by_id=F("person_id")).exists()
    assert needs.exclude(collected_by_id=F("person_id")).exists()
    assert not needs.filter(collected_on__gt=today).exists()
    items = ServiceItem.objects.all()
    assert set(items.values_list("source", flat=True)) == set(ItemSource.values)
    assert items.filter(state=ItemState.DONE).exclude(result="").count() >= 5
    assert items.filter(state=ItemState.OPEN, deadline__gte=today).exists()
    overdue = items.filter(state=ItemState.OPEN, deadline__lt=today)
    assert overdue.count() >= 2
    for item in items:
        created = timezone.localdate(item.created_at)
        assert created <= today
        if item.done_on:
            assert item.done_on <= today
        if item.need_id:
            assert item.need.state == NeedState.SERVED
    assert AuditEvent.objects.filter(action="care.item.completed").exists()


def test_hardship_files_reviews_and_two_years_of_assistance(demo):
    today = timezone.localdate()
    files = HardshipFile.objects.all()
    assert 24 <= files.count() <= 32
    assert set(files.values_list("level", flat=True)) == set(HardshipLevel.values)
    assert len(set(files.values_list("cause", flat=True))) >= 4
    retired = files.filter(is_retired=True)
    assert retired.count() >= 2
    assert not retired.filter(person__is_active=True).exists()
    assert files.filter(state=FileState.CLOSED).exists()
    active = files.filter(state=FileState.ACTIVE)
    due = active.filter(next_review_on__lte=today + timedelta(days=14))
    assert due.filter(next_review_on__gte=today).count() >= 2
    reviews = HardshipReview.objects.all()
    assert {ReviewOutcome.KEEP, ReviewOutcome.CHANGE, ReviewOutcome.CLOSE} <= set(
        reviews.values_list("outcome", flat=True)
    )
    for review in reviews.select_related("file"):
        assert review.file.opened_on <= review.reviewed_on <= today
    for file in active:
        assert file.next_review_on > file.opened_on
    aid = Assistance.objects.all()
    assert {AssistanceKind.WARMTH, AssistanceKind.SCHOOLING, AssistanceKind.MEDICAL} <= set(
        aid.values_list("kind", flat=True)
    )
    assert not aid.filter(given_on__gt=today).exists()
    assert aid.filter(file__isnull=True).exists()  # condolences for workers without a file
    # Totals per year and unit mean something: last year's spread over several districts.
    mine = Organisation.objects.get(kind=OrgKind.MINE)
    leader = person("demo06")
    years = {row["year"]: row for row in selectors.assistance_by_year(leader, mine)}
    assert years[today.year - 1]["total"] > 0
    totals = selectors.assistance_totals(leader, today.year - 1, mine)
    assert len(totals["units"]) >= 3
    warmth = next(k for k in totals["kinds"] if k["code"] == AssistanceKind.WARMTH)
    assert warmth["n"] >= 5


def test_counselling_slots_bookings_and_a_note_only_its_counsellor_reads(demo, client):
    now = timezone.now()
    counsellor = Counsellor.objects.select_related("person").get()
    assert counsellor.person.employee_no == "demo09"
    assert counsellor.organisation.kind == OrgKind.MINE
    slots = CounsellingSlot.objects.filter(counsellor=counsellor)
    future = slots.filter(starts_at__gt=now, starts_at__lte=now + timedelta(days=15))
    assert future.count() >= 10
    booked = Booking.objects.filter(state=BookingState.BOOKED, slot__starts_at__gt=now)
    assert booked.count() >= 3
    free = selectors.free_slots(person("demo01"))
    assert free.count() >= 5
    done = Booking.objects.filter(state=BookingState.DONE, slot__starts_at__lt=now)
    assert done.exists()
    notes = CounsellingNote.objects.all()
    assert notes.count() == done.count()
    # The note: its counsellor reads it; nobody else does, whatever their roles.
    note = notes.select_related("booking__person").first()
    booking = note.booking
    assert selectors.note_for_counsellor(counsellor.person, booking.pk) == note
    others = [booking.person, *(person(f"demo0{n}") for n in range(1, 9))]
    for other in others:
        assert selectors.note_for_counsellor(other, booking.pk) is None, other
    url = f"/care/counsellor/bookings/{booking.pk}/"
    client.force_login(counsellor.person)
    assert note.text[:20] in client.get(url).content.decode()
    for other in (person("demo08"), person("demo04"), person("demo06"), booking.person):
        client.force_login(other)
        response = client.get(url)
        assert response.status_code in (403, 404), other
        assert note.text[:20] not in response.content.decode()
    assert not AuditEvent.objects.filter(after__icontains=note.text[:10]).exists()


def test_each_demo_login_finds_what_the_readme_promises(demo, client):
    readme_story(client)


def readme_story(client) -> None:
    """What the README promises this area's demo sign-ins; also checked at other dates
    (tests/core/test_demo_any_date.py)."""
    today = timezone.localdate()
    demo01, demo04, demo09 = person("demo01"), person("demo04"), person("demo09")
    # demo04: service items of his own (one overdue), files with a review due soon.
    owned = ServiceItem.objects.filter(owner=demo04, state=ItemState.OPEN)
    assert owned.filter(deadline__lt=today).exists()
    assert owned.filter(deadline__gte=today).exists()
    files = files_managed_by(demo04).filter(state=FileState.ACTIVE)
    assert files.filter(next_review_on__lte=today + timedelta(days=14)).exists()
    assert files.filter(is_retired=True).exists()
    client.force_login(demo04)
    for url in ("/care/ledger/", "/care/needs/", "/care/hardship/", "/care/assistance/", "/care/"):
        assert client.get(url).status_code == 200, url
    assert owned.first().title in client.get("/care/").content.decode()
    # demo01 books a free slot of the counsellor serving his mine.
    assert counsellors_for(demo01).filter(person=demo09).exists()
    client.force_login(demo01)
    assert client.get("/care/counselling/").status_code == 200
    slot = selectors.free_slots(demo01).first()
    booking = booking_make(actor=demo01, slot_id=slot.pk)
    assert booking.state == BookingState.BOOKED
    # demo09: the week's bookings and the past sessions.
    client.force_login(demo09)
    assert client.get("/care/counsellor/").status_code == 200
    assert client.get("/care/counsellor/bookings/").status_code == 200
    # demo06 reads the mine's totals.
    client.force_login(person("demo06"))
    assert client.get("/care/assistance/").status_code == 200


def test_seeding_twice_adds_nothing(demo):
    from tongxin.care import demo as care_demo

    before = (Need.objects.count(), HardshipFile.objects.count(), Assistance.objects.count())
    assert care_demo.seed(seed=1) is None
    assert (Need.objects.count(), HardshipFile.objects.count(), Assistance.objects.count()) == (
        before
    )
