"""Contests: create, schedule (draw every paper before it opens), start, answer,
submit, the deadline sweep; and the daily practice quiz.

The server is the clock: an answer or a submission after the paper's deadline is
refused whatever the page shows. Starting, submitting and marking are conditional
UPDATEs on the paper (`started_at IS NULL`, `submitted_at IS NULL`), so a whole mine
starting at once costs one UPDATE each, and a double submission counts once."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core import audit
from tongxin.core.access import OutOfScope
from tongxin.core.timeline import Transition, Workflow, table
from tongxin.people.models import Organisation, OrgKind, Person, Tree
from tongxin.people.selectors import ancestor_paths, mine_of

from ..access import members_q, party_reach, setup_reach
from ..models.contests import (
    Contest,
    ContestEvent,
    ContestState,
    Paper,
    PaperAnswer,
    PracticeAnswer,
    PracticeDay,
    Question,
)
from ..points import rules
from ..points.services import award
from .marking import is_correct, normalise
from .selectors import bank_counts, is_contest_officer

# Audiences larger than this are drawn by a Huey task, the contest showing progress.
DRAW_IN_BACKGROUND = getattr(settings, "CONTEST_DRAW_BACKGROUND", 3000)
DRAW_BATCH = 1000
MAX_QUESTIONS = 100
MAX_MINUTES = 600
PRACTICE_SIZE = 5


class Actor(Enum):
    OFFICER = "officer"  # the mine's Party committee, or the branch's secretary
    SYSTEM = "system"  # the drawing task


TRANSITIONS = table(
    Transition(
        "schedule",
        gettext_lazy("排定并抽题"),
        (ContestState.DRAFT,),
        None,  # drawing (large audiences, in the background) or scheduled
        (Actor.OFFICER,),
    ),
    Transition(
        "drawn",
        gettext_lazy("抽题完成"),
        (ContestState.DRAWING,),
        ContestState.SCHEDULED,
        (Actor.SYSTEM,),
    ),
    # What may change depends on the clock as well (contests.changes): before it opens
    # everything, after it opens only a later end.
    Transition(
        "edit",
        gettext_lazy("修改"),
        (ContestState.DRAFT, ContestState.SCHEDULED),
        None,  # stays, or drawing when a large audience's papers are drawn again
        (Actor.OFFICER,),
    ),
    Transition(
        "cancel",
        gettext_lazy("取消竞赛"),
        (ContestState.DRAFT, ContestState.DRAWING, ContestState.SCHEDULED),
        ContestState.CANCELLED,
        (Actor.OFFICER,),
    ),
)


def _capacities(actor, contest, **context) -> set:
    if actor is None:
        return {Actor.SYSTEM}
    return {Actor.OFFICER} if is_contest_officer(actor, contest) else set()


contest_flow = Workflow(
    model=Contest,
    transitions=TRANSITIONS,
    event_model=ContestEvent,
    event_fk="contest",
    capacities=_capacities,
    noun=gettext_lazy("这场竞赛"),
    audit_prefix="learning.contest",
    refusal=OutOfScope,
)


# --- creating -----------------------------------------------------------------------


def _mine_of_scope(scope: Organisation) -> Organisation | None:
    if scope.kind == OrgKind.MINE:
        return scope
    if scope.tree == Tree.PARTY and scope.kind == OrgKind.BRANCH and scope.unit_id:
        return mine_of(scope.unit)
    return None


def may_create_for(actor, scope: Organisation) -> bool:
    if scope.kind == OrgKind.MINE:
        return setup_reach(actor).covers_path(scope.path)
    mine = _mine_of_scope(scope)
    return mine is not None and (
        party_reach(actor).covers_path(scope.path) or setup_reach(actor).covers_path(mine.path)
    )


def clean_spec(raw) -> list[dict]:
    """[{category, difficulty (0 any, 1–3), count}] checked; ValidationError otherwise."""
    spec, seen = [], set()
    for row in raw or []:
        try:
            category = str(row.get("category", "")).strip()
            difficulty = int(row.get("difficulty") or 0)
            count = int(row.get("count") or 0)
        except (AttributeError, TypeError, ValueError):
            raise ValidationError({"draw_spec": _("抽题规则格式有误。")}) from None
        if not category and not count:
            continue
        if not category or not 0 <= difficulty <= 3 or not 1 <= count <= MAX_QUESTIONS:
            raise ValidationError(
                {"draw_spec": _("每条抽题规则须有分类、难度（不限或 1—3）和 1—100 道题。")}
            )
        if (
            (category, difficulty) in seen
            or (category, 0) in seen
            or (difficulty == 0 and any(c == category for c, _d in seen))
        ):
            raise ValidationError(
                {"draw_spec": _("分类“%(c)s”的抽题规则重复了。") % {"c": category}}
            )
        seen.add((category, difficulty))
        spec.append({"category": category, "difficulty": difficulty, "count": count})
    if not spec:
        raise ValidationError({"draw_spec": _("请至少填写一条抽题规则。")})
    if sum(r["count"] for r in spec) > MAX_QUESTIONS:
        raise ValidationError({"draw_spec": _("一份试卷最多 %(n)d 道题。") % {"n": MAX_QUESTIONS}})
    return spec


def check_bank(mine_path: str, spec: list[dict]) -> None:
    """Refuse a spec the bank cannot fill, naming the kind that is short."""
    counts = bank_counts(mine_path)
    for row in spec:
        have = sum(
            n
            for (c, d), n in counts.items()
            if c == row["category"] and (row["difficulty"] in (0, d))
        )
        if have < row["count"]:
            level = (
                _("难度不限")
                if not row["difficulty"]
                else _("难度%(d)d") % {"d": row["difficulty"]}
            )
            raise ValidationError(
                {
                    "draw_spec": _(
                        "题库中“%(c)s”（%(level)s）的题只有 %(have)d 道，不够抽 %(n)d 道，"
                        "请先导入题目或减少题数。"
                    )
                    % {"c": row["category"], "level": level, "have": have, "n": row["count"]}
                }
            )


def clean_contest(*, mine, title: str, opens_at, closes_at, minutes, draw_spec) -> dict:
    """A contest's fields checked (for creating and editing); ValidationError otherwise."""
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("请填写竞赛名称。")
    elif len(title) > 80:
        errors["title"] = _("竞赛名称不能超过 80 个字。")
    if not opens_at or not closes_at:
        errors["opens_at"] = _("请填写开始和结束时间。")
    elif closes_at <= opens_at:
        errors["closes_at"] = _("结束时间须晚于开始时间。")
    try:
        minutes = int(str(minutes).strip())
        if not 1 <= minutes <= MAX_MINUTES:
            raise ValueError
    except (TypeError, ValueError):
        errors["minutes"] = _("答题时长须为 1—600 分钟。")
    spec = []
    try:
        spec = clean_spec(draw_spec)
        check_bank(mine.path, spec)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "minutes": minutes,
        "draw_spec": spec,
    }


