"""One way to refuse, for every area, on pages and in the API alike.

Two answers, and only two:

- **Out of scope → 404.** A record is fetched through the area's scoping selector
  (`fetch(cases_visible_to(person), pk=pk)`); outside it the answer is exactly the one
  for an id that never existed, so an edited URL learns nothing. The same holds for a
  person who has no part in an area at all: `area_required(predicate)` answers 404.
- **In scope, not allowed → 403 with the reason.** `refuse(reason)` (or a service's
  `PermissionDenied(reason)`) says in Chinese why not. A page renders the reason
  (templates/403.html); the API answers `{"detail": reason}` (api/main.py).

A service that looks up a record named in its input raises `OutOfScope` when it is
outside the actor's scope: that answers like a missing record too.

Because a record is fetched through the scope before anything else happens, a
`PermissionDenied` raised after the fetch is always about a record the viewer may see,
so it can say why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import NoReturn, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)


class OutOfScope(PermissionDenied):
    """A service's refusal of a record named in its input (a person, a slot, a task id
    in a body) that lies outside the actor's scope or does not exist: the service looks
    the record up, so it draws the scope itself. Answered like a record that does not
    exist (404 in the API), never with a reason that would tell the two apart."""


def fetch(scoped: QuerySet[M], **lookup) -> M:
    """The one record of `scoped` (the viewer's scoping selector) matching `lookup`,
    or 404 — the same 404 as for a record that does not exist."""
    return get_object_or_404(scoped, **lookup)


def hide_unless(condition: object) -> None:
    """404 unless `condition`: for a scope that is a check rather than a queryset (the
    owner of a booking, the case a photo belongs to)."""
    if not condition:
        raise Http404


def refuse(reason: str | None = None) -> NoReturn:
    """403 with `reason` (Chinese): the viewer may see the record but not do this."""
    raise PermissionDenied(reason or default_reason())


def default_reason() -> str:
    return _("您无权执行这个操作。")


def reason_of(exc: PermissionDenied) -> str:
    """What a refusal says: its own reason, or the general one."""
    return str(exc) or default_reason()


def area_required(predicate: Callable[[object], bool]):
    """Sign-in, then 404 for anyone `predicate(person)` keeps out of the area: an area a
    person has no part in is out of their scope, record ids and all."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            hide_unless(predicate(request.user))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
