"""Knowledge contests over the API: my contests, start, answer one question, submit,
and the review after the contest closes. The server's clock decides: an answer or a
submission after the paper's deadline is 422 whatever the client's timer shows."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from tongxin.core.timeline import Conflict
from tongxin.learning.contests import selectors, services

from ..people import MAX_ID
from ..refusals import refused
from ..schemas import TEXT, Error, ValidationErrorOut

router = Router()

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}
REFUSALS = (ValidationError, PermissionDenied, Conflict)
ContestId = Path(..., ge=1, le=MAX_ID, description="竞赛编号（id）")
QuestionId = Path(..., ge=1, le=MAX_ID, description="题目编号（id）")


class PaperOut(Schema):
    started_at: datetime | None = Field(description="开始答题时间")
    deadline: datetime | None = Field(description="服务器判定的截止时间（以此为准）")
    submitted_at: datetime | None = Field(description="交卷时间")
    score: int | None = Field(description="得分（满分 100）")
    correct: int | None = Field(description="答对题数")
    question_ids: list[int] = Field(description="本人试卷的题目编号，按顺序")


class ContestOut(Schema):
    id: int = Field(description="竞赛编号")
    title: str = Field(description="竞赛名称")
    phase: str = Field(
        description="阶段：upcoming 未开始 / open 进行中 / closed 已结束 / cancelled 已取消"
        "（已取消的竞赛不能再开始答题、保存答案或交卷）"
    )
    cancel_reason: str = Field(description="取消原因（未取消为空）")
    opens_at: datetime = Field(description="开始时间")
    closes_at: datetime = Field(description="结束时间")
    minutes: int = Field(description="每人答题时长（分钟）")
    paper: PaperOut | None = Field(description="本人的试卷（无则为空）")


class QuestionOut(Schema):
    id: int = Field(description="题目编号")
    kind: str = Field(description="题型：single 单选 / multiple 多选 / true_false 判断 / fill 填空")
    stem: str = Field(description="题干")
    options: list[str] = Field(description="选项（依次为 A、B、C…）")


class StartOut(Schema):
    paper: PaperOut = Field(description="本人的试卷")
    questions: list[QuestionOut] = Field(description="试卷的题目，按顺序")
    answers: dict[str, str] = Field(description="已保存的答案：题目编号 → 答案")


class AnswerIn(Schema):
    answer: str = Field(
        max_length=200,
        pattern=TEXT,
        description="答案：选项字母（如 B、AC）、对/错，或填空的文字；空串为清除",
    )


class AnswerOut(Schema):
    question_id: int = Field(description="题目编号")
    answer: str = Field(description="保存的答案（规范化后）")
    answered_at: datetime = Field(description="保存时间（服务器时间）")


class ReviewItemOut(Schema):
    id: int = Field(description="题目编号")
    stem: str = Field(description="题干")
    options: list[str] = Field(description="选项")
    answer: str = Field(description="正确答案")
    explanation: str = Field(description="解析")
    given: str = Field(description="本人的答案")
    correct: bool = Field(description="是否答对")


class ReviewOut(Schema):
    paper: PaperOut = Field(description="本人的试卷")
    items: list[ReviewItemOut] = Field(description="每题的答案与解析")


def _paper(paper) -> dict | None:
    if paper is None:
        return None
    return {
        "started_at": paper.started_at,
        "deadline": paper.deadline,
        "submitted_at": paper.submitted_at,
        "score": paper.score,
        "correct": paper.correct,
        "question_ids": paper.question_ids,
    }


@router.get(
    "/learning/contests", response={200: list[ContestOut], 401: Error}, summary="我的知识竞赛"
)
def contest_list(request):
    now = timezone.now()
    lists = selectors.my_contests(request.auth, now)
    return [
        {
            "id": p.contest.pk,
            "title": p.contest.title,
            "phase": phase,
            "opens_at": p.contest.opens_at,
            "closes_at": p.contest.closes_at,
            "minutes": p.contest.minutes,
            "cancel_reason": p.contest.cancel_reason,
            "paper": _paper(p),
        }
        for phase in ("open", "upcoming", "closed", "cancelled")
        for p in lists[phase]
    ]


@router.post(
    "/learning/contests/{contest_id}/start",
    response={200: StartOut, **WRITE_ERRORS},
    summary="开始答题（重复调用返回同一份试卷和截止时间）",
)
def contest_start(request, contest_id: int = ContestId):
    contest = selectors.contest_for(request.auth, contest_id)
    try:
        paper = services.paper_start(person=request.auth, contest=contest)
    except REFUSALS as exc:
        return refused(exc)
    items = selectors.paper_questions(paper)
    return {
        "paper": _paper(paper),
        "questions": [
            {"id": q.pk, "kind": q.kind, "stem": q.stem, "options": q.options}
            for q, _unused in items
        ],
        "answers": {str(q.pk): a.answer for q, a in items if a is not None},
    }


@router.put(
    "/learning/contests/{contest_id}/answers/{question_id}",
    response={200: AnswerOut, **WRITE_ERRORS},
    summary="保存一题的答案（可重复保存，以最后一次为准）",
)
def contest_answer(
    request, body: AnswerIn, contest_id: int = ContestId, question_id: int = QuestionId
):
    contest = selectors.contest_for(request.auth, contest_id)
    try:
        row = services.answer_save(
            person=request.auth, contest=contest, question_id=question_id, answer=body.answer
        )
    except REFUSALS as exc:
        return refused(exc)
    return {"question_id": question_id, "answer": row.answer, "answered_at": row.answered_at}


@router.post(
    "/learning/contests/{contest_id}/submit",
    response={200: PaperOut, **WRITE_ERRORS},
    summary="交卷并自动判分（重复交卷只算一次）",
)
def contest_submit(request, contest_id: int = ContestId):
    contest = selectors.contest_for(request.auth, contest_id)
    try:
        paper = services.paper_submit(person=request.auth, contest=contest)
    except REFUSALS as exc:
        return refused(exc)
    return _paper(paper)


@router.get(
    "/learning/contests/{contest_id}/review",
    response={200: ReviewOut, **READ_ERRORS},
    summary="竞赛结束后查看本人的答案、正确答案与解析",
)
def contest_review(request, contest_id: int = ContestId):
    contest = selectors.contest_for(request.auth, contest_id)
    paper = selectors.paper_of(request.auth, contest)
    try:
        if paper is None:
            raise ValidationError(_("您没有这场竞赛的试卷。"))
        if contest.phase() != "closed":
            raise PermissionDenied(_("竞赛结束后才能查看答案和解析。"))
    except REFUSALS as exc:
        return refused(exc)
    if paper.started_at and not paper.submitted_at:
        paper.contest, paper.person = contest, request.auth
        services.close_timed_out(paper)
    return {
        "paper": _paper(paper),
        "items": [
            {
                "id": q.pk,
                "stem": q.stem,
                "options": q.options,
                "answer": q.answer,
                "explanation": q.explanation,
                "given": a.answer if a else "",
                "correct": bool(a and a.correct),
            }
            for q, a in selectors.paper_questions(paper)
        ],
    }
