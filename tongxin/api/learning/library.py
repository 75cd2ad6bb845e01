"""The study library over the API: the materials a person may read (search by title
and text), one material, the page's heartbeat (the same service as the web page's:
time credited, points, flags), and my study summary (this week's and month's time and
points, required courses due)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from tongxin.learning.library import selectors, services
from tongxin.learning.models import Material, PointDay, StudyDay

from ..people import MAX_ID, PageNo, page_of
from ..schemas import Error, ValidationErrorOut

router = Router()

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
MaterialId = Path(..., ge=1, le=MAX_ID, description="学习资料编号（id）")
SearchQ = Query(
    "", max_length=40, pattern=r"^[^\x00-\x1f\x7f]*$", description="按标题和正文搜索；最多 40 字"
)
ModuleParam = Query(None, ge=1, le=MAX_ID, description="只列此模块的资料")


class MaterialRow(Schema):
    id: int = Field(description="资料编号")
    module: str = Field(description="学习模块")
    kind: str = Field(description="类型：article 文章 / video 视频 / document 文档 / link 内网链接")
    title: str = Field(description="标题")
    audience: str = Field(
        description="发布对象：everyone 全体职工 / party 党员 / crew_leaders 班组长 / cadres 干部"
    )
    published_at: str | None = Field(description="发布时间（ISO 8601）")


class MaterialPage(Schema):
    count: int = Field(description="总条数")
    page: int = Field(description="当前页码，从 1 开始")
    pages: int = Field(description="总页数")
    items: list[MaterialRow] = Field(description="本页资料，新发布的在前")


class MaterialOut(MaterialRow):
    body: str = Field(description="正文（已净化的 HTML）")
    file_url: str = Field(description="文件地址（支持 Range 请求）；没有文件为空")
    url: str = Field(description="内网链接；没有为空")
    length: int = Field(description="文章字数")
    duration: int = Field(description="视频时长（秒）")
    read_seconds: int = Field(description="文章学习满此秒数计为已读")
    state: str = Field(description="状态：draft 草稿 / published 已发布 / withdrawn 已撤回")
    completed: bool = Field(description="本人是否已完成学习")


class BeatIn(Schema):
    position: float | None = Field(
        None, ge=0, le=10**7, description="视频：播放位置（秒）；文章：滚动比例 0–1"
    )


class BeatOut(Schema):
    credited: int = Field(description="本次计入的学习秒数（最多 20 秒）")
    points: int = Field(description="本次获得的积分")
    completed: bool = Field(description="是否已完成学习")


class CourseDue(Schema):
    id: int = Field(description="必修课编号")
    title: str = Field(description="名称")
    deadline: date = Field(description="截止日期")
    total: int = Field(description="资料数")
    finished: int = Field(description="本人已完成的资料数")


class StudyOut(Schema):
    week_minutes: int = Field(description="本周学习分钟数")
    month_minutes: int = Field(description="本月学习分钟数")
    week_points: int = Field(description="本周积分")
    month_points: int = Field(description="本月积分")
    courses_due: list[CourseDue] = Field(description="未到期的必修课，按截止日期")


def _row(m: Material) -> dict:
    return {
        "id": m.pk,
        "module": m.module.name,
        "kind": m.kind,
        "title": m.title,
        "audience": m.audience,
        "published_at": m.published_at.isoformat() if m.published_at else None,
    }


@router.get(
    "/learning/materials",
    response={200: MaterialPage, **READ_ERRORS},
    summary="我可以学习的资料（可搜索）",
)
def material_list(request, q: str = SearchQ, module: int | None = ModuleParam, page: int = PageNo):
    person = request.auth
    found = Material.objects.filter(selectors.readable_q(person)).select_related("module")
    if module:
        found = found.filter(module_id=module)
    meta, items = page_of(selectors.search(person, found, q), page)
    return {**meta, "items": [_row(m) for m in items]}


@router.get(
    "/learning/materials/{material_id}",
    response={200: MaterialOut, **READ_ERRORS},
    summary="一份学习资料",
)
def material_detail(request, material_id: int = MaterialId):
    m = selectors.material_for(request.auth, material_id)
    return {
        **_row(m),
        "body": m.body,
        "file_url": reverse("learning:library_file", args=[m.pk]) if m.file else "",
        "url": m.url,
        "length": m.length,
        "duration": m.duration,
        "read_seconds": services.read_seconds(m),
        "state": m.state,
        "completed": StudyDay.objects.filter(
            person=request.auth, material=m, completed_at__isnull=False
        ).exists(),
    }


@router.post(
    "/learning/materials/{material_id}/beat",
    response={200: BeatOut, 400: Error, **READ_ERRORS},
    summary="学习心跳（页面可见且在使用时每 15 秒一次）",
)
def material_beat(request, body: BeatIn, material_id: int = MaterialId):
    m = selectors.material_for(request.auth, material_id)
    result = services.beat(person=request.auth, material=m, position=body.position)
    return {"credited": result.credited, "points": result.points, "completed": result.completed}


@router.get("/learning/study", response={200: StudyOut, **READ_ERRORS}, summary="我的学习概况")
def my_study(request):
    person = request.auth
    today = timezone.localdate()
    week, month = selectors.period_start("week", today), selectors.period_start("month", today)
    first = min(week, month)
    in_week = Q(day__gte=week)
    seconds = StudyDay.objects.filter(person=person, day__gte=first).aggregate(
        week=Sum("seconds", filter=in_week), month=Sum("seconds", filter=Q(day__gte=month))
    )
    points = PointDay.objects.filter(person=person, day__gte=first).aggregate(
        week=Sum("points", filter=in_week), month=Sum("points", filter=Q(day__gte=month))
    )
    courses = selectors.courses_for(person, today).annotate(
        total=Count("materials", distinct=True),
        finished=Count(
            "materials",
            filter=Q(materials__days__person=person, materials__days__completed_at__isnull=False),
            distinct=True,
        ),
    )
    return {
        "week_minutes": round((seconds["week"] or 0) / 60),
        "month_minutes": round((seconds["month"] or 0) / 60),
        "week_points": points["week"] or 0,
        "month_points": points["month"] or 0,
        "courses_due": [
            {
                "id": c.pk,
                "title": c.title,
                "deadline": c.deadline,
                "total": c.total,
                "finished": c.finished,
            }
            for c in courses.order_by("deadline", "pk")
        ],
    }
