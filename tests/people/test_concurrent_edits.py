"""Two people editing the same person never lose one of the edits."""

import threading

import pytest
from django.db import connection

from tongxin.people import services
from tongxin.people.models import Person

pytestmark = pytest.mark.django_db


def test_an_edit_from_a_stale_copy_keeps_the_other_edit(cast):
    stale = Person.objects.get(pk=cast.wang_worker.pk)  # officer A opened the card
    services.person_update(actor=cast.feng_admin, person=cast.wang_worker, phone="13900009999")
    services.person_update(actor=cast.zhao_secretary, person=stale, post="支架工")  # A saves
    fresh = Person.objects.get(pk=cast.wang_worker.pk)
    assert (fresh.phone, fresh.post) == ("13900009999", "支架工")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_edits_both_survive(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers, covered above")
    barrier = threading.Barrier(2)
    errors = []

    def edit(**changes):
        try:
            barrier.wait(timeout=10)
            services.person_update(actor=None, person=cast.wang_worker, **changes)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, kwargs={"phone": "13900008888"}),
        threading.Thread(target=edit, kwargs={"post": "皮带司机"}),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    fresh = Person.objects.get(pk=cast.wang_worker.pk)
    assert (fresh.phone, fresh.post) == ("13900008888", "皮带司机")
