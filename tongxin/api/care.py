"""Care (SPEC §5) over the API: the phone pages' actions.

A worker raises their own need (`POST /care/needs`) and follows it (`GET /care/needs`);
whoever owns service items lists them (`GET /care/items`) and completes one with its
result (`POST /care/items/{item_id}/complete`). Counselling: the free slots of the
counsellors serving my unit (`GET /care/counselling/slots`), booking one
(`POST /care/counselling/bookings`), my bookings (`GET /care/counselling/bookings`) and
cancelling (`POST /care/counselling/bookings/{booking_id}/cancel`, by the person who
booked or by the counsellor).

A counselling note (`GET`/`PUT /care/counselling/bookings/{booking_id}/note`) answers
only the counsellor of that booking; for anyone else — the booked worker, another
counsellor, leadership, administrators and superusers — it is a 404, exactly like a
booking that does not exist. The note is read through `care.selectors.note_for_counsellor`
and nowhere else.

Errors: a service's `ValidationError` is 422 `{"detail", "errors"}` with its Chinese
messages; anything outside the caller's reach is 404; someone acting first (the item
changed since its `version` was read, the slot booked a moment ago) is 409.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from tongxin.care import selectors, services
from tongxin.care.access import counsellors_for, items_managed_by, open_surveys_for
from tongxin.care.models import Booking, BookingState, Need, ServiceItem
from tongxin.care.services.counselling import SLOT_TAKEN

from .people import MAX_ID, PageNo, page_of
from .refusals import invalid, refused
from .schemas import TEXT, Error, ValidationErrorOut

router = Router(tags=["职工关爱"])

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}
MAX_VERSION = 2**31 - 1

ItemId = Path(..., ge=1, le=MAX_ID, description="服务项目编号（id）")
BookingId = Path(..., ge=1, le=MAX_ID, description="预约编号（id）")
CategoryCode = Literal[
    "living", "medical", "education", "housing", "mental", "legal", "skill", "other"
]
CATEGORY_HELP = (
    "类别：living 生活保障 / medical 医疗健康 / education 子女教育 / housing 住房通勤 / "
    "mental 心理疏导 / legal 法律援助 / skill 技能提升 / other 其他"
)


# --- Schemas ---------------------------------------------------------------------------


class CareNeedIn(Schema):
    category: CategoryCode = Field(description=CATEGORY_HELP)
    text: str = Field(max_length=500, pattern=TEXT, description="具体需求，4 至 500 个字")
    survey: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description=(
            "需求调查编号（本人单位正在进行的调查，见 GET /api/care/needs 的 open_surveys）；可不填"
        ),
    )


class CareCompleteIn(Schema):
    version: int = Field(
        ge=0, le=MAX_VERSION, description="服务项目的版本号（GET /api/care/items 所读到的）"
    )
    result: str = Field(
        max_length=1000, pattern=TEXT, description="服务结果，至少 2 个字，最多 1000 字"
    )
    done_on: date | None = Field(None, description="完成日期，不晚于今天；不填为今天")


class CareBookingIn(Schema):
    slot: int = Field(ge=1, le=MAX_ID, description="时段编号（见 GET /api/care/counselling/slots）")


class CareNoteIn(Schema):
    text: str = Field(
        max_length=5000, pattern=TEXT, description="咨询记录，2 至 5000 字；仅咨询师本人可见"
    )


class CareItemRef(Schema):
    id: int = Field(description="服务项目编号")
    title: str = Field(description="服务事项")
    owner: str = Field(description="责任人姓名")
    deadline: date = Field(description="完成期限")
    state: str = Field(description="状态代码：open 服务中 / done 已完成 / cancelled 已取消")
    state_label: str = Field(description="状态名称")
    result: str = Field(description="服务结果；未办结为空")


class CareItemOut(Schema):
    id: int = Field(description="服务项目编号")
    version: int = Field(description="版本号：办结时带上，他人先处理则返回 409")
    title: str = Field(description="服务事项")
    description: str = Field(description="具体内容")
    category: str = Field(description="类别代码")
    category_label: str = Field(description="类别名称，如 医疗健康")
    source: str = Field(description="来源代码：need 需求清单 / visit 网格走访 / direct 直接登记")
    source_label: str = Field(description="来源名称")
    person: str | None = Field(description="服务对象姓名；面向单位的服务为空")
    unit: str = Field(description="服务对象所在单位")
    owner: str = Field(description="责任人姓名")
    deadline: date = Field(description="完成期限")
    is_overdue: bool = Field(description="是否已超过完成期限仍未办结")
    state: str = Field(description="状态代码：open 服务中 / done 已完成 / cancelled 已取消")
    state_label: str = Field(description="状态名称")
    result: str = Field(description="服务结果；未办结为空")
    done_on: date | None = Field(description="完成日期")
    created_at: datetime = Field(description="登记时间")


class CareItemPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[CareItemOut] = Field(description="本页服务项目：服务中的在前，期限近的在前")


class CareSurveyRef(Schema):
    id: int = Field(description="需求调查编号")
    title: str = Field(description="调查名称")
    closes_on: date = Field(description="截止日期")


class CareNeedOut(Schema):
    id: int = Field(description="需求编号")
    category: str = Field(description="类别代码")
    category_label: str = Field(description="类别名称")
    text: str = Field(description="需求内容")
    collected_on: date = Field(description="提出（收集）日期")
    state: str = Field(
        description="状态代码：new 待转服务 / served 已转服务项目 / declined 不予办理"
    )
    state_label: str = Field(description="状态名称")
    decline_reason: str = Field(description="不予办理的理由；其他状态为空")
    survey: str | None = Field(description="所属需求调查的名称；现场提出的为空")
    item: CareItemRef | None = Field(description="转成的服务项目；未转为空")


class CareNeedPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    open_surveys: list[CareSurveyRef] = Field(description="本人单位正在进行的需求调查")
    items: list[CareNeedOut] = Field(description="本页需求，新的在前")


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


# --- Building the responses ------------------------------------------------------------


def item_ref(item: ServiceItem) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "owner": item.owner.name,
        "deadline": item.deadline,
        "state": item.state,
        "state_label": str(item.get_state_display()),
        "result": item.result,
    }


def item_out(item: ServiceItem) -> dict:
    return {
        **item_ref(item),
        "version": item.version,
        "description": item.description,
        "category": item.category,
        "category_label": str(item.get_category_display()),
        "source": item.source,
        "source_label": str(item.get_source_display()),
        "person": item.person.name if item.person_id else None,
        "unit": item.organisation.name,
        "is_overdue": item.is_overdue,
        "done_on": item.done_on,
        "created_at": item.created_at,
    }


def need_out(need: Need) -> dict:
    item = getattr(need, "service_item", None)
    return {
        "id": need.pk,
        "category": need.category,
        "category_label": str(need.get_category_display()),
        "text": need.text,
        "collected_on": need.collected_on,
        "state": need.state,
        "state_label": str(need.get_state_display()),
        "decline_reason": need.decline_reason,
        "survey": need.survey.title if need.survey_id else None,
        "item": item_ref(item) if item is not None else None,
    }


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


SERVICE_ERRORS = (ValidationError, PermissionDenied, services.Conflict, ServiceItem.DoesNotExist)


# --- Needs and service items --------------------------------------------------------------


@router.get(
    "/care/needs",
    response={200: CareNeedPage, **READ_ERRORS},
    summary="我提出的需求",
    description=(
        "本人的需求（本人提出的，和工会、网格员替本人登记的）及其转成的服务项目，"
        "新的在前，每页 50 条。"
    ),
)
def my_needs(request, page: int = PageNo):
    person = request.auth
    meta, items = page_of(selectors.my_needs(person), page)
    surveys = [
        {"id": s.pk, "title": s.title, "closes_on": s.closes_on}
        for s in open_surveys_for(person)[:10]
    ]
    return {**meta, "open_surveys": surveys, "items": [need_out(n) for n in items]}


@router.post(
    "/care/needs",
    response={201: CareNeedOut, **WRITE_ERRORS},
    summary="提需求",
    description=(
        "以本人名义提出需求（生活、医疗、子女教育、住房通勤、心理疏导等），由工会转为服务项目"
        "并告知办理人，或说明不予办理的理由。可附本人单位正在进行的需求调查编号。"
    ),
)
def need_submit(request, payload: CareNeedIn):
    person = request.auth
    survey = None
    if payload.survey is not None:
        survey = open_surveys_for(person).filter(pk=payload.survey).first()
        if survey is None:
            return invalid(
                ValidationError({"survey": _("这次需求调查不在进行中或不包括您的单位。")})
            )
    try:
        need = services.need_collect(
            actor=person, person=person, category=payload.category, text=payload.text, survey=survey
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    need = selectors.my_needs(person).get(pk=need.pk)
    return Status(201, need_out(need))


@router.get(
    "/care/items",
    response={200: CareItemPage, **READ_ERRORS},
    summary="我负责的服务项目",
    description=(
        "本人作为责任人的服务项目：服务中的在前、期限近的在前，每页 50 条；"
        "state 可选 open、done 或 all。"
    ),
)
def my_items(
    request,
    state: Literal["open", "done", "all"] = Query(
        "all", description="open 服务中 / done 已完成 / all 全部"
    ),
    page: int = PageNo,
):
    qs = selectors.items_owned(request.auth)
    if state != "all":
        qs = qs.filter(state=state)
    meta, items = page_of(qs.select_related("owner"), page)
    return {**meta, "items": [item_out(i) for i in items]}


@router.post(
    "/care/items/{item_id}/complete",
    response={200: CareItemOut, **WRITE_ERRORS},
    summary="办结服务项目",
    description="责任人（或本单位工会）填写服务结果，办结服务项目，并告知服务对象。",
)
def item_complete(request, payload: CareCompleteIn, item_id: int = ItemId):
    person = request.auth
    if not selectors.items_owned(person).filter(pk=item_id).exists():
        if not items_managed_by(person).filter(pk=item_id).exists():
            raise Http404
    try:
        services.item_complete(
            actor=person,
            item_id=item_id,
            version=payload.version,
            result=payload.result,
            done_on=payload.done_on,
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    item = ServiceItem.objects.select_related("person", "organisation", "owner").get(pk=item_id)
    return item_out(item)


# --- Counselling ----------------------------------------------------------------------------


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
