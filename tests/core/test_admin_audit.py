"""Edits made in the admin reach the audit log, inline role changes included."""

import pytest

from tongxin.core.models import AuditEvent
from tongxin.people.models import RoleAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(cast, client):
    cast.feng_admin.is_staff = True
    cast.feng_admin.is_superuser = True
    cast.feng_admin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(cast.feng_admin)
    return client


def person_form(person, **changes):
    data = {
        "employee_no": person.employee_no,
        "name": person.name,
        "unit": person.unit_id or "",
        "party_org": person.party_org_id or "",
        "union_org": person.union_org_id or "",
        "post": person.post,
        "phone": person.phone,
        "id_number": person.id_number,
        "political_status": person.political_status,
        "union_member": "on" if person.union_member else "",
        "skill_grade": person.skill_grade,
        "hire_date": "",
        "is_active": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "certificates-TOTAL_FORMS": "0",
        "certificates-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_admin_change_is_audited_with_before_and_after(cast, admin_client):
    url = f"/admin/people/person/{cast.wang_worker.pk}/change/"
    response = admin_client.post(url, person_form(cast.wang_worker, post="皮带司机"))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="people.person.admin_changed")
    assert event.actor == cast.feng_admin
    assert event.before == {"post": "采煤机司机"} and event.after == {"post": "皮带司机"}


def test_admin_role_inline_is_audited(cast, admin_client):
    url = f"/admin/people/person/{cast.wang_worker.pk}/change/"
    data = person_form(
        cast.wang_worker,
        **{
            "roles-TOTAL_FORMS": "1",
            "roles-0-role": "union_chair",
            "roles-0-organisation": str(cast.sub_union_a.pk),
            "roles-0-created_at_0": "2026-01-01",
            "roles-0-created_at_1": "08:00:00",
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert RoleAssignment.objects.filter(person=cast.wang_worker).exists()
    event = AuditEvent.objects.get(action="people.roleassignment.admin_added")
    assert event.after["role"] == "union_chair"


def reset_in_admin(client, *people):
    return client.post(
        "/admin/people/person/",
        {
            "action": "issue_initial_password",
            "_selected_action": [str(p.pk) for p in people],
            "index": "0",
            "select_across": "0",
        },
        follow=True,
    )


def test_admin_password_reset_is_audited_without_the_password(cast, admin_client):
    """The admin's password reset writes the same audit row as the person page's reset,
    and neither the code shown nor its hash reaches the log."""
    response = reset_in_admin(admin_client, cast.wang_worker)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(cast.wang_worker.employee_no in m for m in shown), shown
    cast.wang_worker.refresh_from_db()
    assert cast.wang_worker.must_change_password
    event = AuditEvent.objects.get(action="accounts.password.issued")
    assert event.actor == cast.feng_admin
    assert event.object_id == str(cast.wang_worker.pk)
    code = next(m for m in shown if cast.wang_worker.employee_no in m).split("：")[1][:12]
    assert cast.wang_worker.check_password(code)
    logged = " ".join(
        f"{e.before} {e.after} {e.note} {e.object_label}" for e in AuditEvent.objects.all()
    )
    assert code not in logged and cast.wang_worker.password not in logged


def test_admin_password_reset_refuses_the_admin_themself(cast, admin_client):
    reset_in_admin(admin_client, cast.feng_admin)
    assert not AuditEvent.objects.filter(action="accounts.password.issued").exists()


def test_admin_change_page_shows_no_password_hash(cast, admin_client):
    response = admin_client.get(f"/admin/people/person/{cast.wang_worker.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert cast.wang_worker.password not in page
    assert cast.wang_worker.password.split("$")[0] + "$" not in page
