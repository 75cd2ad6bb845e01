"""The roster upload form: a file and the unit whose roster it is."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import roster
from .models import Organisation, Person


class ScopeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        # Indented by depth so the select reads as the tree (a mine above its districts).
        depth = obj.depth - self.top_depth
        return f"{'　' * depth}{obj.name}（{obj.get_kind_display()}）"


class RosterUploadForm(forms.Form):
    scope_unit = ScopeChoiceField(
        queryset=Organisation.objects.none(),
        label=gettext_lazy("导入到"),
        empty_label=None,
        help_text=gettext_lazy("文件中的单位名称在这个单位之内查找。"),
    )
    file = forms.FileField(
        label=gettext_lazy("花名册文件"),
        help_text=gettext_lazy("Excel（.xlsx、.xls）、ODS 或 CSV（UTF-8 或 GB18030/GBK 编码）。"),
    )

    def __init__(self, *args, viewer: Person, **kwargs):
        super().__init__(*args, **kwargs)
        choices = roster.scope_choices(viewer)
        field = self.fields["scope_unit"]
        field.queryset = choices
        first = choices.first()
        field.top_depth = first.depth if first else 0
        field.initial = first
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.ods,.csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ROSTER_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("文件超过%(mb)d MB的上限，请拆分后再上传。") % {"mb": limit}
            )
        roster.sniff(upload, upload.name)  # extension and content must agree
        return upload
