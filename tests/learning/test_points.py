"""Study points: the daily cap holds, once-only sources count once, rules are the mine
committee's to edit, and the pages show a person their day against the caps."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tongxin.core.access import OutOfScope
from tongxin.core.models import AuditEvent
from tongxin.core.workflow import Conflict
from tongxin.learning.models import PointDay, PointEvent, PointRule
from tongxin.learning.points import services
from tongxin.learning.points.rules import READ_ARTICLE

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2026, 12, 7, 9, 0, tzinfo=TZ)


def test_reading_many_articles_in_one_day_earns_no_more_than_the_cap(cast):
    worker = cast.wang_worker
    given = [
        services.award(
            person=worker,
            code=READ_ARTICLE,
            source=f"learning.material:{n}",
            once_key=f"material:{n}",
            at=MORNING + timedelta(minutes=5 * n),
        ).points
        for n in range(20)
    ]
    assert given == [1] * 12 + [0] * 8
    assert PointEvent.objects.filter(person=worker).count() == 12
    day = PointDay.objects.get(person=worker, rule__code=READ_ARTICLE)
    assert day.points == 12 and day.party_path == ""  # 群众: no branch
    services.award(person=cast.li_member, code=READ_ARTICLE, once_key="material:1", at=MORNING)
    member_day = PointDay.objects.get(person=cast.li_member)
    # The member's own Party organisation (their Party group), under the branch: the
    # group's figures count the row, and the branch's by prefix (they once read zero
    # for every Party group, the rows carrying the branch's path).
    assert member_day.party_path == cast.li_member.party_org.path
    assert member_day.party_path.startswith(cast.branch_a.path)
    # The next day the cap starts again.
    next_day = services.award(
        person=worker, code=READ_ARTICLE, once_key="material:99", at=MORNING + timedelta(days=1)
    )
    assert next_day.points == 1


def test_a_source_counts_once_however_often_it_is_sent(cast):
    worker = cast.wang_worker
    first = services.award(person=worker, code=READ_ARTICLE, once_key="material:7", at=MORNING)
    again = services.award(
        person=worker, code=READ_ARTICLE, once_key="material:7", at=MORNING + timedelta(days=2)
    )
    assert (first.points, again.points) == (1, 0)
    assert again.reason == "已计过分。"


def test_the_cap_is_cut_to_what_is_left_of_the_day(cast):
    worker = cast.wang_worker
    assert services.award(person=worker, code="video_time", units=4, at=MORNING).points == 4
    # 4 more wanted, 2 left under the cap of 6.
    assert services.award(person=worker, code="video_time", units=4, at=MORNING).points == 2
    assert services.award(person=worker, code="video_time", units=1, at=MORNING).points == 0


def test_a_rule_switched_off_gives_nothing(cast):
    services.award(person=cast.wang_worker, code="login", at=MORNING)  # makes the rules
    rule = PointRule.objects.get(mine=cast.mine, code="daily_quiz")
    services.rule_update(
        actor=cast.feng_admin,
        rule_id=rule.pk,
        version=rule.version,
        points=1,
        daily_cap=5,
        is_active=False,
    )
    got = services.award(person=cast.wang_worker, code="daily_quiz", at=MORNING)
    assert got.points == 0 and got.reason == "该积分项已停用。"


def test_someone_without_a_unit_earns_nothing(cast):
    from tongxin.people.models import Person

    nobody = Person.objects.create_user(employee_no="990001", name="无单位", password="x")
    assert services.award(person=nobody, code="login", at=MORNING).points == 0
    assert not PointEvent.objects.exists()


def test_the_committee_edits_a_rule_and_it_is_audited(cast):
    services.award(person=cast.wang_worker, code="login", at=MORNING)
    rule = PointRule.objects.get(mine=cast.mine, code=READ_ARTICLE)
    changed = services.rule_update(
        actor=cast.wu_leader,
        rule_id=rule.pk,
        version=rule.version,
        points="2",
        daily_cap="10",
        is_active=True,
    )
    assert (changed.points, changed.daily_cap, changed.version) == (2, 10, rule.version + 1)
    event = AuditEvent.objects.get(action="learning.point_rule.edit")
    assert event.after == {"state": "active", "points": 2, "daily_cap": 10}


@pytest.mark.parametrize(
    ("points", "cap", "field", "message"),
    [
        ("x", "5", "points", "每次分值须为整数。"),
        ("1", "500", "daily_cap", "每日上限须在 0 到 100 之间。"),
        ("5", "3", "daily_cap", "每日上限不能小于每次分值。"),
    ],
)
def test_bad_rule_values_are_refused_and_nothing_is_saved(cast, points, cap, field, message):
    services.award(person=cast.wang_worker, code="login", at=MORNING)
    rule = PointRule.objects.get(mine=cast.mine, code=READ_ARTICLE)
    with pytest.raises(ValidationError) as refused:
        services.rule_update(
            actor=cast.wu_leader,
            rule_id=rule.pk,
            version=rule.version,
            points=points,
            daily_cap=cap,
            is_active=True,
        )
    assert refused.value.message_dict[field] == [message]
    rule.refresh_from_db()
    assert (rule.points, rule.daily_cap, rule.version) == (1, 12, 1)


def test_a_stale_edit_is_refused_and_a_secretary_may_not_edit(cast):
    services.award(person=cast.wang_worker, code="login", at=MORNING)
    rule = PointRule.objects.get(mine=cast.mine, code=READ_ARTICLE)
    edit = {"rule_id": rule.pk, "points": 1, "daily_cap": 8, "is_active": True}
    services.rule_update(actor=cast.wu_leader, version=1, **edit)
    with pytest.raises(Conflict):
        services.rule_update(actor=cast.feng_admin, version=1, **edit)
    with pytest.raises(OutOfScope):
        services.rule_update(actor=cast.zhao_secretary, version=2, **edit)


def test_my_points_page_shows_the_day_against_the_caps(
    cast, client_for, django_assert_max_num_queries
):
    with time_machine.travel(MORNING, tick=False):
        for n in range(3):
            services.award(person=cast.wang_worker, code=READ_ARTICLE, once_key=f"m:{n}")
        client = client_for(cast.wang_worker)
        with django_assert_max_num_queries(13):
            page = client.get("/learning/points/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="today-total">3<' in text
    assert "3 / 12" in text


def test_the_rules_page_is_the_committees(cast, client_for):
    assert client_for(cast.zhao_secretary).get("/learning/points/rules/").status_code == 404
    page = client_for(cast.wu_leader).get("/learning/points/rules/")
    assert page.status_code == 200 and "阅读文章" in page.content.decode()
    rule = PointRule.objects.get(mine=cast.mine, code=READ_ARTICLE)
    bad = client_for(cast.wu_leader).post(
        f"/learning/points/rules/{rule.pk}/",
        {"version": rule.version, "points": "1", "daily_cap": "x"},
    )
    assert bad.status_code == 400 and "每日上限须为整数。" in bad.content.decode()
    good = client_for(cast.wu_leader).post(
        f"/learning/points/rules/{rule.pk}/",
        {"version": rule.version, "points": "1", "daily_cap": "9", "is_active": "on"},
    )
    assert good.status_code == 302
    rule.refresh_from_db()
    assert rule.daily_cap == 9


@pytest.mark.django_db(transaction=True)
def test_two_awards_at_once_never_pass_the_cap(cast):
    """Heartbeats from two tabs at the same moment: the day's row is locked, so the
    cap holds."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    worker = cast.wang_worker
    services.award(person=worker, code="video_time", units=5, at=MORNING)  # 1 left
    results = []
    barrier = threading.Barrier(2)

    def one():
        try:
            barrier.wait()
            results.append(services.award(person=worker, code="video_time", at=MORNING).points)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1]
    assert PointDay.objects.get(person=worker, rule__code="video_time").points == 6
