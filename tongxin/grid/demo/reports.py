"""Last month's monthly reports and last quarter's self-summaries.

The reports: accepted, waiting for review, one returned with a note, some not filed
(综采一队's through report_submit, report_accept and report_return). The other
branches' monthly reports are written in bulk, to keep the seeding within seconds, with
the rows report_submit and report_accept write, the figures computed as
report_figures.month_figures computes them (which tests/grid/test_demo.py checks).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tongxin.core import audit
from tongxin.people.models import Person

from ..models import (
    FollowUp,
    GridLink,
    GridTask,
    Level,
    LifeEvent,
    MonthlyReport,
    Problem,
    QuarterSummary,
    ReportState,
    TaskState,
    Visit,
    VisitKind,
)
from ..periods import current_q, first_of, next_month
from ..report_figures import GIST_CHARS, MAX_VISIT_ROWS, _gist, report_deadline
from ..services import reports
from .context import Seeder, write_audit

OWN_WORDS = [
    "本月按计划走访了所包职工，重点关注了家中有困难的职工，收集意见建议并及时反映。"
    "下月继续做好安全互保，督促职工参加安全培训。",
    "本月与所包职工逐一谈心，了解思想动态，职工情绪总体稳定。反映澡堂热水问题一条。"
    "下月计划对困难职工再走访一次。",
    "本月完成了支部交办的各项任务，配合班组开展安全隐患排查。下月重点做好新入职职工的思想引导。",
    "本月走访联系职工，协助一名职工办理医疗报销。下月将继续收集职工诉求。",
]
RETURN_NOTES = [
    "走访记录过于简单，请补充每名职工的具体情况和需要帮助的事项后重新提交。",
]
ACCEPT_NOTES = ["", "", "内容完整，继续保持。", "情况属实，请继续关注困难职工。"]
SUMMARIES = [
    "本季度我按照支部安排，联系包保职工{n}名，每月至少走访谈心一次，及时掌握职工思想和"
    "家庭情况，反映职工诉求，配合支部解决了实际问题。不足是走访记录还不够细，下季度改进。",
    "本季度认真履行网格员职责，与所包职工经常谈心交流，做好安全互保，帮助困难职工申请"
    "帮扶。下季度将加强政策学习，更好地为职工解疑释惑。",
]


def monthly_reports(seeder: Seeder) -> None:
    """Last month's reports: most accepted, some waiting for review, one returned with
    a note, some not filed. 综采一队's go through report_submit and the secretary's
    review; the other branches' (some nine hundred) are written in bulk."""
    rng = seeder.rng
    demo02 = seeder.logins.get("demo02")
    start, end = seeder.last_month, seeder.this_month
    deadline = report_deadline(start)
    # Each reporter's branch: that of their latest link during the month (report_branch).
    branch_of: dict[int, int] = {}
    for member_id, branch_id in (
        GridLink.objects.filter(
            Q(starts_on__lt=end) & (Q(ends_on__isnull=True) | Q(ends_on__gt=start)),
            level__in=(Level.MEMBER_WORKER, Level.CADRE_MEMBER),
            branch__unit__path__startswith=seeder.mine.path,
        )
        .order_by("responsible_id", "-starts_on", "-pk")
        .values_list("responsible_id", "branch_id")
    ):
        branch_of.setdefault(member_id, branch_id)
    by_branch: dict[int, list[int]] = defaultdict(list)
    for member_id, branch_id in branch_of.items():
        by_branch[branch_id].append(member_id)
    people = Person.objects.in_bulk(list(branch_of))
    plans = []  # (branch, member, filed moment, decision)
    for branch in seeder.branches:
        if branch.secretary is None:
            continue
        # Branches that review promptly, and ones that have not got round to it.
        prompt = branch.is_demo or rng.random() < 0.7
        ids = sorted(by_branch.get(branch.org.pk, ()), key=lambda pk: people[pk].employee_no)
        filed_here = 0
        for pk in ids:
            if (demo02 is not None and pk == demo02.pk) or pk == branch.secretary.pk:
                continue  # demo02's is his to fill in; a secretary reviews, not reports
            roll = rng.random()
            # The demo branch's first three reporters always file, so that whatever the
            # date (the draws above depend on it), demo03 has one to send back, one
            # waiting and one accepted.
            must_file = branch.is_demo and filed_here < 3
            if not must_file and roll < (0.12 if branch.is_demo else 0.08):
                continue  # not filed yet
            filed_here += 1
            day = seeder.day_in(end, min(deadline + timedelta(days=1), seeder.today))
            if roll > 0.93 and seeder.today > deadline:
                day = seeder.day_in(deadline + timedelta(days=1), seeder.today)
            filed = seeder.at(day, rng.uniform(8, 21))
            decide = rng.random()
            accepted = (prompt and decide < 0.7) or (not prompt and decide < 0.3)
            if must_file:
                # 1st: returned (below), 2nd: waiting for review, 3rd: accepted.
                accepted = filed_here != 2
            plans.append((branch, people[pk], filed, "accept" if accepted else ""))
    returned = False
    bulk = []
    for branch, member, filed, decision in plans:
        if not branch.is_demo:
            bulk.append((branch, member, filed, decision))
            continue
        report = reports.report_submit(
            actor=member, month=start, own_words=rng.choice(OWN_WORDS), now=filed
        )
        if not returned:
            decision, returned = "return", True
            reports.report_return(
                actor=branch.secretary, report_id=report.pk, version=report.version,
                note=RETURN_NOTES[0],
            )  # fmt: skip
        elif decision:
            reports.report_accept(
                actor=branch.secretary, report_id=report.pk, version=report.version,
                note=rng.choice(ACCEPT_NOTES),
            )  # fmt: skip
        if decision:
            reviewed = min(filed + timedelta(hours=rng.uniform(4, 60)), seeder.now)
            MonthlyReport.objects.filter(pk=report.pk).update(reviewed_at=reviewed)
    bulk_reports(seeder, bulk, start, deadline)


