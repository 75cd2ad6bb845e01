"""The four-level network through its services: assign, end, move, history, who may
hold which link, who may write, and the rule that nobody is covered twice on a day."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tongxin.core.models import AuditEvent, Notification
from tongxin.grid.coverage import covered_by, covering_member
from tongxin.grid.models import GridLink, Level
from tongxin.grid.services import network
from tongxin.grid.services.network import common as network_common

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _assign(actor, responsible, person=None, level=Level.MEMBER_WORKER, **kwargs):
    return network.link_assign(
        actor=actor, level=level, responsible=responsible, person=person, **kwargs
    )


def _message(exc_info) -> str:
    return "；".join(exc_info.value.messages)


# --- assign ----------------------------------------------------------------------------------


def test_a_secretary_assigns_a_member_to_a_worker(cast, crew):
    link = _assign(cast.zhao_secretary, crew.chen_member, cast.wang_worker, note="同班组")
    assert (link.branch, link.level, link.starts_on, link.ends_on) == (
        cast.branch_a,
        Level.MEMBER_WORKER,
        TODAY,
        None,
    )
    assert link.created_by == cast.zhao_secretary
    assert list(covered_by(crew.chen_member)) == [cast.wang_worker]
    assert covering_member(cast.wang_worker) == crew.chen_member
    assert AuditEvent.objects.filter(action="grid.link.assigned", object_id=str(link.pk)).exists()
    assert Notification.objects.filter(recipient=crew.chen_member).exists()


def test_a_worker_covered_twice_is_refused_naming_who_covers_and_nothing_is_saved(cast, crew):
    _assign(cast.zhao_secretary, crew.chen_member, cast.wang_worker)
    before = GridLink.objects.count()
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, cast.li_member, cast.wang_worker)
    assert "王强已由陈党联系" in _message(exc)
    assert "同一日期不能重复联系" in _message(exc)
    assert GridLink.objects.count() == before
    assert covering_member(cast.wang_worker) == crew.chen_member


def test_a_link_ending_in_future_still_blocks_until_its_end(cast, crew):
    link = _assign(
        cast.zhao_secretary, crew.chen_member, cast.wang_worker, starts_on=TODAY - 30 * DAY
    )
    network.link_end(actor=cast.zhao_secretary, link_id=link.pk, ends_on=TODAY + 10 * DAY)
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, cast.li_member, cast.wang_worker, starts_on=TODAY + 5 * DAY)
    assert "陈党" in _message(exc)
    later = _assign(
        cast.zhao_secretary, cast.li_member, cast.wang_worker, starts_on=TODAY + 10 * DAY
    )
    assert covering_member(cast.wang_worker) == crew.chen_member
    assert covering_member(cast.wang_worker, on=TODAY + 10 * DAY) == cast.li_member
    assert later.starts_on == TODAY + 10 * DAY


def test_a_future_link_blocks_an_earlier_open_ended_one(cast, crew):
    _assign(cast.zhao_secretary, crew.chen_member, cast.wang_worker, starts_on=TODAY + 7 * DAY)
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, cast.li_member, cast.wang_worker)
    assert "陈党" in _message(exc)


@pytest.mark.parametrize(
    ("responsible", "person", "expected"),
    [
        ("sun_chair", "wang_worker", "不是综采一队党支部在册的党员"),
        ("chen_member", "li_member", "是党员，由队干"),
        ("chen_member", "chen_member", "不能联系自己"),
    ],
)
def test_who_may_cover_whom_at_the_fourth_level(cast, crew, responsible, person, expected):
    people = {**vars(cast), **vars(crew)}
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, people[responsible], people[person])
    assert expected in _message(exc)
    assert not GridLink.objects.exists()


def test_a_worker_of_another_branch_is_out_of_the_secretarys_hands(cast, crew):
    outsider_worker = cast.zhou_head  # 机电科: another branch
    with pytest.raises(PermissionDenied):
        _assign(cast.zhao_secretary, crew.chen_member, outsider_worker)
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, crew.chen_member, outsider_worker, branch=cast.branch_a)
    assert "不是综采一队党支部在职的职工群众" in _message(exc)
    assert not GridLink.objects.exists()


def test_a_member_of_another_branch_cannot_cover_this_branchs_worker(cast, crew):
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, cast.qian_outsider, cast.wang_worker)
    assert "钱进不是综采一队党支部在册的党员" in _message(exc)


@pytest.mark.parametrize("who", ["wu_leader", "zheng_inspector", "qian_outsider", "wang_worker"])
def test_only_those_who_run_the_branch_may_assign(cast, crew, who):
    with pytest.raises(PermissionDenied) as exc:
        _assign(getattr(cast, who), crew.chen_member, cast.wang_worker)
    assert "无权" in str(exc.value)
    assert not GridLink.objects.exists()


def test_the_mine_administrator_may_assign(cast, crew):
    link = _assign(cast.feng_admin, crew.chen_member, cast.wang_worker)
    assert link.created_by == cast.feng_admin


def test_the_upper_levels(cast, crew):
    top = _assign(
        cast.zhao_secretary, cast.wu_leader, level=Level.LEADER_BRANCH, branch=cast.branch_a
    )
    assert (top.person, top.branch) == (None, cast.branch_a)
    second = _assign(cast.zhao_secretary, cast.zhao_secretary, crew.ma_cadre, Level.SECRETARY_CADRE)
    third = _assign(cast.zhao_secretary, crew.ma_cadre, crew.chen_member, Level.CADRE_MEMBER)
    fourth = _assign(cast.zhao_secretary, crew.ma_cadre, cast.li_member, Level.CADRE_MEMBER)
    assert {second.branch, third.branch, fourth.branch} == {cast.branch_a}
    # a Party member's covering person is their cadre
    assert covering_member(cast.li_member) == crew.ma_cadre


def test_upper_level_refusals(cast, crew):
    with pytest.raises(ValidationError) as exc:
        _assign(
            cast.zhao_secretary,
            cast.zheng_inspector,
            level=Level.LEADER_BRANCH,
            branch=cast.branch_a,
        )
    assert "不是本矿班子成员" in _message(exc)
    _assign(cast.zhao_secretary, cast.wu_leader, level=Level.LEADER_BRANCH, branch=cast.branch_a)
    with pytest.raises(ValidationError) as exc:
        _assign(
            cast.zhao_secretary, cast.wu_leader, level=Level.LEADER_BRANCH, branch=cast.branch_a
        )
    assert "综采一队党支部已由吴矿长联系" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, cast.li_member, crew.ma_cadre, Level.SECRETARY_CADRE)
    assert "李红不是综采一队党支部的书记或科队长" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, crew.ma_cadre, cast.wang_worker, Level.CADRE_MEMBER)
    assert "王强不是综采一队党支部的班组长或党员" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, crew.chen_member, cast.li_member, Level.CADRE_MEMBER)
    assert "陈党不是综采一队党支部的队干" in _message(exc)
    with pytest.raises(ValidationError):
        _assign(cast.zhao_secretary, cast.wu_leader, level="nonsense", branch=cast.branch_a)
    assert GridLink.objects.count() == 1


def test_a_long_note_is_refused(cast, crew):
    with pytest.raises(ValidationError) as exc:
        _assign(cast.zhao_secretary, crew.chen_member, cast.wang_worker, note="长" * 201)
    assert "备注不能超过" in _message(exc)


# --- end, move, history ----------------------------------------------------------------------


def test_ending_a_link_keeps_it_in_the_history(cast, crew):
    link = _assign(
        cast.zhao_secretary, crew.chen_member, cast.wang_worker, starts_on=TODAY - 30 * DAY
    )
    ended = network.link_end(actor=cast.zhao_secretary, link_id=link.pk)
    assert ended.ends_on == TODAY
    assert covering_member(cast.wang_worker) is None
    assert covering_member(cast.wang_worker, on=TODAY - DAY) == crew.chen_member
    assert GridLink.objects.filter(pk=link.pk).exists()
    with pytest.raises(ValidationError) as exc:
        network.link_end(actor=cast.zhao_secretary, link_id=link.pk)
    assert "已于" in _message(exc)
    # the worker can be covered again from the end day
    _assign(cast.zhao_secretary, cast.li_member, cast.wang_worker)
    assert covering_member(cast.wang_worker) == cast.li_member


def test_a_link_made_by_mistake_today_is_withdrawn(cast, crew):
    link = _assign(cast.zhao_secretary, crew.chen_member, cast.wang_worker)
    withdrawn = network.link_end(actor=cast.zhao_secretary, link_id=link.pk)
    assert withdrawn.ends_on == withdrawn.starts_on == TODAY
    assert covering_member(cast.wang_worker) is None
    _assign(cast.zhao_secretary, cast.li_member, cast.wang_worker)
    assert covering_member(cast.wang_worker) == cast.li_member


def test_a_future_link_can_be_withdrawn_before_it_starts(cast, crew):
    link = _assign(
        cast.zhao_secretary, crew.chen_member, cast.wang_worker, starts_on=TODAY + 5 * DAY
    )
    withdrawn = network.link_end(actor=cast.zhao_secretary, link_id=link.pk)
    assert withdrawn.ends_on == withdrawn.starts_on == TODAY + 5 * DAY
    with pytest.raises(ValidationError) as exc:
        link = _assign(
            cast.zhao_secretary, crew.chen_member, crew.liu_worker, starts_on=TODAY + 5 * DAY
        )
        network.link_end(actor=cast.zhao_secretary, link_id=link.pk, ends_on=TODAY)
    assert "终止日期不能早于生效日期" in _message(exc)


def test_ending_needs_a_manager(cast, crew):
    link = _assign(cast.zhao_secretary, crew.chen_member, cast.wang_worker)
    for who in (cast.wu_leader, cast.qian_outsider):
        with pytest.raises(PermissionDenied):
            network.link_end(actor=who, link_id=link.pk)
    link.refresh_from_db()
    assert link.ends_on is None
    with pytest.raises(ValidationError):
        network.link_end(actor=cast.zhao_secretary, link_id=999999)


def test_moving_a_link_ends_the_old_and_starts_a_new(cast, crew):
    old = _assign(
        cast.zhao_secretary, crew.chen_member, cast.wang_worker, starts_on=TODAY - 60 * DAY
    )
    new = network.link_move(actor=cast.zhao_secretary, link_id=old.pk, responsible=cast.li_member)
    old.refresh_from_db()
    assert old.ends_on == TODAY == new.starts_on
    assert new.responsible == cast.li_member and new.person == cast.wang_worker
    assert covering_member(cast.wang_worker) == cast.li_member
    assert covering_member(cast.wang_worker, on=TODAY - DAY) == crew.chen_member
    history = list(
        GridLink.objects.filter(person=cast.wang_worker)
        .order_by("starts_on")
        .values_list("responsible__name", "starts_on", "ends_on")
    )
    assert history == [("陈党", TODAY - 60 * DAY, TODAY), ("李红", TODAY, None)]
    assert AuditEvent.objects.filter(action="grid.link.moved").exists()
    assert Notification.objects.filter(recipient=crew.chen_member, title__contains="调整").exists()


def test_a_bad_move_changes_nothing(cast, crew):
    old = _assign(
        cast.zhao_secretary, crew.chen_member, cast.wang_worker, starts_on=TODAY - 60 * DAY
    )
    cases = [
        ({"responsible": crew.chen_member}, "另一位责任人"),
        ({"responsible": cast.sun_chair}, "不是综采一队党支部在册的党员"),
        (
            {"responsible": cast.li_member, "starts_on": TODAY - 90 * DAY},
            "不能早于原联系的生效日期",
        ),
    ]
    for kwargs, expected in cases:
        with pytest.raises(ValidationError) as exc:
            network.link_move(actor=cast.zhao_secretary, link_id=old.pk, **kwargs)
        assert expected in _message(exc)
    with pytest.raises(PermissionDenied):
        network.link_move(actor=cast.wu_leader, link_id=old.pk, responsible=cast.li_member)
    old.refresh_from_db()
    assert old.ends_on is None
    assert GridLink.objects.count() == 1
    network.link_end(actor=cast.zhao_secretary, link_id=old.pk)
    with pytest.raises(ValidationError) as exc:
        network.link_move(actor=cast.zhao_secretary, link_id=old.pk, responsible=cast.li_member)
    assert "已于" in _message(exc)


def test_moving_a_link_the_day_it_started_withdraws_it(cast, crew):
    old = _assign(cast.zhao_secretary, crew.chen_member, cast.wang_worker)
    network.link_move(actor=cast.zhao_secretary, link_id=old.pk, responsible=cast.li_member)
    old.refresh_from_db()
    assert old.ends_on == old.starts_on
    assert covering_member(cast.wang_worker) == cast.li_member


def test_the_database_backstop_gives_the_same_message(cast, crew):
    """Should a link slip past the check (another path writing without the lock), the
    partial unique constraint refuses the second open link with the same words."""
    link = _assign(cast.zhao_secretary, crew.chen_member, cast.wang_worker)
    clash = GridLink(
        level=Level.MEMBER_WORKER,
        responsible=cast.li_member,
        person=cast.wang_worker,
        branch=cast.branch_a,
        starts_on=TODAY,
    )
    with pytest.raises(ValidationError) as exc:
        network_common.create_links([clash], lambda: network.clash_message(link, "王强"))
    assert "王强已由陈党联系" in _message(exc)
