"""Editing one question of the bank, and disabling or enabling it.

Papers hold the ids of the questions they were given and are marked against those
rows, so a question is never changed in place: an edit writes the next version as a
new row and points the old one at it (`replaced_by`, no longer drawn). A paper drawn
before keeps the version it had; new papers and practice days draw the new one.

Two editors at once: each form carries the version it was drawn from, and the old
row is claimed by a conditional UPDATE (still current, same version, same on/off
state); the second finds it claimed and is told, nothing saved."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.timeline import Conflict

from ..access import setup_reach
from ..models.contests import Kind, Question
from .bank import OPTION_KEYS, check_row

FIELDS = ("kind", "category", "difficulty", "stem", "options", "answer", "explanation")


def _current(actor, question_id: int) -> Question:
    found = (
        Question.objects.filter(setup_reach(actor).q("org_path"), pk=question_id)
        .select_related("replaced_by")
        .first()
    )
    if found is None:
        raise OutOfScope()
    return found


def _stale(question: Question) -> Conflict:
    return Conflict(
        _(
            "这道题刚刚已被他人修改或启用/停用。您填写的内容保留在下方，"
            "请刷新查看最新版本后再决定是否修改。"
        )
    )


def question_edit(
    *,
    actor,
    question_id: int,
    version: int,
    kind: str,
    category: str,
    difficulty,
    stem: str,
    options=(),
    answer: str = "",
    explanation: str = "",
) -> Question:
    """The question's next version (the same row if nothing changed)."""
    old = _current(actor, question_id)
    if old.replaced_by_id is not None or old.version != version:
        raise _stale(old)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("请选择题型。")})
    # The import's checks, so that an edited question obeys the same rules as an imported one.
    values = {
        "kind": str(Kind(kind).label),
        "category": (category or "").strip(),
        "difficulty": str(difficulty or "").strip(),
        "stem": (stem or "").strip(),
        "answer": (answer or "").strip(),
        "explanation": (explanation or "").strip(),
        **{key: (text or "").strip() for key, text in zip(OPTION_KEYS, options, strict=False)},
    }
    fields, reasons = check_row(values)
    if reasons:
        raise ValidationError({"question": reasons})
    if all(getattr(old, name) == fields[name] for name in FIELDS):
        return old
    now = timezone.now()
    with transaction.atomic():
        new = Question.objects.create(
            mine_id=old.mine_id,
            org_path=old.org_path,
            is_active=old.is_active,
            version=old.version + 1,
            created_at=old.created_at,
            created_by_id=old.created_by_id,
            source_import_id=old.source_import_id,
            updated_at=now,
            updated_by=actor,
            **fields,
        )
        claimed = Question.objects.filter(
            pk=old.pk, replaced_by__isnull=True, version=version, is_active=old.is_active
        ).update(replaced_by=new, is_active=False)
        if not claimed:  # another editor (or a disable) got there first: roll back ours
            raise _stale(old)
        audit.record(
            action="learning.question.edit",
            actor=actor,
            obj=new,
            before={"id": old.pk, **{n: getattr(old, n) for n in FIELDS}},
            after={"id": new.pk, "version": new.version, **fields},
        )
    return new


def question_set_active(*, actor, question_id: int, version: int, active: bool) -> Question:
    """Disable (not drawn into new papers or practice) or enable a current question.
    Papers already drawn keep it either way."""
    question = _current(actor, question_id)
    if question.replaced_by_id is not None or question.version != version:
        raise _stale(question)
    if question.is_active == active:
        return question
    with transaction.atomic():
        claimed = Question.objects.filter(
            pk=question.pk, replaced_by__isnull=True, version=version, is_active=not active
        ).update(is_active=active, updated_at=timezone.now(), updated_by=actor)
        if not claimed:
            raise _stale(question)
        audit.record(
            action="learning.question." + ("enable" if active else "disable"),
            actor=actor,
            obj=question,
            before={"is_active": not active},
            after={"is_active": active},
        )
    question.is_active = active
    return question
