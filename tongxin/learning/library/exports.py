"""The library's Excel ledgers for a branch's officers (core.exports, formula-safe),
filtered as the desk is (branch, period): the study hours, a row per person, material
and day; and the points ledger, a row per person with their points by category."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from tongxin.core.access import area_required
from tongxin.core.exports import ledger_response
from tongxin.people.selectors import ancestor_paths

from ..access import is_party_officer
from ..models import PointDay, PointRule, StudyDay
from . import selectors
from .views import _branch, _period


@area_required(is_party_officer)
def study_hours(request):
    _branches, branch = _branch(request)
    _p, start, end = _period(request)
    rows = (
        StudyDay.objects.filter(party_path__startswith=branch.path, day__gte=start, day__lte=end)
        .select_related("person", "material", "module")
        .order_by("day", "person__name")
    )
    return ledger_response(
        sheet_name=_("学习时长"),
        headers=[_("日期"), _("工号"), _("姓名"), _("模块"), _("资料"), _("分钟"), _("完成")],
        rows=(
            [
                r.day.isoformat(),
                r.person.employee_no,
                r.person.name,
                r.module.name,
                r.material.title,
                round(r.seconds / 60, 1),
                _("是") if r.completed_at else "",
            ]
            for r in rows.iterator(chunk_size=2000)
        ),
        widths=[(0, 2, 12), (3, 4, 30)],
        filename=f"学习时长-{branch.name}-{start}-{end}.xlsx",
    )


@area_required(is_party_officer)
def points_ledger(request):
    """Every member of the branch (those with no points too), their points in the
    period under each of the mine's rules, and the total."""
    _branches, branch = _branch(request)
    _p, start, end = _period(request)
    sums: dict[int, dict[str, int]] = {}
    for r in (
        PointDay.objects.filter(party_path__startswith=branch.path, day__gte=start, day__lte=end)
        .values("person_id", "rule__code")
        .annotate(points=Sum("points"))
    ):
        sums.setdefault(r["person_id"], {})[r["rule__code"]] = r["points"]
    rules = list(PointRule.objects.filter(org_path__in=_mine_paths(branch)).order_by("order", "pk"))
    codes = list(dict.fromkeys(r.code for r in rules))
    labels = {r.code: r.label for r in rules}
    members = selectors.branch_members(branch.path).select_related("party_org")

    def rows():
        for p in members.iterator(chunk_size=2000):
            mine = sums.get(p.pk, {})
            by_code = [mine.get(code, 0) for code in codes]
            org = p.party_org.name if p.party_org_id else ""
            yield [p.employee_no, p.name, org, *by_code, sum(mine.values())]

    return ledger_response(
        sheet_name=_("学习积分"),
        headers=[_("工号"), _("姓名"), _("党组织"), *(labels[c] for c in codes), _("合计")],
        rows=rows(),
        widths=[(0, 1, 12), (2, 2, 24), (3, 3 + len(codes), 10)],
        filename=f"学习积分-{branch.name}-{start}-{end}.xlsx",
    )


def _mine_paths(branch) -> list[str]:
    """The paths above the branch's unit, the mine's among them (its point rules)."""
    return ancestor_paths(branch.unit.path) if branch.unit_id else []
