"""The officers' changes after the fact: editing, extending or cancelling a contest,
and editing, disabling or enabling a question of the bank. Thin: fetch through the
scope, call a service (contests.changes, contests.questions), render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.access import area_required, fetch
from tongxin.core.forms import all_messages, parse_version, posted, refusal

from ..access import edits_learning_setup
from ..models.contests import CATEGORIES, Kind
from . import changes, questions, selectors
from .views import FORM_FIELDS, REFUSALS, SPEC_ROWS, parse_dt, posted_spec

# --- a contest -----------------------------------------------------------------------


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def _contest_values(contest) -> dict:
    spec = [
        {"category": r["category"], "difficulty": str(r["difficulty"]), "count": str(r["count"])}
        for r in contest.draw_spec
    ]
    spec += [{"category": "", "difficulty": "0", "count": ""}] * (SPEC_ROWS - len(spec))
    return {
        "title": contest.title,
        "opens_at": _local(contest.opens_at),
        "closes_at": _local(contest.closes_at),
        "minutes": str(contest.minutes),
        "spec": spec[:SPEC_ROWS],
    }


def _edit_page(request, contest, *, errors=None, values=None, status=200):
    values = values or _contest_values(contest)
    return render(
        request,
        "learning/contests/edit.html",
        {
            "contest": contest,
            "phase": contest.phase(),
            "values": values,
            "spec": values.get("spec") or _contest_values(contest)["spec"],
            "categories": CATEGORIES,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


@area_required(selectors.runs_contests)
def contest_edit(request, contest_id: int):
    """Before it opens, every field; once open, the end time only (the same page)."""
    contest = selectors.contest_officer_for(request.user, contest_id)
    if request.method != "POST":
        return _edit_page(request, contest)
    values = posted(request.POST, FORM_FIELDS, limit=80)
    values["spec"] = posted_spec(request.POST)
    try:
        version = parse_version(request.POST.get("version"))
        if contest.phase() == "open":
            changes.contest_extend(
                actor=request.user,
                contest_id=contest.pk,
                version=version,
                closes_at=parse_dt(values["closes_at"]),
            )
        else:
            changes.contest_edit(
                actor=request.user,
                contest_id=contest.pk,
                version=version,
                title=values["title"],
                opens_at=parse_dt(values["opens_at"]),
                closes_at=parse_dt(values["closes_at"]),
                minutes=values["minutes"],
                draw_spec=[r for r in values["spec"] if r["category"] or r["count"]],
            )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        contest.refresh_from_db()
        return _edit_page(request, contest, errors=errors, values=values, status=status)
    messages.success(request, _("竞赛已修改。"))
    return redirect("learning:contest_results", contest_id=contest.pk)


@area_required(selectors.runs_contests)
@require_POST
def contest_cancel(request, contest_id: int):
    contest = selectors.contest_officer_for(request.user, contest_id)
    try:
        changes.contest_cancel(
            actor=request.user,
            contest_id=contest.pk,
            version=parse_version(request.POST.get("version")),
            reason=request.POST.get("reason", ""),
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        contest.refresh_from_db()
        values = {**_contest_values(contest), "reason": request.POST.get("reason", "")[:500]}
        return _edit_page(request, contest, errors=errors, values=values, status=status)
    messages.success(request, _("竞赛已取消，已通知参赛人员。"))
    return redirect("learning:contest_results", contest_id=contest.pk)


# --- a question ----------------------------------------------------------------------

QUESTION_FIELDS = ["kind", "category", "difficulty", "stem", "answer", "explanation", "version"]
OPTION_FIELDS = [f"option_{c}" for c in "ABCDEF"]


def _question_values(question) -> dict:
    options = list(question.options or [])
    return {
        "kind": question.kind,
        "category": question.category,
        "difficulty": str(question.difficulty),
        "stem": question.stem,
        "answer": question.answer,
        "explanation": question.explanation,
        "version": str(question.version),
        "options": options + [""] * (len(OPTION_FIELDS) - len(options)),
    }


def _question_page(request, question, *, errors=None, values=None, status=200):
    values = values or _question_values(question)
    return render(
        request,
        "learning/contests/question.html",
        {
            "question": question,
            "values": values,
            "option_rows": list(zip("ABCDEF", values["options"], strict=False)),
            "kinds": Kind.choices,
            "categories": CATEGORIES,
            "errors": errors or {},
            "error_list": all_messages(errors or {}),
        },
        status=status,
    )


@area_required(edits_learning_setup)
def question_edit(request, pk: int):
    question = fetch(selectors.questions_visible_to(request.user), pk=pk)
    if question.replaced_by_id and request.method != "POST":
        # An old version (a link from before the edit): the current one is what to edit.
        current = question
        while current.replaced_by_id:
            current = current.replaced_by
        return redirect("learning:question_edit", pk=current.pk)
    if request.method != "POST":
        return _question_page(request, question)
    values = posted(request.POST, QUESTION_FIELDS)
    values["options"] = [str(request.POST.get(k, ""))[:500] for k in OPTION_FIELDS]
    try:
        new = questions.question_edit(
            actor=request.user,
            question_id=question.pk,
            version=parse_version(values["version"]),
            kind=values["kind"],
            category=values["category"],
            difficulty=values["difficulty"],
            stem=values["stem"],
            options=values["options"],
            answer=values["answer"],
            explanation=values["explanation"],
        )
    except REFUSALS as exc:
        errors, status = refusal(exc)
        return _question_page(request, question, errors=errors, values=values, status=status)
    messages.success(
        request,
        _("题目已保存为第 %(v)d 版；已抽好的试卷仍按原题判分。") % {"v": new.version},
    )
    return redirect("learning:question_bank")


@area_required(edits_learning_setup)
@require_POST
def question_active(request, pk: int):
    question = fetch(selectors.questions_visible_to(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        questions.question_set_active(
            actor=request.user,
            question_id=question.pk,
            version=parse_version(request.POST.get("version")),
            active=active,
        )
    except REFUSALS as exc:
        errors, _status = refusal(exc)
        for m in all_messages(errors):
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("题目已启用。") if active else _("题目已停用，不再抽入新的试卷。"),
        )
    return redirect("learning:question_bank")
