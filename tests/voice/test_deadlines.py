"""Working days, the paused clock, and the escalation sweep with the clock moved forward."""

import datetime

import pytest
from django.utils import timezone

from tongxin.core.models import Notification
from tongxin.core.workdays import add_workdays, workdays_between
from tongxin.voice import services
from tongxin.voice.models import Case

TZ = timezone.get_current_timezone()


def at(day: datetime.date, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def test_working_days_skip_holidays_and_count_adjusted_weekends(db):
    # 2026-09-30 (Wed) + 1 working day: 10-01..07 is 国庆, so 10-08.
    assert add_workdays(datetime.date(2026, 9, 30), 1) == datetime.date(2026, 10, 8)
    # Saturday 10-10 is worked in exchange (调休): Friday 10-09 + 1 = Saturday 10-10.
    assert add_workdays(datetime.date(2026, 10, 9), 1) == datetime.date(2026, 10, 10)
    # An ordinary week: Friday + 1 = Monday.
    assert add_workdays(datetime.date(2026, 11, 20), 1) == datetime.date(2026, 11, 23)
    assert workdays_between(datetime.date(2026, 11, 20), datetime.date(2026, 11, 27)) == 5


def _assigned(cast, submit, canteen, deadline):
    case = submit()
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    return services.case_assign(
        case_id=case.pk,
        version=case.version,
        actor=cast.sun_chair,
        department=cast.department,
        handler=cast.zhou_head,
        deadline=deadline,
    )


def _titles(person):
    return list(Notification.objects.filter(recipient=person).values_list("title", flat=True))


def test_overdue_cases_escalate_one_level_at_a_time_to_the_right_people_once(cast, submit, canteen):
    today = timezone.localdate()
    deadline = add_workdays(today, 5)
    case = _assigned(cast, submit, canteen, deadline)

    assert services.sweep(now=at(today)) == {"escalated": 0, "closed": 0}
    # The day before the deadline: the handler is reminded.
    services.sweep(now=at(add_workdays(today, 4)))
    assert sum("将到" in t for t in _titles(cast.zhou_head)) == 1
    # Long past the deadline: still one level per sweep; head and union chair first.
    late = at(add_workdays(deadline, 6))
    services.sweep(now=late)
    assert sum("已超过办理期限" in t for t in _titles(cast.zhou_head)) == 1
    assert sum("已超过办理期限" in t for t in _titles(cast.sun_chair)) == 1
    assert not any("超期" in t for t in _titles(cast.wu_leader))
    services.sweep(now=late)
    assert sum("超期" in t and "督办" in t for t in _titles(cast.wu_leader)) == 1
    # Nothing more, however often the sweep runs.
    before = Notification.objects.count()
    services.sweep(now=late)
    services.sweep(now=late)
    assert Notification.objects.count() == before
    assert Case.objects.get(pk=case.pk).escalation_level == 3
    assert list(
        case.events.filter(action__startswith="escalate").values_list("action", flat=True)
    ) == [
        "escalate_1",
        "escalate_2",
        "escalate_3",
    ]


def test_the_clock_pauses_while_waiting_for_the_submitter(cast, submit, canteen):
    today = timezone.localdate()
    case = _assigned(cast, submit, canteen, add_workdays(today, 5))
    deadline = case.deadline
    case = services.case_request_info(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, question="是哪个食堂？"
    )
    # Pretend the request went out a week ago.
    Case.objects.filter(pk=case.pk).update(paused_on=today - datetime.timedelta(days=7))
    paused = workdays_between(today - datetime.timedelta(days=7), today)
    services.case_supplement(case_id=case.pk, actor=cast.wang_worker, text="二食堂")
    case = Case.objects.get(pk=case.pk)
    assert case.state == "assigned" and case.deadline == add_workdays(deadline, paused)
    # While paused, the sweep does not touch it.
    assert case.paused_on is None


def test_unrated_replies_close_after_the_configured_working_days(cast, submit, canteen, settings):
    settings.VOICE_AUTO_CLOSE_WORKDAYS = 3
    today = timezone.localdate()
    case = _assigned(cast, submit, canteen, add_workdays(today, 5))
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已处理"
    )
    case = services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已处理好"
    )
    assert services.sweep(now=at(add_workdays(today, 1), 18))["closed"] == 0
    assert services.sweep(now=at(add_workdays(today, 4), 18))["closed"] == 1
    assert Case.objects.get(pk=case.pk).state == "closed"


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_message_once(cast, submit, canteen):
    """Two task workers run the sweep together: each level is claimed by one of them."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the claim is the same conditional update")
    today = timezone.localdate()
    _assigned(cast, submit, canteen, add_workdays(today, 1))
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        services.sweep(now=at(today))
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum("将到" in t for t in _titles(cast.zhou_head)) == 1
