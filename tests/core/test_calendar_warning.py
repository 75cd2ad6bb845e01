"""A year the deadlines reach with no holiday calendar is named on the administrator's
home page, not left to count 春节 as working days in silence."""

import zoneinfo
from datetime import date, datetime

import pytest
import time_machine

from tongxin.core.models import Holiday
from tongxin.core.workdays import years_without_calendar

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
WARNING = "年的节假日与调休尚未录入"


def home(client, person) -> str:
    client.force_login(person)
    return client.get("/").content.decode()


def test_the_years_deadlines_reach_without_rows():
    # The data migration enters 2026; 2027's notice is not out yet.
    assert years_without_calendar(date(2026, 6, 1)) == []
    assert years_without_calendar(date(2026, 11, 15)) == [2027]  # 60 days ahead is 2027
    assert years_without_calendar(date(2027, 3, 15)) == [2027]
    Holiday.objects.create(date=date(2027, 2, 8), name="春节")
    assert years_without_calendar(date(2027, 3, 15)) == []
    assert years_without_calendar(date(2028, 12, 20)) == [2028, 2029]


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 6, 1, 9, tzinfo=TZ), None),
        (datetime(2026, 12, 1, 9, tzinfo=TZ), "2027"),
        (datetime(2027, 3, 15, 9, tzinfo=TZ), "2027"),
    ],
)
def test_the_administrators_home_names_the_year(cast, client, moment, shown):
    with time_machine.travel(moment, tick=False):
        page = home(client, cast.feng_admin)
        if shown is None:
            assert WARNING not in page
        else:
            assert f"{shown} {WARNING}" in page
            assert "/admin/core/holiday/" in page
        # Only the administrator, who can enter the calendar, is told.
        for other in (cast.wang_worker, cast.zhao_secretary, cast.wu_leader):
            assert WARNING not in home(client, other)
