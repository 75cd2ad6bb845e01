"""Who sees which contest and question, the contest lists, rankings and the review."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tongxin.core.access import fetch
from tongxin.people.models import Organisation, Person

from ..access import party_reach, setup_reach
from ..models.contests import Contest, ContestState, Paper, PaperAnswer, Question, QuestionImport


def officer_q(person) -> Q:
    """Contests the person runs: the mine's Party committee every one of the mine, a
    branch's secretary those of the branches they reach."""
    return setup_reach(person).q("mine_path") | party_reach(person).q("org_path")


def is_contest_officer(person, contest: Contest) -> bool:
    if not person.is_authenticated:
        return False
    return setup_reach(person).covers_path(contest.mine_path) or party_reach(person).covers_path(
        contest.org_path
    )


def runs_contests(person) -> bool:
    return person.is_authenticated and not (setup_reach(person).empty and party_reach(person).empty)


def contests_visible_to(person) -> QuerySet[Contest]:
    """The contests someone has a paper in (once drawn), and those they run."""
    if not person.is_authenticated:
        return Contest.objects.none()
    mine = Paper.objects.filter(contest=OuterRef("pk"), person=person)
    # A cancelled contest stays readable to those who had a paper (they were told of it).
    shown = (ContestState.SCHEDULED, ContestState.CANCELLED)
    return Contest.objects.filter(officer_q(person) | Q(Exists(mine), state__in=shown))


def contest_for(person, pk: int) -> Contest:
    return fetch(contests_visible_to(person).select_related("scope"), pk=pk)


def contest_officer_for(person, pk: int) -> Contest:
    return fetch(Contest.objects.filter(officer_q(person)).select_related("scope"), pk=pk)


def paper_of(person, contest: Contest) -> Paper | None:
    return Paper.objects.filter(contest=contest, person=person).first()


def my_contests(person, now=None) -> dict[str, list]:
    """The person's contests with their papers, in four lists: open, upcoming, closed
    and cancelled."""
    now = now or timezone.now()
    papers = (
        Paper.objects.filter(
            person=person, contest__state__in=(ContestState.SCHEDULED, ContestState.CANCELLED)
        )
        .select_related("contest")
        .order_by("-contest__opens_at")[:60]
    )
    found = {"open": [], "upcoming": [], "closed": [], "cancelled": []}
    for paper in papers:
        found[paper.contest.phase(now)].append(paper)
    return found


# --- the bank ---------------------------------------------------------------------


def bank_mines(person) -> QuerySet[Organisation]:
    from tongxin.people.models import OrgKind

    return Organisation.objects.filter(setup_reach(person).q("path"), kind=OrgKind.MINE)


def questions_visible_to(person) -> QuerySet[Question]:
    """Every version of the questions of the person's banks (papers point at old ones)."""
    return Question.objects.filter(setup_reach(person).q("org_path"))


def bank_questions(person) -> QuerySet[Question]:
    """The bank as its keepers see it: the current version of each question, enabled
    or disabled."""
    return questions_visible_to(person).filter(replaced_by__isnull=True)


def imports_visible_to(person) -> QuerySet[QuestionImport]:
    return QuestionImport.objects.filter(setup_reach(person).q("org_path"))


def bank_counts(mine_path: str) -> dict[tuple[str, int], int]:
    rows = (
        Question.objects.filter(org_path=mine_path, is_active=True)
        .values("category", "difficulty")
        .annotate(n=Count("pk"))
    )
    return {(r["category"], r["difficulty"]): r["n"] for r in rows}


# --- rankings ---------------------------------------------------------------------


def people_ranking(contest: Contest, limit: int | None = None) -> list[Paper]:
    """Submitted papers, best score first, then the shorter time taken."""
    papers = sorted(
        Paper.objects.filter(contest=contest, submitted_at__isnull=False)
        .select_related("person", "person__unit")
        .only(
            "score",
            "correct",
            "started_at",
            "submitted_at",
            "branch_path",
            "person__name",
            "person__employee_no",
            "person__unit__name",
        ),
        key=lambda p: (-(p.score or 0), p.seconds_taken or 0, p.person_id),
    )
    for place, paper in enumerate(papers, start=1):
        paper.place = place
    return papers[:limit] if limit else papers


@dataclass
class BranchRow:
    path: str
    name: str
    eligible: int
    submitted: int
    average: float | None

    @property
    def participation(self) -> float:
        return self.submitted / self.eligible if self.eligible else 0.0


def branch_ranking(contest: Contest) -> dict[str, list[BranchRow]]:
    """Branches by average score and by participation (submitted / eligible). People
    outside every branch (workers who are not Party members) are left out."""
    rows = (
        Paper.objects.filter(contest=contest)
        .exclude(branch_path="")
        .values("branch_path")
        .annotate(
            eligible=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            average=Avg("score", filter=Q(submitted_at__isnull=False)),
        )
    )
    names = dict(
        Organisation.objects.filter(path__in=[r["branch_path"] for r in rows]).values_list(
            "path", "name"
        )
    )
    found = [
        BranchRow(
            r["branch_path"],
            names.get(r["branch_path"], r["branch_path"]),
            r["eligible"],
            r["submitted"],
            round(r["average"], 1) if r["average"] is not None else None,
        )
        for r in rows
    ]
    return {
        "by_score": sorted(
            found, key=lambda b: (b.average is None, -(b.average or 0), -b.participation, b.path)
        ),
        "by_participation": sorted(
            found, key=lambda b: (-b.participation, -(b.average or 0), b.path)
        ),
    }


def contest_totals(contest: Contest) -> dict:
    return Paper.objects.filter(contest=contest).aggregate(
        eligible=Count("pk"),
        started=Count("pk", filter=Q(started_at__isnull=False)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        average=Avg("score", filter=Q(submitted_at__isnull=False)),
    )


def sees_rankings(person, contest: Contest, now=None) -> bool:
    if is_contest_officer(person, contest):
        return True
    return contest.phase(now) == "closed"


# --- the paper --------------------------------------------------------------------


def paper_questions(paper: Paper) -> list[tuple[Question, PaperAnswer | None]]:
    """The paper's questions in their order, each with the person's answer."""
    questions = Question.objects.in_bulk(paper.question_ids)
    answers = {a.question_id: a for a in PaperAnswer.objects.filter(paper=paper)}
    return [(questions[q], answers.get(q)) for q in paper.question_ids if q in questions]


def people_by_pk(pks) -> dict[int, Person]:
    return Person.objects.in_bulk(pks)
