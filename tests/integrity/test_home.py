"""The home panels: the inspector's reports to handle (each count the length of the
desk's list it links to), nothing of a report for anyone else, the union officer's
unanswered questions, and a worker's new disclosures not yet read."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tongxin.integrity import services
from tongxin.integrity.models import Report, State

pytestmark = pytest.mark.django_db


def _count(html: str, href: str) -> int:
    found = re.search(re.escape(f'href="{href}"') + r'><div class="fs-4 fw-semibold">(\d+)<', html)
    assert found, f"no count linking to {href}"
    return int(found.group(1))


def _listed(client, href: str, unit: str) -> int:
    page = client.get(href).content.decode()
    found = re.search(r"共 (\d+) " + unit, page)
    assert found, href
    return int(found.group(1))


@pytest.fixture
def reports(cast, make_report):
    """Three received (one due tomorrow, one overdue), one accepted due soon, one concluded."""
    today = timezone.localdate()
    made = [make_report()[0] for _ in range(5)]
    Report.objects.filter(pk=made[0].pk).update(ack_due=today + timedelta(days=1))
    Report.objects.filter(pk=made[1].pk).update(ack_due=today - timedelta(days=1))
    Report.objects.filter(pk=made[2].pk).update(ack_due=today + timedelta(days=20))
    Report.objects.filter(pk=made[3].pk).update(
        state=State.ACCEPTED, conclude_due=today + timedelta(days=2)
    )
    Report.objects.filter(pk=made[4].pk).update(state=State.CONCLUDED)
    return made


def test_the_inspectors_counts_are_the_lists_they_link_to(cast, reports, client_for):
    client = client_for(cast.zheng_inspector)
    html = client.get("/").content.decode()
    assert "integrity-inspector-panel" in html
    expected = {"received": 3, "due_soon": 2, "overdue": 1}
    for state, n in expected.items():
        href = f"/integrity/desk/?state={state}"
        assert _count(html, href) == n == _listed(client, href, "件"), state


@pytest.mark.parametrize(
    "who", ["feng_admin", "wu_leader", "zhao_secretary", "wang_worker", "sun_chair"]
)
def test_nobody_else_gets_a_hint_of_a_report(cast, reports, client_for, who):
    html = client_for(getattr(cast, who)).get("/").content.decode()
    assert "integrity-inspector-panel" not in html
    assert "举报受理" not in html and "/integrity/desk/" not in html


@pytest.fixture
def published(cast, finance):
    return services.disclosure_publish(
        actor=cast.zhou_head,
        category=finance,
        audience=cast.mine,
        title="2026年第三季度财务收支",
        body="本季度收支情况如下。",
        period="2026年第三季度",
    )


def test_the_union_officer_sees_the_unanswered_questions(cast, published, client_for):
    from tongxin.people import services as people_services
    from tongxin.people.models import Role

    people_services.role_assign(
        actor=None, person=cast.sun_chair, role=Role.UNION_CHAIR, organisation=cast.union
    )
    for body in ("安全费用用在哪里？", "福利费怎么分的？"):
        comment, _receipt = services.comment_post(
            author=cast.wang_worker, disclosure_id=published.pk, body=body, anonymous=False
        )
        services.comment_moderate(
            actor=cast.zhou_head,
            comment_id=comment.pk,
            version=comment.version,
            publish=True,
            reason="",
        )
    comment.refresh_from_db()
    services.comment_answer(
        actor=cast.zhou_head,
        comment_id=comment.pk,
        version=comment.version,
        answer="按人头平均分配",
    )
    client = client_for(cast.sun_chair)
    html = client.get("/").content.decode()
    href = "/integrity/disclosure/desk/?show=unanswered"
    assert f'href="{href}">1 条提问尚未答复' in html
    assert _listed(client, href, "条") == 1
    # A worker, who answers nothing, has no such panel.
    assert "提问尚未答复" not in client_for(cast.li_member).get("/").content.decode()


def test_a_worker_sees_new_disclosures_not_yet_read(cast, published, client_for):
    client = client_for(cast.wang_worker)
    href = "/integrity/disclosure/?show=unread"
    html = client.get("/").content.decode()
    assert f'href="{href}">1 项新公开未读' in html
    assert _listed(client, href, "项") == 1
    client.get(f"/integrity/disclosure/{published.pk}/")  # read
    assert "新公开未读" not in client.get("/").content.decode()
    assert _listed(client, href, "项") == 0
