"""The counsellor's own pages: my slots (publish several at once, cancel one) with who
booked them, my bookings, and a booking's page where the note is written — the only
page in the system that shows a counselling note, and only to the counsellor of that
booking. Anyone else, whatever their roles (superusers and administrators included),
gets 404 here.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tongxin.core.access import OutOfScope, area_required
from tongxin.core.forms import all_messages, parse_date, posted, refusal, small_id
from tongxin.people.selectors import unit_labels

from . import selectors, services
from .access import counsellor_of
from .forms import TYPED_MAX
from .models import BookingState
from .services import Conflict, SlotSpec

PAGE_SIZE = 30
REFUSALS = (ValidationError, PermissionDenied, Conflict)
PUBLISH_FIELDS = ("day", "start", "length", "count", "gap", "place")
MAX_COUNT = 12


counsellor_required = area_required(lambda person: counsellor_of(person) is not None)


def _minutes(value, default: int, low: int, high: int) -> int | None:
    value = str(value or "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        return None
    return int(value)


def _specs(values: dict) -> list[SlotSpec]:
    """The consecutive slots the publish form describes; bad fields as ValidationError."""
    errors = {}
    day, ok = parse_date(values["day"])
    if not ok or day is None:
        errors["day"] = _("请选择日期。")
    try:
        start = time.fromisoformat(values["start"].strip()) if values["start"].strip() else None
    except ValueError:
        start = None
    if start is None:
        errors["start"] = _("请填写开始时间，如 09:00。")
    length = _minutes(values["length"], 50, 15, 240)
    if length is None:
        errors["length"] = _("每个时段 15 至 240 分钟。")
    count = _minutes(values["count"], 1, 1, MAX_COUNT)
    if count is None:
        errors["count"] = _("一次连续发布 1 至 %(n)s 个时段。") % {"n": MAX_COUNT}
    gap = _minutes(values["gap"], 10, 0, 120)
    if gap is None:
        errors["gap"] = _("间隔 0 至 120 分钟。")
    if errors:
        raise ValidationError(errors)
    first = timezone.make_aware(datetime.combine(day, start))
    step = timedelta(minutes=length + gap)
    return [
        SlotSpec(first + k * step, first + k * step + timedelta(minutes=length), values["place"])
        for k in range(count)
    ]


@counsellor_required
def slots(request):
    """My slots from today on, each with its booking; publish or cancel here."""
    person = request.user
    counsellor = counsellor_of(person)
    values = {"length": "50", "count": "1", "gap": "10"}
    errors, status = {}, 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                values = posted(request.POST, PUBLISH_FIELDS, limit=TYPED_MAX)
                made = services.slot_publish(actor=person, slots=_specs(values))
                messages.success(request, _("已发布 %(n)s 个时段。") % {"n": len(made)})
            elif action == "cancel":
                slot_id = small_id(request.POST.get("slot"))
                if slot_id is None:
                    raise Http404
                try:
                    services.slot_cancel(actor=person, slot_id=slot_id)
                except OutOfScope:
                    raise Http404 from None
                messages.success(request, _("时段已取消；已预约的职工收到了通知。"))
            else:
                raise Http404
            return redirect("care:counsellor")
        except REFUSALS as exc:
            errors, status = refusal(exc)
    page = Paginator(selectors.counsellor_slots(counsellor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = list(page.object_list)
    labels = unit_labels({b.person.unit for s in rows for b in s.active_bookings})
    for slot in rows:
        slot.booking = slot.active_bookings[0] if slot.active_bookings else None
        slot.past = slot.starts_at <= now
        if slot.booking:
            slot.booking.unit_label = labels.get(slot.booking.person.unit_id, "")
    context = {
        "counsellor": counsellor,
        "page": page,
        "rows": rows,
        "values": values,
        "errors": errors,
        "error_list": all_messages(errors),
        "active": "slots",
    }
    return render(request, "care/counsellor/slots.html", context, status=status)


@counsellor_required
def bookings(request):
    """Every booking on my slots, newest session first, with whether I wrote a note."""
    counsellor = counsellor_of(request.user)
    filters = selectors.booking_filters(timezone.now())
    show = request.GET.get("show")
    show = show if show in filters else None
    page = Paginator(selectors.counsellor_bookings(counsellor, show), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = unit_labels({b.person.unit for b in page.object_list})
    for booking in page.object_list:
        booking.unit_label = labels.get(booking.person.unit_id, "")
    context = {
        "counsellor": counsellor,
        "page": page,
        "active": "bookings",
        "show": show,
        "show_label": filters[show][1] if show else "",
        "query": f"show={show}" if show else "",
    }
    return render(request, "care/counsellor/bookings.html", context)


@never_cache
@counsellor_required
def booking(request, pk: int):
    """One booking on my slots and its note: the one page that shows a counselling note."""
    person = request.user
    row = selectors.booking_for_counsellor(person, pk)
    errors, status, text = {}, 200, None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "note":
                text = str(request.POST.get("text") or "")[:6000]
                services.note_write(actor=person, booking_id=row.pk, text=text)
                messages.success(request, _("咨询记录已保存，仅您本人可见。"))
            elif action == "cancel":
                services.booking_cancel(
                    actor=person, booking_id=row.pk, reason=request.POST.get("reason", "")[:300]
                )
                messages.success(request, _("预约已取消，已通知职工。"))
            else:
                raise Http404
            return redirect("care:counsellor_booking", pk=row.pk)
        except REFUSALS as exc:
            errors, status = refusal(exc)
        row = selectors.booking_for_counsellor(person, pk)
    note = selectors.note_for_counsellor(person, row.pk)
    row.unit_label = unit_labels([row.person.unit]).get(row.person.unit_id, "")
    context = {
        "booking": row,
        "note": note,
        "text": text if text is not None else (note.text if note else ""),
        "errors": errors,
        "error_list": all_messages(errors),
        "may_cancel": row.state == BookingState.BOOKED and row.slot.starts_at > timezone.now(),
        "may_write": row.state != BookingState.CANCELLED,
        "active": "bookings",
    }
    return render(request, "care/counsellor/booking.html", context, status=status)
