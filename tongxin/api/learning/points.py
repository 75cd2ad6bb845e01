"""A person's study points: today's against each rule's daily cap."""

from __future__ import annotations

from django.utils import timezone
from ninja import Field, Router, Schema

from tongxin.learning.points import selectors

from ..schemas import Error

router = Router()


class RuleDayOut(Schema):
    code: str = Field(description="积分项代码")
    label: str = Field(description="积分项名称")
    points: int = Field(description="每次分值")
    daily_cap: int = Field(description="每日上限")
    earned: int = Field(description="今日已得")


class PointsOut(Schema):
    day: str = Field(description="日期（YYYY-MM-DD）")
    total: int = Field(description="今日合计")
    rules: list[RuleDayOut] = Field(description="各积分项今日所得")


@router.get("/learning/points", response={200: PointsOut, 401: Error}, summary="我今日的学习积分")
def my_points(request):
    today = timezone.localdate()
    rows = selectors.day_by_rule(request.auth, today)
    return {
        "day": today.isoformat(),
        "total": sum(r["earned"] for r in rows),
        "rules": [
            {
                "code": r["rule"].code,
                "label": r["rule"].label,
                "points": r["rule"].points,
                "daily_cap": r["rule"].daily_cap,
                "earned": r["earned"],
            }
            for r in rows
        ],
    }
