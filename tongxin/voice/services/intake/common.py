"""What the ways in share: the checks on a title and body, creating a case with its first
event and photos, and telling staff what a submitter did (an anonymous one's notice
deferred to the next hour)."""

from __future__ import annotations

import os
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit

from ... import classify
from ...models import Case, CasePhoto
from ..base import case_flow, department_people, intake_officers, now_for, tell


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


# Whom a notice about what a submitter did goes to, by name (a task carries only names).
NOTICE_RECIPIENTS = {
    "intake": intake_officers,
    "handlers": lambda case: department_people(case) or intake_officers(case),
}


def tell_about(case: Case, whom: str, title: str) -> None:
    """Tell staff about what a submitter did: at once for a named case; for an anonymous
    one at the top of the next hour, from the task worker, with the hour's other
    anonymous notices. A notice written now would take its place in the notification
    sequence (and the webhook queue) right beside what the writer did under their name
    a moment before, and so point at them."""
    if not case.is_anonymous:
        tell(NOTICE_RECIPIENTS[whom](case), case, title)
        return
    from ...tasks import tell_about_anonymous

    eta = now_for(case) + timedelta(hours=1)
    transaction.on_commit(
        lambda: tell_about_anonymous.schedule(args=(case.pk, whom, str(title)), eta=eta)
    )


@transaction.atomic
def anonymous_notice(*, case_id: int, whom: str, title: str) -> None:
    """The deferred notice about an anonymous case (voice.tasks.tell_about_anonymous)."""
    case = Case.objects.select_related("organisation", "department").filter(pk=case_id).first()
    if case is not None:
        tell(NOTICE_RECIPIENTS[whom](case), case, title)


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
