"""What the network and coverage pages share: who may open them, refusals as messages,
the query string without the page, and a branch the viewer runs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from tongxin.core.access import area_required

from ..access import branch_for_reader, can_manage, is_grid_reader

PAGE_SIZE = 50


# Pages for those who run or read branches' grids; anyone else gets 404.
grid_reader_required = area_required(is_grid_reader)


def messages_of(exc: ValidationError) -> list[str]:
    return list(dict.fromkeys(exc.messages))


def query_without(request, *keys: str) -> str:
    query = request.GET.copy()
    for key in ("page", *keys):
        query.pop(key, None)
    return query.urlencode()


def managed_branch(viewer, branch_id: int):
    branch = branch_for_reader(viewer, branch_id)
    if not can_manage(viewer, branch):
        raise PermissionDenied(_("您只能查看该党支部的网格，不能调整。"))
    return branch