def contest_create(
    *,
    actor,
    scope: Organisation,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    minutes,
    draw_spec,
) -> Contest:
    if scope is None or not may_create_for(actor, scope):
        raise OutOfScope()
    mine = _mine_of_scope(scope)
    values = clean_contest(
        mine=mine,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        minutes=minutes,
        draw_spec=draw_spec,
    )
    with transaction.atomic():
        contest = Contest.objects.create(
            mine=mine,
            mine_path=mine.path,
            scope=scope,
            org_path=scope.path,
            created_by=actor,
            **values,
        )
        contest_flow.write_event(contest, action="create", actor=actor, to_state=contest.state)
        audit.record(action="learning.contest.create", actor=actor, obj=contest)
    return contest


# --- drawing the papers -------------------------------------------------------------


def eligible_people(contest: Contest):
    if contest.scope.kind == OrgKind.MINE:
        people = Person.objects.filter(is_active=True, unit__path__startswith=contest.mine_path)
    else:
        people = Person.objects.filter(members_q(contest.org_path))
    return people.order_by("pk")


def _pools(contest: Contest) -> list[tuple[list[int], int]]:
    rows = Question.objects.filter(org_path=contest.mine_path, is_active=True).values_list(
        "pk", "category", "difficulty"
    )
    pools = []
    for spec in contest.draw_spec:
        ids = sorted(
            pk for pk, c, d in rows if c == spec["category"] and spec["difficulty"] in (0, d)
        )
        pools.append((ids, spec["count"]))
    return pools


