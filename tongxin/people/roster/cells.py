"""Cells: one parser per column, turning a cell into a value or a reason in Chinese."""

from __future__ import annotations

import datetime
import re
import time
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Organisation, PoliticalStatus, SkillGrade, Tree
from .columns import LABELS, REQUIRED


class Bad(Exception):
    """A cell that cannot be used; the message says why, in Chinese."""


EXCEL_TEXT = re.compile(r'^="(.*)"$')  # ="0012" keeps leading zeros in CSV exports
EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T][\d:.]+)?$"
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)

POLITICAL = {
    "中共党员": PoliticalStatus.MEMBER,
    "中国共产党党员": PoliticalStatus.MEMBER,
    "共产党员": PoliticalStatus.MEMBER,
    "党员": PoliticalStatus.MEMBER,
    "预备党员": PoliticalStatus.PROBATIONARY,
    "中共预备党员": PoliticalStatus.PROBATIONARY,
    "共青团员": PoliticalStatus.LEAGUE,
    "团员": PoliticalStatus.LEAGUE,
    "群众": PoliticalStatus.MASSES,
}
YES = {"是", "y", "yes", "true", "1", "会员", "√"}
NO = {"否", "n", "no", "false", "0", "非会员", "×"}
SKILL = {
    "初级工": SkillGrade.JUNIOR,
    "初级": SkillGrade.JUNIOR,
    "五级": SkillGrade.JUNIOR,
    "中级工": SkillGrade.INTERMEDIATE,
    "中级": SkillGrade.INTERMEDIATE,
    "四级": SkillGrade.INTERMEDIATE,
    "高级工": SkillGrade.SENIOR,
    "高级": SkillGrade.SENIOR,
    "三级": SkillGrade.SENIOR,
    "技师": SkillGrade.TECHNICIAN,
    "二级": SkillGrade.TECHNICIAN,
    "高级技师": SkillGrade.SENIOR_TECHNICIAN,
    "一级": SkillGrade.SENIOR_TECHNICIAN,
    "无": SkillGrade.NONE,  # written out, it clears the grade; a blank cell leaves it
}


