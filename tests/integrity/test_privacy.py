"""Nobody but the report's 纪检监察 reads it: not the administrator, the leadership or
the Party secretary, in no page, export, API call, search, notification, admin screen
or audit log line; a report about the mine's own inspectors is read one level up."""

import io
import zipfile

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.integrity.conftest import SECRET_TEXT
from tongxin.accounts.services import create_api_token
from tongxin.core import registry
from tongxin.core.models import AuditEvent, Notification
from tongxin.integrity.services.sweep import tell_inspectors

pytestmark = pytest.mark.django_db

SUBJECT = "综采一队队长"


def _pages(report) -> list[str]:
    urls = [
        "/",
        "/integrity/",
        "/integrity/desk/",
        "/integrity/desk/reads/",
        f"/integrity/desk/{report.pk}/",
        f"/integrity/mine/{report.pk}/",
        reverse("notifications:inbox"),
        f"/people/?q={SUBJECT}",
        f"/people/pick/?q={SUBJECT}",
    ]
    urls += [reverse(export.url_name) for _area, export in registry.exports()]
    return urls


def _text(response) -> str:
    """What a response says: a page's text, or every part of an Excel file's."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            data = b"".join(book.read(name) for name in book.namelist())
    return data.decode(errors="ignore")


def _shows(response) -> bool:
    body = _text(response)
    return SECRET_TEXT in body or SUBJECT in body or "收受供应商回扣" in body


@pytest.fixture
def report(cast, make_report):
    report, _receipt = make_report(who=cast.li_member)
    tell_inspectors(report.created_at.replace(minute=0, second=0, microsecond=0))
    return report


@pytest.mark.parametrize("who", ["feng_admin", "wu_leader", "zhao_secretary", "wang_worker"])
def test_others_see_nothing_of_a_report(cast, report, who):
    person = getattr(cast, who)
    if who == "feng_admin":  # the demo administrator is the admin site's staff
        person.is_staff = person.is_superuser = True
        person.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(person)
    for url in _pages(report):
        response = client.get(url)
        assert not _shows(response), f"{url} as {who}"
    assert client.get(f"/integrity/desk/{report.pk}/").status_code == 404
    _, token = create_api_token(person=person, name="隐私")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    for url in (
        "/api/integrity/reports",
        f"/api/integrity/reports/{report.pk}",
        "/api/integrity/mine",
    ):
        assert not _shows(api.get(url)), url
    assert api.get(f"/api/integrity/reports/{report.pk}").status_code == 404


def test_the_admin_site_holds_no_report(cast, report):
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "integrity" not in registered
    admin_person = cast.feng_admin
    admin_person.is_staff = admin_person.is_superuser = True
    admin_person.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin_person)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert not _shows(client.get(url)), url
    assert apps.get_app_config("integrity")


def test_the_audit_log_and_notifications_name_no_content(cast, report):
    for event in AuditEvent.objects.all():
        text = f"{event.object_label} {event.before} {event.after} {event.note} {event.actor_label}"
        assert SECRET_TEXT not in text and SUBJECT not in text
    # The reporter is in no audit row of the report.
    assert not AuditEvent.objects.filter(actor=cast.li_member).exists()
    messages = Notification.objects.all()
    assert messages and set(messages.values_list("recipient", flat=True)) == {
        cast.zheng_inspector.pk
    }
    for message in messages:
        assert SUBJECT not in message.title + message.body


def test_the_inspector_reads_it_and_the_read_is_logged(cast, report, client_for):
    client = client_for(cast.zheng_inspector)
    page = client.get(f"/integrity/desk/{report.pk}/")
    assert page.status_code == 200 and SECRET_TEXT in page.content.decode()
    assert report.reads.filter(reader=cast.zheng_inspector).count() == 1


def test_a_report_about_the_mines_inspectors_is_read_one_level_up(
    cast, make_report, company_inspector, client_for
):
    report, _ = make_report(unit=cast.mine, about_leadership=True)
    assert client_for(cast.zheng_inspector).get(f"/integrity/desk/{report.pk}/").status_code == 404
    up = client_for(company_inspector)
    assert SECRET_TEXT in up.get(f"/integrity/desk/{report.pk}/").content.decode()


def test_the_level_above_reviews_the_reads_below(cast, report, company_inspector, client_for):
    client_for(cast.zheng_inspector).get(f"/integrity/desk/{report.pk}/")
    client = Client()
    client.force_login(company_inspector)
    page = client.get("/integrity/desk/reads/")
    body = page.content.decode()
    assert report.number in body and cast.zheng_inspector.name in body
    assert SECRET_TEXT not in body
