"""Hardship files (困难职工档案) with their yearly review, assistance records (帮扶记录),
and the reminder sent to the union chairs before a review is due. Retired workers keep
and get files too."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.notify import notify
from tongxin.people.models import Person, Role
from tongxin.people.selectors import holders_over

from ..access import manages_person
from ..models import (
    Assistance,
    AssistanceKind,
    AssistanceSource,
    FileState,
    HardshipCause,
    HardshipFile,
    HardshipLevel,
    HardshipReview,
    ReviewOutcome,
)
from .base import Checks, file_flow, today, year_after

MAX_AMOUNT = Decimal("100000")
MAX_INCOME = Decimal("1000000")
MAX_HOUSEHOLD = 30
ALREADY_FILED = gettext_lazy("该职工已有在档的困难职工档案，请在原档案上复核，不要重复建档。")


def _money(value, checks: Checks, *, field: str, label: str) -> Decimal | None:
    if value is None or str(value).strip() == "":
        checks.add(field, _("请填写%(label)s。") % {"label": label})
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        checks.add(field, _("%(label)s应为数字。") % {"label": label})
        return None
    if not amount.is_finite():
        checks.add(field, _("%(label)s应为数字。") % {"label": label})
        return None
    return amount.quantize(Decimal("0.01"))


def _income(value, checks: Checks, field: str = "monthly_income") -> Decimal | None:
    income = _money(value, checks, field=field, label=_("家庭人均月收入"))
    if income is not None and income < 0:
        checks.add(field, _("家庭人均月收入不能为负数。"))
    elif income is not None and income > MAX_INCOME:
        checks.add(field, _("家庭人均月收入填写有误（超过 100 万元）。"))
    return income


def _household(value, checks: Checks) -> int | None:
    try:
        size = int(value)
    except (TypeError, ValueError):
        checks.add("household_size", _("请填写家庭人口（人数）。"))
        return None
    if size < 1:
        checks.add("household_size", _("家庭人口至少为 1 人。"))
    elif size > MAX_HOUSEHOLD:
        message = _("家庭人口填写有误（超过 %(n)s 人）。") % {"n": MAX_HOUSEHOLD}
        checks.add("household_size", message)
    return size


def file_url(file: HardshipFile) -> str:
    return reverse("care:file", args=[file.pk])


@transaction.atomic
def file_open(
    *,
    actor: Person,
    person: Person,
    level: str,
    cause: str,
    family_situation: str,
    household_size,
    monthly_income,
    opened_on: date | None = None,
    is_retired: bool | None = None,
) -> HardshipFile:
    """Open a hardship file (建档); one file in force per person at a time."""
    if person is None or person.unit_id is None:
        raise ValidationError({"person": _("请选择有所在单位的职工。")})
    if not manages_person(actor, person):
        raise PermissionDenied(_("只能为本人工会负责单位的职工建档。"))
    checks = Checks()
    checks.choice(level, HardshipLevel, field="level", message=_("请选择困难程度。"))
    checks.choice(cause, HardshipCause, field="cause", message=_("请选择致困原因。"))
    family_situation = checks.text(
        family_situation, field="family_situation", label=_("家庭情况"), minimum=4, maximum=1000
    )
    size = _household(household_size, checks)
    income = _income(monthly_income, checks)
    opened_on = opened_on or today()
    if opened_on > today():
        checks.add("opened_on", _("建档日期不能晚于今天。"))
    if HardshipFile.objects.filter(person=person, state=FileState.ACTIVE).exists():
        checks.add("person", ALREADY_FILED)
    checks.done()
    try:
        with transaction.atomic():
            file = HardshipFile.objects.create(
                person=person,
                organisation=person.unit,
                org_path=person.unit.path,
                level=level,
                cause=cause,
                family_situation=family_situation,
                household_size=size,
                monthly_income=income,
                is_retired=(not person.is_active) if is_retired is None else bool(is_retired),
                opened_on=opened_on,
                next_review_on=year_after(opened_on),
                created_by=actor,
            )
    except IntegrityError:
        # Someone opened one for the same person a moment ago.
        raise ValidationError({"person": ALREADY_FILED}) from None
    audit.record(
        action="care.file.opened",
        actor=actor,
        obj=file,
        after={"person": person.pk, "level": level, "state": file.state},
    )
    return file


@transaction.atomic
def file_review(
    *,
    actor: Person,
    file_id: int,
    version: int | None,
    outcome: str,
    level_after: str = "",
    monthly_income=None,
    note: str = "",
    reviewed_on: date | None = None,
) -> HardshipReview:
    """The yearly review (年度复核): keep, change the level, or close the file (脱困销档).

    The next review moves a year on from the one that was due; a review done so late
    that this is already past moves it a year on from the review itself.
    """
    file, step = file_flow.begin(pk=file_id, name="reviewed", actor=actor, version=version)
    checks = Checks()
    checks.choice(outcome, ReviewOutcome, field="outcome", message=_("请选择复核结论。"))
    if outcome == ReviewOutcome.CHANGE:
        if level_after not in HardshipLevel.values:
            checks.add("level_after", _("调整困难程度时，请选择复核后的困难程度。"))
        elif level_after == file.level:
            checks.add("level_after", _("复核后的困难程度与原来相同，请选择“维持”。"))
    income = None
    if monthly_income not in (None, ""):
        income = _income(monthly_income, checks)
    note = checks.text(
        note,
        field="note",
        label=_("复核意见"),
        minimum=2 if outcome == ReviewOutcome.CLOSE else 0,
        maximum=500,
    )
    reviewed_on = reviewed_on or today()
    if reviewed_on > today():
        checks.add("reviewed_on", _("复核日期不能晚于今天。"))
    elif reviewed_on < file.opened_on:
        checks.add("reviewed_on", _("复核日期不能早于建档日期。"))
    checks.done()
    before = {"level": file.level, "next_review_on": str(file.next_review_on)}
    if outcome == ReviewOutcome.CHANGE:
        file.level = level_after
    review = HardshipReview.objects.create(
        file=file,
        reviewed_on=reviewed_on,
        outcome=outcome,
        level_after="" if outcome == ReviewOutcome.CLOSE else file.level,
        monthly_income=income,
        note=note,
        reviewer=actor,
    )
    if income is not None:
        file.monthly_income = income
    file.last_reviewed_on = reviewed_on
    following = year_after(file.next_review_on)
    file.next_review_on = following if following > reviewed_on else year_after(reviewed_on)
    file_flow.finish(
        file,
        step,
        actor=actor,
        to_state=FileState.CLOSED if outcome == ReviewOutcome.CLOSE else FileState.ACTIVE,
        fields=["level", "monthly_income", "last_reviewed_on", "next_review_on"],
        audit_before=before,
        audit_after={
            "outcome": outcome,
            "level": file.level,
            "next_review_on": str(file.next_review_on),
        },
    )
    return review


@transaction.atomic
def assistance_record(
    *,
    actor: Person,
    person: Person,
    kind: str,
    amount,
    source: str,
    given_on: date | None,
    note: str = "",
) -> Assistance:
    """What a worker received (送温暖、金秋助学、医疗救助 …); linked to their file in force."""
    if person is None or person.unit_id is None:
        raise ValidationError({"person": _("请选择有所在单位的职工。")})
    if not manages_person(actor, person):
        raise PermissionDenied(_("只能为本人工会负责单位的职工登记帮扶。"))
    checks = Checks()
    checks.choice(kind, AssistanceKind, field="kind", message=_("请选择帮扶类型。"))
    checks.choice(source, AssistanceSource, field="source", message=_("请选择资金来源。"))
    value = _money(amount, checks, field="amount", label=_("金额"))
    if value is not None and value <= 0:
        checks.add("amount", _("金额必须大于 0 元。"))
    elif value is not None and value > MAX_AMOUNT:
        checks.add("amount", _("单笔金额不能超过 100000 元。"))
    if given_on is None:
        checks.add("given_on", _("请填写发放日期。"))
    elif given_on > today():
        checks.add("given_on", _("发放日期不能晚于今天。"))
    note = checks.text(note, field="note", label=_("说明"), minimum=0, maximum=300)
    checks.done()
    file = HardshipFile.objects.filter(person=person, state=FileState.ACTIVE).first()
    aid = Assistance.objects.create(
        person=person,
        file=file,
        organisation=person.unit,
        org_path=person.unit.path,
        kind=kind,
        amount=value,
        source=source,
        given_on=given_on,
        note=note,
        recorded_by=actor,
    )
    audit.record(
        action="care.assistance.recorded",
        actor=actor,
        obj=aid,
        after={"person": person.pk, "kind": kind, "amount": str(value), "source": source},
    )
    return aid


def send_review_reminders(*, on: date | None = None) -> int:
    """Remind the nearest union chairs over each file's unit, once per due date, when its
    yearly review is CARE_REVIEW_REMIND_DAYS away (or already due). Returns files reminded.

    Each file is claimed with a conditional update, so two runs at once never remind twice.
    """
    on = on or today()
    horizon = on + timedelta(days=settings.CARE_REVIEW_REMIND_DAYS)
    due = (
        HardshipFile.objects.filter(state=FileState.ACTIVE, next_review_on__lte=horizon)
        .exclude(review_reminded_for=F("next_review_on"))
        .select_related("person")
        .order_by("org_path", "pk")
    )
    chairs: dict[str, list[Person]] = {}
    sent = 0
    for file in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                HardshipFile.objects.filter(pk=file.pk, next_review_on=file.next_review_on)
                .exclude(review_reminded_for=file.next_review_on)
                .update(review_reminded_for=file.next_review_on)
            )
            if not claimed:
                continue
            if file.org_path not in chairs:
                chairs[file.org_path] = holders_over(file.org_path, Role.UNION_CHAIR, nearest=True)
            notify(
                recipients=chairs[file.org_path],
                title=_("困难职工档案待年度复核：%(n)s") % {"n": file.person.name},
                body=_("下次复核日期 %(d)s，请按时复核。") % {"d": file.next_review_on},
                url=file_url(file),
            )
            sent += 1
    return sent
