"""Editing the bank: an edit is a new version, so a paper drawn before is marked against
the question it was given; a disabled question is not drawn into new papers or
practice; two editors at once, one wins and the other is told; bad input saves nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from tongxin.core.access import OutOfScope
from tongxin.core.models import AuditEvent
from tongxin.core.timeline import Conflict
from tongxin.learning.contests import questions as q_services
from tongxin.learning.contests import selectors, services
from tongxin.learning.models import Paper, Question

from .contests_helpers import OPENS, bank, contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(cast):
    return bank(cast.mine)


def _single(questions):
    return next(q for q in questions if q.kind == "single" and q.category == "安全生产")


def _edit(cast, question, *, actor=None, version=None, **changed):
    fields = {
        "kind": question.kind,
        "category": question.category,
        "difficulty": question.difficulty,
        "stem": question.stem,
        "options": question.options,
        "answer": question.answer,
        "explanation": question.explanation,
        **changed,
    }
    return q_services.question_edit(
        actor=actor or cast.feng_admin,
        question_id=question.pk,
        version=question.version if version is None else version,
        **fields,
    )


def test_an_edit_is_a_new_version_and_a_drawn_paper_keeps_its_marking(cast, questions):
    made = contest(cast, spec=[{"category": "安全生产", "difficulty": 1, "count": 12}])
    paper = Paper.objects.get(contest=made, person=cast.wang_worker)
    old = _single(questions)
    assert old.pk in paper.question_ids and old.answer == "B"
    new = _edit(cast, old, stem="采煤工作面回风流中瓦斯浓度超过多少必须停止工作？", answer="C")
    assert new.pk != old.pk and new.version == 2 and new.answer == "C" and new.is_active
    old.refresh_from_db()
    assert old.replaced_by_id == new.pk and not old.is_active and old.answer == "B"
    # 王强 answers B, right for the question he was given: still right after the edit.
    with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
        services.paper_start(person=cast.wang_worker, contest=made)
        services.answer_save(person=cast.wang_worker, contest=made, question_id=old.pk, answer="B")
        marked = services.paper_submit(person=cast.wang_worker, contest=made)
    assert marked.correct == 1
    assert [q.pk for q, _a in selectors.paper_questions(marked)] == paper.question_ids
    # The bank shows the current version only; the edit is in the audit log.
    bank_ids = set(selectors.bank_questions(cast.feng_admin).values_list("pk", flat=True))
    assert new.pk in bank_ids and old.pk not in bank_ids
    assert AuditEvent.objects.filter(action="learning.question.edit").count() == 1


def test_new_papers_draw_the_new_version_and_never_a_disabled_question(cast, questions):
    target = _single(questions)
    new = _edit(cast, target, explanation="见《煤矿安全规程》第一百三十五条。")
    others = [q for q in questions if q.category == "安全生产" and q.pk != target.pk]
    off = q_services.question_set_active(
        actor=cast.feng_admin, question_id=others[0].pk, version=1, active=False
    )
    assert not off.is_active and off.version == 1
    spec = [{"category": "安全生产", "difficulty": 1, "count": 11}]
    made = contest(cast, spec=spec)
    drawn = set(Paper.objects.get(contest=made, person=cast.wang_worker).question_ids)
    assert new.pk in drawn and target.pk not in drawn and others[0].pk not in drawn
    # The bank now holds 11 drawable questions of the kind: 12 is refused.
    with pytest.raises(ValidationError, match="只有 11 道"):
        contest(cast, spec=[{"category": "安全生产", "difficulty": 1, "count": 12}])
    # Enabled again, it is drawn again.
    q_services.question_set_active(
        actor=cast.feng_admin, question_id=others[0].pk, version=1, active=True
    )
    made = contest(cast, spec=[{"category": "安全生产", "difficulty": 1, "count": 12}])
    assert others[0].pk in Paper.objects.get(contest=made, person=cast.wang_worker).question_ids


def test_a_disabled_question_is_not_in_the_daily_quiz(cast, questions):
    for q in questions[1:]:
        q_services.question_set_active(
            actor=cast.feng_admin, question_id=q.pk, version=1, active=False
        )
    day = services.practice_today(person=cast.wang_worker)
    assert day.question_ids == [questions[0].pk]


def test_bad_input_saves_nothing_and_says_why(cast, questions):
    target = _single(questions)
    with pytest.raises(ValidationError) as refused:
        _edit(cast, target, stem="", answer="G", category="")
    reasons = refused.value.message_dict["question"]
    assert "请填写题干。" in reasons and "请填写分类。" in reasons
    assert any("答案须为一个选项字母" in r for r in reasons)
    with pytest.raises(ValidationError, match="请选择题型"):
        _edit(cast, target, kind="essay")
    with pytest.raises(ValidationError, match="多选题的答案至少两个选项"):
        _edit(cast, target, kind="multiple", answer="A")
    assert Question.objects.count() == len(questions)
    target.refresh_from_db()
    assert target.version == 1 and target.replaced_by_id is None


def test_two_editors_one_wins_the_other_is_told(cast, questions):
    target = _single(questions)
    first = _edit(cast, target, stem="第一位编辑改的题干")
    with pytest.raises(Conflict, match="刚刚已被他人修改"):
        _edit(cast, target, actor=cast.wu_leader, stem="第二位编辑改的题干")
    with pytest.raises(Conflict):
        q_services.question_set_active(
            actor=cast.wu_leader, question_id=target.pk, version=1, active=False
        )
    # Someone who opened the new version but after another change of its state is told too.
    q_services.question_set_active(
        actor=cast.feng_admin, question_id=first.pk, version=first.version, active=False
    )
    with pytest.raises(Conflict):
        q_services.question_set_active(
            actor=cast.wu_leader, question_id=first.pk, version=first.version - 1, active=True
        )
    assert Question.objects.filter(stem="第二位编辑改的题干").count() == 0
    assert Question.objects.filter(replaced_by__isnull=True).count() == len(questions)


@pytest.mark.django_db(transaction=True)
def test_two_editors_at_the_same_moment(cast, questions):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")
    import threading

    target = _single(questions)
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(person, stem):
        from django.db import connection as conn

        try:
            barrier.wait()
            outcomes.append(_edit(cast, target, actor=person, stem=stem).stem)
        except Conflict:
            outcomes.append("conflict")
        finally:
            conn.close()

    threads = [
        threading.Thread(target=edit, args=(cast.feng_admin, "甲改的题干")),
        threading.Thread(target=edit, args=(cast.wu_leader, "乙改的题干")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[0] == "conflict" and len(outcomes) == 2
    assert Question.objects.filter(version=2).count() == 1


def test_only_the_committee_edits_the_bank(cast, questions):
    target = _single(questions)
    with pytest.raises(OutOfScope):
        _edit(cast, target, actor=cast.zhao_secretary, stem="支部书记改的")
    with pytest.raises(OutOfScope):
        q_services.question_set_active(
            actor=cast.qian_outsider, question_id=target.pk, version=1, active=False
        )


def test_the_bank_pages(cast, questions, client_for, django_assert_max_num_queries):
    target = _single(questions)
    client = client_for(cast.feng_admin)
    url = reverse("learning:question_edit", args=[target.pk])
    with django_assert_max_num_queries(10):
        page = client.get(url)
    assert page.status_code == 200 and "保存为新版" in page.content.decode()
    form = {
        "version": "1",
        "kind": "single",
        "category": "安全生产",
        "difficulty": "2",
        "stem": "改过的题干",
        "option_A": "甲",
        "option_B": "乙",
        "option_C": "丙",
        "answer": "Z",
        "explanation": "",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400 and "改过的题干" in refused.content.decode()
    form["answer"] = "C"
    assert client.post(url, form).status_code == 302
    new = Question.objects.get(stem="改过的题干")
    assert new.options == ["甲", "乙", "丙"] and new.difficulty == 2 and new.version == 2
    # A stale form (version 1) is told and keeps what was typed.
    form["stem"] = "又改一次"
    stale = client.post(url, form)
    assert stale.status_code == 409 and "又改一次" in stale.content.decode()
    # The old version's page leads to the current one.
    assert client.get(url).url == reverse("learning:question_edit", args=[new.pk])
    toggle = reverse("learning:question_active", args=[new.pk])
    assert client.post(toggle, {"version": "2", "active": "0"}).status_code == 302
    new.refresh_from_db()
    assert not new.is_active
    bank_url = reverse("learning:question_bank")
    with django_assert_max_num_queries(12):
        page = client.get(bank_url + "?active=0")
    assert [q.pk for q in page.context["page"].object_list] == [new.pk]
    assert page.context["page"].paginator.count == 1
    assert client.get(bank_url).context["page"].paginator.count == len(questions)
    # The branch secretary does not keep the bank.
    assert client_for(cast.zhao_secretary).get(url).status_code in (403, 404)
