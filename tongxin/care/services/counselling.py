"""Counselling (心理疏导): a counsellor publishes free slots, a worker books one, either
side cancels, and the counsellor writes a note on the booking.

Confidential by construction: the audit log records that a note was written and never
its text; notifications name the time and place, never what the session is about; the
note is written here and read only through `selectors.note_for_counsellor`.

The last free slot booked by two people at once: the slot row is locked before it is
checked, and the partial unique constraint on active bookings backs that up, so exactly
one booking is made and the other person is told the slot is taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.notify import notify
from tongxin.people.models import Person

from ..access import may_book_with
from ..models import Booking, BookingState, CounsellingNote, CounsellingSlot, Counsellor
from ..workflow import BOOKING_TRANSITIONS
from .base import Checks, booking_flow

MAX_SLOTS_AT_ONCE = 50
MAX_SLOT_LENGTH = timedelta(hours=4)
SLOT_TAKEN = gettext_lazy("该时段已被预约，请选择其他时段")
NOT_YOURS = BOOKING_TRANSITIONS["done"].denied


@dataclass(frozen=True)
class SlotSpec:
    starts_at: datetime
    ends_at: datetime
    place: str


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _label(slot: CounsellingSlot) -> str:
    end = timezone.localtime(slot.ends_at).strftime("%H:%M")
    return f"{_when(slot.starts_at)}–{end} {slot.place}"


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


@transaction.atomic
def slot_publish(*, actor: Person, slots: list[SlotSpec]) -> list[CounsellingSlot]:
    """Publish several free slots at once, all or none: in the future, each within four
    hours, overlapping neither each other nor the counsellor's other slots."""
    counsellor = (
        Counsellor.objects.select_for_update().filter(person=actor, is_active=True).first()
        if actor.is_authenticated
        else None
    )
    if counsellor is None:
        raise PermissionDenied(_("只有心理咨询师可以发布咨询时段。"))
    checks = Checks()
    slots = list(slots or [])
    if not slots:
        raise ValidationError({"slots": _("请至少添加一个咨询时段。")})
    if len(slots) > MAX_SLOTS_AT_ONCE:
        raise ValidationError(
            {"slots": _("一次最多发布 %(n)s 个时段。") % {"n": MAX_SLOTS_AT_ONCE}}
        )
    now = timezone.now()
    cleaned: list[SlotSpec] = []
    for n, spec in enumerate(slots, start=1):
        start, end = spec.starts_at, spec.ends_at
        if start is None or end is None or timezone.is_naive(start) or timezone.is_naive(end):
            checks.add("slots", _("第 %(n)s 个时段：请填写开始和结束时间。") % {"n": n})
            continue
        if start <= now:
            checks.add("slots", _("第 %(n)s 个时段：开始时间已过，只能发布以后的时段。") % {"n": n})
        elif end <= start:
            checks.add("slots", _("第 %(n)s 个时段：结束时间须晚于开始时间。") % {"n": n})
        elif end - start > MAX_SLOT_LENGTH:
            checks.add("slots", _("第 %(n)s 个时段：每个时段不超过 4 小时。") % {"n": n})
        place = checks.text(spec.place, field="place", label=_("地点"), minimum=2, maximum=60)
        cleaned.append(SlotSpec(start, end, place))
    checks.done()
    cleaned.sort(key=lambda s: s.starts_at)
    for before, after in zip(cleaned, cleaned[1:], strict=False):
        if _overlaps(before.starts_at, before.ends_at, after.starts_at, after.ends_at):
            raise ValidationError(
                {
                    "slots": _("%(a)s 与 %(b)s 两个时段重叠。")
                    % {"a": _when(before.starts_at), "b": _when(after.starts_at)}
                }  # fmt: skip
            )
    existing = list(
        CounsellingSlot.objects.filter(
            counsellor=counsellor,
            is_cancelled=False,
            starts_at__lt=cleaned[-1].ends_at,
            ends_at__gt=cleaned[0].starts_at,
        )
    )
    for spec in cleaned:
        for slot in existing:
            if _overlaps(spec.starts_at, spec.ends_at, slot.starts_at, slot.ends_at):
                raise ValidationError(
                    {
                        "slots": _("%(a)s 与已发布的时段 %(b)s 重叠。")
                        % {"a": _when(spec.starts_at), "b": _label(slot)}
                    }  # fmt: skip
                )
    # A cancelled slot at the same start is published again (one start per counsellor).
    cancelled = {
        s.starts_at: s
        for s in CounsellingSlot.objects.filter(
            counsellor=counsellor,
            is_cancelled=True,
            starts_at__in=[s.starts_at for s in cleaned],
        )
    }
    out = []
    for spec in cleaned:
        slot = cancelled.get(spec.starts_at)
        if slot is not None:
            slot.ends_at, slot.place, slot.is_cancelled = spec.ends_at, spec.place, False
            slot.save(update_fields=["ends_at", "place", "is_cancelled"])
        else:
            slot = CounsellingSlot.objects.create(
                counsellor=counsellor,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
                place=spec.place,
            )
        audit.record(
            action="care.slot.published",
            actor=actor,
            obj=slot,
            after={"starts_at": str(slot.starts_at), "ends_at": str(slot.ends_at)},
        )
        out.append(slot)
    return out


