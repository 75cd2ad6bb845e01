"""The one person picker of the platform: a search-as-you-type field (name, 工号, pinyin
initials) offering only the people who can act for a record.

An area declares a `registry.PersonPicker` on its `Area` (who can act for which record);
then, for a record:

    # a Django form
    responsible = PersonPickerField("hazards.assign", hazard, label=_("整改责任人"))

    # or a hand-written form: the same partial the widget renders
    {% include "core/_person_picker.html" with picker=picker %}   (picker_context(...))

The field posts the person's id, a plain form post that works with or without the
script; the script (static tongxin/person-picker.js, no framework) asks
`/people/pick/<name>/<pk>/?q=` for at most PICK_LIMIT matches. An id outside the
picker's candidates is refused with a Chinese message, by the field or by the area's
service, which checks against the same queryset.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import registry

PICK_LIMIT = 20
QUERY_MAX = 40
NOT_OFFERED = _("请从列表中选择人员：所选人员不在可选范围内。")


def pick_url(name: str, pk: int) -> str:
    return reverse("people:pick", args=[name, pk])


def person_label(person, unit_label: str = "") -> str:
    """ "张三 · 1100123 · 综采一队 一班 · 采煤机司机": enough to tell namesakes apart."""
    parts = [person.name, person.employee_no, unit_label, person.post]
    return " · ".join(p for p in parts if p)


def _picker_or_404(name: str) -> registry.PersonPicker:
    picker = registry.picker(name)
    if picker is None:
        raise Http404
    return picker


@login_required
@require_GET
def pick(request, name: str, pk: int):
    """At most PICK_LIMIT of the people who can act for the record, matching `q`."""
    from tongxin.people.selectors import matching, unit_labels

    picker = _picker_or_404(name)
    record = picker.record(request.user, pk)
    query = (request.GET.get("q") or "")[:QUERY_MAX]
    people = list(
        matching(picker.candidates(record), query)
        .select_related("unit")
        .order_by("unit__path", "employee_no")[: PICK_LIMIT + 1]
    )
    labels = unit_labels({p.unit for p in people if p.unit is not None})
    return JsonResponse(
        {
            "results": [
                {"id": p.pk, "label": person_label(p, labels.get(p.unit_id, ""))}
                for p in people[:PICK_LIMIT]
            ],
            "more": len(people) > PICK_LIMIT,
        }
    )


def picker_context(
    *,
    name: str,
    record,
    field: str,
    input_id: str,
    person=None,
    value: str = "",
    invalid: bool = False,
    required: bool = True,
    record_field: str = "",
) -> dict:
    """What core/_person_picker.html needs: where to search, and the person chosen (or
    the id that was posted, shown back as it was). `record_field`: the id of the form's
    field that chooses the record (a unit's select), which retargets the picker."""
    label = ""
    if person is not None:
        value, label = str(person.pk), person_label(person)
    return {
        "url": pick_url(name, record.pk),
        "field": field,
        "input_id": input_id,
        "value": value,
        "label": label,
        "invalid": invalid,
        "required": required,
        "record_field": record_field,
    }


class PersonPickerWidget(forms.Widget):
    """Renders core/_person_picker.html: a search box and the chosen person's id."""

    template_name = "core/widgets/person_picker.html"

    def __init__(self, url: str = "", attrs=None):
        super().__init__(attrs)
        self.url = url
        # The field's choices: a posted id is shown back by name only if on offer.
        self.queryset = None

    def get_context(self, name, value, attrs):
        from tongxin.people.models import Person

        context = super().get_context(name, value, attrs)
        raw = "" if value is None else str(value)
        people = self.queryset if self.queryset is not None else Person.objects.none()
        person = people.filter(pk=raw).first() if raw.isdigit() and len(raw) < 12 else None
        context["picker"] = {
            "url": self.url,
            "field": name,
            "input_id": context["widget"]["attrs"].get("id") or f"id_{name}",
            "value": raw,
            "label": person_label(person) if person is not None else "",
            "invalid": bool(context["widget"]["attrs"].get("aria-invalid")),
            "required": self.is_required,
        }
        return context


class PersonPickerField(forms.ModelChoiceField):
    """A person among the picker's candidates for `record`; any other id is refused."""

    widget = PersonPickerWidget
    default_error_messages = {"invalid_choice": NOT_OFFERED}

    def __init__(self, picker_name: str, record, **kwargs):
        picker = _picker_or_404(picker_name)
        super().__init__(picker.candidates(record), **kwargs)
        self.widget.url = pick_url(picker_name, record.pk)
        self.widget.queryset = self.queryset
