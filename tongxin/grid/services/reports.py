"""The grid's paperwork: the monthly report form (月报表) each grid member submits and
the secretary accepts or returns, the quarterly self-summary (季度自我小结) of each
Party member, and the branch's quarterly grid meeting (季度例会) with the problems it
puts on the branch's list."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.notify import notify
from tongxin.core.workflow import Conflict
from tongxin.people.models import Organisation, Person

from ..access import branch_of, can_manage
from ..models import (
    GridLink,
    GridMeeting,
    MonthlyReport,
    ProblemSource,
    QuarterSummary,
    ReportState,
)
from ..periods import first_of, next_month, previous_month
from ..report_figures import month_figures, report_deadline
from ..selectors_branch import REPORTING_LEVELS, during, meeting_people
from .base import report_flow
from .locks import lock_person

# How far back a missing report may still be filed.
MAX_MONTHS_BACK = 12
OWN_WORDS_MIN = 10
SUMMARY_MIN = 20
MINUTES_MIN = 20
ALREADY_SUBMITTED = gettext_lazy("本月月报表已提交，不能重复提交。")
SUMMARY_ALREADY = gettext_lazy("本季度自我小结已提交，不能重复提交。")


def report_branch(member: Person, month: date) -> Organisation | None:
    """The branch a member's report goes to: that of their grid links during the month,
    else the member's own branch if they are a Party member."""
    start = first_of(month)
    link = (
        GridLink.objects.filter(
            during(start, next_month(start)), responsible=member, level__in=REPORTING_LEVELS
        )
        .select_related("branch__unit")
        .order_by("-starts_on", "-pk")
        .first()
    )
    if link is not None:
        return link.branch
    if member.is_party_member:
        return branch_of(member)
    return None


def months_open(today: date | None = None) -> list[date]:
    """The months a report may be filed for now, newest first (for the month choice)."""
    today = today or timezone.localdate()
    month = first_of(today)
    if today.day < settings.GRID_REPORT_OPEN_DAY:
        month = previous_month(month)
    months = []
    for _i in range(MAX_MONTHS_BACK):
        months.append(month)
        month = previous_month(month)
    return months


def _check_month(month: date | None, today: date) -> date:
    if not isinstance(month, date):
        raise ValidationError({"month": _("请选择月份。")})
    start = first_of(month)
    current = first_of(today)
    if start > current:
        raise ValidationError({"month": _("这个月还没到，不能填报月报表。")})
    if start == current and today.day < settings.GRID_REPORT_OPEN_DAY:
        raise ValidationError(
            {"month": _("本月月报表从 %(day)s 日起填报。") % {"day": settings.GRID_REPORT_OPEN_DAY}}
        )
    if start not in months_open(today):
        raise ValidationError(
            {"month": _("只能补报最近 %(n)s 个月的月报表。") % {"n": MAX_MONTHS_BACK}}
        )
    return start


def _report_url(report: MonthlyReport) -> str:
    return reverse("grid:report_detail", args=[report.pk])


