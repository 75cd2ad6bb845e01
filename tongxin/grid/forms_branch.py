"""Parsing the branch desk's and the inspectors' forms, and turning a service's refusal
into what the page shows. The services decide; these only read the request."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.workflow import Conflict

from .models import Finding, ProblemSource


def parse_month(raw: str | None) -> date | None:
    """ "2026-03" → 2026-03-01; anything else → None."""
    raw = (raw or "").strip()
    parts = raw.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        return None


def parse_id(raw) -> int | None:
    raw = str(raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def parse_version(raw) -> int:
    version = parse_id(raw)
    if version is None:
        raise ValidationError(_("页面缺少版本信息，请刷新后重试。"))
    return version


def refusal(exc: Exception) -> tuple[dict[str, list[str]], int]:
    """A service's refusal as {field: [messages]} and the status the page answers with:
    400 bad input, 409 someone acted first, 403 not allowed."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return {
                ("general" if field == "__all__" else field): [str(m) for m in msgs]
                for field, msgs in exc.message_dict.items()
            }, 400
        return {"general": [str(m) for m in exc.messages]}, 400
    if isinstance(exc, Conflict):
        return {"general": [exc.message]}, 409
    if isinstance(exc, PermissionDenied):
        return {"general": [str(exc) or _("您无权执行这个操作。")]}, 403
    raise exc


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    return {
        ("general" if name == "__all__" else name): [str(e) for e in errs]
        for name, errs in form.errors.items()
    }


SOURCE_CHOICES = [(ProblemSource.DIRECT, ProblemSource.DIRECT.label)] + [
    c for c in ProblemSource.choices if c[0] != ProblemSource.DIRECT
]


class ProblemRaiseForm(forms.Form):
    title = forms.CharField(required=False, max_length=200)
    body = forms.CharField(required=False, max_length=4000)
    source = forms.ChoiceField(
        choices=SOURCE_CHOICES,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("请选择问题来源。")},
    )


class PassForm(forms.Form):
    department = forms.IntegerField(required=False, min_value=1)
    category = forms.IntegerField(required=False, min_value=1)
    deadline = forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("办理期限的日期格式不对。")}
    )
    note = forms.CharField(required=False, max_length=1000)


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("召开日期的格式不对。")}
    )
    place = forms.CharField(required=False, max_length=200)
    absent_note = forms.CharField(required=False, max_length=1000)
    minutes = forms.CharField(required=False, max_length=10000)


def meeting_problems(post) -> list[dict]:
    titles = post.getlist("problem_title")[:60]
    bodies = post.getlist("problem_body")[:60]
    bodies += [""] * (len(titles) - len(bodies))
    return [{"title": t, "body": b} for t, b in zip(titles, bodies, strict=False)]


class SpotDrawForm(forms.Form):
    scope = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": gettext_lazy("请选择抽查范围。")}
    )
    size = forms.IntegerField(
        required=False, error_messages={"invalid": gettext_lazy("抽取人数请填写整数。")}
    )
    note = forms.CharField(required=False, max_length=1000)


FINDING_CHOICES = [c for c in Finding.choices if c[0] != Finding.PENDING]
