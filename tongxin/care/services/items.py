"""Service items (服务清单 / 服务台账): created directly, from a need, or from a grid
visit's follow-up; completed by their owner with the result, cancelled or reassigned
by the union."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.notify import notify
from tongxin.core.workdays import add_workdays
from tongxin.people.models import Organisation, Person, Role, Tree
from tongxin.people.selectors import holders_over

from ..access import in_unit_scope, manages_path
from ..models import ItemSource, NeedCategory, ServiceItem
from .base import Checks, item_flow, plain, today

VISIT_WORKDAYS = 10


def item_url(item: ServiceItem) -> str:
    return reverse("care:item", args=[item.pk])


def tell_owner(item: ServiceItem, actor: Person | None) -> None:
    notify(
        recipients=[item.owner],
        title=_("新的关爱服务事项：%(t)s") % {"t": item.title},
        body=_("请于 %(d)s 前办结，并填写服务结果。") % {"d": item.deadline},
        url=item_url(item),
        exclude=actor,
    )


def _audit_created(item: ServiceItem, actor: Person | None) -> None:
    audit.record(
        action="care.item.created",
        actor=actor,
        obj=item,
        after={"source": item.source, "owner": item.owner_id, "deadline": str(item.deadline)},
    )


@transaction.atomic
def item_create(
    *,
    actor: Person,
    category: str,
    title: str,
    owner: Person | None,
    deadline: date | None,
    person: Person | None = None,
    organisation: Organisation | None = None,
    description: str = "",
) -> ServiceItem:
    """A service item registered directly (直接登记), for a worker or for a unit."""
    if person is not None:
        if person.unit_id is None:
            raise ValidationError({"person": _("该职工没有所在单位。")})
        organisation = person.unit
    if organisation is None or organisation.tree != Tree.UNIT:
        raise ValidationError({"organisation": _("请选择服务对象或单位。")})
    if not manages_path(actor, organisation.path):
        raise PermissionDenied(_("只能为本人工会负责的单位登记服务项目。"))
    checks = Checks()
    checks.choice(category, NeedCategory, field="category", message=_("请选择服务类别。"))
    title = checks.text(title, field="title", label=_("服务事项"), minimum=2, maximum=80)
    description = checks.text(
        description, field="description", label=_("具体内容"), minimum=0, maximum=1000
    )
    if not in_unit_scope(owner, organisation):
        checks.add("owner", _("责任人必须是本矿在职人员。"))
    checks.deadline(deadline)
    checks.done()
    item = ServiceItem.objects.create(
        source=ItemSource.DIRECT,
        person=person,
        organisation=organisation,
        org_path=organisation.path,
        category=category,
        title=title,
        description=description,
        owner=owner,
        deadline=deadline,
        created_by=actor,
    )
    _audit_created(item, actor)
    tell_owner(item, actor)
    return item


@transaction.atomic
def item_from_visit(
    *, actor: Person, person: Person, title: str, description: str = "", category: str = "other"
) -> ServiceItem:
    """A grid visit's follow-up (走访转关爱服务): the item goes to the nearest union chair
    over the worker's unit (the actor if there is none), due in ten working days.

    The visit service has already checked that the actor may visit this person.
    """
    if person is None or person.unit_id is None:
        raise ValidationError({"person": _("该职工没有所在单位，无法转关爱服务。")})
    checks = Checks()
    text = plain(title)
    if len(text) > 80:
        description = description or text
        text = text[:79] + "…"
    title = checks.text(text, field="title", label=_("跟进事项"), minimum=2, maximum=80)
    description = checks.text(
        description, field="description", label=_("具体内容"), minimum=0, maximum=1000
    )
    if category not in NeedCategory.values:
        checks.add("care_category", _("请选择关爱服务的类别。"))
    checks.done()
    chairs = holders_over(person.unit.path, Role.UNION_CHAIR, nearest=True)
    owner = min(chairs, key=lambda p: p.pk) if chairs else actor
    item = ServiceItem.objects.create(
        source=ItemSource.VISIT,
        person=person,
        organisation=person.unit,
        org_path=person.unit.path,
        category=category,
        title=title,
        description=description,
        owner=owner,
        deadline=add_workdays(today(), VISIT_WORKDAYS),
        created_by=actor,
    )
    _audit_created(item, actor)
    tell_owner(item, actor)
    return item


@transaction.atomic
def item_complete(
    *, actor: Person, item_id: int, version: int | None, result: str, done_on: date | None = None
) -> ServiceItem:
    checks = Checks()
    result = checks.text(result, field="result", label=_("服务结果"), minimum=2, maximum=1000)
    done_on = done_on or today()
    if done_on > today():
        checks.add("done_on", _("完成日期不能晚于今天。"))
    item, step = item_flow.begin(pk=item_id, name="completed", actor=actor, version=version)
    checks.done()
    item.result = result
    item.done_on = done_on
    item_flow.finish(item, step, actor=actor, fields=["result", "done_on"])
    if item.person_id:
        notify(
            recipients=[item.person],
            title=_("您的服务事项已办结：%(t)s") % {"t": item.title},
            body=result[:200],
            url=reverse("care:home"),
            exclude=actor,
        )
    return item


@transaction.atomic
def item_cancel(*, actor: Person, item_id: int, version: int | None, reason: str) -> ServiceItem:
    checks = Checks()
    reason = checks.text(reason, field="reason", label=_("取消的理由"), minimum=2, maximum=900)
    item, step = item_flow.begin(pk=item_id, name="cancelled", actor=actor, version=version)
    checks.done()
    item.result = _("已取消：%(r)s") % {"r": reason}
    item_flow.finish(item, step, actor=actor, fields=["result"])
    notify(
        recipients=[item.owner],
        title=_("服务事项已取消：%(t)s") % {"t": item.title},
        body=reason[:200],
        url=item_url(item),
        exclude=actor,
    )
    return item


@transaction.atomic
def item_reassign(
    *,
    actor: Person,
    item_id: int,
    version: int | None,
    owner: Person | None,
    deadline: date | None = None,
) -> ServiceItem:
    item, step = item_flow.begin(pk=item_id, name="reassigned", actor=actor, version=version)
    checks = Checks()
    if not in_unit_scope(owner, item.organisation):
        checks.add("owner", _("责任人必须是本矿在职人员。"))
    elif owner.pk == item.owner_id and (deadline is None or deadline == item.deadline):
        checks.add("owner", _("请选择另一位责任人，或修改完成期限。"))
    if deadline is not None:
        checks.deadline(deadline)
    checks.done()
    before = {"owner": item.owner_id, "deadline": str(item.deadline)}
    previous = item.owner
    item.owner = owner
    item.deadline = deadline or item.deadline
    item_flow.finish(
        item,
        step,
        actor=actor,
        fields=["owner", "deadline"],
        audit_before=before,
        audit_after={"owner": owner.pk, "deadline": str(item.deadline)},
    )
    if previous.pk != owner.pk:
        tell_owner(item, actor)
        notify(
            recipients=[previous],
            title=_("服务事项已改由他人办理：%(t)s") % {"t": item.title},
            url=reverse("care:home"),
            exclude=actor,
        )
    return item
