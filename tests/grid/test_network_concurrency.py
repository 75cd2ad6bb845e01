"""Two secretaries assigning the same worker at the same moment: exactly one succeeds.

The covered person's row is locked before the double-coverage check, so the second
assignment waits for the first to commit and then sees its link. PostgreSQL only:
SQLite serialises writers, and the single-threaded tests cover the rule itself."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tongxin.grid.models import GridLink, Level
from tongxin.grid.services import network


@pytest.mark.django_db(transaction=True)
def test_two_assignments_of_the_same_worker_at_once_exactly_one_succeeds(cast, crew):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    barrier = threading.Barrier(2)
    done, refused, errors = [], [], []

    def assign(actor, member):
        try:
            barrier.wait(timeout=10)
            link = network.link_assign(
                actor=actor,
                level=Level.MEMBER_WORKER,
                responsible=member,
                person=cast.wang_worker,
            )
            done.append(link.responsible_id)
        except ValidationError as exc:
            refused.append("；".join(exc.messages))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=assign, args=(cast.zhao_secretary, crew.chen_member)),
        threading.Thread(target=assign, args=(cast.feng_admin, cast.li_member)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    assert len(done) == 1 and len(refused) == 1
    winner = "陈党" if done[0] == crew.chen_member.pk else "李红"
    assert f"王强已由{winner}联系" in refused[0]
    links = GridLink.objects.filter(person=cast.wang_worker, ends_on__isnull=True)
    assert list(links.values_list("responsible_id", flat=True)) == done