def draw_for(contest_pk: int, person_pk: int, pools) -> list[int]:
    """One person's questions: the same person always gets the same paper."""
    rng = random.Random(f"contest:{contest_pk}:person:{person_pk}")
    drawn = []
    for ids, count in pools:
        drawn += rng.sample(ids, count)
    return drawn


def _branch_paths() -> set[str]:
    return set(
        Organisation.objects.filter(tree=Tree.PARTY, kind=OrgKind.BRANCH).values_list(
            "path", flat=True
        )
    )


def branch_path_for(party_path: str | None, branches: set[str]) -> str:
    """access.branch_path_of without a query per person."""
    if not party_path:
        return ""
    for path in reversed(ancestor_paths(party_path)):
        if path in branches:
            return path
    return party_path


def draw_papers(contest: Contest, *, progress: bool = False) -> int:
    """Every eligible person's paper, in bulk; papers already drawn stay as they were."""
    pools = _pools(contest)
    branches = _branch_paths()
    now = timezone.now()
    people = eligible_people(contest).values_list("pk", "unit__path", "party_org__path")
    made, batch = 0, []

    def flush():
        nonlocal made, batch
        Paper.objects.bulk_create(batch, ignore_conflicts=True, batch_size=DRAW_BATCH)
        made += len(batch)
        if progress:
            Contest.objects.filter(pk=contest.pk).update(drawn=made)
        batch = []

    for pk, unit_path, party_path in people.iterator(chunk_size=DRAW_BATCH):
        batch.append(
            Paper(
                contest_id=contest.pk,
                person_id=pk,
                question_ids=draw_for(contest.pk, pk, pools),
                unit_path=unit_path or "",
                branch_path=branch_path_for(party_path, branches),
                drawn_at=now,
            )
        )
        if len(batch) >= DRAW_BATCH:
            flush()
    if batch:
        flush()
    return made


def contest_schedule(*, actor, contest_id: int, version: int, background: bool | None = None):
    """Fix the contest and draw every paper: at once for a small audience, by a task
    (the contest showing 正在抽题 and its progress) for a large one."""
    queued = []

    def apply(contest):
        if contest.closes_at <= timezone.now():
            raise ValidationError(_("结束时间已过，不能再排定这场竞赛。"))
        check_bank(contest.mine_path, contest.draw_spec)
        contest.eligible = eligible_people(contest).count()
        if not contest.eligible:
            raise ValidationError(_("参赛范围内没有人员。"))
        big = contest.eligible > DRAW_IN_BACKGROUND if background is None else background
        if big:
            contest.drawn = 0
            queued.append(contest.pk)
            return ["eligible", "drawn"]
        contest.drawn = draw_papers(contest)
        return ["eligible", "drawn"]

    contest = contest_flow.run(
        pk=contest_id,
        name="schedule",
        actor=actor,
        version=version,
        apply=apply,
        to_state=lambda c: ContestState.DRAWING if queued else ContestState.SCHEDULED,
    )
    if queued:
        from .tasks import draw_contest_papers

        transaction.on_commit(lambda: draw_contest_papers(contest.pk))
    return contest


def finish_drawing(contest_id: int) -> Contest:
    """The task's work: draw the papers, then mark the contest scheduled."""
    contest = Contest.objects.select_related("scope").get(pk=contest_id)
    if contest.state != ContestState.DRAWING:
        return contest
    drawn = draw_papers(contest, progress=True)

    def apply(row):
        row.drawn = drawn
        return ["drawn"]

    return contest_flow.run(pk=contest_id, name="drawn", actor=None, version=None, apply=apply)


# --- taking the paper ---------------------------------------------------------------


def _paper(person, contest: Contest) -> Paper:
    paper = Paper.objects.filter(contest=contest, person=person).first()
    if paper is None:
        raise ValidationError(_("您不在这场竞赛的参赛范围内，没有试卷。"))
    paper.contest = contest
    return paper


