"""What the network's writes share: the checks on a link (who may hold it, the double
coverage it would make), the row locks, inserting links, their audit rows and telling
the responsible people."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.models import AuditEvent
from tongxin.core.notify import notify
from tongxin.people.models import Organisation, Person

from ...access import branch_for_unit, branch_of, can_manage
from ...coverage import BranchRoster
from ...models import GridLink, Level

NOTE_MAX = 200


def parse_level(value) -> Level:
    try:
        return Level(value)
    except ValueError:
        raise ValidationError({"level": _("请选择网格层级。")}) from None


def require_manager(actor: Person, branch: Organisation) -> None:
    if actor is None or not can_manage(actor, branch):
        raise PermissionDenied(_("您无权调整%(branch)s的网格。") % {"branch": branch.name})


def overlapping(starts_on: date) -> Q:
    """Links still in force on or after `starts_on` (an open-ended new link meets them)."""
    return Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)


def _since(link: GridLink) -> str:
    if link.ends_on is not None:
        return _("%(start)s至%(end)s") % {"start": link.starts_on, "end": link.ends_on}
    return _("自%(start)s起") % {"start": link.starts_on}


def clash_message(link: GridLink, covered_name: str) -> str:
    """ "王强已由陈党联系（党员包职工，自2026-03-01起）…" for a worker covered twice."""
    return _(
        "%(person)s已由%(responsible)s联系（%(level)s，%(since)s），同一日期不能重复联系。"
        "请先终止或调整原联系。"
    ) % {
        "person": covered_name,
        "responsible": link.responsible.name,
        "level": link.get_level_display(),
        "since": _since(link),
    }


def find_clash(level: str, starts_on: date, *, person=None, branch=None, exclude=None):
    qs = GridLink.objects.filter(overlapping(starts_on), level=level).select_related("responsible")
    if person is not None:
        qs = qs.filter(person=person)
    else:
        qs = qs.filter(branch=branch, person__isnull=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("starts_on").first()


def check_pair(
    roster: BranchRoster, level: str, responsible: Person | None, person: Person | None
) -> dict[str, str]:
    """Why `responsible` may not hold a `level` link over `person` in this branch
    (an empty dict when they may)."""
    branch = roster.branch
    errors: dict[str, str] = {}
    if responsible is None:
        errors["responsible"] = _("请选择责任人。")
    elif responsible.pk not in roster.responsible_for(level):
        errors["responsible"] = {
            Level.LEADER_BRANCH: _("%(name)s不是本矿班子成员，不能联系党支部。"),
            Level.SECRETARY_CADRE: _("%(name)s不是%(branch)s的书记或科队长。"),
            Level.CADRE_MEMBER: _("%(name)s不是%(branch)s的队干。"),
            Level.MEMBER_WORKER: _("%(name)s不是%(branch)s在册的党员，不能包保职工。"),
        }[level] % {"name": responsible.name, "branch": branch.name}
    if level == Level.LEADER_BRANCH:
        if person is not None:
            errors["person"] = _("班子成员联系的是党支部，不填联系对象。")
        return errors
    if person is None:
        errors["person"] = _("请选择联系对象。")
        return errors
    if responsible is not None and responsible.pk == person.pk:
        errors["person"] = _("责任人不能联系自己。")
    elif person.pk not in roster.covered_at(level):
        if level == Level.MEMBER_WORKER and person.is_party_member and person.is_active:
            message = _("%(name)s是党员，由队干在“队干包班组长和党员”层级联系。")
        else:
            message = {
                Level.SECRETARY_CADRE: _("%(name)s不是%(branch)s的队干。"),
                Level.CADRE_MEMBER: _("%(name)s不是%(branch)s的班组长或党员。"),
                Level.MEMBER_WORKER: _("%(name)s不是%(branch)s在职的职工群众。"),
            }[level]
        errors["person"] = message % {"name": person.name, "branch": branch.name}
    return errors


def clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("备注不能超过%(n)d个字。") % {"n": NOTE_MAX}})
    return note


def home_branch(level: str, person: Person) -> Organisation | None:
    """The branch a covered person's link belongs to: a worker's unit's branch; for a
    Party member or cadre, their branch."""
    if level == Level.MEMBER_WORKER:
        return branch_for_unit(person.unit)
    return branch_of(person)


def lock_branch(branch_id: int) -> Organisation:
    return (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=branch_id)
    )


def create_links(links: list[GridLink], clash_of) -> list[GridLink]:
    """Insert the links; a unique-constraint race becomes the double-coverage message."""
    try:
        with transaction.atomic():
            if len(links) == 1:
                links[0].save(force_insert=True)
                return links
            return GridLink.objects.bulk_create(links)
    except IntegrityError:
        raise ValidationError({"person": clash_of()}) from None


def record_links(action: str, actor: Person, links: list[GridLink], **extra) -> None:
    AuditEvent.objects.bulk_create(
        [
            audit.build(
                action=action,
                actor=actor,
                obj=link,
                after={
                    **audit.snapshot(
                        link, ["level", "responsible", "person", "branch", "starts_on", "ends_on"]
                    ),
                    **extra,
                },
            )
            for link in links
        ]
    )


def _member_url() -> str:
    try:
        return reverse("grid:member_home")
    except NoReverseMatch:
        return ""


def tell(responsibles, title: str, body: str, actor: Person) -> None:
    notify(recipients=responsibles, title=title, body=body, url=_member_url(), exclude=actor)
