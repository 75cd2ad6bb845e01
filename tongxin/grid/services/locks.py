"""Row locks the grid's writes queue on (`select_for_update`, held to the end of the
caller's transaction)."""

from __future__ import annotations

from tongxin.people.models import Person


def lock_person(person_id: int) -> Person:
    """Lock one person's row and return it (with unit and Party organisation): two
    writes about the same person (two taps, two devices, two secretaries) queue here,
    and the second sees what the first wrote."""
    return (
        Person.objects.select_for_update(of=("self",))
        .select_related("unit", "party_org")
        .get(pk=person_id)
    )
