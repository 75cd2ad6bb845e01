"""Integrity's records for the permission matrix (tests/core/test_permission_matrix.py):
a named report of 王强 about 综采一队, handled by 郑纪 (the mine's 纪检监察), with a
request to see who made it. The reporter opens it among their own reports; on the desk
only the inspector does, and every other officer gets 404."""

from tests.matrix_world import Record, World
from tongxin.integrity import services


def records(world: World) -> dict[str, Record]:
    cast = world.cast
    report, _receipt = services.report_submit(
        reporter=cast.wang_worker,
        anonymous=False,
        unit=cast.district_a,
        about_leadership=False,
        category="integrity",
        subject="综采一队材料员",
        content="材料员在领用截齿时多报数量，差额转卖给废品站。",
    )
    reveal = services.reveal_request(
        actor=world.people["inspector"], report_id=report.pk, reason="需当面核实线索"
    )
    desk = Record(report, viewer="inspector")
    return {
        "integrity:pk": desk,  # the desk's report pages
        "integrity:my_report:pk": Record(report, audience="own"),
        "integrity:reveal_id": Record(reveal, viewer="inspector", rows=[report]),
        "api:report_id": desk,
        "api:my_report:report_id": Record(report, audience="own"),
        **disclosure_records(world),
        **procurement_records(world),
    }


def disclosure_records(world: World) -> dict[str, Record]:
    """A quarterly 财务收支 of 红岩矿, published by 机电科 (周科长) to 综采一队 with an
    Excel file, and a question on it; 综采一队's worker reads it, the office handles it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from tongxin.integrity.models import DisclosureCategory

    cast = world.cast
    category = DisclosureCategory.objects.create(
        unit=cast.mine,
        org_path=cast.mine.path,
        office=cast.department,
        name="财务收支",
        kind="finance",
        rhythm="quarterly",
    )
    book = Workbook()
    book.active.append(["项目", "金额"])
    out = io.BytesIO()
    book.save(out)
    disclosure = services.disclosure_publish(
        actor=cast.zhou_head,
        category=category,
        # To 综采一队 only: the officer of 掘进二队 is outside it (404).
        audience=cast.district_a,
        title="三季度财务收支",
        body="",
        period="2026年第三季度",
        files=[SimpleUploadedFile("收支.xlsx", out.getvalue())],
    )
    comment, _receipt = services.comment_post(
        author=cast.wang_worker,
        disclosure_id=disclosure.pk,
        body="福利费怎么算的？",
        anonymous=False,
    )
    return {
        "integrity:disclosure:pk": Record(disclosure, audience="shared", viewer="head"),
        "integrity:disclosure_file:pk": Record(
            disclosure.files.get(), audience="shared", viewer="head"
        ),
        "integrity:comment:pk": Record(comment, viewer="head", rows=[disclosure]),
    }


def procurement_records(world: World) -> dict[str, Record]:
    """A purchase of 综采一队 recorded by 赵书文 (the union chair of 综采一队分工会 in the
    matrix world), with 王强 as the union's representative and a document."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    cast = world.cast
    officer = world.people["officer"]
    procurement = services.procurement_create(
        actor=officer,
        unit=cast.district_a,
        year=world.today.year,
        matter="综采一队截齿采购",
        description="",
        representative=cast.wang_worker,
    )
    document = services.document_add(
        actor=officer,
        procurement_id=procurement.pk,
        upload=SimpleUploadedFile("报价单.pdf", b"%PDF-1.4\n%%EOF"),
    )
    return {
        # The representative (the worker) opens it too.
        "integrity:procurement:pk": Record(procurement, audience="shared"),
        "integrity:procurement_act:pk": Record(procurement, audience="shared"),
        "integrity:procurement_document:pk": Record(
            document, audience="shared", rows=[procurement]
        ),
    }
