"""Publishing a disclosure, reading it, and the comments on it (moderated, answered)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.anonymous.receipts import new_receipt, receipt_hash
from tongxin.core.anonymous.times import hour_now
from tongxin.core.notify import notify
from tongxin.core.timeline import Workflow
from tongxin.core.workdays import add_workdays

from ..disclosure_access import comments_handled_by, disclosures_for, may_publish
from ..models import Comment, Disclosure, DisclosureFile, DisclosureRead
from ..workflow import COMMENT_TRANSITIONS, Office

MAX_FILE_MB = 20
SIGNATURES = {"pdf": b"%PDF-", "xlsx": b"PK\x03\x04"}


def _file_kind(upload) -> str:
    """pdf or xlsx, judged by the file's first bytes and name; anything else refused."""
    head = upload.read(8)
    upload.seek(0)
    name = (upload.name or "").lower()
    if head.startswith(SIGNATURES["pdf"]) and name.endswith(".pdf"):
        return "pdf"
    if head.startswith(SIGNATURES["xlsx"]) and name.endswith(".xlsx"):
        return "xlsx"
    raise ValidationError(
        {"files": _("附件只能是 PDF 或 Excel（.xlsx）文件：%(n)s") % {"n": upload.name}}
    )


def disclosure_publish(
    *, actor, category, audience, title: str, body: str, period: str, files=()
) -> Disclosure:
    title, body, period = (title or "").strip(), (body or "").strip(), (period or "").strip()
    errors: dict[str, list[str]] = {}
    if not may_publish(actor, category):
        raise OutOfScope()
    if not 2 <= len(title) <= 80:
        errors["title"] = [_("请填写标题（2 至 80 个字）。")]
    if not 2 <= len(period) <= 30:
        errors["period"] = [_("请填写所属期间，如“2026年第三季度”。")]
    if audience is None or not audience.path.startswith(category.org_path):
        errors["audience"] = [_("公开范围须在本类别的单位之内。")]
    kinds = []
    for upload in files:
        if upload.size > MAX_FILE_MB * 1024 * 1024:
            errors.setdefault("files", []).append(_("附件不能超过 %(n)s MB。") % {"n": MAX_FILE_MB})
            continue
        try:
            kinds.append((upload, _file_kind(upload)))
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    on_time = not category.is_overdue()
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            on_time=on_time,
            category=category,
            org_path=category.org_path,
            audience=audience,
            audience_path=audience.path,
            title=title,
            body=body,
            period=period,
            published_by=actor,
        )
        for upload, kind in kinds:
            DisclosureFile.objects.create(
                disclosure=disclosure, name=upload.name[:120], kind=kind, file=upload
            )
        category.last_published_at = disclosure.published_at
        category.save(update_fields=["last_published_at"])
        audit.record(action="integrity.disclosure.publish", actor=actor, obj=disclosure)
    return disclosure


def disclosure_read(*, person, disclosure: Disclosure) -> None:
    """Counted once per person, with the unit they are in now."""
    if DisclosureRead.objects.filter(disclosure=disclosure, person=person).exists():
        return
    try:
        with transaction.atomic():
            DisclosureRead.objects.create(
                disclosure=disclosure, person=person, unit_id=person.unit_id
            )
    except IntegrityError:  # the same person's second tab, at the same moment
        pass


def comment_post(*, author, disclosure_id: int, body: str, anonymous: bool) -> tuple[Comment, str]:
    """A comment or question, pending moderation; an anonymous one gets a receipt."""
    body = (body or "").strip()
    if not 4 <= len(body) <= 1000:
        raise ValidationError({"body": _("请填写留言（4 至 1000 个字）。")})
    disclosure = disclosures_for(author).filter(pk=disclosure_id).first()
    if disclosure is None:
        raise OutOfScope()
    receipt = new_receipt() if anonymous else ""
    with transaction.atomic():
        comment = Comment.objects.create(
            disclosure=disclosure,
            author=None if anonymous else author,
            is_anonymous=anonymous,
            receipt_hash=receipt_hash(receipt) if anonymous else "",
            body=body,
            created_at=hour_now() if anonymous else timezone.now(),
        )
        if anonymous:
            audit.count_anonymous(action="integrity.comment.post")
        else:
            audit.record(action="integrity.comment.post", actor=author, obj=comment)
    return comment, receipt


def _office(actor, comment: Comment, **context) -> set:
    return (
        {Office.PUBLISHER} if comments_handled_by(actor).filter(pk=comment.pk).exists() else set()
    )


comment_flow = Workflow(
    model=Comment,
    transitions=COMMENT_TRANSITIONS,
    capacities=_office,
    noun=gettext_lazy("这条留言"),
    audit_prefix="integrity.comment",
    refusal=OutOfScope,
)


def _tell_writer(title: str):
    """After commit: the named writer is told (an anonymous one reads it by receipt)."""

    def tell(comment, transition, event):
        if comment.author_id:
            notify(
                recipients=[comment.author],
                title=title,
                url=reverse("integrity:disclosure", args=[comment.disclosure_id]),
            )

    return tell


def comment_moderate(
    *, actor, comment_id: int, version: int | None, publish: bool, reason: str = ""
) -> Comment:
    reason = (reason or "").strip()
    if not publish and len(reason) < 4:
        raise ValidationError({"reason": _("请写明不予公开的原因（至少 4 个字），留言人会看到。")})

    def apply(comment):
        comment.refusal = "" if publish else reason[:500]
        return ["refusal"]

    return comment_flow.run(
        pk=comment_id,
        name="publish" if publish else "refuse",
        actor=actor,
        version=version,
        apply=apply,
        notify=None
        if publish
        else _tell_writer(_("您的留言未通过审核：%(r)s") % {"r": reason[:60]}),
    )


def comment_answer(*, actor, comment_id: int, version: int | None, answer: str) -> Comment:
    answer = (answer or "").strip()
    if not 2 <= len(answer) <= 2000:
        raise ValidationError({"answer": _("请填写答复（2 至 2000 个字）。")})

    def apply(comment):
        comment.answer = answer
        comment.answered_by = actor
        comment.answered_at = timezone.now()
        asked = timezone.localdate(comment.created_at)
        comment.answered_on_time = timezone.localdate(comment.answered_at) <= add_workdays(
            asked, settings.INTEGRITY_ANSWER_WORKDAYS
        )
        return ["answer", "answered_by", "answered_at", "answered_on_time"]

    return comment_flow.run(
        pk=comment_id,
        name="answer",
        actor=actor,
        version=version,
        apply=apply,
        notify=_tell_writer(_("您在厂务公开中的留言已答复")),
    )
