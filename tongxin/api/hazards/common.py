"""What the resources of the hazards API share: a hazard as an answer, the hazard
a caller may see (or 404), the errors of the services, ids in a body resolved to
records, and one lifecycle step run on a hazard."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.core.workflow import actor_label
from tongxin.hazards import services
from tongxin.hazards.access import actor_kinds, hazards_visible_to
from tongxin.hazards.models import (
    Hazard,
    HazardCategory,
    HazardEvent,
    InspectionPlan,
    State,
    Workplace,
)
from tongxin.hazards.workflow import TRANSITIONS, Actor
from tongxin.people.models import Organisation, Person, Tree

from ..refusals import refused
from .schemas import FindingIn

# The writes a phone may send again when it lost the answer (core.idempotency).
IDEMPOTENT = (
    "可带请求头 Idempotency-Key（UUID）：同一人以同一编号重复提交只生效一次，返回第一次的结果。"
)
# How a transition of the table is offered to the caller (both re-check outcomes are one).
ACTION_NAMES = {"recheck_pass": "recheck", "recheck_fail": "recheck"}


# --- Building the responses ----------------------------------------------------------


def _state_label(code: str) -> str:
    return str(State(code).label) if code in State.values else ""


def _name(person: Person | None) -> str | None:
    return person.name if person is not None else None


def hazard_row(hazard: Hazard) -> dict:
    workplace = hazard.workplace
    return {
        "id": hazard.pk,
        "code": hazard.code,
        "version": hazard.version,
        "state": hazard.state,
        "state_label": str(hazard.get_state_display()),
        "source": hazard.source,
        "source_label": str(hazard.get_source_display()),
        "unit": {"id": hazard.unit.pk, "name": hazard.unit.name},
        "workplace": {"code": workplace.code, "name": workplace.name} if workplace else None,
        "location": hazard.location,
        "category": hazard.category.name,
        "severity": hazard.severity,
        "severity_label": str(hazard.get_severity_display()),
        "responsible": _name(hazard.responsible),
        "deadline": hazard.deadline,
        "is_overdue": hazard.is_overdue(),
        "supervised": hazard.supervised,
        "created_at": hazard.created_at,
    }


def event_out(event: HazardEvent) -> dict:
    return {
        "at": event.at,
        "actor_label": event.actor_label,
        "action": event.action,
        "action_label": event.get_action_label(),
        "from_state": event.from_state,
        "from_state_label": _state_label(event.from_state),
        "to_state": event.to_state,
        "to_state_label": _state_label(event.to_state),
        "note": event.note,
    }


def actions_for(person: Person, hazard: Hazard) -> list[str]:
    """What the person may do to the hazard now, by the lifecycle table."""
    kinds = actor_kinds(person, hazard)
    names: list[str] = []
    for transition in TRANSITIONS.values():
        if hazard.state not in transition.sources or not kinds & set(transition.actors):
            continue
        if transition.name.startswith("recheck") and hazard.rectified_by_id == person.pk:
            continue  # 复查验收 by someone other than the rectifier
        name = ACTION_NAMES.get(transition.name, transition.name)
        if name not in names:
            names.append(name)
    return names


def hazard_detail(person: Person, hazard: Hazard) -> dict:
    reporter = None
    if hazard.reported_by is not None:
        reporter = actor_label(hazard.reported_by)
    return {
        **hazard_row(hazard),
        "description": hazard.description,
        "measures": hazard.measures,
        "reported_by": reporter,
        "rectified_by": _name(hazard.rectified_by),
        "rectified_at": hazard.rectified_at,
        "rechecked_by": _name(hazard.rechecked_by),
        "closed_at": hazard.closed_at,
        "source_ref": hazard.source_ref,
        "confidence": hazard.confidence,
        "escalation_level": hazard.escalation_level,
        "actions": actions_for(person, hazard),
        "photos": [
            {
                "id": photo.pk,
                "kind": photo.kind,
                "kind_label": str(photo.get_kind_display()),
                "url": reverse("hazards:photo", args=[photo.pk]),
                "width": photo.width,
                "height": photo.height,
            }
            for photo in hazard.photos.all()
        ],
        "timeline": [event_out(e) for e in hazard.events.all()],
    }


DETAIL_RELATED = (
    "unit",
    "category",
    "responsible",
    "workplace",
    "reported_by__unit",
    "rectified_by",
    "rechecked_by",
)


def with_detail(queryset):
    return queryset.select_related(*DETAIL_RELATED).prefetch_related("photos", "events")


def visible_hazard(person: Person, hazard_id: int) -> Hazard:
    """The hazard as the person may see it, or 404.

    A video detection awaiting its patrol is also open to whoever may confirm or dismiss
    it (a Party member of the mine, `workflow.Actor.PATROL`), though it is not theirs to
    see once confirmed: the patrol has to read its version before acting on it.
    """
    hazard = with_detail(hazards_visible_to(person)).filter(pk=hazard_id).first()
    if hazard is None:
        hazard = with_detail(Hazard.objects).filter(pk=hazard_id, state=State.PENDING).first()
        if hazard is None or Actor.PATROL not in actor_kinds(person, hazard):
            raise Http404
    return hazard


def detail_of(person: Person, hazard_id: int) -> dict:
    return hazard_detail(person, visible_hazard(person, hazard_id))


# --- Errors ------------------------------------------------------------------------


SERVICE_ERRORS = (
    ValidationError,
    PermissionDenied,
    services.Conflict,
    Hazard.DoesNotExist,
    InspectionPlan.DoesNotExist,
)


# --- Resolving ids in a body -----------------------------------------------------------


def categories_by_id() -> dict[int, HazardCategory]:
    return {c.pk: c for c in HazardCategory.objects.all()}


def people_by_id(ids) -> dict[int, Person]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    return {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("unit")}


def workplace_by_code(code: str | None) -> Workplace | None:
    if not code:
        return None
    workplace = Workplace.objects.select_related("unit").filter(code=code, is_active=True).first()
    if workplace is None:
        raise ValidationError({"workplace": _("没有编码为“%(code)s”的作业地点。") % {"code": code}})
    return workplace


def unit_or_own(unit_id: int | None, person: Person) -> Organisation:
    unit = person.unit if unit_id is None else Organisation.objects.filter(pk=unit_id).first()
    if unit is None or unit.tree != Tree.UNIT:
        raise ValidationError({"unit": _("请选择责任单位。")})
    return unit


def responsible_of(people: dict[int, Person], pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = people.get(pk)
    if person is None:
        raise ValidationError({"responsible": _("整改责任人必须是本矿在职人员。")})
    return person


def finding_of(data: FindingIn, categories, people, workplace=None) -> services.Finding:
    return services.Finding(
        location=data.location,
        category=categories.get(data.category) if data.category else None,
        severity=data.severity,
        description=data.description,
        measures=data.measures,
        responsible=responsible_of(people, data.responsible),
        deadline=data.deadline,
        workplace=workplace,
    )


def act(request, hazard_id: int, step, **kwargs):
    """Run one lifecycle service on a hazard the caller may see; answer with its detail.

    The answer shows the hazard as the step left it, even when that takes it out of the
    caller's sight (a patrol dismissing a detection): they saw it a moment ago.
    """
    person = request.auth
    visible_hazard(person, hazard_id)
    try:
        step(hazard_id=hazard_id, actor=person, **kwargs)
    except SERVICE_ERRORS as exc:
        return refused(exc)
    return hazard_detail(person, with_detail(Hazard.objects).get(pk=hazard_id))
