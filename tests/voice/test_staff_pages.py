"""The staff side through the test client: inbox, case page actions, bulk assignment,
export, forum entry; query budgets; conflicts keep what the officer typed."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tongxin.voice import services
from tongxin.voice.models import Case, State


def _many(cast, n, **extra):
    return [
        services.case_submit(
            submitter=cast.wang_worker,
            channel="request",
            title=f"诉求{i}",
            body=f"第{i}件诉求的具体内容",
        )[0]
        for i in range(n)
    ]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_inbox_query_count_is_flat(cast, client_for, canteen):
    client = client_for(cast.sun_chair)
    _many(cast, 3)
    url = f"/voice/inbox/?state=submitted&unit={cast.district_a.pk}"
    client.get(url)  # the first request of a session also writes the session row
    small = _queries(client, url)
    cases = _many(cast, 40)
    for case in cases[:10]:
        services.case_accept(
            case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
        )
    assert _queries(client, url) == small
    assert _queries(client, "/voice/inbox/?state=accepted") <= small + 3


def test_inbox_shows_only_the_reach(cast, client_for):
    _many(cast, 2)
    assert "诉求0" in client_for(cast.zhao_secretary).get("/voice/inbox/").content.decode()
    outsider = client_for(cast.qian_outsider).get("/voice/inbox/").content.decode()
    assert "诉求0" not in outsider
    assert client_for(cast.wang_worker).get("/voice/inbox/").status_code == 404


def test_officer_accepts_and_assigns_on_the_case_page(cast, client_for, canteen):
    case = _many(cast, 1)[0]
    client = client_for(cast.sun_chair)
    page = client.get(f"/voice/cases/{case.pk}/").content.decode()
    assert "受理并归类" in page
    response = client.post(
        f"/voice/cases/{case.pk}/act/accept/", {"version": 0, "category": canteen.pk}
    )
    assert response.status_code == 302
    response = client.post(
        f"/voice/cases/{case.pk}/act/assign/",
        {"version": 1, "department": cast.department.pk, "handler": cast.zhou_head.pk},
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.state == State.ASSIGNED and case.handler == cast.zhou_head
    # The department now sees it and can reply.
    head = client_for(cast.zhou_head)
    assert (
        head.post(
            f"/voice/cases/{case.pk}/act/handle/", {"version": case.version, "text": "已处理"}
        ).status_code
        == 302
    )


def test_the_departments_answer_is_the_reply_draft_never_typed_twice(cast, client_for, canteen):
    """办理完毕 takes the answer once; the intake officer finds it in the reply box and
    releases it as it stands (or edited); an empty box releases the draft."""
    case = _many(cast, 1)[0]
    case = services.case_accept(case_id=case.pk, version=0, actor=cast.sun_chair, category=canteen)
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    head = client_for(cast.zhou_head)
    head.post(
        f"/voice/cases/{case.pk}/act/handle/",
        {"version": case.version, "text": "食堂已调整菜谱，每周增加两次面食。"},
    )
    officer = client_for(cast.sun_chair)
    page = officer.get(f"/voice/cases/{case.pk}/").content.decode()
    reply_box = page.split('id="reply-text"', 1)[1].split("</textarea>", 1)[0]
    assert "食堂已调整菜谱，每周增加两次面食。" in reply_box
    assert "已填入承办部门的答复草稿" in page
    case.refresh_from_db()
    response = officer.post(
        f"/voice/cases/{case.pk}/act/reply/", {"version": case.version, "text": ""}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.REPLIED
    assert case.reply == "食堂已调整菜谱，每周增加两次面食。"


def test_a_stale_form_is_refused_and_keeps_what_was_typed(cast, client_for, canteen):
    case = _many(cast, 1)[0]
    services.case_accept(case_id=case.pk, version=0, actor=cast.zhao_secretary, category=canteen)
    response = client_for(cast.sun_chair).post(
        f"/voice/cases/{case.pk}/act/accept/",
        {"version": 0, "category": canteen.pk, "note": "我写的受理意见"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "刚刚已被他人处理" in page
    assert Case.objects.get(pk=case.pk).events.filter(action="accept").count() == 1


def test_bad_input_on_the_case_page_says_why_and_saves_nothing(cast, client_for, canteen):
    case = _many(cast, 1)[0]
    client = client_for(cast.sun_chair)
    response = client.post(
        f"/voice/cases/{case.pk}/act/accept/", {"version": 0, "category": 999999}
    )
    assert response.status_code == 400 and "有效的分类" in response.content.decode()
    response = client.post(f"/voice/cases/{case.pk}/act/nonsense/", {"version": 0})
    assert response.status_code == 404
    # Another branch's secretary forging the id gets 404, not the case.
    assert (
        client_for(cast.qian_outsider)
        .post(f"/voice/cases/{case.pk}/act/accept/", {"version": 0, "category": canteen.pk})
        .status_code
        == 404
    )
    assert Case.objects.get(pk=case.pk).state == State.SUBMITTED


def test_bulk_assignment_is_all_or_nothing(cast, client_for, canteen):
    cases = _many(cast, 3)
    for case in cases[:2]:
        services.case_accept(
            case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
        )
    client = client_for(cast.sun_chair)
    ids = [c.pk for c in cases]
    client.post("/voice/inbox/assign/", {"cases": ids, "department": cast.department.pk})
    assert not Case.objects.filter(state=State.ASSIGNED).exists()  # the third was not accepted
    client.post("/voice/inbox/assign/", {"cases": ids[:2], "department": cast.department.pk})
    assert Case.objects.filter(state=State.ASSIGNED).count() == 2


def test_the_ledger_exports_as_filtered(cast, client_for, canteen):
    cases = _many(cast, 3)
    services.case_accept(case_id=cases[0].pk, version=0, actor=cast.sun_chair, category=canteen)
    response = client_for(cast.sun_chair).get("/voice/inbox/export/?state=accepted")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 2 and rows[1][2] == "诉求0"


def test_forum_entry_page(cast, client_for):
    client = client_for(cast.sun_chair)
    assert client.get("/voice/forum/new/").status_code == 200
    response = client.post(
        "/voice/forum/new/",
        {
            "organisation": cast.district_a.pk,
            "held_on": "2026-11-20",
            "place": "会议室",
            "attendee_count": 8,
            "attendees": "王强等",
            "title_0": "澡堂热水",
            "body_0": "夜班后澡堂没有热水",
        },
    )
    assert response.status_code == 302
    assert Case.objects.filter(channel="forum", entered_by=cast.sun_chair).count() == 1
    assert client_for(cast.wang_worker).get("/voice/forum/new/").status_code == 404


def test_only_those_who_enter_forums_are_offered_the_forum_page(cast, client_for):
    # The inbox once offered 录入座谈会 to a branch secretary, whom the page refuses.
    assert "录入座谈会" in client_for(cast.sun_chair).get("/voice/inbox/").content.decode()
    secretary = client_for(cast.zhao_secretary)
    assert "录入座谈会" not in secretary.get("/voice/inbox/").content.decode()
    assert secretary.get("/voice/forum/new/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_officers_accepting_at_once_exactly_one_succeeds(cast, canteen):
    import threading

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the version check is covered above")
    case = _many(cast, 1)[0]
    barrier, results = threading.Barrier(2), []

    def act(officer):
        barrier.wait()
        try:
            services.case_accept(case_id=case.pk, version=0, actor=officer, category=canteen)
            results.append("ok")
        except services.Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(p,)) for p in (cast.sun_chair, cast.zhao_secretary)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]


def test_hostile_text_in_every_column_stays_text_in_the_ledger(cast, client_for, canteen):
    """A title, a body, a reply, a name from a roster that look like formulas: the
    ledger holds them as text, so the union chair's spreadsheet evaluates nothing."""
    from tests.hostile import assert_no_formulas, hostile
    from tongxin.people.models import Organisation, Person
    from tongxin.voice.models import Category

    case = _many(cast, 1)[0]
    services.case_accept(case_id=case.pk, version=0, actor=cast.sun_chair, category=canteen)
    Case.objects.filter(pk=case.pk).update(
        title=hostile(0), body=hostile(1), reply=hostile(2), rating_comment=hostile(3),
        handler=cast.zhou_head, department=cast.department,
    )  # fmt: skip
    Person.objects.filter(pk=cast.wang_worker.pk).update(name=hostile(4))
    Person.objects.filter(pk=cast.zhou_head.pk).update(name=hostile(5))
    Organisation.objects.filter(pk=case.organisation_id).update(name=hostile(6))
    Organisation.objects.filter(pk=cast.department.pk).update(name=hostile(0) + "科")
    Category.objects.filter(pk=canteen.pk).update(name=hostile(1) + "类")
    response = client_for(cast.sun_chair).get("/voice/inbox/export/?state=all")
    assert response.status_code == 200
    assert_no_formulas(response, [hostile(n) for n in range(7)])
