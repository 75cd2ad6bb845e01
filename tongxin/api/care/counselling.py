"""Counselling: free slots, booking and cancelling, my bookings, and the counsellor's
note of a booking (404 for anyone but that booking's counsellor)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from tongxin.care import selectors, services
from tongxin.care.access import counsellors_for
from tongxin.care.models import Booking, BookingState
from tongxin.care.services.counselling import SLOT_TAKEN

from ..people import MAX_ID, PageNo, page_of
from ..refusals import invalid, refused
from ..schemas import TEXT
from .common import READ_ERRORS, SERVICE_ERRORS, WRITE_ERRORS

router = Router()

BookingId = Path(..., ge=1, le=MAX_ID, description="预约编号（id）")


class CareBookingIn(Schema):
    slot: int = Field(ge=1, le=MAX_ID, description="时段编号（见 GET /api/care/counselling/slots）")


class CareNoteIn(Schema):
    text: str = Field(
        max_length=5000, pattern=TEXT, description="咨询记录，2 至 5000 字；仅咨询师本人可见"
    )


class CareCounsellorRef(Schema):
    id: int = Field(description="咨询师编号")
    name: str = Field(description="咨询师姓名")
    intro: str = Field(description="咨询师简介")


class CareSlotOut(Schema):
    id: int = Field(description="时段编号，预约时填写")
    counsellor: CareCounsellorRef = Field(description="咨询师")
    starts_at: datetime = Field(description="开始时间")
    ends_at: datetime = Field(description="结束时间")
    place: str = Field(description="地点")


class CareSlotPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[CareSlotOut] = Field(description="本页可预约的时段，时间早的在前")


class CareBookingOut(Schema):
    id: int = Field(description="预约编号")
    state: str = Field(description="状态代码：booked 已预约 / cancelled 已取消 / done 已咨询")
    state_label: str = Field(description="状态名称")
    booked_at: datetime = Field(description="预约时间")
    cancellable: bool = Field(description="现在能否取消（已预约且尚未开始）")
    slot: CareSlotOut = Field(description="预约的时段")


class CareBookingPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[CareBookingOut] = Field(description="本页预约，时间晚的在前")


class CareNoteOut(Schema):
    booking: int = Field(description="预约编号")
    text: str = Field(description="咨询记录；尚未写为空")
    written_at: datetime | None = Field(description="首次记录时间；尚未写为空")
    updated_at: datetime | None = Field(description="最后修改时间；尚未写为空")


def slot_out(slot) -> dict:
    counsellor = slot.counsellor
    return {
        "id": slot.pk,
        "counsellor": {
            "id": counsellor.pk,
            "name": counsellor.person.name,
            "intro": counsellor.intro,
        },
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "place": slot.place,
    }


def booking_out(booking: Booking) -> dict:
    return {
        "id": booking.pk,
        "state": booking.state,
        "state_label": str(booking.get_state_display()),
        "booked_at": booking.booked_at,
        "cancellable": booking.state == BookingState.BOOKED
        and booking.slot.starts_at > timezone.now(),
        "slot": slot_out(booking.slot),
    }


@router.get(
    "/care/counselling/slots",
    response={200: CareSlotPage, **READ_ERRORS},
    summary="可预约的心理咨询时段",
    description="为本人单位服务的咨询师尚未被预约的以后的时段，时间早的在前，每页 50 条。",
)
def free_slots(
    request,
    counsellor: int | None = Query(None, ge=1, le=MAX_ID, description="只看这位咨询师（编号）"),
    page: int = PageNo,
):
    person = request.auth
    if counsellor is not None and not counsellors_for(person).filter(pk=counsellor).exists():
        raise Http404
    meta, items = page_of(selectors.free_slots(person, counsellor), page)
    return {**meta, "items": [slot_out(s) for s in items]}


@router.post(
    "/care/counselling/bookings",
    response={201: CareBookingOut, **WRITE_ERRORS},
    summary="预约心理咨询",
    description=(
        "预约一个空闲时段。同一位咨询师同时只能有一个未开始的预约；时段刚被他人预约返回 409"
        "“该时段已被预约，请选择其他时段”，两人同时预约最后一个时段只有一人成功。"
    ),
)
def booking_make(request, payload: CareBookingIn):
    try:
        booking = services.booking_make(actor=request.auth, slot_id=payload.slot)
    except ValidationError as exc:
        messages = getattr(exc, "message_dict", {}).get("slot", [])
        if str(SLOT_TAKEN) in messages:
            return Status(409, {"detail": str(SLOT_TAKEN) + "。"})
        return invalid(exc)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    booking = selectors.my_bookings(request.auth).get(pk=booking.pk)
    return Status(201, booking_out(booking))


@router.get(
    "/care/counselling/bookings",
    response={200: CareBookingPage, **READ_ERRORS},
    summary="我的心理咨询预约",
    description="本人的预约，时间晚的在前，每页 50 条。",
)
def my_bookings(request, page: int = PageNo):
    meta, items = page_of(selectors.my_bookings(request.auth), page)
    return {**meta, "items": [booking_out(b) for b in items]}


@router.post(
    "/care/counselling/bookings/{booking_id}/cancel",
    response={200: CareBookingOut, **WRITE_ERRORS},
    summary="取消心理咨询预约",
    description="预约人或该时段的咨询师在咨询开始前取消；时段重新开放，并通知对方。",
)
def booking_cancel(request, booking_id: int = BookingId):
    person = request.auth
    booking = (
        Booking.objects.filter(pk=booking_id).select_related("slot__counsellor__person").first()
    )
    if booking is None or person.pk not in (booking.person_id, booking.slot.counsellor.person_id):
        raise Http404
    try:
        services.booking_cancel(actor=person, booking_id=booking_id)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    booking = Booking.objects.select_related("slot__counsellor__person").get(pk=booking_id)
    return booking_out(booking)


def _note_out(person, booking_id: int) -> dict:
    note = selectors.note_for_counsellor(person, booking_id)
    return {
        "booking": booking_id,
        "text": note.text if note else "",
        "written_at": note.written_at if note else None,
        "updated_at": note.updated_at if note else None,
    }


@router.get(
    "/care/counselling/bookings/{booking_id}/note",
    response={200: CareNoteOut, **READ_ERRORS},
    summary="咨询记录（仅咨询师本人）",
    description=(
        "该预约的咨询师本人读取咨询记录；其他任何人（包括预约的职工、其他咨询师、领导、"
        "系统管理员和超级管理员）一律返回 404。"
    ),
)
def note_read(request, booking_id: int = BookingId):
    person = request.auth
    selectors.booking_for_counsellor(person, booking_id)
    return _note_out(person, booking_id)


@router.put(
    "/care/counselling/bookings/{booking_id}/note",
    response={200: CareNoteOut, **WRITE_ERRORS},
    summary="写咨询记录（仅咨询师本人）",
    description=(
        "该预约的咨询师本人写入或改写咨询记录（已取消的预约不能写）。其他任何人返回 404。"
        "审计日志只记录“写了记录”，不记录内容。"
    ),
)
def note_write(request, payload: CareNoteIn, booking_id: int = BookingId):
    person = request.auth
    selectors.booking_for_counsellor(person, booking_id)
    try:
        services.note_write(actor=person, booking_id=booking_id, text=payload.text)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return _note_out(person, booking_id)
