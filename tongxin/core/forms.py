"""Reading what a page posts, before a service checks it, and turning a service's
refusal into what the page shows.

Plain values rather than Django forms: what the person typed goes back into the page
unchanged whenever a service refuses. Only what cannot reach a service in a usable
shape (a date that is not a date, an id that is not a number) is refused here; the
services do the real checking and say why in Chinese.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from tongxin.core.access import OutOfScope, reason_of
from tongxin.core.workflow import Conflict


def posted(data, names, *, limit: int = 2000) -> dict[str, str]:
    """The named fields as typed (cut to `limit` characters), for showing back."""
    return {name: str(data.get(name) or "")[:limit] for name in names}


def small_id(value) -> int | None:
    """A positive whole number of a sane length (an id), else None."""
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def parse_date(value) -> tuple[date | None, bool]:
    """(date or None, ok). Empty is (None, True): the service applies its default or
    says it is missing."""
    value = str(value or "").strip()
    if not value:
        return None, True
    try:
        return date.fromisoformat(value), True
    except ValueError:
        return None, False


def parse_version(value) -> int:
    """The version a page was drawn from; a page without one is refused."""
    value = str(value or "").strip()
    if not (value.isdigit() and len(value) < 10):
        raise ValidationError(_("页面缺少版本信息，请刷新后重试。"))
    return int(value)


def refusal(exc: Exception, *, list_field: str = "general") -> tuple[dict[str, list[str]], int]:
    """A service's refusal as {field: [messages]} and the status the page answers with:
    400 bad input (a plain list of messages under `list_field`), 409 someone acted
    first, 403 not allowed (core.access), 404 for a record named in the form outside
    the viewer's scope. Anything else is raised."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return {
                ("general" if field == "__all__" else field): [str(m) for m in msgs]
                for field, msgs in exc.message_dict.items()
            }, 400
        return {list_field: [str(m) for m in exc.messages]}, 400
    if isinstance(exc, Conflict):
        return {"general": [exc.message]}, 409
    if isinstance(exc, OutOfScope):
        # A record named in the form lies outside the viewer's scope: 404, as in the API.
        return {"general": [str(exc)]}, 404
    if isinstance(exc, PermissionDenied):
        return {"general": [reason_of(exc)]}, 403
    raise exc


def all_messages(errors: dict[str, list[str]]) -> list[str]:
    return [m for msgs in errors.values() for m in msgs]
