"""What the ways in share: the checks on a title and body, creating a case with its first
event and photos, and telling staff what a submitter did (an anonymous one's notice
deferred to the next hour)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from tongxin.core import audit
from tongxin.core.anonymous.ids import is_block_id, new_block_id, next_in_block

from ... import classify
from ...models import AnonymousPhotoData, Case, CasePhoto
from ..base import anonymous_notice, case_flow, now_for, tell_about

__all__ = ["anonymous_notice", "clean_text", "create_case", "save_photos", "tell_about"]


def clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if len(title) < 2:
        errors["title"] = _("请填写标题（至少 2 个字）。")
    elif len(title) > 60:
        errors["title"] = _("标题不能超过 60 个字。")
    if len(body) < 5:
        errors["body"] = _("请把事情写清楚（至少 5 个字）。")
    elif len(body) > 2000:
        errors["body"] = _("内容不能超过 2000 个字。")
    if errors:
        raise ValidationError(errors)
    return title, body


def save_photos(case: Case, photos, event=None) -> None:
    """Named cases' photos become files; an anonymous case's are kept in the database
    (AnonymousPhotoData), so that no file's ctime or birth time dates the note."""
    for content in photos:
        if not case.is_anonymous:
            CasePhoto.objects.create(case=case, event=event, image=content)
            continue
        content.seek(0)
        data = content.read()
        with Image.open(io.BytesIO(data)) as probe:  # our own re-encoded JPEG
            width, height = probe.size
        photo = CasePhoto.objects.create(
            pk=next_in_block(CasePhoto, case.pk) if is_block_id(case.pk) else None,
            case=case,
            event=event,
            width=width,
            height=height,
        )
        AnonymousPhotoData.objects.create(photo=photo, data=data)


def create_case(case: Case, photos, *, actor, label: str, note: str = "") -> Case:
    case.org_path = case.organisation.path
    case.created_at = case.updated_at = now_for(case, "submit")
    if case.is_anonymous:  # not from the sequence (core.anonymous.ids)
        case.pk = new_block_id()
        while Case.objects.filter(pk=case.pk).exists():
            case.pk = new_block_id()
        case.save(force_insert=True)
    else:
        case.save()
    classify.index(case)
    event = case_flow.write_event(
        case,
        action="submit",
        actor=actor,
        to_state=case.state,
        note=note,
        label=label,
    )
    save_photos(case, photos, event)
    audit.record(
        action="voice.case.submitted",
        actor=actor,
        obj=case,
        after={"channel": case.channel, "state": case.state, "anonymous": case.is_anonymous},
        at=now_for(case, "submit"),
    )
    return case
