"""The grid (SPEC §2) over the API: what a grid member does on the phone pages.

The people I cover with my last visit to each (`GET /grid/covered`), my tasks of a
month (`GET /grid/tasks?month=2026-03`; this month by default, with tasks still open
from earlier months), one task (`GET /grid/tasks/{id}`), completing it with a note
(`POST /grid/tasks/{id}/complete`), logging a talk or visit (`POST /grid/visits`, which
completes the task it answers and opens its follow-up: a care service item, a
worker-voice case or a line on the branch's problem list), my visits
(`GET /grid/visits`), and recording a life event of the five musts
(`POST /grid/events`: for a covered worker, or with no `person` for oneself), which
opens a talk or visit task for the covering member.

Scope: a task is visible to its owner and to those who run or read its branch; a
person is within reach of a grid member who covers them (or is above them in the
network) or of a branch manager whose office covers their unit. Anything else is a
404, exactly like an id that does not exist. A task the caller may see but not complete
(a secretary completing a member's task) is 403 with the reason.

Completing takes the task's `version` as last read: two completions of the same
version never both succeed; the second, and any completion of a task already done, is
409 with a Chinese message. Bodies are JSON, except completing a task, which is
multipart/form-data so that photos can go with it.

Errors: a service's `ValidationError` is 422 `{"detail", "errors"}` with its Chinese
messages; out of scope 404; not yours to do 403; `Conflict` 409.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tongxin.core.workflow import Conflict
from tongxin.grid import member
from tongxin.grid.models import GridTask, LifeEvent, TaskState, Visit
from tongxin.grid.periods import parse_month
from tongxin.grid.services import events as event_services
from tongxin.grid.services import tasks as task_services
from tongxin.grid.services import visits as visit_services
from tongxin.people.models import Person
from tongxin.people.selectors import unit_labels

from .people import MAX_ID, PageNo, page_of
from .refusals import refused
from .schemas import TEXT, Error, ValidationErrorOut

router = Router(tags=["网格化管理"])

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}

TaskId = Path(..., ge=1, le=MAX_ID, description="任务编号（id）")
MonthParam = Query(
    None,
    pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
    description="月份，如 2026-03；不填为本月（并含以前月份尚未完成的任务）",
)
MAX_VERSION = 2**31 - 1
VisitKindCode = Literal["talk", "visit"]
FollowUpCode = Literal["none", "care", "case", "problem"]
EventKindCode = Literal[
    "illness_injury", "bereavement", "marriage_birth", "hardship", "conflict_discipline"
]
CareCategoryCode = Literal[
    "living", "medical", "education", "housing", "mental", "legal", "skill", "other"
]


# --- Schemas: in -------------------------------------------------------------------------


class CompleteIn(Schema):
    version: int = Field(
        ge=0, le=MAX_VERSION, description="任务的版本号（GET /api/grid/tasks/{task_id} 所读到的）"
    )
    note: str = Field(
        max_length=1000, pattern=TEXT, description="完成情况，至少 2 个字，最多 1000 字"
    )


class VisitIn(Schema):
    person: int = Field(
        ge=1, le=MAX_ID, description="走访的职工的人员编号（见 GET /api/grid/covered）"
    )
    visited_on: date = Field(description="走访日期，不能晚于今天")
    kind: VisitKindCode = Field(description="方式：talk 谈心谈话 / visit 上门走访")
    content: str = Field(max_length=2000, pattern=TEXT, description="谈话内容，5 至 2000 个字")
    follow_up: FollowUpCode = Field(
        "none",
        description=(
            "跟进：none 无需跟进 / care 转关爱服务（工会服务项目）/ case 转诉求办理 / "
            "problem 列入支部问题清单"
        ),
    )
    follow_up_text: str = Field(
        "",
        max_length=500,
        pattern=TEXT,
        description="跟进事项（需要跟进时必填，2 至 500 个字；第一行作为标题）",
    )
    task: int | None = Field(
        None, ge=1, le=MAX_ID, description="对应的任务编号（本人的任务）；不填则自动匹配本月任务"
    )
    life_event: int | None = Field(
        None, ge=1, le=MAX_ID, description="对应的五必谈五必访事由编号；可不填"
    )
    care_category: CareCategoryCode = Field(
        "other",
        description=(
            "转关爱服务时的类别：living 生活保障 / medical 医疗健康 / education 子女教育 / "
            "housing 住房通勤 / mental 心理疏导 / legal 法律援助 / skill 技能提升 / other 其他"
        ),
    )


class EventIn(Schema):
    person: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="职工的人员编号；不填为本人（职工本人报告）",
    )
    kind: EventKindCode = Field(
        description=(
            "事由：illness_injury 生病或受伤 / bereavement 家庭丧事 / marriage_birth 结婚或生育 / "
            "hardship 生活困难 / conflict_discipline 矛盾纠纷或受到处分"
        )
    )
    occurred_on: date = Field(description="发生日期：不晚于今天，不早于 90 天前")
    description: str = Field("", max_length=500, pattern=TEXT, description="情况说明，最多 500 字")


# --- Schemas: out ------------------------------------------------------------------------


class PersonRef(Schema):
    id: int = Field(description="人员编号")
    name: str = Field(description="姓名")


class RecordRef(Schema):
    id: int = Field(description="编号")
    name: str = Field(description="名称")


class CoveredOut(Schema):
    id: int = Field(description="人员编号")
    employee_no: str = Field(description="工号")
    name: str = Field(description="姓名")
    unit: str = Field(description="所在单位（班组连同区队，如 综采一队 一班）")
    post: str = Field(description="岗位")
    phone: str = Field(description="手机号（网格员联系职工所需，不脱敏）")
    level: str = Field(description="联系层级代码：member_worker / cadre_member / secretary_cadre")
    level_label: str = Field(description="联系层级名称")
    last_visit: date | None = Field(description="本人最近一次走访或谈心的日期；没有为空")


class CoveredPage(Schema):
    count: int = Field(description="总人数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[CoveredOut] = Field(description="本页人员，按单位和工号排列")


class TaskRow(Schema):
    id: int = Field(description="任务编号（id）")
    version: int = Field(description="版本号：完成时带上，他人先改动则返回 409")
    kind: str = Field(
        description=(
            "来源代码：template 月度任务 / added 支部交办 / "
            "life_event 五必谈五必访 / problem 问题办理"
        )
    )
    kind_label: str = Field(description="来源名称")
    title: str = Field(description="任务")
    state: str = Field(description="状态代码：open / done / cancelled")
    state_label: str = Field(description="状态名称")
    month: str = Field(description="所属月份，如 2026-03")
    due_on: date = Field(description="完成期限")
    is_overdue: bool = Field(description="是否已超期未完成")
    subject: PersonRef | None = Field(description="联系对象；没有为空")
    life_event: int | None = Field(description="五必谈五必访事由编号；没有为空")
    done_at: datetime | None = Field(description="完成时间")


class PhotoOut(Schema):
    id: int = Field(description="照片编号")
    url: str = Field(description="照片地址（登录会话可见，与任务同样的权限）")
    width: int = Field(description="宽度（像素）")
    height: int = Field(description="高度（像素）")


class TaskDetail(TaskRow):
    description: str = Field(description="说明")
    owner: PersonRef = Field(description="责任人")
    branch: RecordRef = Field(description="党支部")
    added_by: str | None = Field(description="交办人或登记人姓名；月度任务为空")
    done_note: str = Field(description="完成情况（取消的任务为取消原因）")
    photos: list[PhotoOut] = Field(description="完成时上传的照片")


class TaskPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[TaskRow] = Field(description="本页任务，未完成的在前，期限近的在前")


class VisitOut(Schema):
    id: int = Field(description="走访记录编号")
    person: PersonRef = Field(description="走访的职工")
    visited_on: date = Field(description="走访日期")
    kind: str = Field(description="方式代码：talk / visit")
    kind_label: str = Field(description="方式名称")
    content: str = Field(description="谈话内容")
    follow_up: str = Field(description="跟进代码：none / care / case / problem")
    follow_up_label: str = Field(description="跟进名称")
    follow_up_text: str = Field(description="跟进事项")
    task: int | None = Field(description="完成的任务编号")
    life_event: int | None = Field(description="对应的五必谈五必访事由编号")
    care_item: int | None = Field(description="转关爱服务时的服务项目编号")
    case: int | None = Field(description="转诉求办理时的事项编号")
    problem: int | None = Field(description="列入问题清单时的问题编号")
    created_at: datetime = Field(description="记录时间")


class VisitPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[VisitOut] = Field(description="本页走访记录，新的在前")


class LifeEventOut(Schema):
    id: int = Field(description="事由编号")
    person: PersonRef = Field(description="职工")
    kind: str = Field(description="事由代码")
    kind_label: str = Field(description="事由名称")
    occurred_on: date = Field(description="发生日期")
    description: str = Field(description="情况说明")
    visit_kind: str = Field(description="谈话或走访：talk / visit")
    source: str = Field(
        description="来源代码：grid_member 网格员登记 / worker 职工本人报告 / import"
    )
    task_id: int | None = Field(description="派发的谈心或走访任务编号")
    task_owner: str | None = Field(description="负责谈心或走访的网格员姓名")
    task_due_on: date | None = Field(description="谈心或走访的完成期限")


# --- Building the responses ----------------------------------------------------------------


def _ref(person: Person | None) -> dict | None:
    return {"id": person.pk, "name": person.name} if person is not None else None


def task_row(task: GridTask, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "id": task.pk,
        "version": task.version,
        "kind": task.kind,
        "kind_label": str(task.get_kind_display()),
        "title": task.title,
        "state": task.state,
        "state_label": str(task.get_state_display()),
        "month": f"{task.month:%Y-%m}",
        "due_on": task.due_on,
        "is_overdue": task.state == TaskState.OPEN and task.due_on < today,
        "subject": _ref(task.subject),
        "life_event": task.life_event_id,
        "done_at": task.done_at,
    }


def task_detail_out(task: GridTask) -> dict:
    return {
        **task_row(task),
        "description": task.description,
        "owner": _ref(task.owner),
        "branch": {"id": task.branch.pk, "name": task.branch.name},
        "added_by": task.added_by.name if task.added_by_id else None,
        "done_note": task.done_note,
        "photos": [
            {
                "id": photo.pk,
                "url": reverse("grid:task_photo", args=[photo.pk]),
                "width": photo.width,
                "height": photo.height,
            }
            for photo in task.photos.all()
        ],
    }


def visit_out(visit: Visit) -> dict:
    return {
        "id": visit.pk,
        "person": _ref(visit.person),
        "visited_on": visit.visited_on,
        "kind": visit.kind,
        "kind_label": str(visit.get_kind_display()),
        "content": visit.content,
        "follow_up": visit.follow_up,
        "follow_up_label": str(visit.get_follow_up_display()),
        "follow_up_text": visit.follow_up_text,
        "task": visit.task_id,
        "life_event": visit.life_event_id,
        "care_item": visit.care_item_id,
        "case": visit.case_id,
        "problem": visit.problem_id,
        "created_at": visit.created_at,
    }


def event_out(event: LifeEvent) -> dict:
    task = event.tasks.select_related("owner").order_by("pk").first()
    return {
        "id": event.pk,
        "person": _ref(event.person),
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "occurred_on": event.occurred_on,
        "description": event.description,
        "visit_kind": event.visit_kind,
        "source": event.source,
        "task_id": task.pk if task else None,
        "task_owner": task.owner.name if task else None,
        "task_due_on": task.due_on if task else None,
    }


SERVICE_ERRORS = (ValidationError, PermissionDenied, Conflict, GridTask.DoesNotExist)


def _person(pk: int) -> Person:
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


# --- Endpoints ------------------------------------------------------------------------------


@router.get(
    "/grid/covered",
    response={200: CoveredPage, **READ_ERRORS},
    summary="我联系的职工",
    description=("本人当前作为网格责任人联系的人员，及本人最近一次走访或谈心的日期，每页 50 人。"),
)
def covered(request, page: int = PageNo):
    meta, links = page_of(member.my_covered(request.auth), page)
    labels = unit_labels({link.person.unit for link in links})
    return {
        **meta,
        "items": [
            {
                "id": link.person.pk,
                "employee_no": link.person.employee_no,
                "name": link.person.name,
                "unit": labels.get(link.person.unit_id, ""),
                "post": link.person.post,
                "phone": link.person.phone,
                "level": link.level,
                "level_label": str(link.get_level_display()),
                "last_visit": link.last_visit,
            }
            for link in links
        ],
    }


@router.get(
    "/grid/tasks",
    response={200: TaskPage, **READ_ERRORS},
    summary="我的网格任务",
    description=(
        "本人某月的网格任务（月度任务、支部交办、五必谈五必访、问题办理），未完成的在前，"
        "每页 50 条。不填月份为本月，并含以前月份尚未完成的任务。"
    ),
)
def my_tasks(request, month: str | None = MonthParam, page: int = PageNo):
    first = parse_month(month) if month else None
    meta, items = page_of(member.my_tasks(request.auth, first), page)
    today = timezone.localdate()
    return {**meta, "items": [task_row(t, today) for t in items]}


def _visible_task(person: Person, task_id: int) -> GridTask:
    task = (
        member.tasks_visible_to(person)
        .select_related("owner", "branch", "added_by", "subject")
        .prefetch_related("photos")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    return task


@router.get(
    "/grid/tasks/{task_id}",
    response={200: TaskDetail, **READ_ERRORS},
    summary="一项网格任务",
    description="任务内容、期限、完成情况和照片。责任人本人和本支部书记可见，其他返回 404。",
)
def task(request, task_id: int = TaskId):
    return task_detail_out(_visible_task(request.auth, task_id))


@router.post(
    "/grid/tasks/{task_id}/complete",
    response={200: TaskDetail, **WRITE_ERRORS},
    summary="完成网格任务",
    description=(
        "multipart/form-data：version、note（完成情况，至少 2 个字）和可选的 photos（现场照片，"
        "最多 PHOTO_MAX_COUNT 张，每张不超过 PHOTO_MAX_UPLOAD_MB，只接受真正的图片，去除元数据"
        "后保存）。责任人本人才能完成；他人先改动、或任务已完成或已取消，返回 409；不是本人的"
        "任务返回 403。"
    ),
)
def task_complete(
    request,
    payload: Form[CompleteIn],
    photos: list[UploadedFile] = File(  # noqa: B008
        None, description="现场照片（可不传；JPG、PNG、WebP 等手机照片）"
    ),
    task_id: int = TaskId,
):
    person = request.auth
    _visible_task(person, task_id)
    try:
        task_services.task_complete(
            actor=person,
            task_id=task_id,
            version=payload.version,
            note=payload.note,
            photos=photos or (),
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return task_detail_out(_visible_task(person, task_id))


@router.post(
    "/grid/visits",
    response={201: VisitOut, **WRITE_ERRORS},
    summary="记录走访",
    description=(
        "记录与本人联系的职工（或本人任务的联系对象）的一次谈心或走访。同时完成对应的任务"
        "（指定的任务，或本月“走访联系职工”任务和该职工未完成的五必谈五必访任务）；"
        "需要跟进的，转为关爱服务项目、诉求事项或支部问题清单，全部保存或全部不保存。"
        "不在本人网格范围内的职工返回 404。"
    ),
)
def visit_log(request, payload: VisitIn):
    actor = request.auth
    try:
        visit = visit_services.visit_log(
            actor=actor,
            person=_person(payload.person),
            visited_on=payload.visited_on,
            kind=payload.kind,
            content=payload.content,
            follow_up=payload.follow_up,
            follow_up_text=payload.follow_up_text,
            task_id=payload.task,
            life_event_id=payload.life_event,
            care_category=payload.care_category,
        )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return Status(201, visit_out(Visit.objects.select_related("person").get(pk=visit.pk)))


@router.get(
    "/grid/visits",
    response={200: VisitPage, **READ_ERRORS},
    summary="我的走访记录",
    description="本人记录的谈心和走访，新的在前，每页 50 条。",
)
def my_visits(request, page: int = PageNo):
    meta, items = page_of(member.my_visits(request.auth), page)
    return {**meta, "items": [visit_out(v) for v in items]}


@router.post(
    "/grid/events",
    response={201: LifeEventOut, **WRITE_ERRORS},
    summary="登记五必谈五必访事由",
    description=(
        "网格员登记所联系职工（或网格中下级联系的职工）的事由，支部书记登记本支部职工的事由；"
        "不填 person 为职工本人报告。登记后给联系该职工的网格员派发谈心或走访任务，期限按"
        "事由的工作日数；没有网格联系人的由支部书记负责。不在本人范围内的职工返回 404。"
    ),
)
def event_record(request, payload: EventIn):
    actor = request.auth
    try:
        if payload.person is None or payload.person == actor.pk:
            event = event_services.event_report_own(
                actor=actor,
                kind=payload.kind,
                occurred_on=payload.occurred_on,
                description=payload.description,
            )
        else:
            event = event_services.event_record(
                actor=actor,
                person=_person(payload.person),
                kind=payload.kind,
                occurred_on=payload.occurred_on,
                description=payload.description,
            )
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return Status(201, event_out(LifeEvent.objects.select_related("person").get(pk=event.pk)))
