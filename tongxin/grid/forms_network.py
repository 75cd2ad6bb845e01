"""Forms of the network and coverage pages: they parse, the services decide.

A person chosen in a form is looked up in the branch's roster (`coverage.BranchRoster`),
so an id edited in the page can only name someone of this branch; whether that person
may hold the link is the service's answer, in its own words.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level

MAX_OVER = 500


def _label(person, labels: dict[int, str]) -> str:
    unit = labels.get(person.unit_id, "")
    return f"{person.name}（{person.employee_no}）{' · ' + unit if unit else ''}"


def person_choices(people, labels: dict[int, str]) -> list[tuple[str, str]]:
    return [(str(p.pk), _label(p, labels)) for p in people]


class _RosterForm(forms.Form):
    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster

    def _person(self, name: str, *, required: bool, message: str):
        raw = self.cleaned_data.get(name)
        if raw in (None, ""):
            if required:
                raise forms.ValidationError(message)
            return None
        person = self.roster.people.get(raw)
        if person is None:
            raise forms.ValidationError(_("所选人员不在本支部。"))
        return person


class AssignForm(_RosterForm):
    level = forms.ChoiceField(label=_("层级"), choices=Level.choices)
    responsible = forms.IntegerField(label=_("责任人"), required=False)
    person = forms.IntegerField(label=_("联系对象"), required=False)
    starts_on = forms.DateField(label=_("生效日期"), required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def clean_responsible(self):
        return self._person("responsible", required=True, message=_("请选择责任人。"))

    def clean_person(self):
        level = self.data.get("level")
        return self._person(
            "person", required=level != Level.LEADER_BRANCH, message=_("请选择联系对象。")
        )


class MoveForm(_RosterForm):
    link = forms.IntegerField()
    responsible = forms.IntegerField(label=_("新责任人"), required=False)
    starts_on = forms.DateField(label=_("调整日期"), required=False)

    def clean_responsible(self):
        return self._person("responsible", required=True, message=_("请选择新的责任人。"))


class EndForm(forms.Form):
    link = forms.IntegerField()
    ends_on = forms.DateField(label=_("终止日期"), required=False)


class SplitDateForm(forms.Form):
    starts_on = forms.DateField(label=_("生效日期"), required=False)


class ImportForm(forms.Form):
    upload = forms.FileField(label=_("联系名单文件"))


class CoverageForm(forms.Form):
    unit = forms.IntegerField(required=False, min_value=1)
    over = forms.IntegerField(
        label=_("包保人数上限"), required=False, min_value=0, max_value=MAX_OVER
    )
    on = forms.DateField(label=_("日期"), required=False)


def form_errors(form: forms.Form) -> list[str]:
    labels = {name: str(field.label or "") for name, field in form.fields.items()}
    out = []
    for name, errors in form.errors.items():
        label = labels.get(name, "")
        for error in errors:
            out.append(f"{label}：{error}" if label else str(error))
    return out
