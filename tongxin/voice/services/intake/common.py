"""What the ways in share: the checks on a title and body, creating a case with its first
event and photos, and telling staff what a submitter did (an anonymous one's notice
deferred to the next hour)."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tongxin.core import audit

from ... import classify
from ...models import Case, CasePhoto
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
    for content in photos:
        photo = CasePhoto.objects.create(case=case, event=event, image=content)
        if case.is_anonymous:
            _coarse_file_times(photo.image, now_for(case))


def _coarse_file_times(image, moment) -> None:
    """Give an anonymous photo's file (and its folder, whose time the newest file sets)
    the case's coarse time: the file system otherwise keeps the exact second of
    submission, which the database cuts to the hour. Storage that is not a local file
    system keeps no such times to set."""
    try:
        path = image.path
    except NotImplementedError:
        return
    stamp = moment.timestamp()
    os.utime(path, (stamp, stamp))
    os.utime(os.path.dirname(path), (stamp, stamp))


def create_case(case: Case, photos, *, actor, label: str, note: str = "") -> Case:
    case.org_path = case.organisation.path
    case.created_at = case.updated_at = now_for(case)
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
        at=now_for(case),
    )
    return case
