"""A hazard's life: reported (or detected by video and confirmed), assigned, rectified
with evidence, re-checked by another person, closed; and the union's supervision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.idempotency import idempotent
from tongxin.core.images import clean_photos
from tongxin.core.timeline import Conflict
from tongxin.people.models import Organisation, Person, Role, Tree
from tongxin.people.scoping import reach_of
from tongxin.people.selectors import holders_over, mine_of

from ..access import (
    MANAGER_ROLES,
    actor_kinds,
    assignable_people,
    assigners_to_tell,
    checkers_to_tell,
    is_union_supervisor,
)
from ..models import (
    OPEN_STATES,
    Hazard,
    HazardCategory,
    HazardPhoto,
    PhotoKind,
    Severity,
    Source,
    State,
    Workplace,
)
from ..workflow import Actor
from .base import hazard_flow, tell, today


def default_deadline(severity: str, start: date | None = None) -> date:
    """Rectification deadlines by severity, in calendar days (mines work every day)."""
    days = settings.HAZARD_DEADLINE_DAYS.get(severity, 7)
    return (start or today()) + timedelta(days=days)


@dataclass
class Finding:
    """What the person at the work place writes about one hazard."""

    location: str
    category: HazardCategory | None
    severity: str
    description: str
    measures: str = ""
    responsible: Person | None = None
    deadline: date | None = None
    workplace: Workplace | None = None


def _check(f: Finding, unit: Organisation) -> dict:
    errors = {}
    if not (f.location or "").strip():
        errors["location"] = _("请填写隐患的具体位置。")
    if f.category is None or not f.category.is_active:
        errors["category"] = _("请选择隐患类别。")
    if f.severity not in Severity.values:
        errors["severity"] = _("请选择隐患等级：一般、较大或重大。")
    if len((f.description or "").strip()) < 4:
        errors["description"] = _("请描述隐患（至少 4 个字）。")
    if f.deadline is not None and f.deadline < today():
        errors["deadline"] = _("整改期限不能早于今天。")
    if f.responsible is not None and (
        not f.responsible.is_active
        or f.responsible.unit is None
        or not f.responsible.unit.path.startswith(mine_of(unit).path)
    ):
        errors["responsible"] = _("整改责任人必须是本矿在职人员。")
    if f.workplace is not None and not f.workplace.unit.path.startswith(mine_of(unit).path):
        errors["workplace"] = _("作业地点不属于本矿。")
    return errors


def _may_report(person: Person, unit: Organisation) -> bool:
    if reach_of(person).covers(unit):
        return True
    return person.unit is not None and unit.path.startswith(mine_of(person.unit).path)


def create_hazard(
    *,
    actor: Person | None,
    unit: Organisation,
    finding: Finding,
    photos=(),
    source: str = Source.REPORT,
    inspection=None,
    item=None,
    state: str | None = None,
    source_ref: str = "",
    confidence: float | None = None,
) -> Hazard:
    """Write one hazard (inside the caller's transaction); assigned at once if the finder
    named who rectifies it. Major hazards go to leadership and under supervision."""
    hazard = Hazard(
        source=source,
        inspection=inspection,
        item=item,
        unit=unit,
        unit_path=unit.path,
        workplace=finding.workplace,
        location=finding.location.strip()[:120],
        category=finding.category,
        severity=finding.severity,
        description=finding.description.strip(),
        measures=(finding.measures or "").strip(),
        reported_by=actor,
        source_ref=source_ref,
        confidence=confidence,
    )
    if state is None:
        state = State.ASSIGNED if finding.responsible else State.REPORTED
    hazard.state = state
    if state == State.ASSIGNED:
        hazard.responsible = finding.responsible
        hazard.deadline = finding.deadline or default_deadline(finding.severity)
    hazard.supervised = finding.severity == Severity.MAJOR and state != State.PENDING
    hazard.save()
    row = hazard_flow.write_event(
        hazard,
        action="detect" if source == Source.VIDEO else "report",
        actor=actor,
        to_state=hazard.state,
        note=hazard.description,
    )
    for content in photos:
        HazardPhoto.objects.create(hazard=hazard, event=row, kind=PhotoKind.FOUND, image=content)
    audit.record(
        action="hazards.hazard.reported",
        actor=actor,
        obj=hazard,
        after={"state": hazard.state, "severity": hazard.severity},
    )
    if state == State.PENDING:
        return hazard
    _announce(hazard, actor)
    return hazard


def _announce(hazard: Hazard, actor: Person | None) -> None:
    if hazard.responsible_id:
        tell(
            [hazard.responsible],
            hazard,
            _("请于 %(d)s 前整改") % {"d": hazard.deadline},
            exclude=actor,
        )
    else:
        tell(assigners_to_tell(hazard), hazard, _("新隐患待指派整改"), exclude=actor)
    if hazard.severity == Severity.MAJOR:
        hazard_flow.write_event(
            hazard, action="supervise", actor=None, note=_("重大隐患，挂牌督办，已报告矿领导")
        )
        tell(holders_over(hazard.unit_path, Role.LEADERSHIP), hazard, _("重大隐患，已挂牌督办"))


@idempotent("hazards.hazard.reported")
@transaction.atomic
def hazard_report(*, actor: Person, unit: Organisation, finding: Finding, photos=()) -> Hazard:
    """Report a hazard seen at the work place (随手拍), outside a scheduled inspection."""
    if unit is None or unit.tree != Tree.UNIT:
        raise ValidationError({"unit": _("请选择责任单位。")})
    if not _may_report(actor, unit):
        raise PermissionDenied(_("只能上报本矿的隐患。"))
    errors = _check(finding, unit)
    if errors:
        raise ValidationError(errors)
    photos = clean_photos(photos)
    return create_hazard(actor=actor, unit=unit, finding=finding, photos=photos)


@transaction.atomic
def detection_create(
    *,
    actor: Person,
    unit: Organisation,
    finding: Finding,
    photo,
    source_ref: str,
    confidence: float | None,
) -> Hazard:
    """A detection from outside (the video patrol): waits for a patrol to confirm it."""
    if not reach_of(actor, MANAGER_ROLES).covers(unit):
        raise PermissionDenied(_("该接口令牌无权为这个单位上报。"))
    if confidence is not None and not 0 <= confidence <= 1:
        raise ValidationError({"confidence": _("置信度应在 0 到 1 之间。")})
    if not (source_ref or "").strip():
        raise ValidationError({"source_ref": _("请提供来源编号（摄像头与帧）。")})
    errors = _check(finding, unit)
    if errors:
        raise ValidationError(errors)
    if photo is None:
        raise ValidationError({"photo": _("请附上检测到的画面。")})
    photos = clean_photos([photo])
    hazard = create_hazard(
        actor=None,
        unit=unit,
        finding=finding,
        photos=photos,
        source=Source.VIDEO,
        state=State.PENDING,
        source_ref=source_ref.strip()[:60],
        confidence=confidence,
    )
    patrol = [p for p in holders_over(unit.path, Role.DEPARTMENT_HEAD, nearest=True)]
    tell(patrol, hazard, _("视频巡检发现疑似隐患，请到现场确认"))
    return hazard


@transaction.atomic
def hazard_confirm(*, hazard_id: int, version: int | None, actor: Person, note: str = "") -> Hazard:
    hazard, transition = hazard_flow.begin(
        pk=hazard_id, name="confirm", actor=actor, version=version
    )
    hazard.reported_by = actor
    hazard.supervised = hazard.severity == Severity.MAJOR
    hazard_flow.finish(
        hazard, transition, actor=actor, fields=["reported_by", "supervised"], note=note.strip()
    )
    _announce(hazard, actor)
    return hazard


@transaction.atomic
def hazard_dismiss(*, hazard_id: int, version: int | None, actor: Person, reason: str) -> Hazard:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("请写明排除的理由（现场看到的情况）。")})
    hazard, transition = hazard_flow.begin(
        pk=hazard_id, name="dismiss", actor=actor, version=version
    )
    hazard.closed_at = timezone.now()
    hazard_flow.finish(hazard, transition, actor=actor, fields=["closed_at"], note=reason)
    return hazard


@transaction.atomic
def hazard_assign(
    *,
    hazard_id: int,
    version: int | None,
    actor: Person,
    responsible: Person | None,
    deadline: date | None = None,
    measures: str = "",
) -> Hazard:
    hazard, transition = hazard_flow.begin(
        pk=hazard_id, name="assign", actor=actor, version=version
    )
    finding = Finding(
        hazard.location,
        hazard.category,
        hazard.severity,
        hazard.description,
        responsible=responsible,
        deadline=deadline,
    )
    errors = _check(finding, hazard.unit)
    if responsible is None:
        errors["responsible"] = _("请指定整改责任人。")
    elif not errors.get("responsible") and not (
        assignable_people(hazard).filter(pk=responsible.pk).exists()
    ):
        errors["responsible"] = _(
            "整改责任人须是隐患所在区队（科室）、主管科室的在职人员或负责指派的人员，"
            "请从列表中选择。"
        )
    if errors:
        raise ValidationError(errors)
    hazard.responsible = responsible
    hazard.deadline = deadline or default_deadline(hazard.severity)
    if measures.strip():
        hazard.measures = measures.strip()
    hazard.escalation_level = 0
    hazard_flow.finish(
        hazard,
        transition,
        actor=actor,
        fields=["responsible", "deadline", "measures", "escalation_level"],
        note=_("责任人 %(p)s，%(d)s 前整改") % {"p": responsible.name, "d": hazard.deadline},
    )
    tell([responsible], hazard, _("请于 %(d)s 前整改") % {"d": hazard.deadline}, exclude=actor)
    return hazard


@transaction.atomic
def hazard_start(*, hazard_id: int, version: int | None, actor: Person) -> Hazard:
    hazard, transition = hazard_flow.begin(pk=hazard_id, name="start", actor=actor, version=version)
    hazard_flow.finish(hazard, transition, actor=actor)
    return hazard


@idempotent("hazards.hazard.rectified")
@transaction.atomic
def hazard_rectify(
    *, hazard_id: int, version: int | None, actor: Person, note: str, photos
) -> Hazard:
    """Rectified, with evidence photos; someone else must now re-check it."""
    note = (note or "").strip()
    errors = {}
    if len(note) < 2:
        errors["note"] = _("请说明整改情况。")
    if not [p for p in photos if p]:
        errors["photos"] = _("请上传整改后的现场照片作为证据。")
    if errors:
        raise ValidationError(errors)
    photos = clean_photos(photos)
    hazard, transition = hazard_flow.begin(
        pk=hazard_id, name="rectify", actor=actor, version=version
    )
    hazard.rectified_by, hazard.rectified_at = actor, timezone.now()
    row = hazard_flow.finish(
        hazard, transition, actor=actor, fields=["rectified_by", "rectified_at"], note=note
    )
    for content in photos:
        HazardPhoto.objects.create(
            hazard=hazard, event=row, kind=PhotoKind.RECTIFIED, image=content
        )
    tell(checkers_to_tell(hazard), hazard, _("已整改，请复查验收"), exclude=actor)
    return hazard


@transaction.atomic
def hazard_recheck(
    *, hazard_id: int, version: int | None, actor: Person, passed: bool, note: str = ""
) -> Hazard:
    """复查验收 by someone other than the rectifier: closes it, or sends it back."""
    note = (note or "").strip()
    if not passed and len(note) < 2:
        raise ValidationError({"note": _("复查不合格时请写明问题所在。")})
    name = "recheck_pass" if passed else "recheck_fail"
    # Who may (the level of the severity, never the rectifier) is the runner's capacity
    # check against access.actor_kinds; its refusal says why (access.refusal_reason).
    hazard, transition = hazard_flow.begin(pk=hazard_id, name=name, actor=actor, version=version)
    fields = []
    if passed:
        hazard.rechecked_by, hazard.closed_at = actor, timezone.now()
        fields = ["rechecked_by", "closed_at"]
    else:
        hazard.rectified_at = None
        fields = ["rectified_at"]
    hazard_flow.finish(hazard, transition, actor=actor, fields=fields, note=note)
    if passed:
        tell([hazard.responsible], hazard, _("复查合格，已销号"), exclude=actor)
    else:
        tell(
            [hazard.responsible],
            hazard,
            _("复查不合格，请继续整改：%(n)s") % {"n": note[:40]},
            exclude=actor,
        )
    return hazard


@transaction.atomic
def union_supervise(*, hazard_id: int, actor: Person, note: str, urge: bool = False) -> Hazard:
    """The union's labour-protection supervision: a note on the record, or urging the
    responsible person and their head (工会劳动保护监督)."""
    note = (note or "").strip()
    if len(note) < 2:
        raise ValidationError({"note": _("请填写监督意见。")})
    hazard = Hazard.objects.select_for_update(of=("self",)).select_related("unit").get(pk=hazard_id)
    if not is_union_supervisor(actor, hazard):
        raise PermissionDenied(_("只有本单位的工会主席可以监督督促。"))
    if urge and hazard.state not in OPEN_STATES:
        raise Conflict(_("这条隐患已销号，无需督促。"))
    hazard_flow.write_event(
        hazard,
        action="urge" if urge else "union_note",
        actor=actor,
        from_state=hazard.state,
        note=note,
    )
    audit.record(
        action="hazards.hazard.union_urged" if urge else "hazards.hazard.union_note",
        actor=actor,
        obj=hazard,
    )
    if urge:
        tell(
            [hazard.responsible, *assigners_to_tell(hazard)],
            hazard,
            _("工会督促整改：%(n)s") % {"n": note[:40]},
            exclude=actor,
        )
    return hazard


def may_act(actor: Person, hazard: Hazard) -> set[Actor]:
    return actor_kinds(actor, hazard)