@transaction.atomic
def report_submit(
    *, actor: Person, month: date, own_words: str, now: datetime | None = None
) -> MonthlyReport:
    """The member files the month's report: the figures are taken from the records now.

    A report already submitted or accepted cannot be filed again; a returned one is
    filed again with fresh figures and words (its version goes up). On time means filed
    by GRID_REPORT_DUE_DAY of the next month, judged on the first filing: a report the
    secretary sends back for more detail is not late for that.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = _check_month(month, today)
    own_words = (own_words or "").strip()
    if len(own_words) < OWN_WORDS_MIN:
        raise ValidationError(
            {
                "own_words": _("请填写本月工作情况和下月打算（至少 %(n)s 个字）。")
                % {"n": OWN_WORDS_MIN}
            }
        )
    if len(own_words) > 2000:
        raise ValidationError({"own_words": _("工作情况不能超过 2000 个字。")})
    branch = report_branch(actor, start)
    if branch is None:
        raise PermissionDenied(_("只有网格员（党员）需要填报月报表。"))
    lock_person(actor.pk)  # one person's submissions queue (two taps, two devices)
    filed = (
        MonthlyReport.objects.filter(member=actor, month=start).values_list("pk", flat=True).first()
    )
    figures = month_figures(actor, start, today=today)
    if filed is not None:
        try:
            report, step = report_flow.begin(pk=filed, name="resubmitted", actor=actor)
        except Conflict:
            # Submitted or accepted already: only a returned report is filed again.
            raise ValidationError({"month": ALREADY_SUBMITTED}) from None
        report.figures, report.own_words = figures, own_words
        report.submitted_at, report.branch = now, branch
        report_flow.finish(
            report,
            step,
            actor=actor,
            fields=["figures", "own_words", "submitted_at", "branch"],
            audit_after=_filed(report, version=report.version + 1),
        )
        return report
    report = MonthlyReport(
        member=actor,
        branch=branch,
        month=start,
        figures=figures,
        own_words=own_words,
        state=ReportState.SUBMITTED,
        submitted_at=now,
        on_time=today <= report_deadline(start),
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another request filed it between our look and our write.
        raise ValidationError({"month": ALREADY_SUBMITTED}) from None
    audit.record(
        action="grid.report.submitted",
        actor=actor,
        obj=report,
        after={"state": report.state, **_filed(report, version=report.version)},
    )
    return report


def _filed(report: MonthlyReport, *, version: int) -> dict:
    return {"month": report.month.strftime("%Y-%m"), "on_time": report.on_time, "version": version}


def _review(
    *, actor: Person, report_id: int, version: int, to_state: str, note: str
) -> MonthlyReport:
    name = "accepted" if to_state == ReportState.ACCEPTED else "returned"
    report, step = report_flow.begin(pk=report_id, name=name, actor=actor, version=version)
    if report.member_id == actor.pk:
        raise PermissionDenied(_("不能审核本人的月报表，请由上级党组织审核。"))
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.review_note = note
    report_flow.finish(
        report,
        step,
        actor=actor,
        fields=["reviewed_by", "reviewed_at", "review_note"],
        audit_after={"note": note},
    )
    return report


@transaction.atomic
def report_accept(*, actor: Person, report_id: int, version: int, note: str = "") -> MonthlyReport:
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("审核意见不能超过 500 个字。")})
    report = _review(
        actor=actor, report_id=report_id, version=version, to_state=ReportState.ACCEPTED, note=note
    )
    notify(
        recipients=[report.member],
        title=_("%(month)s 月报表已审核通过") % {"month": f"{report.month:%Y-%m}"},
        body=note,
        url=_report_url(report),
    )
    return report


@transaction.atomic
def report_return(*, actor: Person, report_id: int, version: int, note: str) -> MonthlyReport:
    note = (note or "").strip()
    if len(note) < 4:
        raise ValidationError({"note": _("请写明退回的原因和修改要求（至少 4 个字）。")})
    if len(note) > 500:
        raise ValidationError({"note": _("退回意见不能超过 500 个字。")})
    report = _review(
        actor=actor, report_id=report_id, version=version, to_state=ReportState.RETURNED, note=note
    )
    notify(
        recipients=[report.member],
        title=_("%(month)s 月报表被退回，请修改后重新提交") % {"month": f"{report.month:%Y-%m}"},
        body=note,
        url=reverse("grid:report_mine") + f"?month={report.month:%Y-%m}",
    )
    return report


# --- quarterly self-summary -------------------------------------------------------------------


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


@transaction.atomic
def summary_submit(*, actor: Person, year: int, quarter: int, text: str) -> QuarterSummary:
    """A Party member's quarterly self-summary, once per quarter."""
    if not actor.is_party_member:
        raise PermissionDenied(_("季度自我小结由党员填写。"))
    today = timezone.localdate()
    errors = {}
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        raise ValidationError({"quarter": _("请选择年度和季度。")}) from None
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("季度只能是第 1 至第 4 季度。")
    elif not (today.year - 1 <= year <= today.year) or (year, quarter) > (
        today.year,
        quarter_of(today),
    ):
        errors["quarter"] = _("只能填写本季度或此前一年内的季度小结。")
    text = (text or "").strip()
    if len(text) < SUMMARY_MIN:
        errors["text"] = _("请填写季度自我小结（至少 %(n)s 个字）。") % {"n": SUMMARY_MIN}
    elif len(text) > 3000:
        errors["text"] = _("季度自我小结不能超过 3000 个字。")
    if errors:
        raise ValidationError(errors)
    branch = branch_of(actor)
    if branch is None:
        raise ValidationError({"quarter": _("您的档案没有所在党支部，请联系管理员。")})
    lock_person(actor.pk)  # one person's submissions queue (two taps, two devices)
    if QuarterSummary.objects.filter(member=actor, year=year, quarter=quarter).exists():
        raise ValidationError({"quarter": SUMMARY_ALREADY})
    summary = QuarterSummary(member=actor, branch=branch, year=year, quarter=quarter, text=text)
    try:
        with transaction.atomic():
            summary.save()
    except IntegrityError:
        raise ValidationError({"quarter": SUMMARY_ALREADY}) from None
    audit.record(
        action="grid.summary.submitted",
        actor=actor,
        obj=summary,
        after={"year": year, "quarter": quarter},
    )
    return summary