def bulk_reports(seeder: Seeder, plans: list, month: date, deadline: date) -> None:
    """The rows report_submit and report_accept write (report, audit, the member's
    notification), with the figures month_figures gives on the day each was filed."""
    from tongxin.core.models import Notification

    rng = seeder.rng
    filed_on = {member.pk: timezone.localdate(filed) for _b, member, filed, _d in plans}
    figures = figures_on_filing(filed_on, month)
    rows = []
    for branch, member, filed, decision in plans:
        report = MonthlyReport(
            member=member,
            branch=branch.org,
            month=month,
            figures=figures[member.pk],
            own_words=rng.choice(OWN_WORDS),
            state=ReportState.SUBMITTED,
            submitted_at=filed,
            on_time=filed_on[member.pk] <= deadline,
        )
        if decision:
            report.state = ReportState.ACCEPTED
            report.reviewed_by = branch.secretary
            report.reviewed_at = min(filed + timedelta(hours=rng.uniform(4, 60)), seeder.now)
            report.review_note = rng.choice(ACCEPT_NOTES)
            report.version = 1
        rows.append(report)
    MonthlyReport.objects.bulk_create(rows, batch_size=500)
    trail, told = [], []
    for report in rows:
        trail.append(
            audit.build(
                action="grid.report.submitted",
                actor=report.member,
                obj=report,
                after={
                    "month": f"{month:%Y-%m}",
                    "state": ReportState.SUBMITTED,
                    "on_time": report.on_time,
                    "version": 0,
                },
            )  # fmt: skip
        )
        if report.state == ReportState.ACCEPTED:
            trail.append(
                audit.build(
                    action="grid.report.accepted",
                    actor=report.reviewed_by,
                    obj=report,
                    before={"state": ReportState.SUBMITTED},
                    after={"state": report.state, "note": report.review_note},
                )
            )
            told.append(
                Notification(
                    recipient=report.member,
                    title=f"{month:%Y-%m} 月报表已审核通过",
                    body=report.review_note,
                    url=reverse("grid:report_detail", args=[report.pk]),
                    created_at=report.reviewed_at,
                )
            )
    write_audit(trail)
    Notification.objects.bulk_create(told, batch_size=1000)


