"""Changing a contest after it was made: every field before it opens (papers drawn again
when the draw rules change), only a later end once open, cancelling with a reason
(participants told; starts, answers and submissions refused), stale forms refused."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tongxin.core.access import OutOfScope
from tongxin.core.models import Notification
from tongxin.core.timeline import Conflict
from tongxin.learning.contests import changes, services
from tongxin.learning.models import ContestEvent, ContestState, Paper, PointEvent, Question

from .contests_helpers import CLOSES, OPENS, SPEC, bank, contest

pytestmark = pytest.mark.django_db

BEFORE = OPENS - timedelta(hours=1)
NEW_SPEC = [{"category": "党章党规", "difficulty": 2, "count": 4}]


@pytest.fixture
def questions(cast):
    return bank(cast.mine)


def _edit(cast, made, *, actor=None, version=None, at=BEFORE, **changed):
    fields = {
        "title": made.title,
        "opens_at": made.opens_at,
        "closes_at": made.closes_at,
        "minutes": made.minutes,
        "draw_spec": made.draw_spec,
        **changed,
    }
    with time_machine.travel(at, tick=False):
        return changes.contest_edit(
            actor=actor or cast.feng_admin,
            contest_id=made.pk,
            version=made.version if version is None else version,
            **fields,
        )


def _categories(paper):
    by_pk = Question.objects.in_bulk(paper.question_ids)
    return sorted(by_pk[q].category for q in paper.question_ids)


def test_before_it_opens_the_window_and_title_change_and_papers_stay(cast, questions):
    made = contest(cast)
    papers = dict(Paper.objects.filter(contest=made).values_list("person_id", "question_ids"))
    edited = _edit(
        cast,
        made,
        title="安全知识竞赛（延期）",
        opens_at=OPENS + timedelta(days=1),
        closes_at=CLOSES + timedelta(days=1),
    )
    assert edited.title == "安全知识竞赛（延期）" and edited.opens_at == OPENS + timedelta(days=1)
    assert edited.state == ContestState.SCHEDULED and edited.version == made.version + 1
    assert (
        dict(Paper.objects.filter(contest=made).values_list("person_id", "question_ids")) == papers
    )
    event = ContestEvent.objects.filter(contest=made, action="edit").get()
    assert "名称" in event.note and "开始时间" in event.note and "重新抽取" not in event.note
    # Those with a paper are told of the new time (the editor is not).
    told = Notification.objects.filter(title__contains="时间调整")
    assert cast.wang_worker.pk in set(told.values_list("recipient", flat=True))
    assert not told.filter(recipient=cast.feng_admin).exists()
    assert "12-08 09:00 至 12-08 12:00" in told.first().body


def test_new_draw_rules_draw_every_paper_again(cast, questions):
    made = contest(cast)
    before = Paper.objects.get(contest=made, person=cast.wang_worker)
    assert _categories(before) == ["党章党规"] * 2 + ["安全生产"] * 3
    edited = _edit(cast, made, draw_spec=NEW_SPEC)
    after = Paper.objects.get(contest=made, person=cast.wang_worker)
    assert _categories(after) == ["党章党规"] * 4
    assert edited.drawn == edited.eligible == Paper.objects.filter(contest=made).count()
    assert "试卷已按新的抽题规则重新抽取" in ContestEvent.objects.get(action="edit").note


def test_a_bad_edit_saves_nothing(cast, questions):
    made = contest(cast)
    with pytest.raises(ValidationError) as refused:
        _edit(
            cast,
            made,
            title="",
            closes_at=OPENS - timedelta(minutes=5),
            draw_spec=[{"category": "安全生产", "difficulty": 1, "count": 99}],
        )
    messages = refused.value.message_dict
    assert "请填写竞赛名称。" in messages["title"]
    assert "结束时间须晚于开始时间。" in messages["closes_at"]
    assert "不够抽 99 道" in messages["draw_spec"][0]
    made.refresh_from_db()
    assert made.title == "安全知识竞赛" and made.version == 2 and made.draw_spec == SPEC
    assert not ContestEvent.objects.filter(action="edit").exists()


def test_a_stale_form_and_an_outsider_are_refused(cast, questions):
    made = contest(cast)
    _edit(cast, made, title="第一次修改")
    with pytest.raises(Conflict, match="刚刚已被他人处理"):
        _edit(cast, made, title="第二次修改", version=made.version)
    with pytest.raises(OutOfScope):
        _edit(cast, made, actor=cast.qian_outsider, version=made.version + 1, title="外人")
    made.refresh_from_db()
    assert made.title == "第一次修改"


def test_once_open_only_a_later_end_and_papers_get_their_time(cast, questions):
    made = contest(cast, minutes=60)
    # 王强 starts 30 minutes before the end: the end cuts his 60 minutes to 30.
    with time_machine.travel(CLOSES - timedelta(minutes=30), tick=False):
        late = services.paper_start(person=cast.wang_worker, contest=made)
    assert late.deadline == CLOSES
    with time_machine.travel(OPENS, tick=False):
        early = services.paper_start(person=cast.li_member, contest=made)
    at = CLOSES - timedelta(minutes=20)
    with pytest.raises(ValidationError, match="只能延长结束时间"):
        _edit(cast, made, at=at, title="改名")
    with time_machine.travel(at, tick=False):
        with pytest.raises(ValidationError, match="只能延后"):
            changes.contest_extend(
                actor=cast.feng_admin,
                contest_id=made.pk,
                version=made.version,
                closes_at=CLOSES - timedelta(minutes=1),
            )
        extended = changes.contest_extend(
            actor=cast.feng_admin,
            contest_id=made.pk,
            version=made.version,
            closes_at=CLOSES + timedelta(hours=2),
        )
    assert extended.closes_at == CLOSES + timedelta(hours=2) and extended.title == "安全知识竞赛"
    # Those yet to hand in are told of the later end.
    assert Notification.objects.filter(
        recipient=cast.wang_worker, title__contains="延长至"
    ).exists()
    late.refresh_from_db()
    early.refresh_from_db()
    assert late.deadline == CLOSES + timedelta(minutes=30)  # start + 60 minutes
    assert early.deadline == OPENS + timedelta(minutes=60)  # was never cut
    with time_machine.travel(CLOSES + timedelta(hours=3), tick=False):
        with pytest.raises(ValidationError, match="已经结束，不能再延长"):
            changes.contest_extend(
                actor=cast.feng_admin,
                contest_id=made.pk,
                version=extended.version,
                closes_at=CLOSES + timedelta(hours=5),
            )


def test_cancelling_needs_a_reason_tells_participants_and_refuses_the_paper(cast, questions):
    made = contest(cast)
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        services.paper_start(person=cast.wang_worker, contest=made)
        with pytest.raises(ValidationError, match="请填写取消竞赛的原因"):
            changes.contest_cancel(
                actor=cast.feng_admin, contest_id=made.pk, version=made.version, reason=" "
            )
        cancelled = changes.contest_cancel(
            actor=cast.feng_admin,
            contest_id=made.pk,
            version=made.version,
            reason="井下停电检修，竞赛改期举行",
        )
    assert cancelled.state == ContestState.CANCELLED and cancelled.phase() == "cancelled"
    event = ContestEvent.objects.get(contest=made, action="cancel")
    assert event.note == "井下停电检修，竞赛改期举行" and event.to_state == "cancelled"
    told = set(
        Notification.objects.filter(title__contains="已取消").values_list("recipient", flat=True)
    )
    holders = set(Paper.objects.filter(contest=made).values_list("person", flat=True))
    assert told == holders - {cast.feng_admin.pk} and cast.wang_worker.pk in told
    with time_machine.travel(OPENS + timedelta(minutes=5), tick=False):
        with pytest.raises(ValidationError, match="已取消"):
            services.paper_start(person=cast.li_member, contest=cancelled)
        paper = Paper.objects.get(contest=made, person=cast.wang_worker)
        with pytest.raises(ValidationError, match="已取消"):
            services.answer_save(
                person=cast.wang_worker,
                contest=cancelled,
                question_id=paper.question_ids[0],
                answer="A",
            )
        with pytest.raises(ValidationError, match="已取消"):
            services.paper_submit(person=cast.wang_worker, contest=cancelled)
    # The sweep leaves a cancelled contest's papers unmarked: no score, no points.
    with time_machine.travel(CLOSES + timedelta(hours=1), tick=False):
        assert services.sweep() == 0
    paper.refresh_from_db()
    assert paper.submitted_at is None and paper.score is None
    assert not PointEvent.objects.filter(rule__code="contest").exists()


def test_a_submission_read_before_the_cancel_is_refused(cast, questions, client_for):
    """The page read the contest while it was open; the cancel committed since."""
    made = contest(cast)
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        services.paper_start(person=cast.wang_worker, contest=made)
        changes.contest_cancel(
            actor=cast.feng_admin, contest_id=made.pk, version=made.version, reason="改期"
        )
        # The paper's page sends a reload back to the contest, which says why.
        paper_url = reverse("learning:contest_paper", args=[made.pk])
        reload = client_for(cast.wang_worker).get(paper_url, follow=True)
        assert "这场竞赛已取消：改期" in reload.content.decode()
        assert made.state == ContestState.SCHEDULED  # the stale copy the page holds
        with pytest.raises(ValidationError, match="已取消"):
            services.paper_submit(person=cast.wang_worker, contest=made)
    assert Paper.objects.get(contest=made, person=cast.wang_worker).submitted_at is None


def test_a_closed_contest_cannot_be_cancelled_and_a_draft_can(cast, questions):
    made = contest(cast)
    with time_machine.travel(CLOSES + timedelta(minutes=1), tick=False):
        with pytest.raises(ValidationError, match="已经结束，不能再取消"):
            changes.contest_cancel(
                actor=cast.feng_admin, contest_id=made.pk, version=made.version, reason="晚了"
            )
    draft = contest(cast, schedule=False, title="草稿竞赛")
    done = changes.contest_cancel(
        actor=cast.feng_admin, contest_id=draft.pk, version=draft.version, reason="重复创建"
    )
    assert done.state == ContestState.CANCELLED
    with pytest.raises(Conflict):
        services.contest_schedule(actor=cast.feng_admin, contest_id=draft.pk, version=done.version)


def test_the_pages_edit_and_cancel_and_participants_see_why(
    cast, questions, client_for, django_assert_max_num_queries
):
    made = contest(cast)
    admin = client_for(cast.feng_admin)
    url = reverse("learning:contest_edit", args=[made.pk])
    with time_machine.travel(BEFORE, tick=False):
        with django_assert_max_num_queries(12):
            page = admin.get(url)
        assert page.status_code == 200 and "保存修改" in page.content.decode()
        form = {
            "version": made.version,
            "title": "安全知识竞赛（修订）",
            "opens_at": "2026-12-07T09:00",
            "closes_at": "2026-12-07T08:00",
            "minutes": "30",
            "category_0": "党章党规",
            "difficulty_0": "2",
            "count_0": "4",
        }
        refused = admin.post(url, form)
        assert refused.status_code == 400 and "结束时间须晚于开始时间" in refused.content.decode()
        assert 'value="安全知识竞赛（修订）"' in refused.content.decode()
        form["closes_at"] = "2026-12-07T12:00"
        assert admin.post(url, form).status_code == 302
        made.refresh_from_db()
        assert made.title == "安全知识竞赛（修订）" and made.draw_spec == NEW_SPEC
        cancel = reverse("learning:contest_cancel", args=[made.pk])
        assert admin.post(cancel, {"version": made.version, "reason": ""}).status_code == 400
        assert admin.post(cancel, {"version": made.version, "reason": "改期"}).status_code == 302
    worker = client_for(cast.wang_worker)
    page = worker.get(reverse("learning:contest_detail", args=[made.pk]))
    assert page.status_code == 200 and "这场竞赛已取消：改期" in page.content.decode()
    assert "已取消" in worker.get(reverse("learning:contests")).content.decode()
    start = worker.post(reverse("learning:contest_start", args=[made.pk]), follow=True)
    assert "已取消" in start.content.decode()
    assert not Paper.objects.filter(contest=made, started_at__isnull=False).exists()


def test_while_drawing_no_edit_but_a_cancel_and_the_task_then_stops(cast, questions, client_for):
    made = contest(cast, schedule=False)
    with time_machine.travel(BEFORE, tick=False):
        drawing = services.contest_schedule(
            actor=cast.feng_admin, contest_id=made.pk, version=made.version, background=True
        )
        assert drawing.state == ContestState.DRAWING
        with pytest.raises(Conflict, match="正在抽题"):
            _edit(cast, drawing, title="抽题中改名")
        page = client_for(cast.feng_admin).get(reverse("learning:contest_edit", args=[made.pk]))
        assert "抽完后才能修改" in page.content.decode()
        changes.contest_cancel(
            actor=cast.feng_admin, contest_id=made.pk, version=drawing.version, reason="取消"
        )
    assert services.finish_drawing(made.pk).state == ContestState.CANCELLED
    assert not Paper.objects.filter(contest=made).exists()
