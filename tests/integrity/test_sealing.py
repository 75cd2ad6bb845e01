"""A dump of the database and the logs after an anonymous report holds none of its
text, and no trace of its writer; rotation re-encrypts with the newest key."""

import io
import logging

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from tests.integrity.conftest import SECRET_TEXT
from tongxin.integrity.models import Report

pytestmark = pytest.mark.django_db

REPLY = "十一月十八日下午在仓库交接"


def dump() -> str:
    """Every row of every table, as text (what a copy of the database holds)."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                out.append(" ".join(str(v) for v in row))
    return "\n".join(out)


def test_the_dump_and_the_logs_hold_none_of_an_anonymous_report(cast, client, caplog):
    from tongxin.integrity import services

    caplog.set_level(logging.DEBUG)
    client.force_login(cast.wang_worker)  # signed in, reporting anonymously anyway
    page = client.post(
        "/integrity/anonymous/",
        {
            "organisation": cast.district_a.pk,
            "category": "integrity",
            "subject": "综采一队队长",
            "content": SECRET_TEXT,
        },
        REMOTE_ADDR="10.9.8.7",
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14; HUAWEI-XYZ)",
    )
    assert page.status_code == 200, page.content.decode()[:500]
    report = Report.objects.get()
    services.report_ask(
        actor=cast.zheng_inspector, report_id=report.pk, version=report.version, question="时间？"
    )
    services.report_answer(report_id=report.pk, text=REPLY, reporter_ok=True)
    text = dump()
    for secret in (SECRET_TEXT, "收受供应商回扣", REPLY, "综采一队队长"):
        assert secret not in text
        assert secret not in caplog.text
    for trace in ("10.9.8.7", "HUAWEI-XYZ"):
        assert trace not in text
    assert report.receipt_hash and report.reporter_sealed == ""
    # The application opens it.
    assert Report.objects.get().content == SECRET_TEXT


def test_a_named_reporters_identity_is_sealed(cast, make_report):
    report, _ = make_report()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_sealed FROM integrity_report WHERE id = %s", [report.pk])
        stored = cursor.fetchone()[0]
    assert stored and str(cast.wang_worker.pk) != stored and "gAAAA" in stored


def test_reseal_rotates_to_the_newest_key(cast, make_report, settings):
    report, _ = make_report()
    old = settings.SEALED_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.SEALED_KEYS = [new, old]
    call_command("reseal", stdout=io.StringIO())
    settings.SEALED_KEYS = [new]  # the old key dropped: everything still opens
    assert Report.objects.get(pk=report.pk).content == SECRET_TEXT
