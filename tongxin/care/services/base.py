"""What the care services share: the clock, the lock-and-check of a versioned row, and
the checks of what was typed, collected so that a form shows every mistake at once."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.workflow import Conflict


def today() -> date:
    return timezone.localdate()


def year_after(day: date) -> date:
    """The same day a year on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def locked(queryset, pk: int, *, version: int | None, what: str):
    """The row, locked for this transaction; Conflict if someone changed it since `version`."""
    row = queryset.select_for_update(of=("self",)).get(pk=pk)
    if version is not None and row.version != version:
        raise Conflict(
            _(
                "这条%(what)s刚刚已被他人处理，当前状态为“%(state)s”。"
                "您填写的内容保留在下方，请核对后再提交。"
            )
            % {"what": what, "state": row.get_state_display()}
        )
    return row


def wrong_state(row, what: str, action: str) -> Conflict:
    return Conflict(
        _("这条%(what)s当前状态为“%(state)s”，不能%(action)s。")
        % {"what": what, "state": row.get_state_display(), "action": action}
    )


def plain(value) -> str:
    """Typed text without control characters (a NUL byte breaks PostgreSQL), trimmed."""
    return "".join(ch for ch in str(value or "") if ch.isprintable() or ch in "\n\t").strip()


class Checks:
    """Collects {field: message} and raises them together as one ValidationError."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def text(self, value, *, field: str, label: str, minimum: int = 1, maximum: int) -> str:
        text = plain(value)
        if len(text) < minimum:
            if minimum <= 1:
                self.add(field, _("请填写%(label)s。") % {"label": label})
            else:
                self.add(
                    field,
                    _("请填写%(label)s（至少 %(n)s 个字）。") % {"label": label, "n": minimum},
                )
        elif len(text) > maximum:
            self.add(field, _("%(label)s最多 %(n)s 个字。") % {"label": label, "n": maximum})
        return text

    def choice(self, value, choices, *, field: str, message: str) -> str:
        if value not in choices.values:
            self.add(field, message)
        return value

    def deadline(self, value, *, field: str = "deadline") -> date | None:
        if value is None:
            self.add(field, _("请填写完成期限。"))
        elif value < today():
            self.add(field, _("完成期限不能早于今天。"))
        return value

    def done(self) -> None:
        if self.errors:
            raise ValidationError(dict(self.errors))


__all__ = ["Checks", "Conflict", "locked", "plain", "today", "wrong_state", "year_after"]
