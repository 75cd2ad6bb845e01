"""Contest pages on the phone and at the desk: the paper through a reload, review only
after close, rankings' audiences, the officer's results within a query budget, the
bank's import with row errors, the daily quiz and its cap, the export."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tongxin.learning.contests import selectors, services
from tongxin.learning.models import (
    Paper,
    PaperAnswer,
    PointEvent,
    PracticeAnswer,
    Question,
    QuestionImport,
)

from .contests_helpers import CLOSES, OPENS, bank, contest, right_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(cast):
    return bank(cast.mine)


def _url(name, c, *args):
    return reverse(f"learning:{name}", args=[c.pk, *args])


def test_a_worker_takes_a_paper_through_a_reload(cast, questions, client_for):
    made = contest(cast)
    client = client_for(cast.wang_worker)
    with time_machine.travel(OPENS + timedelta(minutes=1)):
        page = client.get(reverse("learning:contests"))
        assert made.title in page.content.decode()
        client.post(_url("contest_start", made))
        paper = Paper.objects.get(contest=made, person=cast.wang_worker)
        q = Question.objects.get(pk=paper.question_ids[0])
        value = list(right_answer(q)) if q.kind == "multiple" else right_answer(q)
        saved = client.post(_url("contest_answer", made, q.pk), {f"q{q.pk}": value})
        assert saved.status_code == 200 and "已保存" in saved.content.decode()
        reloaded = client.get(_url("contest_paper", made))
        assert reloaded.status_code == 200 and 'data-deadline="' in reloaded.content.decode()
        other = Question.objects.exclude(pk__in=paper.question_ids).first()
        refused = client.post(_url("contest_answer", made, other.pk), {f"q{other.pk}": "A"})
        assert refused.status_code == 404
        client.post(_url("contest_submit", made))
        detail = client.get(_url("contest_detail", made))
    paper.refresh_from_db()
    assert paper.submitted_at and paper.correct == 1 and paper.score == 20
    assert 'id="score">20<' in detail.content.decode()
    assert PaperAnswer.objects.filter(paper=paper).count() == 1


def test_review_and_rankings_only_after_close_for_participants(cast, questions, client_for):
    made = contest(cast)
    for person in (cast.wang_worker, cast.li_member):
        with time_machine.travel(OPENS, tick=False):
            services.paper_start(person=person, contest=made)
        with time_machine.travel(OPENS + timedelta(minutes=2), tick=False):
            services.paper_submit(person=person, contest=made)
    worker = client_for(cast.wang_worker)
    with time_machine.travel(OPENS + timedelta(minutes=10)):
        assert worker.get(_url("contest_review", made)).status_code == 403
        assert worker.get(_url("contest_rankings", made)).status_code == 403
        officer = client_for(cast.feng_admin)
        assert officer.get(_url("contest_rankings", made)).status_code == 200
    with time_machine.travel(CLOSES + timedelta(minutes=1)):
        worker = client_for(cast.wang_worker)
        review = worker.get(_url("contest_review", made))
        assert review.status_code == 200 and "正确答案" in review.content.decode()
        assert worker.get(_url("contest_rankings", made)).status_code == 200
        # The results desk is the officers'.
        assert worker.get(_url("contest_results", made)).status_code == 404


def test_rankings_people_by_score_then_time_and_branches(cast, questions):
    made = contest(cast)
    wrong = {"single": "A", "multiple": "AB", "true_false": "错", "fill": "煤尘"}

    def take(person, right, minutes):
        with time_machine.travel(OPENS, tick=False):
            paper = services.paper_start(person=person, contest=made)
        qs = Question.objects.in_bulk(paper.question_ids)
        with time_machine.travel(OPENS + timedelta(minutes=1), tick=False):
            for n, q in enumerate(paper.question_ids):
                answer = right_answer(qs[q]) if n < right else wrong[qs[q].kind]
                services.answer_save(person=person, contest=made, question_id=q, answer=answer)
        with time_machine.travel(OPENS + timedelta(minutes=minutes), tick=False):
            services.paper_submit(person=person, contest=made)

    take(cast.wang_worker, 5, 9)  # 100, slow
    take(cast.li_member, 5, 4)  # 100, fast
    take(cast.zhao_secretary, 2, 2)  # 40
    take(cast.qian_outsider, 4, 3)  # 80
    ranked = [(p.person_id, p.score, p.place) for p in selectors.people_ranking(made)]
    assert ranked == [
        (cast.li_member.pk, 100, 1),
        (cast.wang_worker.pk, 100, 2),
        (cast.qian_outsider.pk, 80, 3),
        (cast.zhao_secretary.pk, 40, 4),
    ]
    branches = selectors.branch_ranking(made)
    by_score = [(b.path, b.average, b.submitted, b.eligible) for b in branches["by_score"]]
    assert by_score[:2] == [(cast.branch_b.path, 80.0, 1, 1), (cast.branch_a.path, 70.0, 2, 2)]
    assert {b.path for b in branches["by_participation"][:2]} == {
        cast.branch_a.path,
        cast.branch_b.path,
    }
    assert [b.participation for b in branches["by_participation"]] == [1.0, 1.0]


def test_the_officers_results_page_within_its_query_budget(
    cast, questions, client_for, django_assert_max_num_queries
):
    made = contest(cast)
    for person in (cast.wang_worker, cast.li_member, cast.zhao_secretary):
        with time_machine.travel(OPENS, tick=False):
            services.paper_start(person=person, contest=made)
        with time_machine.travel(OPENS + timedelta(minutes=3), tick=False):
            services.paper_submit(person=person, contest=made)
    client = client_for(cast.feng_admin)
    client.get(_url("contest_results", made))
    with django_assert_max_num_queries(14):
        page = client.get(_url("contest_results", made))
    assert page.status_code == 200 and 'id="submitted">3<' in page.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("learning:contest_desk")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("learning:question_bank")).status_code == 200


def _xlsx(rows):
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    out.seek(0)
    out.name = "题库.xlsx"
    return out


HEADER = ["题型", "分类", "难度", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析"]


def test_a_bad_question_file_gets_row_errors_and_saves_nothing(cast, client_for):
    client = client_for(cast.feng_admin)
    upload = _xlsx(
        [
            HEADER,
            [
                "单选",
                "安全生产",
                1,
                "井下瓦斯浓度达到多少必须停止作业？",
                "0.5%",
                "1.0%",
                "",
                "",
                "B",
                "",
            ],
            ["多选", "安全生产", 2, "入井必须携带哪些？", "自救器", "矿灯", "手机", "", "E", ""],
            ["问答", "党章党规", 1, "党的最高领导机关是？", "", "", "", "", "全国代表大会", ""],
            ["判断", "", 1, "", "", "", "", "", "也许", ""],
        ]
    )
    response = client.post(reverse("learning:question_import"), {"file": upload})
    record = QuestionImport.objects.get()
    assert response.status_code == 302 and record.status == "rejected"
    assert not Question.objects.exists()
    rows = {e["row"]: e["errors"] for e in record.errors}
    assert set(rows) == {3, 4, 5}
    assert any("不超出已有选项" in m for m in rows[3])
    assert any("题型" in m for m in rows[4])
    assert {"请填写分类。", "请填写题干。", "判断题的答案须为“对”或“错”。"} <= set(rows[5])
    page = client.get(response["Location"])
    assert page.content.decode().count('class="row-error"') == 3


def test_a_good_question_file_is_imported_whole(cast, client_for):
    client = client_for(cast.feng_admin)
    upload = _xlsx(
        [
            HEADER,
            [
                "单选题",
                "安全生产",
                "易",
                "煤矿“一通三防”中的“一通”指？",
                "通风",
                "通电",
                "",
                "",
                "a",
                "通风。",
            ],
            [
                "多选",
                "安全生产",
                "中",
                "入井必须携带哪些？",
                "自救器",
                "矿灯",
                "手机",
                "",
                "A,B",
                "",
            ],
            ["判断", "党章党规", 1, "党员应按期缴纳党费。", "", "", "", "", "√", ""],
            [
                "填空",
                "工会知识",
                2,
                "工会的基本职责是____职工合法权益。",
                "",
                "",
                "",
                "",
                "维护|维护好",
                "",
            ],
        ]
    )
    client.post(reverse("learning:question_import"), {"file": upload})
    assert QuestionImport.objects.get().status == "applied"
    answers = list(Question.objects.order_by("pk").values_list("kind", "answer", "difficulty"))
    assert answers == [
        ("single", "A", 1),
        ("multiple", "AB", 2),
        ("true_false", "对", 1),
        ("fill", "维护|维护好", 2),
    ]
    # The worker has no bank.
    assert client_for(cast.wang_worker).get(reverse("learning:question_bank")).status_code == 404


def test_the_daily_quiz_shows_the_answer_and_keeps_to_the_cap(cast, questions, client_for):
    from tongxin.learning.models import PointRule
    from tongxin.learning.points.rules import ensure_rules

    ensure_rules(PointRule, cast.mine)
    PointRule.objects.filter(mine=cast.mine, code="daily_quiz").update(daily_cap=3)
    client = client_for(cast.wang_worker)
    with time_machine.travel(OPENS):
        client.get(reverse("learning:practice"))
        day = services.practice_today(person=cast.wang_worker)
        assert len(day.question_ids) == 5
        qs = Question.objects.in_bulk(day.question_ids)
        for q in day.question_ids:
            value = right_answer(qs[q])
            value = list(value) if qs[q].kind == "multiple" else value
            page = client.post(reverse("learning:practice_answer"), {"question": q, f"q{q}": value})
            assert "回答正确" in page.content.decode()
        again = client.post(
            reverse("learning:practice_answer"), {"question": day.question_ids[0], "q": "A"}
        )
        assert again.status_code == 400
        other = Question.objects.exclude(pk__in=day.question_ids).first()
        refused = services.practice_answer
        with pytest.raises(Exception, match="不在您今天的练习中"):
            refused(person=cast.wang_worker, question_id=other.pk, answer="A")
    events = PointEvent.objects.filter(person=cast.wang_worker, rule__code="daily_quiz")
    assert sum(events.values_list("points", flat=True)) == 3  # the cap
    assert PracticeAnswer.objects.filter(practice=day).count() == 5
    # The next day: five new questions, points again.
    with time_machine.travel(OPENS + timedelta(days=1)):
        assert services.practice_today(person=cast.wang_worker).day != day.day


def test_the_results_export(cast, questions, client_for):
    made = contest(cast)
    with time_machine.travel(OPENS, tick=False):
        services.paper_start(person=cast.li_member, contest=made)
        services.paper_submit(person=cast.li_member, contest=made)
    client = client_for(cast.feng_admin)
    url = reverse("learning:contest_export")
    for query, title in (
        ("", "知识竞赛"),
        (f"?contest={made.pk}", "个人排名"),
        (f"?contest={made.pk}&by=branch", "支部排名"),
    ):
        response = client.get(url + query)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert book.sheetnames == [title]
    people = load_workbook(
        io.BytesIO(b"".join(client.get(f"{url}?contest={made.pk}").streaming_content))
    ).active
    assert people.cell(2, 3).value == "李红"
    assert client_for(cast.wang_worker).get(url).status_code == 404


def test_the_paper_page_says_the_server_refused_a_late_answer(
    cast, questions, client_for, django_assert_max_num_queries
):
    made = contest(cast, minutes=10)
    with time_machine.travel(OPENS, tick=False):
        paper = services.paper_start(person=cast.wang_worker, contest=made)
    client = client_for(cast.wang_worker)
    with time_machine.travel(OPENS + timedelta(minutes=5), tick=False):
        with django_assert_max_num_queries(12):
            assert client.get(_url("contest_paper", made)).status_code == 200
    q = paper.question_ids[0]
    with time_machine.travel(OPENS + timedelta(minutes=11), tick=False):
        late = client.post(_url("contest_answer", made, q), {f"q{q}": "A"}, HTTP_HX_REQUEST="true")
        assert late.status_code == 200 and "截止" in late.content.decode()
        # The page itself: handed in on read, the result shown.
        assert client.get(_url("contest_paper", made)).status_code == 302
    paper.refresh_from_db()
    assert paper.timed_out and not PaperAnswer.objects.filter(paper=paper).exists()
