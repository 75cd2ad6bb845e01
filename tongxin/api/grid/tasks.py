"""My tasks of a month, one task, and completing it with a note and photos."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile

from tongxin.grid import member
from tongxin.grid.models import GridTask, TaskState
from tongxin.grid.periods import parse_month
from tongxin.grid.services import tasks as task_services
from tongxin.people.models import Person

from ..people import MAX_ID, PageNo, page_of
from ..refusals import refused
from ..schemas import TEXT
from .common import READ_ERRORS, SERVICE_ERRORS, WRITE_ERRORS, PersonRef, RecordRef, person_ref

router = Router()

TaskId = Path(..., ge=1, le=MAX_ID, description="任务编号（id）")
MonthParam = Query(
    None,
    pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
    description="月份，如 2026-03；不填为本月（并含以前月份尚未完成的任务）",
)
MAX_VERSION = 2**31 - 1


class CompleteIn(Schema):
    version: int = Field(
        ge=0, le=MAX_VERSION, description="任务的版本号（GET /api/grid/tasks/{task_id} 所读到的）"
    )
    note: str = Field(
        max_length=1000, pattern=TEXT, description="完成情况，至少 2 个字，最多 1000 字"
    )


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


class TaskPhotoOut(Schema):
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
    photos: list[TaskPhotoOut] = Field(description="完成时上传的照片")


class TaskPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[TaskRow] = Field(description="本页任务，未完成的在前，期限近的在前")


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
        "subject": person_ref(task.subject),
        "life_event": task.life_event_id,
        "done_at": task.done_at,
    }


def task_detail_out(task: GridTask) -> dict:
    return {
        **task_row(task),
        "description": task.description,
        "owner": person_ref(task.owner),
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