def figures_on_filing(filed_on: dict[int, date], month: date) -> dict[int, dict]:
    """report_figures.month_figures for many members at once (a handful of queries):
    the figures of `month` as each member would have seen them on their filing day."""
    start = first_of(month)
    end = next_month(start)
    ids = list(filed_on)
    on = end - timedelta(days=1)  # every report here was filed after the month ended
    covered: dict[int, set[int]] = defaultdict(set)
    for member_id, person_id in GridLink.objects.filter(
        current_q(on),
        responsible_id__in=ids,
        level=Level.MEMBER_WORKER,
    ).values_list("responsible_id", "person_id"):
        covered[member_id].add(person_id)
    visits_of: dict[int, list[Visit]] = defaultdict(list)
    for visit in (
        Visit.objects.filter(member_id__in=ids, visited_on__gte=start, visited_on__lt=end)
        .select_related("person")
        .only(
            "member_id", "person_id", "visited_on", "kind", "content", "follow_up",
            "follow_up_text", "person__name",
        )
        .order_by("visited_on", "pk")
    ):  # fmt: skip
        visits_of[visit.member_id].append(visit)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for owner_id, state, due_on in GridTask.objects.filter(
        owner_id__in=ids, month=start
    ).values_list("owner_id", "state", "due_on"):
        entry = counts[owner_id]
        entry[0] += state != TaskState.CANCELLED
        entry[1] += state == TaskState.DONE
        entry[2] += state == TaskState.OPEN and due_on < filed_on[owner_id]
    life: dict[int, set[int]] = defaultdict(set)
    for pk, recorder, owner in LifeEvent.objects.filter(
        Q(recorded_by_id__in=ids) | Q(tasks__owner_id__in=ids),
        occurred_on__gte=start,
        occurred_on__lt=end,
    ).values_list("pk", "recorded_by_id", "tasks__owner_id"):
        for member_id in (recorder, owner):
            if member_id in filed_on:
                life[member_id].add(pk)
    raised: dict[int, int] = defaultdict(int)
    for member_id in Problem.objects.filter(
        raised_by_id__in=ids, raised_on__gte=start, raised_on__lt=end
    ).values_list("raised_by_id", flat=True):
        raised[member_id] += 1
    kinds = dict(VisitKind.choices)
    follow_ups = dict(FollowUp.choices)
    out = {}
    for member_id in ids:
        visits = visits_of[member_id]
        total, done, overdue = counts[member_id]
        out[member_id] = {
            "month": start.strftime("%Y-%m"),
            "covered": len(covered[member_id]),
            "visits": sum(1 for v in visits if v.kind == VisitKind.VISIT),
            "talks": sum(1 for v in visits if v.kind == VisitKind.TALK),
            "visited_people": len({v.person_id for v in visits}),
            "not_visited": len(covered[member_id] - {v.person_id for v in visits}),
            "tasks_total": total,
            "tasks_done": done,
            "tasks_overdue": overdue,
            "life_events": len(life[member_id]),
            "problems_raised": raised[member_id],
            "visit_rows": [
                {
                    "date": v.visited_on.isoformat(),
                    "worker": v.person.name,
                    "kind": v.kind,
                    "kind_label": str(kinds.get(v.kind, v.kind)),
                    "gist": _gist(v.content),
                    "follow_up": v.follow_up,
                    "follow_up_label": str(follow_ups.get(v.follow_up, v.follow_up)),
                    "follow_up_text": v.follow_up_text[:GIST_CHARS],
                }
                for v in visits[-MAX_VISIT_ROWS:]
            ],
        }
    return out


def summaries(seeder: Seeder) -> None:
    """Last quarter's self-summaries: 综采一队 and some other branches, filed early
    this quarter."""
    rng = seeder.rng
    year, quarter = seeder.last_quarter
    if (year, quarter) < (seeder.today.year - 1, 1):
        return
    chosen = [b for b in seeder.branches if b.is_demo or rng.random() < 0.05]
    rows = []
    for branch in chosen:
        for pk in sorted(branch.roster.members):
            if rng.random() < 0.15:
                continue
            person = branch.roster.people[pk]
            text = rng.choice(SUMMARIES).format(n=len(seeder.covers.get(pk, ())) or 0)
            summary = reports.summary_submit(actor=person, year=year, quarter=quarter, text=text)
            rows.append(summary.pk)
    first = seeder.lq_end + timedelta(days=1)
    for pk in rows:
        day = seeder.day_in(first, first + timedelta(days=9))
        QuarterSummary.objects.filter(pk=pk).update(submitted_at=seeder.at(day, rng.uniform(8, 21)))
