"""The demo mine's question bank and contests (gathered by test_demo.py, and run at five
awkward dates by tests/core/test_demo_any_date.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tongxin.learning.contests import selectors
from tongxin.learning.models import Contest, ContestState, Paper, Question
from tongxin.people.models import Person


def _person(no):
    return Person.objects.get(employee_no=no)


def test_the_bank_holds_a_few_hundred_questions_of_every_kind(demo):
    demo01 = _person("demo01")
    mine_path = Contest.objects.filter(state=ContestState.SCHEDULED).first().mine_path
    assert demo01.unit.path.startswith(mine_path)
    bank = Question.objects.filter(org_path=mine_path)
    assert 200 <= bank.count() <= 600
    assert set(bank.values_list("kind", flat=True)) == {"single", "multiple", "true_false", "fill"}
    assert {"党章党规", "安全生产", "工会知识", "时事政治"} <= set(
        bank.values_list("category", flat=True)
    )


def test_a_finished_contest_with_papers_and_rankings(demo):
    now = timezone.now()
    closed = [
        c for c in Contest.objects.filter(state=ContestState.SCHEDULED) if c.phase(now) == "closed"
    ]
    assert len(closed) == 1
    contest = closed[0]
    totals = selectors.contest_totals(contest)
    assert totals["eligible"] >= 500 and totals["submitted"] > totals["eligible"] // 2
    people = selectors.people_ranking(contest)
    assert people[0].score >= people[-1].score
    branches = selectors.branch_ranking(contest)
    assert len(branches["by_score"]) >= 3
    assert all(0 < b.participation <= 1 for b in branches["by_participation"])


def test_demo01_and_demo02_can_take_the_open_contest(demo, client):
    now = timezone.now()
    opened = [
        c for c in Contest.objects.filter(state=ContestState.SCHEDULED) if c.phase(now) == "open"
    ]
    assert len(opened) == 1
    contest = opened[0]
    assert (contest.closes_at - now).days >= 2
    for no in ("demo01", "demo02"):
        paper = Paper.objects.get(contest=contest, person=_person(no))
        assert paper.started_at is None and len(paper.question_ids) == 20
    client.force_login(_person("demo01"))
    page = client.get(reverse("learning:contests"))
    assert contest.title in page.content.decode()
    assert client.post(reverse("learning:contest_start", args=[contest.pk])).status_code == 302
    assert client.get(reverse("learning:contest_paper", args=[contest.pk])).status_code == 200
    home = client.get("/")
    assert "场竞赛正在进行" in home.content.decode()


def test_the_committee_sees_results_and_a_draft(demo, client):
    client.force_login(_person("demo08"))
    desk = client.get(reverse("learning:contest_desk"))
    assert desk.status_code == 200 and "草稿" in desk.content.decode()
    closed = Contest.objects.order_by("opens_at").first()
    page = client.get(reverse("learning:contest_results", args=[closed.pk]))
    assert page.status_code == 200 and "党支部排名" in page.content.decode()
    bank = client.get(reverse("learning:question_bank"))
    assert bank.status_code == 200


def test_demo01_reviews_the_finished_contest(demo, client):
    contest = Contest.objects.order_by("opens_at").first()
    client.force_login(_person("demo01"))
    review = client.get(reverse("learning:contest_review", args=[contest.pk]))
    assert review.status_code == 200 and "正确答案" in review.content.decode()
    assert client.get(reverse("learning:contest_rankings", args=[contest.pk])).status_code == 200


def test_daily_practice_over_the_last_weeks_and_today_fresh_for_demo01(demo, client):
    from tongxin.core.registry import figure
    from tongxin.learning.models import PracticeDay
    from tongxin.people.models import Organisation, OrgKind

    today = timezone.localdate()
    mine = Organisation.objects.filter(kind=OrgKind.MINE).order_by("path").first()
    answered = figure("learning.practice_answers").value(
        mine, today.replace(day=1) - timedelta(days=20), today
    )
    assert answered > 500
    assert not PracticeDay.objects.filter(person=_person("demo01")).exists()
    client.force_login(_person("demo01"))
    page = client.get(reverse("learning:practice"))
    assert "今日 0 / 5 题" in page.content.decode()


def test_the_bank_has_an_edited_and_a_disabled_question(demo, client):
    edited = Question.objects.get(version=2)
    old = Question.objects.get(replaced_by=edited)
    assert "修订" in edited.explanation and not old.is_active and edited.is_active
    disabled = Question.objects.filter(is_active=False, replaced_by__isnull=True)
    assert disabled.count() == 1
    client.force_login(_person("demo08"))
    page = client.get(reverse("learning:question_bank") + "?active=0")
    assert [q.pk for q in page.context["page"].object_list] == [disabled.get().pk]
    assert client.get(reverse("learning:question_edit", args=[edited.pk])).status_code == 200


def test_a_cancelled_branch_contest_that_demo02_was_told_of(demo, client):
    from tongxin.core.models import Notification

    cancelled = Contest.objects.get(state=ContestState.CANCELLED)
    assert cancelled.cancel_reason and cancelled.phase() == "cancelled"
    demo02 = _person("demo02")
    assert Paper.objects.filter(contest=cancelled, person=demo02).exists()
    assert Notification.objects.filter(recipient=demo02, title__contains="已取消").exists()
    client.force_login(demo02)
    assert "已取消" in client.get(reverse("learning:contests")).content.decode()
    page = client.get(reverse("learning:contest_detail", args=[cancelled.pk]))
    assert cancelled.cancel_reason in page.content.decode()
    client.post(reverse("learning:contest_start", args=[cancelled.pk]))
    assert not Paper.objects.filter(contest=cancelled, started_at__isnull=False).exists()
