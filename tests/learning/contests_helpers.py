"""A small bank and contests of 红岩矿 for the contest tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from tongxin.learning.contests import services
from tongxin.learning.models import Question

TZ = ZoneInfo("Asia/Shanghai")
OPENS = datetime(2026, 12, 7, 9, 0, tzinfo=TZ)
CLOSES = OPENS + timedelta(hours=3)
SPEC = [
    {"category": "安全生产", "difficulty": 1, "count": 3},
    {"category": "党章党规", "difficulty": 0, "count": 2},
]


def bank(mine, n: int = 12) -> list[Question]:
    """n questions in each of 安全生产 (difficulty 1) and 党章党规 (2), all four kinds."""
    rows = []
    for category, difficulty in (("安全生产", 1), ("党章党规", 2)):
        for i in range(n):
            kind = ("single", "multiple", "true_false", "fill")[i % 4]
            options, answer = {
                "single": (["甲", "乙", "丙", "丁"], "B"),
                "multiple": (["甲", "乙", "丙", "丁"], "AC"),
                "true_false": ([], "对"),
                "fill": ([], "瓦斯|沼气"),
            }[kind]
            rows.append(
                Question(
                    mine=mine,
                    org_path=mine.path,
                    kind=kind,
                    category=category,
                    difficulty=difficulty,
                    stem=f"{category}第{i + 1}题",
                    options=options,
                    answer=answer,
                    explanation="见《煤矿安全规程》。",
                )
            )
    return Question.objects.bulk_create(rows)


def right_answer(question) -> str:
    return question.answer.split("|")[0]


def contest(cast, *, scope=None, minutes=30, schedule=True, spec=None, **kw):
    made = services.contest_create(
        actor=cast.feng_admin,
        scope=scope or cast.mine,
        title=kw.pop("title", "安全知识竞赛"),
        opens_at=kw.pop("opens_at", OPENS),
        closes_at=kw.pop("closes_at", CLOSES),
        minutes=minutes,
        draw_spec=spec or SPEC,
    )
    if schedule:
        with time_machine.travel(kw.pop("scheduled_at", OPENS - timedelta(hours=1)), tick=False):
            made = services.contest_schedule(
                actor=cast.feng_admin, contest_id=made.pk, version=made.version
            )
    return made
