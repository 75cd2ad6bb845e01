"""三会一课 over the API: the meetings a person may see (their own branch's, or their
Party reach as an officer), one meeting, QR check-in and a leave request from the phone."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema

from tongxin.core.timeline import Conflict
from tongxin.learning.meetings import services
from tongxin.learning.meetings.access import actor_kinds, meeting_for, meetings_visible_to
from tongxin.learning.models import Attendance

from ..people import MAX_ID, PageNo, page_of
from ..refusals import refused
from ..schemas import Error, ValidationErrorOut

router = Router()

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}
MeetingId = Path(..., ge=1, le=MAX_ID, description="会议编号（id）")
YearParam = Query(None, ge=2000, le=2100, description="只查此年份应开期间开始的会议")


class MeetingRow(Schema):
    id: int = Field(description="会议编号")
    branch: str = Field(description="党支部（或党小组）名称")
    type_code: str = Field(
        description="会议类型代码：assembly 支部党员大会 / committee 支部委员会 / group 党小组会"
        " / lecture 党课 / theme_day 主题党日"
    )
    type_label: str = Field(description="会议类型名称")
    title: str = Field(description="会议主题")
    period_start: date = Field(description="应开期间的第一天")
    period_end: date = Field(description="应开期间的最后一天")
    starts_at: datetime | None = Field(description="召开时间；未定为空")
    place: str = Field(description="地点")
    state: str = Field(
        description="状态代码：planned 计划 / held 已召开 / minutes_filed 纪要已归档"
        " / cancelled 已取消"
    )
    from_plan: bool = Field(description="是否年度计划中的会议（否为计划外登记的会议）")
    version: int = Field(description="版本号")


class MeetingPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[MeetingRow] = Field(description="本页会议，按应开期间排序")


class AgendaOut(Schema):
    title: str = Field(description="议题")
    is_first_topic: bool = Field(description="是否第一议题")


class MeetingPhotoOut(Schema):
    id: int = Field(description="照片编号")
    url: str = Field(description="照片地址（与会议同样的查看权限）")
    caption: str = Field(description="说明")
    uploaded_at: datetime = Field(description="上传时间")


class MeetingOut(MeetingRow):
    agenda: list[AgendaOut] = Field(description="议程，第一议题在前")
    minutes: str = Field(description="会议纪要（归档后锁定）")
    decisions: str = Field(description="决议事项")
    my_status: str = Field(
        description="本人出勤：expected 应到 / present 出席 / leave 请假 / absent 缺席；"
        "非本支部党员为空"
    )
    actions: list[str] = Field(description="本人现在可以执行的操作")
    photos: list[MeetingPhotoOut] = Field(
        description="会议照片（召开后上传，已去除拍摄位置等信息）"
    )


class CheckinIn(Schema):
    token: str = Field(max_length=64, description="会场二维码中的签到码")


class LeaveIn(Schema):
    reason: str = Field(max_length=200, description="请假原因")


class AttendanceOut(Schema):
    meeting_id: int = Field(description="会议编号")
    status: str = Field(description="出勤：present 出席 / leave 请假")
    reason: str = Field(description="请假原因")
    checked_in_at: datetime | None = Field(description="签到时间")


def _row(m) -> dict:
    return {
        "id": m.pk,
        "branch": m.branch.name,
        "type_code": m.type.code,
        "type_label": m.type.label,
        "title": m.title,
        "period_start": m.period_start,
        "period_end": m.period_end,
        "starts_at": m.starts_at,
        "place": m.place,
        "state": m.state,
        "from_plan": m.from_plan,
        "version": m.version,
    }


def _attendance(row: Attendance) -> dict:
    return {
        "meeting_id": row.meeting_id,
        "status": row.status,
        "reason": row.reason,
        "checked_in_at": row.checked_in_at,
    }


@router.get(
    "/learning/meetings",
    response={200: MeetingPage, **READ_ERRORS},
    summary="我可以查看的会议（本支部的，或所管辖支部的）",
)
def meeting_list(request, year: int | None = YearParam, page: int = PageNo):
    queryset = meetings_visible_to(request.auth).select_related("branch", "type")
    if year:
        queryset = queryset.filter(period_start__year=year)
    meta, items = page_of(queryset.order_by("period_start", "type__order", "pk"), page)
    return {**meta, "items": [_row(m) for m in items]}


@router.get(
    "/learning/meetings/{meeting_id}", response={200: MeetingOut, **READ_ERRORS}, summary="一次会议"
)
def meeting_detail(request, meeting_id: int = MeetingId):
    m = meeting_for(request.auth, meeting_id)
    mine = Attendance.objects.filter(meeting=m, person=request.auth).first()
    return {
        **_row(m),
        "agenda": [{"title": a.title, "is_first_topic": a.is_first_topic} for a in m.agenda.all()],
        "minutes": m.minutes,
        "decisions": m.decisions,
        "my_status": mine.status if mine else "",
        "actions": sorted(services.meeting_flow.available(m, actor_kinds(request.auth, m))),
        "photos": [
            {
                "id": p.pk,
                "url": reverse("learning:meeting_photo", args=[p.pk]),
                "caption": p.caption,
                "uploaded_at": p.uploaded_at,
            }
            for p in m.photos.all()
        ],
    }


@router.post(
    "/learning/meetings/{meeting_id}/checkin",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="扫码签到",
)
def meeting_checkin(request, body: CheckinIn, meeting_id: int = MeetingId):
    m = meeting_for(request.auth, meeting_id)  # 404 outside the scope, first
    try:
        row = services.check_in(person=request.auth, meeting_id=m.pk, token=body.token)
    except (ValidationError, PermissionDenied, Conflict) as exc:
        return refused(exc)
    return _attendance(row)


@router.post(
    "/learning/meetings/{meeting_id}/leave",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="会前请假",
)
def meeting_leave(request, body: LeaveIn, meeting_id: int = MeetingId):
    m = meeting_for(request.auth, meeting_id)
    try:
        row = services.leave_request(person=request.auth, meeting_id=m.pk, reason=body.reason)
    except (ValidationError, PermissionDenied, Conflict) as exc:
        return refused(exc)
    return _attendance(row)
