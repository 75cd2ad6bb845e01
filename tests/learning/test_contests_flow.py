"""Contests: papers drawn at random before opening, the server's clock, marking of each
kind, a double submission counted once, points on submit, the deadline sweep."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from tongxin.core.access import OutOfScope
from tongxin.learning.contests import services
from tongxin.learning.contests.marking import is_correct, normalise
from tongxin.learning.models import (
    ContestState,
    Paper,
    PaperAnswer,
    PointEvent,
    Question,
)

from .contests_helpers import CLOSES, OPENS, bank, contest, right_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(cast):
    return bank(cast.mine)


def test_scheduling_draws_everyone_a_random_paper_of_the_spec(cast, questions):
    made = contest(cast)
    assert made.state == ContestState.SCHEDULED and made.phase(OPENS - timedelta(1)) == "upcoming"
    papers = {p.person_id: p for p in Paper.objects.filter(contest=made)}
    assert cast.wang_worker.pk in papers and cast.feng_admin.pk in papers
    assert made.eligible == made.drawn == len(papers)
    by_pk = Question.objects.in_bulk()
    for paper in papers.values():
        kinds = [(by_pk[q].category, by_pk[q].difficulty) for q in paper.question_ids]
        assert kinds.count(("安全生产", 1)) == 3 and kinds.count(("党章党规", 2)) == 2
        assert len(set(paper.question_ids)) == 5
    # Different people, different papers; the same person always the same one.
    assert len({tuple(p.question_ids) for p in papers.values()}) > 1
    again = services.draw_for(made.pk, cast.wang_worker.pk, services._pools(made))
    assert again == papers[cast.wang_worker.pk].question_ids
    assert papers[cast.li_member.pk].branch_path == cast.branch_a.path
    assert papers[cast.wang_worker.pk].branch_path == ""


def test_a_branch_contest_is_for_the_branch_members(cast, questions):
    made = services.contest_create(
        actor=cast.zhao_secretary,
        scope=cast.branch_a,
        title="支部党章知识测试",
        opens_at=OPENS,
        closes_at=CLOSES,
        minutes=20,
        draw_spec=[{"category": "党章党规", "difficulty": 2, "count": 4}],
    )
    with time_machine.travel(OPENS - timedelta(hours=1), tick=False):
        made = services.contest_schedule(actor=cast.zhao_secretary, contest_id=made.pk, version=1)
    people = set(Paper.objects.filter(contest=made).values_list("person_id", flat=True))
    assert people == {cast.li_member.pk, cast.zhao_secretary.pk}
    with pytest.raises(OutOfScope):
        services.contest_create(
            actor=cast.qian_outsider,
            scope=cast.branch_a,
            title="x",
            opens_at=OPENS,
            closes_at=CLOSES,
            minutes=20,
            draw_spec=[{"category": "党章党规", "difficulty": 2, "count": 4}],
        )


def test_a_bank_too_small_is_refused_in_chinese(cast, questions):
    with pytest.raises(ValidationError) as refused:
        contest(cast, spec=[{"category": "安全生产", "difficulty": 1, "count": 30}])
    assert "只有 12 道" in str(refused.value) and "不够抽 30 道" in str(refused.value)
    with pytest.raises(ValidationError):
        contest(cast, spec=[{"category": "工会知识", "difficulty": 0, "count": 1}])


def test_a_large_audience_is_drawn_by_the_task(cast, questions):
    made = contest(cast, schedule=False)
    with time_machine.travel(OPENS - timedelta(hours=1), tick=False):
        scheduled = services.contest_schedule(
            actor=cast.feng_admin, contest_id=made.pk, version=made.version, background=True
        )
    assert scheduled.state == ContestState.DRAWING
    # Huey runs immediately in tests' settings? Either way the task's work is this call:
    done = services.finish_drawing(made.pk)
    assert done.state == ContestState.SCHEDULED and done.drawn == done.eligible > 0


def _take(cast, made, person, when):
    with time_machine.travel(when, tick=False):
        return services.paper_start(person=person, contest=made)


def test_start_stamps_the_paper_and_a_reload_keeps_the_deadline(cast, questions):
    made = contest(cast, minutes=30)
    with pytest.raises(ValidationError, match="尚未开始"):
        _take(cast, made, cast.wang_worker, OPENS - timedelta(minutes=1))
    paper = _take(cast, made, cast.wang_worker, OPENS + timedelta(minutes=5))
    assert paper.deadline == OPENS + timedelta(minutes=35)
    again = _take(cast, made, cast.wang_worker, OPENS + timedelta(minutes=20))
    assert again.started_at == OPENS + timedelta(minutes=5) and again.deadline == paper.deadline
    # Started near the end: the contest's end is the deadline.
    late = _take(cast, made, cast.li_member, CLOSES - timedelta(minutes=10))
    assert late.deadline == CLOSES


def test_an_answer_after_the_deadline_is_refused_whatever_the_page_says(cast, questions):
    made = contest(cast, minutes=30)
    paper = _take(cast, made, cast.wang_worker, OPENS)
    first = Question.objects.get(pk=paper.question_ids[0])
    with time_machine.travel(OPENS + timedelta(minutes=29), tick=False):
        services.answer_save(
            person=cast.wang_worker, contest=made, question_id=first.pk, answer=right_answer(first)
        )
    with time_machine.travel(OPENS + timedelta(minutes=30, seconds=1), tick=False):
        with pytest.raises(ValidationError, match="截止"):
            services.answer_save(
                person=cast.wang_worker, contest=made, question_id=first.pk, answer="A"
            )
        with pytest.raises(ValidationError, match="截止"):
            services.paper_submit(person=cast.wang_worker, contest=made)
    assert PaperAnswer.objects.get(paper=paper).answer == normalise(
        first.kind, right_answer(first), len(first.options)
    )
    # The sweep hands it in with what was saved by then.
    with time_machine.travel(OPENS + timedelta(minutes=40), tick=False):
        assert services.sweep() == 1
        assert services.sweep() == 0
    paper.refresh_from_db()
    assert paper.timed_out and paper.submitted_at == paper.deadline and paper.correct == 1


def test_an_answer_to_a_question_not_in_the_paper_is_refused(cast, questions):
    made = contest(cast)
    paper = _take(cast, made, cast.wang_worker, OPENS)
    other = Question.objects.exclude(pk__in=paper.question_ids).first()
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        with pytest.raises(ValidationError, match="不在您的试卷中"):
            services.answer_save(
                person=cast.wang_worker, contest=made, question_id=other.pk, answer="A"
            )
    assert not PaperAnswer.objects.exists()


def test_answers_are_saved_per_question_and_can_be_changed(cast, questions):
    made = contest(cast)
    paper = _take(cast, made, cast.wang_worker, OPENS)
    q = paper.question_ids[0]
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        for answer in ("A", "B", "B"):
            question = Question.objects.get(pk=q)
            if question.kind in ("true_false",):
                answer = "对"
            elif question.kind == "fill":
                answer = "瓦斯"
            services.answer_save(
                person=cast.wang_worker, contest=made, question_id=q, answer=answer
            )
    assert PaperAnswer.objects.filter(paper=paper).count() == 1


@pytest.mark.parametrize(
    ("kind", "options", "answer", "right", "wrong"),
    [
        ("single", ["a", "b", "c"], "B", ["b", " B "], ["A", "BC"]),
        ("multiple", ["a", "b", "c", "d"], "AC", ["CA", "a,c", "A、C"], ["A", "ACD", "B"]),
        ("true_false", [], "对", ["对", "正确", "√", "T"], ["错", "×"]),
        ("fill", [], "瓦斯|沼气", ["瓦斯", " 沼 气 ", "沼气"], ["煤尘", ""]),
        ("fill", [], "CO|一氧化碳", ["co", "ｃｏ", "一氧化碳"], ["CO2"]),
    ],
)
def test_marking_each_kind(kind, options, answer, right, wrong):
    q = Question(kind=kind, options=options, answer=answer)
    for given in right:
        assert is_correct(q, given), given
    for given in wrong:
        assert not is_correct(q, given), given


def test_submitting_marks_the_paper_and_a_second_submission_counts_once(cast, questions):
    made = contest(cast)
    worker = cast.wang_worker
    paper = _take(cast, made, worker, OPENS)
    qs = Question.objects.in_bulk(paper.question_ids)
    with time_machine.travel(OPENS + timedelta(minutes=3), tick=False):
        for n, q in enumerate(paper.question_ids):
            question = qs[q]
            wrong = {"single": "A", "multiple": "AB", "true_false": "错", "fill": "煤尘"}
            answer = right_answer(question) if n < 3 else wrong[question.kind]
            services.answer_save(person=worker, contest=made, question_id=q, answer=answer)
    with time_machine.travel(OPENS + timedelta(minutes=4), tick=False):
        first = services.paper_submit(person=worker, contest=made)
    with time_machine.travel(OPENS + timedelta(minutes=5), tick=False):
        second = services.paper_submit(person=worker, contest=made)
    assert (first.correct, first.score) == (3, 60)
    assert second.submitted_at == first.submitted_at == OPENS + timedelta(minutes=4)
    assert PointEvent.objects.filter(person=worker, rule__code="contest").count() == 1
    with time_machine.travel(OPENS + timedelta(minutes=6), tick=False):
        with pytest.raises(ValidationError, match="已经交了"):
            services.answer_save(
                person=worker, contest=made, question_id=paper.question_ids[0], answer="A"
            )


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_one_wins(cast, questions):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")
    import threading

    made = contest(
        cast,
        opens_at=OPENS - timedelta(days=3650),
        closes_at=CLOSES + timedelta(3650),
        scheduled_at=OPENS - timedelta(days=3651),
    )
    services.paper_start(person=cast.wang_worker, contest=made)
    barrier = threading.Barrier(2)
    results = []

    def submit():
        from django.db import connection as conn

        try:
            barrier.wait()
            results.append(services.paper_submit(person=cast.wang_worker, contest=made))
        finally:
            conn.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    assert len({r.submitted_at for r in results}) == 1
    assert PointEvent.objects.filter(person=cast.wang_worker, rule__code="contest").count() == 1