def _text(cell) -> str:
    """A cell as trimmed text; whole numbers without ".0" (Excel stores 工号 as 100001.0)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    text = str(cell).strip()
    match = EXCEL_TEXT.match(text)
    return match.group(1).strip() if match else text


def _plain(cell) -> str:
    return unicodedata.normalize("NFKC", _text(cell)).strip()


def parse_employee_no(cell) -> str:
    value = _plain(cell)
    if not EMPLOYEE_NO.match(value):
        raise Bad(
            _("工号“%(v)s”格式不正确（只能由字母、数字、“-”组成，最长20位）。") % {"v": value}
        )
    return value


def parse_name(cell) -> str:
    value = CJK_SPACE.sub("", _text(cell))
    if len(value) > 40:
        raise Bad(_("姓名过长（最多40个字）。"))
    return value


def parse_post(cell) -> str:
    value = _text(cell)
    if len(value) > 40:
        raise Bad(_("岗位“%(v)s”过长（最多40个字）。") % {"v": value[:40]})
    return value


def parse_phone(cell) -> str:
    raw = _plain(cell)
    value = re.sub(r"[\s-]", "", raw)
    if len(value) == 13 and value.startswith("86"):
        value = value[2:]
    elif value.startswith("+86"):
        value = value[3:]
    if MOBILE.match(value):
        return value
    if "E+" in raw.upper():
        raise Bad(
            _("手机号“%(v)s”被 Excel 写成了科学计数法，请把该列设为文本后重新导出。") % {"v": raw}
        )
    raise Bad(_("手机号“%(v)s”不是11位手机号码。") % {"v": raw})


def parse_political_status(cell) -> str:
    value = _plain(cell)
    try:
        return POLITICAL[value].value
    except KeyError:
        raise Bad(
            _("政治面貌“%(v)s”无法识别（可填：中共党员、预备党员、共青团员、群众）。")
            % {"v": value}
        ) from None


def parse_union_member(cell) -> bool:
    value = _plain(cell).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise Bad(_("工会会员“%(v)s”无法识别（请填“是”或“否”）。") % {"v": _text(cell)})


def parse_skill_grade(cell) -> str:
    value = _plain(cell)
    try:
        return SKILL[value].value
    except KeyError:
        raise Bad(
            _("技能等级“%(v)s”无法识别（可填：初级工、中级工、高级工、技师、高级技师，或留空）。")
            % {"v": value}
        ) from None


def parse_hire_date(cell) -> datetime.date:
    if isinstance(cell, datetime.datetime):
        day = cell.date()
    elif isinstance(cell, datetime.date):
        day = cell
    else:
        day = _date_from_text(_plain(cell))
    if day is None:
        raise Bad(
            _("入职日期“%(v)s”无法识别（例如 2024-03-01、2024/3/1、2024年3月1日）。")
            % {"v": _text(cell)}
        )
    if not datetime.date(1950, 1, 1) <= day <= _latest_hire_date(int(time.time() // 3600)):
        raise Bad(_("入职日期“%(v)s”不在合理范围内。") % {"v": day.isoformat()})
    return day


@lru_cache(maxsize=1)
def _latest_hire_date(_hour: int) -> datetime.date:
    """A year from today; cached by the hour, as localdate() costs more than the parse."""
    return timezone.localdate() + datetime.timedelta(days=366)


def _date_from_text(value: str) -> datetime.date | None:
    parts = None
    if match := DATE_TEXT.match(value):
        parts = match.groups()
    elif re.fullmatch(r"\d{8}", value):  # 20240301
        parts = (value[:4], value[4:6], value[6:])
    elif re.fullmatch(r"\d{5}(\.\d+)?", value):  # an Excel serial day number, e.g. 45352
        return EXCEL_EPOCH + datetime.timedelta(days=int(float(value)))
    if parts is None:
        return None
    try:
        return datetime.date(*(int(p) for p in parts))
    except ValueError:
        return None


PARSERS: dict[str, Callable] = {
    "employee_no": parse_employee_no,
    "name": parse_name,
    "post": parse_post,
    "phone": parse_phone,
    "political_status": parse_political_status,
    "union_member": parse_union_member,
    "skill_grade": parse_skill_grade,
    "hire_date": parse_hire_date,
}


class UnitIndex:
    """Unit names inside the import's scope: "一班", or "综采一队/一班" where "一班" is ambiguous.

    Every tail of a unit's path below the scope is a key: 红岩矿/综采一队/一班,
    综采一队/一班 and 一班 all name the same crew if they name nothing else.
    """

    def __init__(self, scope: Organisation):
        self.scope = scope
        self.keys: dict[str, list[int]] = {}
        self.labels: dict[int, str] = {}
        self._cache: dict[str, int] = {}
        chains: dict[str, list[str]] = {}
        units = (
            Organisation.objects.filter(tree=Tree.UNIT, is_active=True, path__startswith=scope.path)
            .order_by("path")
            .values_list("pk", "name", "path")
        )
        step = Organisation.steplen
        for pk, name, path in units:
            chain = [*chains.get(path[:-step], []), _unit_key(name)]
            chains[path] = chain
            self.labels[pk] = "/".join(chain[1:]) or name
            for start in range(len(chain)):
                self.keys.setdefault("/".join(chain[start:]), []).append(pk)

    def resolve(self, cell) -> int:
        text = _text(cell)
        if text in self._cache:
            return self._cache[text]
        found = self.keys.get(_unit_key(text), [])
        if not found:
            raise Bad(
                _("单位“%(v)s”不在导入范围“%(scope)s”内，或名称有误。")
                % {"v": text, "scope": self.scope.name}
            )
        if len(found) > 1:
            options = "、".join(self.labels[pk] for pk in found[:5])
            raise Bad(
                _("单位“%(v)s”有%(n)d个同名单位（%(options)s），请写明上级，如“%(example)s”。")
                % {
                    "v": text,
                    "n": len(found),
                    "options": options,
                    "example": self.labels[found[0]],
                }
            )
        self._cache[text] = found[0]
        return found[0]


def _unit_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "/".join(p for p in re.split(r"\s*[/\\]\s*", re.sub(r"\s+", "", text)) if p)


def parse_row(cells: list, layout: list[tuple[int, str]], units: UnitIndex):
    """The row's non-blank values by key, and the reasons it cannot be used."""
    values, errors = {}, []
    for index, key in layout:
        cell = cells[index] if index < len(cells) else ""
        if cell is None or cell == "" or (cell.__class__ is str and not cell.strip()):
            if key in REQUIRED:
                errors.append(_("缺少%(col)s。") % {"col": LABELS[key]})
            continue
        try:
            values[key] = units.resolve(cell) if key == "unit" else PARSERS[key](cell)
        except Bad as bad:
            errors.append(str(bad))
    return values, errors
