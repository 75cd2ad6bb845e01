"""Last quarter's grid meeting in every branch, with minutes and the problems it raised
(services.reports.meeting_record); problems.deal_with takes each problem on from there.
"""

from __future__ import annotations

from datetime import date, timedelta

from tongxin.people.models import Organisation, OrgKind, Tree
from tongxin.voice.models import Category

from ..models import GridMeeting, Problem
from ..services import reports
from .context import Seeder
from .problems import PROBLEMS, deal_with

MEETING_PLACES = ("区队会议室", "支部活动室", "调度楼三楼会议室")
MINUTES = (
    "会议由支部书记主持，传达矿党委关于党建网格化管理的工作要求，通报本季度各网格员"
    "走访联系、月报表填报和任务完成情况。各包保党员逐一汇报所包职工思想动态和家庭困难，"
    "对本季度收集的职工诉求逐条梳理，能在支部解决的明确责任人和时限，需部门解决的列入"
    "问题清单转办。会议要求下季度做到“五必谈五必访”不漏一人，月报表按时提交。"
)
ABSENT_NOTES = ("", "一人夜班未参加，会后已传达会议精神。", "两人休假，会后补学。")


def record(seeder: Seeder) -> None:
    """Each branch held its grid meeting last quarter; the problems it raised went on
    the list and were dealt with since."""
    rng = seeder.rng
    categories = {c.name: c for c in Category.objects.filter(is_active=True)}
    departments = {
        u.name: u
        for u in Organisation.objects.filter(
            tree=Tree.UNIT, kind=OrgKind.DEPARTMENT, path__startswith=seeder.mine.path
        )
    }
    meeting_month = date(seeder.lq_end.year, seeder.lq_end.month, 1)
    for branch in seeder.branches:
        if branch.secretary is None:
            continue
        held = seeder.day_in(meeting_month + timedelta(days=9), seeder.lq_end - timedelta(days=3))
        attendees = [pk for pk in sorted(branch.roster.members) if rng.random() < 0.85] or sorted(
            branch.roster.members
        )[:1]
        if not attendees:
            continue
        if branch.is_demo:
            picked = [PROBLEMS[0], PROBLEMS[3], PROBLEMS[7]]
        else:
            # Most of what a meeting raises the branch can fix; now and then a department.
            weights = [0.12 if p[3] else 1.0 for p in PROBLEMS]
            picked = rng.choices(PROBLEMS, weights)
            if rng.random() < 0.3:
                second = rng.choices(PROBLEMS, weights)[0]
                if second is not picked[0]:
                    picked.append(second)
        meeting = reports.meeting_record(
            actor=branch.secretary, branch=branch.org, held_on=held,
            place=rng.choice(MEETING_PLACES), attendee_ids=attendees,
            absent_note=rng.choice(ABSENT_NOTES), minutes=MINUTES,
            problems=[{"title": p[0], "body": p[1]} for p in picked],
        )  # fmt: skip
        GridMeeting.objects.filter(pk=meeting.pk).update(
            created_at=seeder.at(held, rng.uniform(17, 21))
        )
        raised = list(Problem.objects.filter(meeting=meeting).order_by("pk"))
        for problem, spec in zip(raised, picked, strict=True):
            Problem.objects.filter(pk=problem.pk).update(
                created_at=seeder.at(held, rng.uniform(17, 21))
            )
            seeder.problem_ids.append(problem.pk)
            deal_with(seeder, branch, problem, spec, held, categories, departments)
