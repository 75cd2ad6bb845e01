"""Parsing the branch desk's and the inspectors' forms (the refusal of a service becomes
what the page shows through `tongxin.core.forms.refusal`). The services decide; these
only read the request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from .models import Finding, ProblemSource


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
