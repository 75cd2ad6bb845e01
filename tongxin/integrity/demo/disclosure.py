"""The demo mine's year of 厂务公开: quarterly accounts, safety funds and welfare funds,
yearly cadre appointments, and 机电科's monthly equipment procurement results, which
stopped three months ago (the overdue category on demo05's desk); workers' questions,
answered, one refused with its reason and one waiting for moderation."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongxin.core.exports import temporary_workbook, write_row
from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment

from .. import services
from ..models import Comment, Disclosure, DisclosureCategory, DisclosureRead

# (name, kind, office, rhythm, rows of the Excel file)
CATEGORIES = (
    ("财务收支", "finance", "财务科", "quarterly", [("营业收入", 18620), ("成本费用", 15230)]),
    (
        "安全费用使用",
        "safety_funds",
        "安监处",
        "quarterly",
        [("安全设施改造", 412), ("安全培训", 36)],
    ),
    (
        "福利费使用",
        "welfare",
        "人力资源部",
        "quarterly",
        [("职工食堂补贴", 58), ("困难职工帮扶", 21)],
    ),
    ("干部任免", "appointments", "人力资源部", "yearly", []),
    (
        "机电设备采购结果",
        "procurement",
        "机电科",
        "monthly",
        [("采煤机截齿", 38.6), ("刮板链", 52.1)],
    ),
)
QUESTIONS = (
    (
        "福利费里的食堂补贴是按什么标准发的？",
        "按每人每班 8 元标准补贴到食堂，随工资表公示。",
        "publish",
    ),
    (
        "安全培训费比上季度少了一半，是培训减少了吗？",
        "上季度含新工人岗前培训，本季度只有复训。",
        "publish",
    ),
    (
        "这个数字肯定是假的，某某就是贪污！",
        "涉及对个人的指控，请通过廉洁举报渠道反映，会有纪检监察人员受理。",
        "refuse",
    ),
    ("截齿采购为什么不公开供应商名单？", "", "pending"),
)


def _xlsx(name: str, rows) -> SimpleUploadedFile:
    """The Excel file an office would attach, written by core.exports like every sheet."""
    handle, book = temporary_workbook()
    sheet = book.add_worksheet("公开")
    write_row(sheet, 0, 0, ["项目", "金额（万元）"])
    for number, row in enumerate(rows, start=1):
        write_row(sheet, number, 0, list(row))
    book.close()
    handle.seek(0)
    data = handle.read()
    handle.close()
    return SimpleUploadedFile(name, data)


def _pdf(name: str) -> SimpleUploadedFile:
    """A one-page PDF (the text in ASCII: the demo needs no font files)."""
    text = b"Tongxin demo disclosure"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\nBT /F1 18 Tf 72 760 Td (%s) Tj ET\nendstream"
        % (len(text) + 33, text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return SimpleUploadedFile(name, bytes(out))


def _quarter_ends(today: date, count: int) -> list[date]:
    """The last days of the `count` quarters completed before today, oldest first."""
    first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)  # this quarter's start
    ends = []
    for _ in range(count):
        end = first - timedelta(days=1)
        ends.append(end)
        first = date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
    return list(reversed(ends))


def _head(office: Organisation) -> Person | None:
    row = (
        RoleAssignment.objects.filter(role=Role.DEPARTMENT_HEAD, organisation=office)
        .select_related("person")
        .first()
    )
    return row.person if row else None


def seed_disclosure(mine: Organisation, workers: list[Person]) -> str:
    today = timezone.localdate()
    published = 0
    for name, kind, office_name, rhythm, rows in CATEGORIES:
        office = Organisation.objects.filter(
            path__startswith=mine.path, kind=OrgKind.DEPARTMENT, name=office_name
        ).first()
        head = _head(office) if office else None
        if head is None:
            continue
        category = DisclosureCategory.objects.create(
            unit=mine, org_path=mine.path, office=office, name=name, kind=kind, rhythm=rhythm
        )
        if rhythm == "quarterly":
            periods = [
                (f"{d.year}年第{(d.month - 1) // 3 + 1}季度", d) for d in _quarter_ends(today, 4)
            ]
        elif rhythm == "yearly":
            last = date(today.year - 1, 12, 31)
            periods = [(f"{last.year}年度", last)]
        else:  # monthly, stopped three months ago: the overdue category
            ends, start = [], today.replace(day=1)
            for _ in range(12):
                end = start - timedelta(days=1)
                ends.append(end)
                start = end.replace(day=1)
            ends = list(reversed(ends))[:9]  # the last three months never came
            periods = [(f"{d.year}年{d.month}月", d) for d in ends]
        for label, end in periods:
            files = [_xlsx(f"{name}{label}.xlsx", rows)] if rows else []
            files.append(_pdf(f"{name}{label}说明.pdf"))
            disclosure = services.disclosure_publish(
                actor=head,
                category=category,
                audience=mine,
                title=f"{label}{name}",
                body=f"现将{label}{name}情况公开如下，欢迎职工监督。",
                period=label,
                files=files,
            )
            at = timezone.make_aware(
                timezone.datetime.combine(end + timedelta(days=10), timezone.datetime.min.time())
            ) + timedelta(hours=10)
            Disclosure.objects.filter(pk=disclosure.pk).update(published_at=at)
            category.last_published_at = at
            published += 1
        category.created_at = category.last_published_at - timedelta(days=400)
        category.save(update_fields=["last_published_at", "created_at"])
    _questions(mine, workers)
    return f"厂务公开：{published} 项公开，{Comment.objects.count()} 条留言"


def _questions(mine: Organisation, workers: list[Person]) -> None:
    latest = {
        d.category.kind: d
        for d in Disclosure.objects.filter(org_path=mine.path)
        .select_related("category")
        .order_by("published_at")
    }
    targets = ["welfare", "safety_funds", "finance", "procurement"]
    for (question, answer, outcome), kind, writer in zip(QUESTIONS, targets, workers, strict=False):
        disclosure = latest.get(kind)
        if disclosure is None:
            continue
        comment, _receipt = services.comment_post(
            author=writer, disclosure_id=disclosure.pk, body=question, anonymous=False
        )
        handler = disclosure.category.office and _head(disclosure.category.office)
        if outcome == "publish":
            comment = services.comment_moderate(
                actor=handler, comment_id=comment.pk, version=comment.version, publish=True
            )
            services.comment_answer(
                actor=handler, comment_id=comment.pk, version=comment.version, answer=answer
            )
        elif outcome == "refuse":
            services.comment_moderate(
                actor=handler,
                comment_id=comment.pk,
                version=comment.version,
                publish=False,
                reason=answer,
            )
    for disclosure in Disclosure.objects.filter(org_path=mine.path)[:8]:
        for person in workers:
            DisclosureRead.objects.get_or_create(
                disclosure=disclosure, person=person, defaults={"unit_id": person.unit_id}
            )
