"""Counselling: a counsellor's slots and bookings, the slots a worker may book, their
bookings, and the one reader of a counsellor's note (`note_for_counsellor`)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.access import fetch
from tongxin.people.models import Person

from ..access import counsellors_for
from ..models import Booking, BookingState, CounsellingNote, CounsellingSlot, Counsellor
from .common import day_start


def _active_bookings():
    return Prefetch(
        "bookings",
        queryset=Booking.objects.exclude(state=BookingState.CANCELLED).select_related(
            "person__unit"
        ),
        to_attr="active_bookings",
    )


def counsellor_slots(counsellor: Counsellor, *, upcoming: bool = True) -> QuerySet:
    """The counsellor's slots (from today on, or the past ones), each with its booking."""
    start = day_start(timezone.localdate())
    qs = CounsellingSlot.objects.filter(counsellor=counsellor)
    qs = qs.filter(starts_at__gte=start) if upcoming else qs.filter(starts_at__lt=start)
    return qs.prefetch_related(_active_bookings()).order_by(
        "starts_at" if upcoming else "-starts_at", "pk"
    )


def booking_filters(now) -> dict[str, tuple[Q, str]]:
    """What the counsellor's home panel counts, each linking to the bookings list with
    its name (?show=…), so that the list is exactly what was counted."""
    today = timezone.localdate(now)
    return {
        "today": (
            Q(state=BookingState.BOOKED, slot__starts_at__gte=day_start(today))
            & Q(slot__starts_at__lt=day_start(today + timedelta(days=1))),
            _("今天的咨询"),
        ),
        "upcoming": (
            Q(state=BookingState.BOOKED, slot__starts_at__gte=now),
            _("待进行的预约"),
        ),
        "no_note": (
            Q(slot__ends_at__lt=now)
            & ~Q(state=BookingState.CANCELLED)
            & ~Exists(CounsellingNote.objects.filter(booking=OuterRef("pk"))),
            _("咨询记录待写"),
        ),
    }


def counsellor_bookings(counsellor: Counsellor, show: str | None = None) -> QuerySet[Booking]:
    """The counsellor's bookings, newest session first, with whether a note exists (not
    its text); `show` (a booking_filters name) keeps only those."""
    bookings = Booking.objects.filter(slot__counsellor=counsellor)
    filters = booking_filters(timezone.now())
    if show in filters:
        bookings = bookings.filter(filters[show][0])
    return (
        bookings.select_related("slot", "person__unit")
        .annotate(has_note=Exists(CounsellingNote.objects.filter(booking=OuterRef("pk"))))
        .order_by("-slot__starts_at", "-pk")
    )


def booking_for_counsellor(person: Person, pk: int) -> Booking:
    """A booking on the person's own slots, or 404 (roles do not matter here)."""
    return fetch(
        Booking.objects.filter(slot__counsellor__person=person).select_related(
            "slot__counsellor", "person__unit"
        ),
        pk=pk,
    )


def free_slots(person: Person, counsellor_id: int | None = None) -> QuerySet[CounsellingSlot]:
    """Future, uncancelled, unbooked slots of the counsellors serving the person's unit."""
    taken = Booking.objects.filter(slot=OuterRef("pk")).exclude(state=BookingState.CANCELLED)
    qs = CounsellingSlot.objects.filter(
        counsellor__in=counsellors_for(person),
        is_cancelled=False,
        starts_at__gt=timezone.now(),
    ).exclude(Exists(taken))
    if counsellor_id:
        qs = qs.filter(counsellor_id=counsellor_id)
    return qs.select_related("counsellor__person").order_by("starts_at", "pk")


def my_bookings(person: Person) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(person=person)
        .select_related("slot__counsellor__person")
        .order_by("-slot__starts_at", "-pk")
    )


def note_for_counsellor(person: Person, booking_id: int) -> CounsellingNote | None:
    """The note on a booking, for the counsellor of that booking and nobody else.

    The one reader of counselling notes. Superusers, administrators, union chairs,
    leadership, the booked worker and other counsellors all get None: no role reaches it.
    """
    if not getattr(person, "is_authenticated", False):
        return None
    return CounsellingNote.objects.filter(
        booking_id=booking_id, booking__slot__counsellor__person=person
    ).first()
