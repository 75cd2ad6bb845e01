"""Contest pages: the phone's (list, paper, result and review, rankings, daily quiz)
and the officers' desk (the bank and its imports, contests, results, the export)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required, fetch
from tongxin.core.exports import ledger_response
from tongxin.core.forms import all_messages, parse_version, posted, refusal, small_id
from tongxin.core.timeline import Conflict

from ..access import branches_visible_to, edits_learning_setup
from ..models.contests import CATEGORIES, Contest, ContestState, Kind
from . import bank as bank_services
from . import selectors, services

REFUSALS = (ValidationError, PermissionDenied, Conflict)


# --- the phone -------------------------------------------------------------------


@login_required
def contest_list(request):
    return render(
        request,
        "learning/contests/list.html",
        {
            "lists": selectors.my_contests(request.user),
            "officer": selectors.runs_contests(request.user),
        },
    )


def _read_paper(person, contest):
    """The person's paper, handed in first if its time ran out (marking on read)."""
    paper = selectors.paper_of(person, contest)
    if paper is not None and paper.started_at and not paper.submitted_at:
        paper.contest, paper.person = contest, person
        services.close_timed_out(paper)
    return paper


@login_required
def contest_detail(request, contest_id: int):
    contest = selectors.contest_for(request.user, contest_id)
    paper = _read_paper(request.user, contest)
    now = timezone.now()
    return render(
        request,
        "learning/contests/detail.html",
        {
            "contest": contest,
            "paper": paper,
            "phase": contest.phase(now),
            "officer": selectors.is_contest_officer(request.user, contest),
            "rankings": selectors.sees_rankings(request.user, contest, now),
        },
    )


@login_required
@require_POST
def contest_start(request, contest_id: int):
    contest = selectors.contest_for(request.user, contest_id)
    try:
        services.paper_start(person=request.user, contest=contest)
    except REFUSALS as exc:
        errors, _status = refusal(exc)
        for m in all_messages(errors):
            messages.error(request, m)
        return redirect("learning:contest_detail", contest_id=contest.pk)
    return redirect("learning:contest_paper", contest_id=contest.pk)