def paper_start(*, person, contest: Contest, now: datetime | None = None) -> Paper:
    """Stamp the start on the person's paper (drawn already): one conditional UPDATE.
    Starting again (a reload) returns the paper as it is, deadline unchanged."""
    now = now or timezone.now()
    phase = contest.phase(now)
    paper = _paper(person, contest)
    if phase == ContestState.CANCELLED:
        raise ValidationError(_("这场竞赛已取消，不能再答题。"))
    if paper.started_at:
        return paper
    if phase in ("upcoming", ContestState.DRAFT, ContestState.DRAWING):
        raise ValidationError(_("竞赛尚未开始，请在开始时间后再来。"))
    if phase != "open":
        raise ValidationError(_("竞赛已经结束。"))
    deadline = min(now + timedelta(minutes=contest.minutes), contest.closes_at)
    claimed = Paper.objects.filter(pk=paper.pk, started_at__isnull=True).update(
        started_at=now, deadline=deadline
    )
    if claimed:
        paper.started_at, paper.deadline = now, deadline
    else:
        paper.refresh_from_db(fields=["started_at", "deadline"])
    return paper


def _open_paper(paper: Paper, now: datetime) -> None:
    if paper.contest.state == ContestState.CANCELLED:
        raise ValidationError(_("这场竞赛已取消，不再接受答案和交卷。"))
    if not paper.started_at:
        raise ValidationError(_("请先开始答题。"))
    if paper.submitted_at:
        raise ValidationError(_("试卷已经交了，不能再修改。"))
    if now >= paper.deadline:
        raise ValidationError(
            _("答题时间已于 %(t)s 截止，服务器不再接受答案。")
            % {"t": timezone.localtime(paper.deadline).strftime("%H:%M:%S")}
        )


def answer_save(
    *, person, contest: Contest, question_id: int, answer, now: datetime | None = None
) -> PaperAnswer:
    """Save (or change) the answer to one question of the person's paper."""
    now = now or timezone.now()
    paper = _paper(person, contest)
    _open_paper(paper, now)
    if question_id not in paper.question_ids:
        raise ValidationError(_("这道题不在您的试卷中。"))
    question = Question.objects.only("kind", "options").get(pk=question_id)
    raw = str(answer or "").strip()
    value = ""
    if raw:
        value = normalise(question.kind, raw, len(question.options or []))
        if value is None:
            raise ValidationError(_("答案格式不对：请选择选项或填写答案。"))
    row = PaperAnswer(paper=paper, question_id=question_id, answer=value, answered_at=now)
    PaperAnswer.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["paper", "question"],
        update_fields=["answer", "answered_at"],
    )
    return row


def _mark(paper: Paper) -> Paper:
    questions = Question.objects.in_bulk(paper.question_ids)
    answers = list(PaperAnswer.objects.filter(paper=paper))
    for a in answers:
        q = questions.get(a.question_id)
        a.correct = bool(q and a.answer and is_correct(q, a.answer))
    if answers:
        PaperAnswer.objects.bulk_update(answers, ["correct"])
    correct = sum(1 for a in answers if a.correct)
    total = len(paper.question_ids) or 1
    paper.correct, paper.score = correct, round(100 * correct / total)
    Paper.objects.filter(pk=paper.pk).update(correct=paper.correct, score=paper.score)
    award(
        person=paper.person,
        code=rules.CONTEST,
        source=f"learning.contest:{paper.contest_id}",
        once_key=f"contest:{paper.contest_id}",
        at=paper.submitted_at,
        note=paper.contest.title[:100],
    )
    return paper


def _unsubmitted(paper: Paper):
    """The paper, if still unsubmitted and its contest not cancelled, for a claiming UPDATE.

    The contest's state is an EXISTS, not a filter across the relation: Django turns an
    UPDATE filtered through a join into `WHERE id IN (SELECT …)`, and PostgreSQL then
    re-checks only the id on the row another transaction just updated, so two
    simultaneous submissions both claimed the paper. With the conditions on the row
    itself, the second UPDATE re-reads `submitted_at` after the first commits and
    claims nothing."""
    scheduled = Contest.objects.filter(pk=OuterRef("contest_id"), state=ContestState.SCHEDULED)
    return Paper.objects.filter(Exists(scheduled), pk=paper.pk, submitted_at__isnull=True)