@transaction.atomic
def slot_cancel(*, actor: Person, slot_id: int) -> CounsellingSlot:
    """The counsellor withdraws a future slot; a booking on it is cancelled and its
    person told."""
    slot = (
        CounsellingSlot.objects.select_for_update(of=("self",))
        .select_related("counsellor")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or slot.counsellor.person_id != actor.pk:
        raise OutOfScope(_("只能取消本人发布的咨询时段。"))
    if slot.is_cancelled:
        raise ValidationError({"slot": _("该时段已经取消。")})
    if slot.starts_at <= timezone.now():
        raise ValidationError({"slot": _("已开始或已结束的时段不能取消。")})
    slot.is_cancelled = True
    slot.save(update_fields=["is_cancelled"])
    booked = list(
        Booking.objects.select_for_update()
        .filter(slot=slot, state=BookingState.BOOKED)
        .select_related("person")
    )
    for booking in booked:
        # Locked and booked (the query says so), on the actor's own slot (checked above).
        booking_flow.finish(booking, "cancelled", actor=actor)
        notify(
            recipients=[booking.person],
            title=_("您预约的心理咨询已取消"),
            body=_("咨询师取消了 %(w)s 的时段，请另选时段预约。") % {"w": _label(slot)},
            url=reverse("care:counselling"),
        )
    audit.record(
        action="care.slot.cancelled",
        actor=actor,
        obj=slot,
        after={"is_cancelled": True, "bookings_cancelled": len(booked)},
    )
    return slot


@transaction.atomic
def booking_make(*, actor: Person, slot_id: int) -> Booking:
    """A worker books a free future slot of a counsellor serving their unit; one booking
    in force per person and counsellor."""
    slot = (
        CounsellingSlot.objects.select_for_update(of=("self",))
        .select_related("counsellor__organisation", "counsellor__person")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or not may_book_with(actor, slot.counsellor):
        raise OutOfScope(_("只能预约为本单位服务的心理咨询师。"))
    now = timezone.now()
    if slot.is_cancelled:
        raise ValidationError({"slot": _("该时段已取消，请选择其他时段")})
    if slot.starts_at <= now:
        raise ValidationError({"slot": _("该时段已过，请选择其他时段")})
    if Booking.objects.filter(slot=slot).exclude(state=BookingState.CANCELLED).exists():
        raise ValidationError({"slot": SLOT_TAKEN})
    # The person's own row serialises two bookings of theirs made at the same moment.
    Person.objects.select_for_update().filter(pk=actor.pk).values_list("pk").first()
    held = (
        Booking.objects.filter(
            person=actor,
            state=BookingState.BOOKED,
            slot__counsellor=slot.counsellor,
            slot__ends_at__gt=now,
        )
        .select_related("slot")
        .first()
    )
    if held is not None:
        raise ValidationError(
            {
                "slot": _("您已预约这位咨询师 %(w)s 的时段，请在咨询后或取消该预约后再预约。")
                % {"w": _when(held.slot.starts_at)}
            }  # fmt: skip
        )
    try:
        with transaction.atomic():
            booking = Booking.objects.create(slot=slot, person=actor, booked_at=now)
    except IntegrityError:
        raise ValidationError({"slot": SLOT_TAKEN}) from None
    audit.record(action="care.booking.made", actor=actor, obj=booking, after={"slot": slot.pk})
    notify(
        recipients=[slot.counsellor.person],
        title=_("新的心理咨询预约：%(w)s") % {"w": _when(slot.starts_at)},
        body=_("%(who)s 预约了 %(w)s。") % {"who": actor.name, "w": _label(slot)},
        url=reverse("care:counsellor_booking", args=[booking.pk]),
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor: Person, booking_id: int, reason: str = "") -> Booking:
    """The person who booked, or the counsellor, cancels before the session starts."""
    try:
        booking, step = booking_flow.begin(pk=booking_id, name="cancelled", actor=actor)
    except Booking.DoesNotExist:
        raise OutOfScope(BOOKING_TRANSITIONS["cancelled"].denied) from None
    if booking.slot.starts_at <= timezone.now():
        raise ValidationError({"booking": _("咨询已开始或已结束，不能取消预约。")})
    checks = Checks()
    reason = checks.text(reason, field="reason", label=_("取消原因"), minimum=0, maximum=200)
    checks.done()
    booking_flow.finish(booking, step, actor=actor)
    slot = booking.slot
    counsellor_person = slot.counsellor.person
    if actor.pk == booking.person_id:
        notify(
            recipients=[counsellor_person],
            title=_("心理咨询预约已取消：%(w)s") % {"w": _when(slot.starts_at)},
            body=_("%(who)s 取消了 %(w)s 的预约，该时段已重新开放。")
            % {"who": booking.person.name, "w": _label(slot)},
            url=reverse("care:counsellor"),
        )
    else:
        body = _("咨询师取消了 %(w)s 的预约，请另选时段。") % {"w": _label(slot)}
        if reason:
            body += _("说明：%(r)s") % {"r": reason}
        notify(
            recipients=[booking.person],
            title=_("您预约的心理咨询已取消"),
            body=body,
            url=reverse("care:counselling"),
        )
    return booking


@transaction.atomic
def note_write(*, actor: Person, booking_id: int, text: str) -> CounsellingNote:
    """The counsellor of the booking writes (or rewrites) its note. Nobody else may,
    whatever their roles. The audit row says only that a note was written."""
    if not actor.is_authenticated:
        raise PermissionDenied(NOT_YOURS)
    try:
        booking = booking_flow.lock(booking_id)
    except Booking.DoesNotExist:
        raise PermissionDenied(NOT_YOURS) from None
    # Asked here, not by the `done` step: a note is written on a booking already done
    # too, and anyone else is told why (403), as the counsellor's own page says.
    if booking.slot.counsellor.person_id != actor.pk:
        raise PermissionDenied(NOT_YOURS)
    if booking.state == BookingState.CANCELLED:
        raise ValidationError({"text": _("已取消的预约不能写咨询记录。")})
    checks = Checks()
    text = checks.text(text, field="text", label=_("咨询记录"), minimum=2, maximum=5000)
    checks.done()
    now = timezone.now()
    # Written without reading the old text back.
    updated = CounsellingNote.objects.filter(booking=booking).update(text=text, updated_at=now)
    if updated:
        note = CounsellingNote.objects.only("pk", "booking", "counsellor", "written_at").get(
            booking=booking
        )
    else:
        note = CounsellingNote.objects.create(
            booking=booking,
            counsellor=booking.slot.counsellor,
            text=text,
            written_at=now,
            updated_at=now,
        )
    if booking.state == BookingState.BOOKED and booking.slot.starts_at <= now:
        booking_flow.finish(booking, "done", actor=actor)
    audit.record(action="care.note.written", actor=actor, obj=booking)
    return note
