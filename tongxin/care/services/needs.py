"""Needs (需求清单): surveys a union opens, needs collected by survey or on the spot, and
each need either turned into a service item with an owner and a deadline or declined
with a reason."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.notify import notify
from tongxin.people.models import Organisation, Person, Role, Tree
from tongxin.people.selectors import ancestor_paths, holders_over

from ..access import in_unit_scope, manages_path, may_collect_for
from ..models import ItemSource, Need, NeedCategory, NeedSurvey, ServiceItem
from .base import Checks, need_flow, today


@transaction.atomic
def survey_open(
    *,
    actor: Person,
    organisation: Organisation,
    title: str,
    opens_on: date | None,
    closes_on: date | None,
    description: str = "",
) -> NeedSurvey:
    """A needs survey (需求调查) over a unit the actor's union runs."""
    if organisation is None or organisation.tree != Tree.UNIT:
        raise ValidationError({"organisation": _("请选择调查的单位。")})
    if not manages_path(actor, organisation.path):
        raise PermissionDenied(_("只能为本人工会负责的单位发起需求调查。"))
    checks = Checks()
    title = checks.text(title, field="title", label=_("调查名称"), minimum=2, maximum=60)
    description = checks.text(
        description, field="description", label=_("说明"), minimum=0, maximum=500
    )
    if opens_on is None:
        checks.add("opens_on", _("请填写开始日期。"))
    if closes_on is None:
        checks.add("closes_on", _("请填写截止日期。"))
    elif closes_on < today():
        checks.add("closes_on", _("截止日期不能早于今天。"))
    elif opens_on is not None and closes_on < opens_on:
        checks.add("closes_on", _("截止日期不能早于开始日期。"))
    checks.done()
    survey = NeedSurvey.objects.create(
        organisation=organisation,
        org_path=organisation.path,
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
    )
    audit.record(
        action="care.survey.opened",
        actor=actor,
        obj=survey,
        after={
            "organisation": organisation.pk,
            "opens_on": str(opens_on),
            "closes_on": str(closes_on),
        },
    )
    return survey


@transaction.atomic
def need_collect(
    *,
    actor: Person,
    category: str,
    text: str,
    person: Person | None = None,
    organisation: Organisation | None = None,
    survey: NeedSurvey | None = None,
    collected_on: date | None = None,
) -> Need:
    """Record a need: a worker's own (提需求), one a union officer or a grid member
    collected from a worker they are responsible for, or (no person) a need of a whole
    unit that its union records."""
    checks = Checks()
    if person is not None:
        if person.unit_id is None:
            raise ValidationError({"person": _("该职工没有所在单位，无法登记需求。")})
        if not may_collect_for(actor, person):
            raise PermissionDenied(_("只能为本人负责或联系的职工登记需求。"))
        organisation = person.unit
    else:
        if organisation is None or organisation.tree != Tree.UNIT:
            raise ValidationError({"organisation": _("请选择需求所在的单位。")})
        if not manages_path(actor, organisation.path):
            raise PermissionDenied(_("只能为本人工会负责的单位登记需求。"))
    collected_on = collected_on or today()
    if collected_on > today():
        checks.add("collected_on", _("收集日期不能晚于今天。"))
    checks.choice(category, NeedCategory, field="category", message=_("请选择需求类别。"))
    text = checks.text(text, field="text", label=_("需求内容"), minimum=4, maximum=500)
    if survey is not None:
        if survey.org_path not in ancestor_paths(organisation.path):
            checks.add("survey", _("这次需求调查不包括该职工所在的单位。"))
        elif not survey.opens_on <= collected_on <= survey.closes_on:
            checks.add("survey", _("这次需求调查不在进行中（%(a)s 至 %(b)s）。") % {
                "a": survey.opens_on, "b": survey.closes_on})  # fmt: skip
    checks.done()
    need = Need.objects.create(
        survey=survey,
        person=person,
        organisation=organisation,
        org_path=organisation.path,
        category=category,
        text=text,
        collected_by=actor,
        collected_on=collected_on,
    )
    audit.record(
        action="care.need.collected",
        actor=actor,
        obj=need,
        after={"category": category, "person": person.pk if person else None, "state": need.state},
    )
    if person is not None and person.pk == actor.pk:
        notify(
            recipients=holders_over(organisation.path, Role.UNION_CHAIR, nearest=True),
            title=_("职工提出了新的需求：%(c)s") % {"c": need.get_category_display()},
            body=_("请在需求清单中转为服务项目或说明不予办理的理由。"),
            url=reverse("care:need", args=[need.pk]),
        )
    return need


@transaction.atomic
def need_decline(*, actor: Person, need_id: int, version: int | None, reason: str) -> Need:
    checks = Checks()
    reason = checks.text(reason, field="reason", label=_("不予办理的理由"), minimum=2, maximum=300)
    need, step = need_flow.begin(pk=need_id, name="declined", actor=actor, version=version)
    checks.done()
    need.decline_reason = reason
    need_flow.finish(need, step, actor=actor, fields=["decline_reason"])
    if need.person_id:
        notify(
            recipients=[need.person],
            title=_("您提出的需求不予办理"),
            body=_("理由：%(r)s") % {"r": reason},
            url=reverse("care:home"),
            exclude=actor,
        )
    return need


@transaction.atomic
def need_to_item(
    *,
    actor: Person,
    need_id: int,
    version: int | None,
    owner: Person | None,
    deadline: date | None,
    title: str = "",
    description: str = "",
) -> ServiceItem:
    """Turn a need into a service item (需求 → 服务清单) with an owner and a deadline."""
    need, step = need_flow.begin(pk=need_id, name="served", actor=actor, version=version)
    checks = Checks()
    title = checks.text(
        title or need.text[:80], field="title", label=_("服务事项"), minimum=2, maximum=80
    )
    description = checks.text(
        description or need.text, field="description", label=_("具体内容"), minimum=0,
        maximum=1000,
    )  # fmt: skip
    if not in_unit_scope(owner, need.organisation):
        checks.add("owner", _("责任人必须是本矿在职人员。"))
    checks.deadline(deadline)
    checks.done()
    item = ServiceItem.objects.create(
        need=need,
        source=ItemSource.NEED,
        person=need.person,
        organisation=need.organisation,
        org_path=need.org_path,
        category=need.category,
        title=title,
        description=description,
        owner=owner,
        deadline=deadline,
        created_by=actor,
    )
    need_flow.finish(need, step, actor=actor, audit_after={"item": item.pk})
    audit.record(
        action="care.item.created",
        actor=actor,
        obj=item,
        after={"source": item.source, "owner": owner.pk, "deadline": str(deadline)},
    )
    from .items import tell_owner

    tell_owner(item, actor)
    if need.person_id:
        notify(
            recipients=[need.person],
            title=_("您提出的需求已转为服务项目"),
            body=_("%(t)s，%(d)s 前办理") % {"t": item.title, "d": item.deadline},
            url=reverse("care:home"),
            exclude=actor,
        )
    return item
