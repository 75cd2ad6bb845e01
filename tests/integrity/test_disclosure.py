"""厂务公开: an office publishes with PDF and Excel files, workers read (counted by unit)
and comment, comments are moderated (a refused one says why) and answered, the union
officer sees every question, and a category past its calendar is flagged."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from tongxin.core.access import OutOfScope
from tongxin.core.models import Notification
from tongxin.integrity import services
from tongxin.integrity.models import Comment, CommentState, DisclosureRead

pytestmark = pytest.mark.django_db


def xlsx(name="收支表.xlsx"):
    book = Workbook()
    book.active.append(["项目", "金额（万元）"])
    book.active.append(["职工福利", 12.5])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def pdf(name="说明.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")


@pytest.fixture
def published(cast, finance):
    return services.disclosure_publish(
        actor=cast.zhou_head,
        category=finance,
        audience=cast.mine,
        title="2026年第三季度财务收支",
        body="本季度收支情况如下。",
        period="2026年第三季度",
        files=[xlsx(), pdf()],
    )


def test_only_the_office_publishes_and_files_are_checked(cast, finance):
    with pytest.raises(OutOfScope):
        services.disclosure_publish(
            actor=cast.zhao_secretary,
            category=finance,
            audience=cast.mine,
            title="标题",
            body="",
            period="三季度",
        )
    with pytest.raises(ValidationError):
        services.disclosure_publish(
            actor=cast.zhou_head,
            category=finance,
            audience=cast.mine,
            title="标题",
            body="",
            period="三季度",
            files=[SimpleUploadedFile("x.pdf", b"MZ not a pdf")],
        )


def test_workers_read_it_and_the_files_open_in_the_browser(cast, published, client_for):
    client = client_for(cast.wang_worker)
    assert client.get("/integrity/disclosure/").status_code == 200
    page = client.get(f"/integrity/disclosure/{published.pk}/")
    assert page.status_code == 200 and "2026年第三季度财务收支" in page.content.decode()
    client.get(f"/integrity/disclosure/{published.pk}/")
    assert DisclosureRead.objects.filter(disclosure=published).count() == 1
    sheet, document = published.files.order_by("pk")
    table = client.get(f"/integrity/disclosure/file/{sheet.pk}/")
    assert "职工福利" in table.content.decode()
    inline = client.get(f"/integrity/disclosure/file/{document.pk}/")
    assert inline["Content-Type"] == "application/pdf" and inline["Content-Disposition"] == "inline"
    reads = client_for(cast.zhou_head).get(f"/integrity/disclosure/{published.pk}/")
    assert "阅读人数（按单位）" in reads.content.decode() and "一班" in reads.content.decode()


def test_a_comment_is_moderated_then_answered(
    cast, published, client_for, django_capture_on_commit_callbacks
):
    worker = client_for(cast.wang_worker)
    worker.post(f"/integrity/disclosure/{published.pk}/", {"body": "福利费为什么比去年少？"})
    comment = Comment.objects.get()
    assert comment.state == CommentState.PENDING
    other = client_for(cast.li_member).get(f"/integrity/disclosure/{published.pk}/")
    assert "福利费为什么比去年少" not in other.content.decode()  # not public yet
    with pytest.raises(OutOfScope):
        services.comment_moderate(
            actor=cast.zhao_secretary, comment_id=comment.pk, version=1, publish=True
        )
    comment = services.comment_moderate(
        actor=cast.zhou_head, comment_id=comment.pk, version=comment.version, publish=True
    )
    with django_capture_on_commit_callbacks(execute=True):  # the writer is told after commit
        comment = services.comment_answer(
            actor=cast.zhou_head,
            comment_id=comment.pk,
            version=comment.version,
            answer="去年含一次性慰问支出。",
        )
    page = client_for(cast.li_member).get(f"/integrity/disclosure/{published.pk}/")
    assert "福利费为什么比去年少" in page.content.decode() and "一次性慰问" in page.content.decode()
    assert Notification.objects.filter(recipient=cast.wang_worker).exists()


def test_a_refused_comment_tells_its_writer_why(cast, published, client_for):
    comment, receipt = services.comment_post(
        author=cast.wang_worker,
        disclosure_id=published.pk,
        body="某某领导就是贪污！",
        anonymous=True,
    )
    assert comment.author is None and receipt
    with pytest.raises(ValidationError):
        services.comment_moderate(
            actor=cast.zhou_head, comment_id=comment.pk, version=1, publish=False, reason=""
        )
    services.comment_moderate(
        actor=cast.zhou_head,
        comment_id=comment.pk,
        version=1,
        publish=False,
        reason="涉及对个人的指控，请通过廉洁举报反映",
    )
    page = client_for(cast.wang_worker).post("/integrity/disclosure/follow/", {"receipt": receipt})
    assert "涉及对个人的指控" in page.content.decode()


def test_the_union_officer_sees_every_question(cast, published, client_for):
    from tongxin.people import services as people_services
    from tongxin.people.models import Role

    people_services.role_assign(
        actor=None, person=cast.sun_chair, role=Role.UNION_CHAIR, organisation=cast.union
    )
    services.comment_post(
        author=cast.wang_worker,
        disclosure_id=published.pk,
        body="安全费用用在哪里？",
        anonymous=False,
    )
    page = client_for(cast.sun_chair).get("/integrity/disclosure/desk/?show=all")
    assert page.status_code == 200 and "安全费用用在哪里" in page.content.decode()


def test_an_overdue_category_is_flagged(cast, finance, client_for):
    finance.created_at = timezone.now() - timedelta(days=200)
    finance.save(update_fields=["created_at"])
    assert finance.is_overdue()
    page = client_for(cast.zhou_head).get("/integrity/disclosure/desk/")
    assert "逾期未公开" in page.content.decode()
