"""Care demo data for the demo mine (SPEC §5), called by `manage.py seed_demo`.

In the first mine (the one demo01 works in), driven through the care services by the
mine's own union officers, one story a module:

    needs.py        the year's needs survey, needs collected in and outside it, and the
                    service items they became (done, open, overdue, declined, waiting)
    hardship.py     about thirty hardship files with their yearly reviews, and two
                    years of assistance (送温暖, 金秋助学, 医疗救助, 生活救助, 慰问金)
    counselling.py  the mine's counsellor, free and booked slots, past sessions' notes
    context.py      the seeder's state and its helpers

What the sign-ins find: demo04 (综采一队's union chair) service items he owns (one
overdue), the district's needs and hardship files, one with its review due within two
weeks; demo01 the counsellor's free slots to book; demo09 the week's bookings and the
note of a past session; demo06 the totals of the mine.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from tongxin.people.models import Person
from tongxin.people.selectors import mine_of

from ..models import Assistance, HardshipFile, Need, NeedSurvey, ServiceItem
from . import counselling, hardship, needs
from .context import Seeder


@dataclass
class CareSeedResult:
    needs: int
    items: int
    overdue_items: int
    files: int
    assistance: int
    slots: int
    bookings: int
    seconds: float


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> CareSeedResult | None:
    """Seed the demo mine's care records, unless they are already there."""
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    if demo01 is None or demo01.unit is None:
        return None
    mine = mine_of(demo01.unit)
    if (
        NeedSurvey.objects.filter(org_path__startswith=mine.path).exists()
        or HardshipFile.objects.filter(org_path__startswith=mine.path).exists()
    ):
        return None
    started = time.monotonic()
    with transaction.atomic():
        seeder = Seeder(random.Random(f"{seed}:care"), mine)
        run(seeder)
    result = _result(seeder, time.monotonic() - started)
    if progress:
        progress(
            f"职工关爱：需求 {result.needs} 条，服务项目 {result.items} 项（超期 "
            f"{result.overdue_items}），困难职工档案 {result.files} 份，帮扶 "
            f"{result.assistance} 笔，咨询时段 {result.slots} 个（已预约 {result.bookings}），"
            f"{result.seconds:.1f} 秒"
        )
    return result


def run(seeder: Seeder) -> None:
    needs.needs_and_items(seeder)
    needs.demo04_items(seeder)
    hardship.files_and_assistance(seeder)
    hardship.condolences(seeder)
    counselling.slots_and_sessions(seeder)
    hardship.assistance_dates(seeder)


def _result(seeder: Seeder, seconds: float) -> CareSeedResult:
    mine_items = ServiceItem.objects.filter(pk__in=seeder.item_ids)
    return CareSeedResult(
        needs=Need.objects.filter(org_path__startswith=seeder.mine.path).count(),
        items=mine_items.count(),
        overdue_items=mine_items.filter(state="open", deadline__lt=seeder.today).count(),
        files=HardshipFile.objects.filter(org_path__startswith=seeder.mine.path).count(),
        assistance=Assistance.objects.filter(org_path__startswith=seeder.mine.path).count(),
        slots=seeder.counts["slots"],
        bookings=seeder.counts["bookings"],
        seconds=seconds,
    )