# --- quarterly grid meeting -------------------------------------------------------------------


def _clean_problems(problems) -> list[tuple[str, str]]:
    from .problems import clean_problem_text

    rows = [
        p
        for p in (problems or [])
        if (p.get("title") or "").strip() or (p.get("body") or "").strip()
    ]
    if len(rows) > 50:
        raise ValidationError({"problems": _("一次例会最多录入 50 个问题。")})
    cleaned = []
    for number, row in enumerate(rows, start=1):
        try:
            cleaned.append(clean_problem_text(row.get("title", ""), row.get("body", "")))
        except ValidationError as exc:
            raise ValidationError(
                {
                    "problems": _("第 %(n)s 个问题：%(errors)s")
                    % {"n": number, "errors": "；".join(exc.messages)}
                }
            ) from None
    return cleaned


def _ids(values) -> set[int] | None:
    """Person ids from a form; None when one of them is not an id at all."""
    ids = set()
    for value in values or []:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit() and len(text) < 12):
            return None
        ids.add(int(text))
    return ids


@transaction.atomic
def meeting_record(
    *,
    actor: Person,
    branch: Organisation,
    held_on: date | None,
    place: str,
    attendee_ids,
    absent_note: str,
    minutes: str,
    problems=(),
) -> GridMeeting:
    """The secretary records the quarterly grid meeting; the problems raised there go
    on the branch's problem list in the same transaction."""
    if not can_manage(actor, branch):
        raise PermissionDenied(_("只有本支部书记或管理员可以录入网格例会。"))
    errors = {}
    if not isinstance(held_on, date):
        errors["held_on"] = _("请填写召开日期。")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("召开日期不能晚于今天。")
    place = (place or "").strip()
    if len(place) > 60:
        errors["place"] = _("地点不能超过 60 个字。")
    absent_note = (absent_note or "").strip()
    if len(absent_note) > 300:
        errors["absent_note"] = _("缺席情况不能超过 300 个字。")
    minutes = (minutes or "").strip()
    if len(minutes) < MINUTES_MIN:
        errors["minutes"] = _("请填写会议记录（至少 %(n)s 个字）。") % {"n": MINUTES_MIN}
    elif len(minutes) > 5000:
        errors["minutes"] = _("会议记录不能超过 5000 个字。")
    ids = _ids(attendee_ids)
    if ids is None:
        errors["attendees"] = _("参会人员必须是本支部的党员或网格员。")
    elif not ids:
        errors["attendees"] = _("请勾选参会人员。")
    elif len(ids) > 500:
        errors["attendees"] = _("参会人员过多。")
    else:
        found = set(meeting_people(branch).filter(pk__in=ids).values_list("pk", flat=True))
        if found != ids:
            errors["attendees"] = _("参会人员必须是本支部的党员或网格员。")
    try:
        cleaned = _clean_problems(problems)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = []
    if errors:
        raise ValidationError(errors)
    meeting = GridMeeting.objects.create(
        branch=branch,
        year=held_on.year,
        quarter=quarter_of(held_on),
        held_on=held_on,
        place=place,
        absent_note=absent_note,
        minutes=minutes,
        recorded_by=actor,
    )
    meeting.attendees.set(ids)
    audit.record(
        action="grid.meeting.recorded",
        actor=actor,
        obj=meeting,
        after={
            "held_on": str(held_on),
            "attendees": len(ids),
            "problems": len(cleaned),
        },
    )
    from .problems import create_problem

    for title, body in cleaned:
        create_problem(
            actor=actor,
            branch=branch,
            title=title,
            body=body,
            source=ProblemSource.MEETING,
            meeting=meeting,
            raised_on=held_on,
        )
    return meeting
