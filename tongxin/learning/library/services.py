"""Every write of the library: the Party committee's modules, materials and required
courses, and each person's heartbeats, which become study time, read/watched marks,
points (through points.services.award only) and, for study the server does not
believe, a StudyFlag for the branch."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.timeline import Transition, Workflow, table
from tongxin.people.models import Organisation, Tree
from tongxin.people.selectors import mine_of

from ..access import edits_learning_setup, party_path_of
from ..models import Kind, Material, MaterialState, Module, RequiredCourse, StudyDay, StudyFlag, Who
from ..points import rules
from ..points.services import award
from . import courses
from .modules import module_create, module_move, module_rename
from .sanitise import sanitise

__all__ = ["module_create", "module_move", "module_rename"]  # the set-up's, kept here too

# Heartbeats: the page sends one every 15 s while visible and in use.
BEAT_CAP = 20  # seconds credited for one beat at most
TOO_FAST = 10  # a beat sooner than this after the last one credits nothing
FAST_BEATS_FLAGGED = 3  # this many too-fast beats in a day flag the study
READ_CHARS_PER_MINUTE = 300  # an article counts as read after its length at this pace
READ_MIN_SECONDS = 30
FASTEST_CHARS_PER_MINUTE = 1500  # nobody reads faster (a long article's end reached sooner)
LONG_ARTICLE = 1500
REGULAR_AFTER = 40  # beats (10 minutes) before regularity is judged
REGULAR_SPREAD = 0.02  # seconds: a human's network never keeps beats this even
ARTICLE_TIME_STEP = 120
VIDEO_TIME_STEP = 180
VIDEO_DONE = 0.9
SLOTS = 40  # a video's length in fortieths, for the share watched


def read_seconds(material: Material) -> int:
    return max(READ_MIN_SECONDS, math.ceil(material.length * 60 / READ_CHARS_PER_MINUTE))


# ---- the committee's set-up ---------------------------------------------------------


def _mine_for_setup(actor, unit_id):
    unit = Organisation.objects.filter(pk=unit_id, tree=Tree.UNIT).first() if unit_id else None
    if unit is None or not edits_learning_setup(actor, unit.path):
        raise OutOfScope()
    return unit


def material_create(
    *,
    actor,
    module_id,
    unit_id,
    kind: str,
    title: str,
    body: str = "",
    file=None,
    url: str = "",
    duration=0,
    audience: str = Who.EVERYONE,
) -> Material:
    unit = _mine_for_setup(actor, unit_id)
    module = Module.objects.filter(pk=module_id, mine=mine_of(unit)).first()
    if module is None:
        raise ValidationError({"module": _("请选择本矿的学习模块。")})
    title = (title or "").strip()
    errors = {}
    if not title or len(title) > 120:
        errors["title"] = _("请填写标题（不超过 120 字）。")
    if kind not in Kind.values:
        errors["kind"] = _("请选择资料类型。")
    safe, text = sanitise(body)
    if kind == Kind.ARTICLE and not text:
        errors["body"] = _("请填写文章正文。")
    if kind in (Kind.VIDEO, Kind.DOCUMENT) and not file and not url:
        errors["file"] = _("请上传文件或填写内网链接。")
    if kind == Kind.DOCUMENT and file and not file.name.lower().endswith(".pdf"):
        errors["file"] = _("文档须为 PDF 文件。")
    if kind == Kind.LINK and not url:
        errors["url"] = _("请填写内网链接。")
    if audience not in Who.values:
        errors["audience"] = _("请选择发布对象。")
    try:
        duration = max(0, int(duration or 0))
    except (TypeError, ValueError):
        errors["duration"] = _("时长须为秒数。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        material = Material.objects.create(
            module=module,
            unit=unit,
            org_path=unit.path,
            kind=kind,
            title=title,
            body=safe,
            text=text,
            url=(url or "").strip()[:200],
            length=len(text.replace(" ", "")),
            duration=duration,
            audience=audience,
            author=actor,
        )
        if file:
            material.file.save(file.name, file, save=True)
        audit.record(action="learning.material.create", actor=actor, obj=material)
    return material


class Actor:
    COMMITTEE = "committee"


MATERIAL_TRANSITIONS = table(
    Transition(
        "publish",
        gettext_lazy("发布"),
        (MaterialState.DRAFT, MaterialState.WITHDRAWN),
        MaterialState.PUBLISHED,
        (Actor.COMMITTEE,),
        denied=gettext_lazy("只有本矿党委可以发布学习资料。"),
    ),
    Transition(
        "withdraw",
        gettext_lazy("撤回"),
        (MaterialState.PUBLISHED,),
        MaterialState.WITHDRAWN,
        (Actor.COMMITTEE,),
        denied=gettext_lazy("只有本矿党委可以撤回学习资料。"),
    ),
)


def _committee(actor, material, **context) -> set:
    return {Actor.COMMITTEE} if edits_learning_setup(actor, material.org_path) else set()


def material_actions(actor, material) -> set[str]:
    """The names of the steps (publish, withdraw) `actor` may take on `material` now."""
    return material_flow.available(material, _committee(actor, material))


material_flow = Workflow(
    model=Material,
    transitions=MATERIAL_TRANSITIONS,
    capacities=_committee,
    noun=gettext_lazy("这份学习资料"),
    audit_prefix="learning.material",
)


def _stamp(material) -> list[str]:
    material.published_at = timezone.now()
    return ["published_at"]


def material_publish(*, actor, material_id: int, version: int) -> Material:
    return material_flow.run(
        pk=material_id, name="publish", actor=actor, version=version, apply=_stamp
    )


def material_withdraw(*, actor, material_id: int, version: int) -> Material:
    return material_flow.run(pk=material_id, name="withdraw", actor=actor, version=version)


def course_create(
    *, actor, unit_id, title: str, who: str, deadline, material_ids
) -> RequiredCourse:
    unit = _mine_for_setup(actor, unit_id)
    title = (title or "").strip()
    errors = {}
    if not title or len(title) > 80:
        errors["title"] = _("请填写必修课名称（不超过 80 字）。")
    if who not in Who.values:
        errors["who"] = _("请选择学习对象。")
    if deadline is None:
        errors["deadline"] = _("请填写截止日期。")
    elif deadline < timezone.localdate():
        errors["deadline"] = _("截止日期不能早于今天。")
    ids = {int(i) for i in material_ids or () if str(i).isdigit()}
    materials = list(
        Material.objects.filter(
            pk__in=ids, org_path__startswith=mine_of(unit).path, state=MaterialState.PUBLISHED
        )
    )
    if not materials or len(materials) != len(ids):
        errors["materials"] = _("请选择本矿已发布的学习资料。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        course = RequiredCourse.objects.create(
            title=title, who=who, unit=unit, org_path=unit.path, deadline=deadline
        )
        course.materials.set(materials)
        courses.backfill(course, timezone.now())
        audit.record(action="learning.course.create", actor=actor, obj=course)
    return course


# ---- heartbeats -----------------------------------------------------------------------


@dataclass(frozen=True)
class Beat:
    credited: int  # seconds added
    points: int
    completed: bool
    flagged: str = ""  # the reason, when this beat raised a flag


def _flag(row: StudyDay, reason: str, at: datetime) -> str:
    row.flagged = True
    if not StudyFlag.objects.filter(
        person_id=row.person_id, material_id=row.material_id, day=row.day
    ).exists():
        StudyFlag.objects.create(
            person_id=row.person_id,
            material_id=row.material_id,
            reason=reason,
            at=at,
            day=row.day,
            unit_path=row.unit_path,
            party_path=row.party_path,
        )
    return reason


def _watched_share(bits: int) -> float:
    return bin(bits).count("1") / SLOTS


def beat(*, person, material: Material, position=None, at: datetime | None = None) -> Beat:
    """One heartbeat from the material page of a person who may read it.

    `position`: for a video the playback position in seconds; for an article the share
    scrolled (0–1). The server credits at most the time since the last beat (≤ 20 s),
    nothing for beats faster than the page sends them, and nothing more on a day whose
    study it flagged."""
    at = at or timezone.now()
    day = timezone.localdate(at)
    if not person.unit_id:
        return Beat(0, 0, False)
    try:
        position = float(position) if position not in (None, "") else None
    except (TypeError, ValueError):
        position = None
    if position is not None and not math.isfinite(position):
        position = None
    awards: list[tuple[str, int, str]] = []
    flagged = ""
    with transaction.atomic():
        row, _created = StudyDay.objects.select_for_update().get_or_create(
            person=person,
            material=material,
            day=day,
            defaults={
                "module_id": material.module_id,
                "unit_path": person.unit.path,
                "party_path": party_path_of(person),
            },
        )
        if row.flagged:
            return Beat(0, 0, row.completed_at is not None)
        credited = 0
        if row.last_beat_at is not None:
            gap = (at - row.last_beat_at).total_seconds()
            if gap < TOO_FAST:
                row.fast_beats += 1
                if row.fast_beats >= FAST_BEATS_FLAGGED:
                    flagged = _flag(row, _("心跳过于频繁（疑似刷时长）"), at)
            else:
                credited = int(min(gap, BEAT_CAP))
                if gap <= 60:  # a pause is not part of the rhythm
                    row.gap_sum += gap
                    row.gap_squares += gap * gap
                    row.beats += 1
        row.last_beat_at = at
        before = row.seconds
        row.seconds += credited
        if not flagged and row.beats >= REGULAR_AFTER:
            mean = row.gap_sum / row.beats
            spread = math.sqrt(max(row.gap_squares / row.beats - mean * mean, 0))
            if spread < REGULAR_SPREAD:
                flagged = _flag(row, _("心跳间隔过于规律（疑似脚本）"), at)
        if material.kind == Kind.ARTICLE and not flagged:
            if (
                position is not None
                and position >= 0.95
                and material.length >= LONG_ARTICLE
                and row.seconds < material.length * 60 / FASTEST_CHARS_PER_MINUTE
            ):
                flagged = _flag(row, _("阅读速度过快（超过每分钟 1500 字）"), at)
            elif row.completed_at is None and row.seconds >= read_seconds(material):
                row.completed_at = at
                awards.append((rules.READ_ARTICLE, 1, f"material:{material.pk}"))
            steps = row.seconds // ARTICLE_TIME_STEP - before // ARTICLE_TIME_STEP
            if steps > 0 and not flagged:
                awards.append((rules.ARTICLE_TIME, steps, ""))
        elif material.kind == Kind.VIDEO and not flagged:
            if position is not None and material.duration > 0 and credited:
                slot = int(min(max(position, 0), material.duration) * SLOTS / material.duration)
                row.watched |= 1 << min(slot, SLOTS - 1)
                # The slots passed since the last beat, at most what the time allows.
                span = max(1, math.ceil(credited * SLOTS / material.duration))
                for back in range(1, span + 1):
                    if slot - back >= 0:
                        row.watched |= 1 << (slot - back)
                row.progress = min(_watched_share(row.watched), 1.0)
            if row.completed_at is None and row.progress >= VIDEO_DONE:
                row.completed_at = at
                awards.append((rules.WATCH_VIDEO, 1, f"material:{material.pk}"))
            steps = row.seconds // VIDEO_TIME_STEP - before // VIDEO_TIME_STEP
            if steps > 0:
                awards.append((rules.VIDEO_TIME, steps, ""))
        elif not flagged and row.completed_at is None and row.seconds >= READ_MIN_SECONDS:
            row.completed_at = at  # a document or a link: opened and studied a while
        row.save()
        if row.completed_at == at:
            courses.record_completions(person=person, material=material, at=at)
    points = 0
    for code, units, once_key in awards:
        points += award(
            person=person,
            code=code,
            source=f"learning.material:{material.pk}",
            once_key=once_key,
            units=units,
            at=at,
            note=material.title[:60],
        ).points
    return Beat(credited if not flagged else 0, points, row.completed_at is not None, flagged)
