"""Matters passed on by the other areas: by the grid and by hazard inspections
(services.case_open by a branch secretary)."""

from __future__ import annotations

from tongxin.people.models import OrgKind, Role
from tongxin.people.selectors import holders_over

from .. import services
from ..models import Channel
from .context import Script, Seeder
from .driving import drive
from .timing import plan

GRID_MATTERS = [
    ("网格走访：职工子女入学需协调",
     "网格走访中了解到，几名外地职工子女今年秋季入学遇到学位紧张问题，请工会协调。"),
    ("网格走访：矿区道路雨后积水",
     "职工反映矿区东门道路雨后积水严重，电动车无法通行，请后勤处理。"),
    ("网格走访：职工家属就医困难",
     "网格员走访时了解到有职工家属患慢性病，每月去市里复诊不便，希望协调就医绿色通道。"),
]  # fmt: skip
HAZARD_MATTERS = [
    ("隐患转办：皮带机尾护栏缺失",
     "三三制检查发现主运输皮带机尾护栏缺失，已现场警戒，需补装护栏。"),
    ("隐患转办：顶板离层仪损坏",
     "三三制检查发现回采巷道两台顶板离层仪读数异常，疑似损坏，需更换。"),
]  # fmt: skip


def passed_on(seeder: Seeder) -> None:
    """Matters passed on by the grid and by hazard inspections (case_open)."""
    districts = sorted(
        (u for u in seeder.units.values() if u.kind == OrgKind.DISTRICT), key=lambda u: u.path
    )
    matters = [(Channel.GRID, m) for m in GRID_MATTERS] + [
        (Channel.HAZARD, m) for m in HAZARD_MATTERS
    ]
    finals = ("closed", "assigned", "submitted", "replied", "assigned_overdue")
    categories = ("其他", "其他", "其他", "劳动安全", "劳动安全")
    for (channel, (title, body)), final, category in zip(matters, finals, categories, strict=True):
        unit = seeder.rng.choice(districts)
        secretaries = holders_over(unit.path, Role.BRANCH_SECRETARY, nearest=True)
        if not secretaries:
            continue
        case = services.case_open(
            actor=secretaries[0], channel=channel, organisation=unit, title=title, body=body
        )
        script = Script(final, overdue_days=4 if final.endswith("_overdue") else 0)
        if channel == Channel.HAZARD:
            script.department = "安监处"
        elif "道路" in title:
            script.department = "后勤服务队"
        drive(seeder, case, script, category)
        plan(seeder, case, script, category)
