"""The audit log: every service write is recorded, and nothing can rewrite it."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tongxin.core import audit
from tongxin.core.models import AuditEvent, AuditLogIsAppendOnly
from tongxin.core.services import purge_audit_log
from tongxin.people import services

pytestmark = pytest.mark.django_db


def test_service_writes_record_who_what_before_and_after(cast):
    services.person_update(
        actor=cast.feng_admin, person=cast.wang_worker, post="支架工", phone="13811112222"
    )
    event = AuditEvent.objects.filter(action="people.person.updated").get()
    assert event.actor == cast.feng_admin
    assert event.actor_label == str(cast.feng_admin)
    assert event.object_type == "people.person" and event.object_id == str(cast.wang_worker.pk)
    assert event.before == {"post": "采煤机司机", "phone": "13800001111"}
    assert event.after == {"post": "支架工", "phone": "13811112222"}


def test_an_update_that_changes_nothing_writes_nothing(cast):
    before = AuditEvent.objects.count()
    services.person_update(actor=cast.feng_admin, person=cast.wang_worker, post="采煤机司机")
    assert AuditEvent.objects.count() == before


def test_secrets_never_reach_the_log(cast):
    event = audit.record(action="x.test", after={"password": "secret", "token": "t", "ok": 1})
    assert event.after == {"ok": 1}


def test_model_and_queryset_refuse_changes(cast):
    event = AuditEvent.objects.first()
    event.note = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(note="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()


def test_database_refuses_raw_update_and_early_delete(cast):
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET note = 'forged'")  # noqa: S608
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    assert AuditEvent.objects.filter(note="forged").count() == 0


def test_retention_sweep_removes_only_old_rows(cast):
    old = AuditEvent.objects.create(action="x.old", at=timezone.now() - timedelta(days=400))
    kept = AuditEvent.objects.count() - 1
    assert purge_audit_log(older_than=timedelta(days=365)) == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.count() == kept
    with pytest.raises(ValueError):
        purge_audit_log(older_than=timedelta(days=90))


def test_admin_shows_the_log_read_only(cast, client):
    cast.feng_admin.is_staff = True
    cast.feng_admin.is_superuser = True
    cast.feng_admin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(cast.feng_admin)
    event = AuditEvent.objects.first()
    assert client.get("/admin/core/auditevent/").status_code == 200
    page = client.get(f"/admin/core/auditevent/{event.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
