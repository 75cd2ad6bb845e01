"""Two spot checks by the discipline inspector (spot_draw, spot_record) with findings:
the quarter's regular one across the mine, and an unannounced one in 综采一队."""

from __future__ import annotations

import random
from datetime import timedelta

from ..models import SpotCheck, SpotCheckItem
from ..services import spotchecks
from .context import Seeder

SPOT_NOTES = {
    "good": ["走访记录完整，所包职工均能说出网格员姓名", "任务按时完成，月报表内容翔实"],
    "weak": ["部分走访记录内容简单，缺少具体情况", "有一名所包职工反映本月未见到网格员"],
    "failed": ["本月未开展走访，任务清单多项超期"],
}


def spot_checks(seeder: Seeder) -> None:
    rng = seeder.rng
    if seeder.inspector is None:
        return
    quarter = "一二三四"[seeder.last_quarter[1] - 1]
    draws = [(seeder.mine, 8, f"第{quarter}季度网格工作督查（定期）", 30, 8)]
    if seeder.demo is not None:
        draws.append((seeder.demo.org, 4, "不定期抽查：综采一队网格工作", 2, 2))
    for scope, size, note, ago, record in draws:
        check = spotchecks.spot_draw(
            actor=seeder.inspector, scope=scope, size=size, note=note,
            rng=random.Random(rng.random()),
        )  # fmt: skip
        drawn = seeder.at(seeder.today - timedelta(days=ago), rng.uniform(9, 11))
        SpotCheck.objects.filter(pk=check.pk).update(drawn_at=drawn)
        items = list(check.items.order_by("pk"))
        for k, item in enumerate(items[:record]):
            finding = ("good", "good", "weak", "good", "failed", "good", "weak", "good")[k]
            spotchecks.spot_record(
                actor=seeder.inspector, item_id=item.pk, finding=finding,
                note=rng.choice(SPOT_NOTES[finding]),
            )  # fmt: skip
            checked = min(drawn + timedelta(days=rng.randint(1, 5), hours=k), seeder.now)
            SpotCheckItem.objects.filter(pk=item.pk).update(checked_at=checked)
