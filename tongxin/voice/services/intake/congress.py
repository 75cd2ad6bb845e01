"""Workers' congress proposals: a representative tables one (numbered within the
session) and others second it until enough send it for review."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.people.models import Person

from ...models import Case, Channel, CongressSession, Cosign, State
from ...workflow import Actor
from ..base import case_flow, intake_officers, tell
from .common import clean_text, create_case


@transaction.atomic
def congress_submit(*, submitter: Person, session: CongressSession, title: str, body: str) -> Case:
    """A representative tables a proposal; it is numbered within the session at once."""
    title, body = clean_text(title, body)
    session = CongressSession.objects.select_for_update().get(pk=session.pk)
    today = timezone.localdate()
    if not (session.opens_on <= today <= session.closes_on):
        raise ValidationError(
            _("本届职代会提案征集时间为 %(a)s 至 %(b)s。")
            % {"a": session.opens_on, "b": session.closes_on}
        )
    if not session.representatives.filter(pk=submitter.pk).exists():
        raise PermissionDenied(_("只有本届职工代表可以提交职代会提案。"))
    number = session.next_number
    session.next_number += 1
    session.save(update_fields=["next_number"])
    case = Case(
        channel=Channel.CONGRESS,
        title=title,
        body=body,
        organisation=session.organisation,
        submitter=submitter,
        congress_session=session,
        congress_number=number,
        state=State.COSIGNING if session.cosign_required else State.SUBMITTED,
    )
    create_case(case, (), actor=submitter, label=submitter.name)
    if case.state == State.SUBMITTED:
        tell(intake_officers(case), case, _("职代会提案待立案审查"))
    return case


@transaction.atomic
def congress_cosign(*, case_id: int, representative: Person) -> Case:
    """Another representative seconds a proposal; enough of them send it for review."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("congress_session", "organisation")
        .get(pk=case_id)
    )
    session = case.congress_session
    if case.channel != Channel.CONGRESS or session is None:
        raise ValidationError(_("只有职代会提案需要附议。"))
    if not session.representatives.filter(pk=representative.pk).exists():
        raise PermissionDenied(_("只有本届职工代表可以附议。"))
    if case.submitter_id == representative.pk:
        raise ValidationError(_("提案人本人不能附议自己的提案。"))
    if Cosign.objects.filter(case=case, representative=representative).exists():
        raise ValidationError(_("您已经附议过这件提案。"))
    case, transition = case_flow.begin(
        pk=case.pk, name="cosign", actor=representative, kinds={Actor.REPRESENTATIVE}
    )
    Cosign.objects.create(case=case, representative=representative)
    case.cosign_count += 1
    enough = case.cosign_count >= session.cosign_required
    case_flow.finish(
        case,
        transition,
        actor=representative,
        fields=["cosign_count"],
        to_state=State.SUBMITTED if enough else State.COSIGNING,
        note=_("附议 %(n)s/%(need)s") % {"n": case.cosign_count, "need": session.cosign_required},
    )
    if enough:
        tell(intake_officers(case), case, _("职代会提案附议已满，待立案审查"))
    return case
