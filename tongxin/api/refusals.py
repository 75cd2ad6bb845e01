"""What a service raised, as the API's answer: one mapping for every router.

The API follows core.access: an endpoint fetches its record through the caller's scope
first (404 outside it, exactly like an id that does not exist), so a `PermissionDenied`
raised afterwards is about a record the caller may see and answers 403 with its reason.
Where the service itself draws the scope — a person or slot named in the body, which
the service looks up — it raises `core.access.OutOfScope`, answered 404.
"""

from __future__ import annotations

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.utils.translation import gettext as _
from ninja import Status

from tongxin.core.access import OutOfScope, reason_of
from tongxin.core.workflow import Conflict


def _sentence(message: str) -> str:
    message = str(message).strip()
    return message if message.endswith(("。", "！", "？", ".", "!", "?")) else message + "。"


def invalid(exc: ValidationError) -> Status:
    """A service's ValidationError as 422, its Chinese messages kept field by field."""
    if hasattr(exc, "error_dict"):
        pairs = [(field, m) for field, msgs in exc.message_dict.items() for m in msgs]
    else:
        pairs = [(NON_FIELD_ERRORS, m) for m in exc.messages]
    errors = [
        {
            "loc": ["body"] if field == NON_FIELD_ERRORS else ["body", field],
            "msg": str(message),
            "type": "value_error",
        }
        for field, message in pairs
    ]
    detail = "".join(_sentence(m) for _field, m in pairs) or _("请求不正确。")
    return Status(422, {"detail": detail, "errors": errors})


def not_found() -> Status:
    return Status(404, {"detail": _("未找到。")})


def refused(exc: Exception) -> Status:
    """422 for bad input, 409 for a Conflict, 403 with the reason for a PermissionDenied,
    and 404 for `OutOfScope` (a record named in the body outside the caller's scope) or
    a row that vanished meanwhile."""
    if isinstance(exc, ValidationError):
        return invalid(exc)
    if isinstance(exc, Conflict):
        return Status(409, {"detail": exc.message})
    if isinstance(exc, OutOfScope | ObjectDoesNotExist):
        return not_found()
    if isinstance(exc, PermissionDenied):
        return Status(403, {"detail": reason_of(exc)})
    raise exc
