"""The question bank's writes: a question file checked row by row. Any bad row and no
question is saved; the import keeps every row's reasons, as the roster import does.

The file's type is checked as the roster's is (`people.roster.sniff`); the columns are
the bank's own: 题型, 分类, 难度, 题干, 选项A…选项F, 答案, 解析."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import python_calamine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.people.roster import sniff
from tongxin.people.roster.reading import decode_csv

from ..access import edits_learning_setup
from ..models.contests import ImportStatus, Kind, Question, QuestionImport
from .marking import normalise

MAX_ROWS = 5000
MAX_OPTIONS = 6
KIND_WORDS = {
    "单选": Kind.SINGLE,
    "单选题": Kind.SINGLE,
    "多选": Kind.MULTIPLE,
    "多选题": Kind.MULTIPLE,
    "判断": Kind.TRUE_FALSE,
    "判断题": Kind.TRUE_FALSE,
    "填空": Kind.FILL,
    "填空题": Kind.FILL,
}
DIFFICULTY_WORDS = {
    "1": 1,
    "易": 1,
    "简单": 1,
    "2": 2,
    "中": 2,
    "中等": 2,
    "3": 3,
    "难": 3,
    "困难": 3,
}
OPTION_KEYS = [f"option_{c}" for c in "ABCDEF"]
HEADERS = {
    "题型": "kind",
    "分类": "category",
    "类别": "category",
    "难度": "difficulty",
    "题干": "stem",
    "题目": "stem",
    "答案": "answer",
    "正确答案": "answer",
    "解析": "explanation",
    **{f"选项{c}": f"option_{c}" for c in "ABCDEF"},
}
REQUIRED = ("kind", "category", "stem", "answer")
TEMPLATE_HEADERS = ["题型", "分类", "难度", "题干", *[f"选项{c}" for c in "ABCDEF"], "答案", "解析"]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def read_rows(fileobj, name: str) -> list[tuple[int, dict]]:
    """(row number, {key: text}) for each non-blank row below the header (the first row)."""
    kind = sniff(fileobj, name)
    if kind == "csv":
        fileobj.seek(0)
        text = decode_csv(fileobj.read())
        delimiter = max(",\t;", key=text[:4096].count)
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    else:
        try:
            fileobj.seek(0)
            book = python_calamine.CalamineWorkbook.from_filelike(fileobj)
            table = book.get_sheet_by_index(0).to_python()
        except Exception as exc:  # calamine raises several types for damaged files
            raise ValidationError(_("无法读取该工作簿，文件可能已损坏。")) from exc
    if not table:
        raise ValidationError(_("文件是空的。"))
    header = [HEADERS.get(re.sub(r"[\s*]", "", _cell(c))) for c in table[0]]
    missing = [label for label, key in HEADERS.items() if key in REQUIRED and key not in header]
    if any(key not in header for key in REQUIRED):
        raise ValidationError(
            _("第1行须是表头，缺少必填列：%(cols)s。")
            % {"cols": "、".join(dict.fromkeys(m for m in missing if m in TEMPLATE_HEADERS))}
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {key: _cell(c) for key, c in zip(header, cells, strict=False) if key}
        if any(values.values()):
            rows.append((number, values))
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("一次最多导入 %(n)d 道题，请拆分文件。") % {"n": MAX_ROWS})
    return rows


def check_row(values: dict) -> tuple[dict | None, list[str]]:
    """The question's fields from one row, or the reasons it is bad (in Chinese)."""
    errors = []
    kind = KIND_WORDS.get(values.get("kind", ""))
    if kind is None:
        errors.append(_("题型须为单选、多选、判断或填空。"))
    category = values.get("category", "")
    if not category:
        errors.append(_("请填写分类。"))
    elif len(category) > 20:
        errors.append(_("分类不能超过 20 个字。"))
    difficulty = DIFFICULTY_WORDS.get(values.get("difficulty", "") or "1")
    if difficulty is None:
        errors.append(_("难度须为 1、2、3（或易、中、难）。"))
    stem = values.get("stem", "")
    if not stem:
        errors.append(_("请填写题干。"))
    options = [values.get(k, "") for k in OPTION_KEYS]
    while options and not options[-1]:
        options.pop()
    if "" in options:
        errors.append(_("选项中间不能有空列。"))
    answer = None
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        if len(options) < 2:
            errors.append(_("选择题至少需要两个选项。"))
        answer = normalise(kind, values.get("answer"), len(options))
        if answer is None:
            errors.append(
                _("答案须为一个选项字母（如 B）。")
                if kind == Kind.SINGLE
                else _("答案须为选项字母（如 AC），且不超出已有选项。")
            )
        elif kind == Kind.MULTIPLE and len(answer) < 2:
            errors.append(_("多选题的答案至少两个选项。"))
    elif kind == Kind.TRUE_FALSE:
        options = []
        answer = normalise(kind, values.get("answer"))
        if answer is None:
            errors.append(_("判断题的答案须为“对”或“错”。"))
    elif kind == Kind.FILL:
        options = []
        answer = "|".join(a.strip() for a in values.get("answer", "").split("|") if a.strip())
        if not answer:
            errors.append(_("请填写填空题的答案（多个可接受的答案用“|”分隔）。"))
    if errors:
        return None, errors
    return {
        "kind": kind,
        "category": category,
        "difficulty": difficulty,
        "stem": stem[:2000],
        "options": options,
        "answer": answer[:200],
        "explanation": values.get("explanation", "")[:2000],
    }, []


def question_import(*, actor, mine, fileobj, name: str) -> QuestionImport:
    """Check every row of an uploaded question file; save all its questions or none.

    A file that cannot be read at all raises ValidationError (nothing recorded); a
    readable file with bad rows is recorded as rejected with each row's reasons."""
    if mine is None or not edits_learning_setup(actor, mine.path):
        raise OutOfScope()
    rows = read_rows(fileobj, name)
    if not rows:
        raise ValidationError(_("文件中没有题目。"))
    good, errors = [], []
    for number, values in rows:
        fields, reasons = check_row(values)
        if reasons:
            errors.append({"row": number, "stem": values.get("stem", "")[:40], "errors": reasons})
        else:
            good.append(fields)
    now = timezone.now()
    with transaction.atomic():
        record = QuestionImport.objects.create(
            mine=mine,
            org_path=mine.path,
            file_name=(name or "")[:200],
            status=ImportStatus.REJECTED if errors else ImportStatus.APPLIED,
            rows=len(rows),
            created=0 if errors else len(good),
            errors=errors,
            uploaded_by=actor,
            uploaded_at=now,
        )
        if not errors:
            Question.objects.bulk_create(
                [
                    Question(
                        mine=mine,
                        org_path=mine.path,
                        created_by=actor,
                        created_at=now,
                        source_import=record,
                        **fields,
                    )
                    for fields in good
                ],
                batch_size=500,
            )
        audit.record(
            action="learning.question_import." + record.status,
            actor=actor,
            obj=record,
            after={"rows": record.rows, "created": record.created, "bad": len(errors)},
        )
    return record