@login_required
def contest_paper(request, contest_id: int, *, errors=None, status=200):
    contest = selectors.contest_for(request.user, contest_id)
    paper = _read_paper(request.user, contest)
    cancelled = contest.state == ContestState.CANCELLED
    if paper is None or not paper.started_at or paper.submitted_at or cancelled:
        return redirect("learning:contest_detail", contest_id=contest.pk)
    return render(
        request,
        "learning/contests/paper.html",
        {
            "contest": contest,
            "paper": paper,
            "items": selectors.paper_questions(paper),
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


def _given(request, question) -> str:
    key = f"q{question.pk}"
    if question.kind == Kind.MULTIPLE:
        return "".join(request.POST.getlist(key))[:20]
    return str(request.POST.get(key, ""))[:200]


@login_required
@require_POST
def contest_answer(request, contest_id: int, question_id: int):
    """One answer, saved as it is chosen (htmx); the answer's state as a fragment."""
    contest = selectors.contest_for(request.user, contest_id)
    paper = selectors.paper_of(request.user, contest)
    if paper is None or question_id not in paper.question_ids:
        raise Http404
    question = fetch(selectors.Question.objects.all(), pk=question_id)
    try:
        services.answer_save(
            person=request.user,
            contest=contest,
            question_id=question.pk,
            answer=_given(request, question),
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        # htmx swaps only a 200: the page shows the server's refusal (time is up) in place.
        return HttpResponse(
            format_html('<span class="text-danger small">{}</span>', "".join(all_messages(errors))),
            status=200 if request.headers.get("HX-Request") else status,
        )
    return HttpResponse(format_html('<span class="text-success small">{}</span>', _("已保存")))


@login_required
@require_POST
def contest_submit(request, contest_id: int):
    """Save what the form holds (without JavaScript nothing was saved yet), then hand in."""
    contest = selectors.contest_for(request.user, contest_id)
    paper = selectors.paper_of(request.user, contest)
    if paper is None:
        raise Http404
    try:
        if not paper.submitted_at:
            for question, answer in selectors.paper_questions(paper):
                given = _given(request, question)
                if given and (answer is None or answer.answer != given):
                    services.answer_save(
                        person=request.user, contest=contest, question_id=question.pk, answer=given
                    )
        services.paper_submit(person=request.user, contest=contest)
    except REFUSALS as exc:
        errors, status = refusal(exc)
        for m in all_messages(errors):
            messages.error(request, m)
        return redirect("learning:contest_detail", contest_id=contest.pk)
    messages.success(request, _("已交卷，系统已自动判分。"))
    return redirect("learning:contest_detail", contest_id=contest.pk)


@login_required
def contest_review(request, contest_id: int):
    contest = selectors.contest_for(request.user, contest_id)
    paper = _read_paper(request.user, contest)
    if paper is None:
        raise Http404
    if contest.phase() != "closed":
        raise PermissionDenied(_("竞赛结束后才能查看答案和解析。"))
    return render(
        request,
        "learning/contests/review.html",
        {"contest": contest, "paper": paper, "items": selectors.paper_questions(paper)},
    )


@login_required
def contest_rankings(request, contest_id: int):
    contest = selectors.contest_for(request.user, contest_id)
    if not selectors.sees_rankings(request.user, contest):
        raise PermissionDenied(_("竞赛结束后公布排名。"))
    return render(
        request,
        "learning/contests/rankings.html",
        {
            "contest": contest,
            "people": selectors.people_ranking(contest, limit=50),
            "branches": selectors.branch_ranking(contest),
        },
    )


# --- the daily practice quiz ------------------------------------------------------


def _practice_page(request, *, last=None, errors=None, status=200):
    day = services.practice_today(person=request.user)
    answered = {}
    if day is not None:
        answered = {a.question_id: a for a in day.answers.all()}
    questions = selectors.Question.objects.in_bulk(day.question_ids if day else [])
    pending = [
        questions[q]
        for q in (day.question_ids if day else [])
        if q not in answered and q in questions
    ]
    return render(
        request,
        "learning/contests/practice.html",
        {
            "day": day,
            "total": len(day.question_ids) if day else 0,
            "done": len(answered),
            "right": sum(1 for a in answered.values() if a.correct),
            "question": pending[0] if pending else None,
            "last": last,
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


@login_required
def practice(request):
    return _practice_page(request)


@login_required
@require_POST
def practice_answer(request):
    question_id = small_id(request.POST.get("question")) or 0
    question = selectors.Question.objects.filter(pk=question_id).first()
    given = _given(request, question) if question else ""
    try:
        row, question, points = services.practice_answer(
            person=request.user, question_id=question_id, answer=given
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _practice_page(request, errors=errors, status=status)
    return _practice_page(request, last={"row": row, "question": question, "points": points})


# --- the officers' desk ------------------------------------------------------------


@area_required(selectors.runs_contests)
def contest_desk(request):
    contests = (
        Contest.objects.filter(selectors.officer_q(request.user))
        .select_related("scope")
        .order_by("-opens_at", "-pk")
    )
    page = Paginator(contests, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/contests/desk.html",
        {"page": page, "now": timezone.now(), "edits_bank": edits_learning_setup(request.user)},
    )


def _scopes(person):
    mines = list(selectors.bank_mines(person))
    branches = list(branches_visible_to(person).order_by("path"))
    return mines + branches


def parse_dt(value) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


FORM_FIELDS = ["scope", "title", "opens_at", "closes_at", "minutes"]
SPEC_ROWS = 4


def posted_spec(data) -> list[dict]:
    """The draw rule's rows as typed (the form has SPEC_ROWS of them)."""
    return [
        {
            "category": data.get(f"category_{i}", "")[:20],
            "difficulty": data.get(f"difficulty_{i}", "0")[:2],
            "count": data.get(f"count_{i}", "")[:4],
        }
        for i in range(SPEC_ROWS)
    ]


def _new_page(request, *, errors=None, values=None, status=200):
    values = values or {"minutes": "30"}
    spec = values.get("spec") or [{"category": "", "difficulty": "0", "count": ""}] * SPEC_ROWS
    return render(
        request,
        "learning/contests/new.html",
        {
            "scopes": _scopes(request.user),
            "categories": CATEGORIES,
            "values": values,
            "spec": spec,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


@area_required(selectors.runs_contests)
def contest_new(request):
    if request.method != "POST":
        return _new_page(request)
    values = posted(request.POST, FORM_FIELDS, limit=80)
    spec = posted_spec(request.POST)
    values["spec"] = spec
    scope_id = small_id(values["scope"])
    scope = next((s for s in _scopes(request.user) if s.pk == scope_id), None)
    try:
        if scope is None:
            raise ValidationError({"scope": _("请选择参赛范围。")})
        contest = services.contest_create(
            actor=request.user,
            scope=scope,
            title=values["title"],
            opens_at=parse_dt(values["opens_at"]),
            closes_at=parse_dt(values["closes_at"]),
            minutes=values["minutes"],
            draw_spec=[r for r in spec if r["category"] or r["count"]],
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _new_page(request, errors=errors, values=values, status=status)
    messages.success(request, _("竞赛已创建。检查无误后请“排定并抽题”。"))
    return redirect("learning:contest_results", contest_id=contest.pk)


@area_required(selectors.runs_contests)
def contest_results(request, contest_id: int):
    contest = selectors.contest_officer_for(request.user, contest_id)
    return render(
        request,
        "learning/contests/results.html",
        {
            "contest": contest,
            "phase": contest.phase(),
            "totals": selectors.contest_totals(contest),
            "people": selectors.people_ranking(contest, limit=100),
            "branches": selectors.branch_ranking(contest),
            "events": contest.events.visible(internal=True),
        },
    )


@area_required(selectors.runs_contests)
@require_POST
def contest_schedule(request, contest_id: int):
    contest = selectors.contest_officer_for(request.user, contest_id)
    try:
        services.contest_schedule(
            actor=request.user,
            contest_id=contest.pk,
            version=parse_version(request.POST.get("version")),
        )
    except REFUSALS as exc:
        errors, _status = refusal(exc)
        for m in all_messages(errors):
            messages.error(request, m)
    else:
        messages.success(request, _("已排定，每人的试卷已抽好。"))
    return redirect("learning:contest_results", contest_id=contest.pk)


@area_required(selectors.runs_contests)
def contest_export(request):
    """Contest results as Excel: a contest's people (or, with by=branch, its branches),
    or without a contest the list of contests in the officer's reach."""
    contests = Contest.objects.filter(selectors.officer_q(request.user))
    contest_id = small_id(request.GET.get("contest"))
    if contest_id is None:
        rows = []
        for c in contests.order_by("-opens_at")[:500]:
            totals = selectors.contest_totals(c)
            rows.append(
                [
                    c.title,
                    timezone.localtime(c.opens_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(c.closes_at).strftime("%Y-%m-%d %H:%M"),
                    c.phase_label(),
                    totals["eligible"],
                    totals["submitted"],
                    round(totals["average"] or 0, 1),
                ]
            )
        return ledger_response(
            sheet_name="知识竞赛",
            headers=["竞赛", "开始", "结束", "状态", "应参赛", "已交卷", "平均分"],
            rows=rows,
            filename="知识竞赛一览.xlsx",
        )
    contest = fetch(contests, pk=contest_id)
    if request.GET.get("by") == "branch":
        ranked = selectors.branch_ranking(contest)["by_score"]
        return ledger_response(
            sheet_name="支部排名",
            headers=["名次", "党支部", "应参赛", "已交卷", "参与率", "平均分"],
            rows=(
                [n, b.name, b.eligible, b.submitted, f"{b.participation:.0%}", b.average or ""]
                for n, b in enumerate(ranked, start=1)
            ),
            filename=f"竞赛{contest.pk}支部排名.xlsx",
        )
    return ledger_response(
        sheet_name="个人排名",
        headers=["名次", "工号", "姓名", "单位", "得分", "答对", "用时（秒）", "交卷时间"],
        rows=(
            [
                p.place,
                p.person.employee_no,
                p.person.name,
                p.person.unit.name if p.person.unit_id else "",
                p.score,
                p.correct,
                p.seconds_taken,
                timezone.localtime(p.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
            ]
            for p in selectors.people_ranking(contest)
        ),
        filename=f"竞赛{contest.pk}个人排名.xlsx",
    )


@area_required(edits_learning_setup)
def question_bank(request, *, errors=None, status=200):
    questions = selectors.bank_questions(request.user)
    filters = {
        k: request.GET.get(k, "")[:40] for k in ("category", "kind", "difficulty", "q", "active")
    }
    if filters["category"]:
        questions = questions.filter(category=filters["category"])
    if filters["kind"] in Kind.values:
        questions = questions.filter(kind=filters["kind"])
    if filters["difficulty"] in ("1", "2", "3"):
        questions = questions.filter(difficulty=int(filters["difficulty"]))
    if filters["q"]:
        questions = questions.filter(Q(stem__icontains=filters["q"]))
    if filters["active"] in ("1", "0"):
        questions = questions.filter(is_active=filters["active"] == "1")
    page = Paginator(questions.order_by("-pk"), 30).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(
        request,
        "learning/contests/bank.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "categories": CATEGORIES,
            "kinds": Kind.choices,
            "mines": selectors.bank_mines(request.user),
            "imports": selectors.imports_visible_to(request.user)[:5],
            "headers": bank_services.TEMPLATE_HEADERS,
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


@area_required(edits_learning_setup)
@require_POST
def question_import(request):
    upload = request.FILES.get("file")
    mine_id = small_id(request.POST.get("mine"))
    mines = list(selectors.bank_mines(request.user))
    mine = next((m for m in mines if m.pk == mine_id), mines[0] if len(mines) == 1 else None)
    try:
        if upload is None:
            raise ValidationError(_("请选择要导入的题库文件。"))
        if mine is None:
            raise ValidationError(_("请选择题库所属的矿。"))
        record = bank_services.question_import(
            actor=request.user, mine=mine, fileobj=upload, name=upload.name
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return question_bank(request, errors=errors, status=status)
    if record.errors:
        messages.error(request, _("文件中有错误的行，未导入任何题目，请改正后重新上传。"))
    else:
        messages.success(request, _("已导入 %(n)d 道题。") % {"n": record.created})
    return redirect("learning:question_import_detail", import_id=record.pk)


@area_required(edits_learning_setup)
def question_import_detail(request, import_id: int):
    record = fetch(selectors.imports_visible_to(request.user), pk=import_id)
    return render(request, "learning/contests/import.html", {"record": record})