def paper_submit(*, person, contest: Contest, now: datetime | None = None) -> Paper:
    """Hand the paper in and mark it. A second submission changes nothing."""
    now = now or timezone.now()
    paper = _paper(person, contest)
    if paper.submitted_at:
        return paper
    _open_paper(paper, now)
    with transaction.atomic():
        # Conditional on the contest too: a cancellation committed since the contest was
        # read wins over this submission.
        claimed = _unsubmitted(paper).update(submitted_at=now)
        if not claimed:  # the other tab's submission won, or the contest was cancelled
            paper.refresh_from_db()
            if not paper.submitted_at:
                raise ValidationError(_("这场竞赛已取消，不再接受答案和交卷。"))
            return paper
        paper.submitted_at = now
        paper.person = person
        _mark(paper)
    return paper


def close_timed_out(paper: Paper, now: datetime | None = None) -> bool:
    """Hand in a paper whose deadline passed unsubmitted, with the answers saved by
    then; True if this call did it. The sweep and every read of the paper call it."""
    now = now or timezone.now()
    if not paper.started_at or paper.submitted_at or paper.deadline > now:
        return False
    with transaction.atomic():
        # A cancelled contest's papers stay unmarked: no score, no points.
        claimed = _unsubmitted(paper).update(submitted_at=paper.deadline, timed_out=True)
        if not claimed:
            return False
        paper.submitted_at, paper.timed_out = paper.deadline, True
        _mark(paper)
    return True


def sweep(now: datetime | None = None) -> int:
    """Mark every paper whose deadline has passed unsubmitted (the periodic task)."""
    now = now or timezone.now()
    done = 0
    late = Paper.objects.filter(
        started_at__isnull=False,
        submitted_at__isnull=True,
        deadline__lte=now,
        contest__state=ContestState.SCHEDULED,
    ).select_related("person", "contest")
    for paper in late.iterator(chunk_size=200):
        done += close_timed_out(paper, now)
    return done


# --- the daily practice quiz --------------------------------------------------------


def practice_today(*, person, today=None) -> PracticeDay | None:
    """Today's 5 questions for the person, drawn from their mine's bank on first visit."""
    today = today or timezone.localdate()
    if not person.unit_id:
        return None
    found = PracticeDay.objects.filter(person=person, day=today).first()
    if found is not None:
        return found
    mine = mine_of(person.unit)
    ids = list(
        Question.objects.filter(org_path=mine.path, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng = random.Random(f"practice:{person.pk}:{today.isoformat()}")
    picked = rng.sample(ids, min(PRACTICE_SIZE, len(ids)))
    try:
        with transaction.atomic():
            return PracticeDay.objects.create(
                person=person, day=today, org_path=mine.path, question_ids=picked
            )
    except IntegrityError:  # the same person's other tab drew it first
        return PracticeDay.objects.get(person=person, day=today)


def practice_answer(*, person, question_id: int, answer, now: datetime | None = None):
    """Answer one of today's practice questions: (the answer row, the question, points)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day = practice_today(person=person, today=today)
    if day is None or question_id not in day.question_ids:
        raise ValidationError(_("这道题不在您今天的练习中。"))
    question = Question.objects.get(pk=question_id)
    value = normalise(question.kind, answer, len(question.options or []))
    if value is None:
        raise ValidationError(_("请选择选项或填写答案。"))
    right = is_correct(question, value)
    try:
        with transaction.atomic():
            row = PracticeAnswer.objects.create(
                practice=day,
                question=question,
                answer=value,
                correct=right,
                answered_at=now,
                org_path=day.org_path,
            )
    except IntegrityError:
        raise ValidationError(_("这道题今天已经答过了。")) from None
    points = 0
    if right:
        points = award(
            person=person,
            code=rules.DAILY_QUIZ,
            source=f"learning.question:{question_id}",
            once_key=f"quiz:{today.isoformat()}:{question_id}",
            at=now,
        ).points
    return row, question, points
