"""What a grid member's pages share: paging, and the choice of people on the forms."""

from __future__ import annotations

from tongxin.people.selectors import unit_labels

PAGE_SIZE = 30
CHOICE_LIMIT = 300


def people_choices(people) -> list[tuple[int, str]]:
    people = list(people)
    labels = unit_labels({p.unit for p in people})
    out = []
    for p in people:
        label = labels.get(p.unit_id, "")
        out.append((p.pk, f"{p.name}（{label}）" if label else p.name))
    return out
