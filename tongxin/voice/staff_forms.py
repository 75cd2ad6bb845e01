"""Forms of the staff pages. They only parse and type what was posted; the services
decide what is allowed and say what is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.people.models import Organisation, Person, Tree

from .models import Category, Channel, State
from .models.case import case_id_from_code


class InboxFilterForm(forms.Form):
    state = forms.CharField(required=False)
    unit = forms.ModelChoiceField(Organisation.objects.filter(tree=Tree.UNIT), required=False)
    category = forms.ModelChoiceField(Category.objects.all(), required=False)
    channel = forms.ChoiceField(choices=[("", _("全部渠道")), *Channel.choices], required=False)
    overdue = forms.BooleanField(required=False)
    major = forms.BooleanField(required=False)
    watched = forms.BooleanField(required=False)
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)
    q = forms.CharField(required=False, max_length=40)

    def clean_state(self):
        state = self.cleaned_data["state"]
        return state if state in (*State.values, "open") else ""


class VersionedForm(forms.Form):
    version = forms.IntegerField(min_value=0)


class AcceptForm(VersionedForm):
    category = forms.ModelChoiceField(
        Category.objects.filter(is_active=True),
        label=_("分类"),
        error_messages={"required": _("请选择分类。"), "invalid_choice": _("请选择有效的分类。")},
    )
    is_major = forms.BooleanField(label=_("重大事项（涉及职工切身利益）"), required=False)
    note = forms.CharField(label=_("受理意见"), required=False, max_length=500)


class DeclineForm(VersionedForm):
    reason = forms.CharField(label=_("不予立案理由"), max_length=1000, required=False)


class MergeForm(VersionedForm):
    # The number people quote ("2026-000123", an anonymous note's "2026-N…") or the id
    # the similar-cases list posts; anonymous cases have negative ids, so no min_value.
    into = forms.CharField(label=_("合并到事项编号"), max_length=40)

    def clean_into(self):
        case_id = case_id_from_code(self.cleaned_data["into"])
        if not case_id:
            raise forms.ValidationError(_("请输入事项编号，如 2026-000123。"))
        return case_id


class AssignForm(VersionedForm):
    department = forms.ModelChoiceField(
        Organisation.objects.filter(tree=Tree.UNIT),
        label=_("承办部门"),
        error_messages={
            "required": _("请选择承办部门。"),
            "invalid_choice": _("请选择有效的承办部门。"),
        },
    )
    handler = forms.ModelChoiceField(
        Person.objects.filter(is_active=True),
        label=_("承办人"),
        required=False,
        error_messages={"invalid_choice": _("请选择有效的承办人。")},
    )
    deadline = forms.DateField(
        label=_("办理期限"),
        required=False,
        error_messages={"invalid": _("日期格式应为 2026-12-31。")},
    )
    note = forms.CharField(label=_("交办意见"), required=False, max_length=500)


class BulkAssignForm(forms.Form):
    cases = forms.CharField()
    department = AssignForm.base_fields["department"]
    handler = AssignForm.base_fields["handler"]
    deadline = AssignForm.base_fields["deadline"]

    def clean_cases(self):
        raw = self.data.getlist("cases") if hasattr(self.data, "getlist") else []
        ids = [int(v) for v in raw if str(v).isdigit()]
        if not ids:
            raise forms.ValidationError(_("请先勾选要交办的事项。"))
        return ids


class TextForm(VersionedForm):
    text = forms.CharField(max_length=4000, required=False)


class AdoptForm(VersionedForm):
    adopted = forms.TypedChoiceField(
        label=_("是否采纳"),
        choices=[("1", _("采纳")), ("0", _("不采纳"))],
        coerce=lambda v: v == "1",
    )
    benefit = forms.CharField(label=_("实施效益"), required=False, max_length=300)
    benefit_amount = forms.DecimalField(
        label=_("经济效益（元）"), required=False, max_digits=12, decimal_places=2
    )
    reward_amount = forms.DecimalField(
        label=_("奖励金额（元）"), required=False, max_digits=10, decimal_places=2
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("落实节点"), max_length=80, required=False)
    due_on = forms.DateField(label=_("计划完成"), required=False)


class MilestoneDoneForm(forms.Form):
    milestone = forms.IntegerField(min_value=1)
    note = forms.CharField(label=_("完成情况"), required=False, max_length=300)


class ForumForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(tree=Tree.UNIT),
        label=_("单位"),
        error_messages={"required": _("请选择单位。")},
    )
    held_on = forms.DateField(label=_("日期"), error_messages={"required": _("请填写日期。")})
    place = forms.CharField(label=_("地点"), max_length=80, required=False)
    attendee_count = forms.IntegerField(label=_("参会人数"), min_value=1, required=False)
    attendees = forms.CharField(label=_("参会人员"), max_length=2000, required=False)
