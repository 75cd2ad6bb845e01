"""What a worker does: submit a matter (named, or anonymous through the suggestion box)
and add what was asked for."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.anonymous.receipts import new_receipt, receipt_hash
from tongxin.core.images import clean_photos
from tongxin.core.workdays import add_workdays, workdays_between
from tongxin.people.models import Organisation, OrgKind, Person, Tree

from ...models import WORKER_CHANNELS, Case, Channel, State
from ..base import ANONYMOUS_LABEL, case_flow
from .common import clean_text, create_case, save_photos, tell_about

# Units an anonymous submitter may name: big enough that naming one says nothing about
# who wrote (never a crew of ten).
ANONYMOUS_UNIT_KINDS = (OrgKind.MINE, OrgKind.DISTRICT, OrgKind.DEPARTMENT, OrgKind.COMPANY)


@transaction.atomic
def case_submit(
    *,
    submitter: Person | None,
    channel: str,
    title: str,
    body: str,
    anonymous: bool = False,
    organisation: Organisation | None = None,
    photos=(),
) -> tuple[Case, str | None]:
    """A worker raises a matter. Returns the case and, for an anonymous one, its receipt.

    Anonymous: only the suggestion box; `submitter` must be None (the view passes none,
    whoever is signed in), and the unit is one the writer picks, never a crew.
    """
    if channel not in WORKER_CHANNELS:
        raise ValidationError({"channel": _("请选择提交渠道：职工诉求、意见箱或合理化建议。")})
    title, body = clean_text(title, body)
    if anonymous:
        if channel != Channel.SUGGESTION:
            raise ValidationError({"channel": _("只有意见箱可以匿名提交。")})
        if submitter is not None:
            raise ValueError("anonymous cases are submitted without a person")
        if (
            organisation is None
            or organisation.tree != Tree.UNIT
            or organisation.kind not in ANONYMOUS_UNIT_KINDS
        ):
            raise ValidationError({"organisation": _("请选择事情所在的矿或区队、科室。")})
    else:
        if submitter is None:
            raise PermissionDenied(_("请先登录；不登录只能匿名投递意见箱。"))
        organisation = organisation or submitter.unit
        if organisation is None:
            raise ValidationError({"organisation": _("您的档案没有所在单位，请联系管理员。")})
    photos = clean_photos(photos)  # all checked before anything is written
    case = Case(
        channel=channel,
        title=title,
        body=body,
        organisation=organisation,
        submitter=None if anonymous else submitter,
        is_anonymous=anonymous,
        state=State.SUBMITTED,
    )
    receipt = None
    if anonymous:
        receipt = new_receipt()
        case.receipt_hash = receipt_hash(receipt)
    create_case(
        case,
        photos,
        actor=None if anonymous else submitter,
        label=str(ANONYMOUS_LABEL) if anonymous else submitter.name,
    )
    tell_about(case, "intake", _("收到新的%(channel)s") % {"channel": case.get_channel_display()})
    return case, receipt


@transaction.atomic
def case_supplement(
    *, case_id: int, actor: Person | None, text: str, receipt_ok: bool = False, photos=()
) -> Case:
    """The submitter adds what was asked for; the case goes back and its clock restarts."""
    text = (text or "").strip()
    if len(text) < 2:
        raise ValidationError({"text": _("请填写补充的内容。")})
    photos = clean_photos(photos)
    case, transition = case_flow.begin(
        pk=case_id, name="supplement", actor=actor, receipt_ok=receipt_ok
    )
    fields = ["resume_state", "paused_on"]
    target = case.resume_state or State.ACCEPTED
    if case.deadline and case.paused_on:
        paused = workdays_between(case.paused_on, timezone.localdate())
        if paused > 0:
            case.deadline = add_workdays(case.deadline, paused)
            fields.append("deadline")
    case.resume_state, case.paused_on = "", None
    event = case_flow.finish(
        case,
        transition,
        actor=None if case.is_anonymous else actor,
        fields=fields,
        to_state=target,
        note=text,
        label=str(ANONYMOUS_LABEL) if case.is_anonymous else None,
    )
    save_photos(case, photos, event)
    tell_about(case, "handlers", _("提出人已补充材料"))
    return case
