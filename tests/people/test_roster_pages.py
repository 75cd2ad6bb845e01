"""Roster import pages: upload → preview → confirm, who may see them, progress, the worker."""

import io
import queue
import re
import signal
from contextlib import contextmanager

import pytest
import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse
from huey import signals as huey_signals
from huey.contrib.djhuey import HUEY

from tests.cast import build_cast
from tests.people.test_roster import HEADERS, NEWCOMERS, csv_bytes, xlsx_bytes
from tongxin.people import services, tasks
from tongxin.people.models import ImportStatus, Person, Role, RosterImport


def post_file(client, cast, name, data, scope=None):
    return client.post(
        reverse("people:import_upload"),
        {"scope_unit": (scope or cast.mine).pk, "file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.django_db
def test_upload_preview_confirm(cast, client_for):
    client = client_for(cast.feng_admin)
    assert "上传花名册" in client.get(reverse("people:import_list")).content.decode()
    form = client.get(reverse("people:import_upload")).content.decode()
    assert "红岩矿" in form and "综采一队" in form

    response = post_file(client, cast, "花名册.xlsx", xlsx_bytes(NEWCOMERS))
    imp = RosterImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("people:import_detail", args=[imp.pk])
    preview = client.get(response.url).content.decode()
    assert "检查通过" in preview and "确认导入" in preview
    assert "陈晓明" in preview and "综采一队/一班" in preview  # a sample of the changes
    assert not Person.objects.filter(employee_no="500001").exists()

    response = client.post(reverse("people:import_confirm", args=[imp.pk]), follow=True)
    assert "导入完成：新增3人" in response.content.decode()
    assert Person.objects.filter(employee_no__in=["500001", "500002", "500003"]).count() == 3
    imp.refresh_from_db()
    assert imp.status == ImportStatus.APPLIED
    # A second click changes nothing.
    response = client.post(reverse("people:import_confirm", args=[imp.pk]), follow=True)
    assert "不在待确认状态" in response.content.decode()


@pytest.mark.django_db
def test_preview_lists_bad_rows_and_offers_no_confirm(cast, client_for):
    client = client_for(cast.feng_admin)
    rows = [NEWCOMERS[0], ["500002", "刘芳", "一班", "", "", "", "", "", ""]]
    response = post_file(client, cast, "bad.csv", csv_bytes(rows, encoding="gb18030"))
    body = client.get(response.url).content.decode()
    assert "有 1 行错误，没有导入任何数据" in body
    assert re.search(r"<td[^>]*>3</td>\s*<td[^>]*>500002</td>", body)  # 行号, 工号
    assert "综采一队/一班" in body  # the hint for the ambiguous 一班
    assert "确认导入" not in body


@pytest.mark.django_db
def test_cancel_a_checked_import(cast, client_for):
    client = client_for(cast.feng_admin)
    post_file(client, cast, "a.csv", csv_bytes(NEWCOMERS))
    imp = RosterImport.objects.get()
    body = client.post(reverse("people:import_cancel", args=[imp.pk]), follow=True)
    assert "已取消" in body.content.decode()
    client.post(reverse("people:import_confirm", args=[imp.pk]))
    assert not Person.objects.filter(employee_no="500001").exists()


@pytest.mark.django_db
def test_upload_form_errors_are_in_chinese(cast, client_for, settings):
    client = client_for(cast.feng_admin)
    body = post_file(client, cast, "a.xlsx", b"not a workbook").content.decode()
    assert "文件内容不是 Excel 工作簿" in body
    body = post_file(client, cast, "a.csv", csv_bytes(NEWCOMERS, HEADERS[:2])).content.decode()
    assert "缺少必填列：单位" in body
    settings.ROSTER_MAX_UPLOAD_MB = 1
    big = csv_bytes(NEWCOMERS) + b"#" * (1024 * 1024)
    assert "文件超过1 MB的上限" in post_file(client, cast, "a.csv", big).content.decode()
    assert not RosterImport.objects.exists()


@pytest.mark.django_db
def test_template_is_an_xlsx_with_the_headers(cast, client_for):
    response = client_for(cast.feng_admin).get(reverse("people:import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    header, example = sheet.to_python()[:2]
    assert header == HEADERS
    assert example[0] == "100001" and example[2] == "综采一队/一班"


@pytest.mark.django_db
def test_only_administrators_see_the_pages(cast, client_for, client):
    imp = RosterImport.objects.create(
        uploaded_by=cast.feng_admin, scope_unit=cast.mine, file="x.csv", original_name="x.csv"
    )
    urls = [
        reverse("people:import_list"),
        reverse("people:import_upload"),
        reverse("people:import_template"),
        reverse("people:import_detail", args=[imp.pk]),
    ]
    for person in (cast.zhao_secretary, cast.wang_worker, cast.wu_leader):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
        assert client.post(reverse("people:import_confirm", args=[imp.pk])).status_code == 404
    # An administrator of one district sees neither the mine's import nor the mine.
    services.role_assign(
        actor=None, person=cast.zhou_head, role=Role.ADMIN, organisation=cast.district_a
    )
    client.force_login(cast.zhou_head)
    assert client.get(reverse("people:import_detail", args=[imp.pk])).status_code == 404
    assert "x.csv" not in client.get(reverse("people:import_list")).content.decode()
    response = post_file(client, cast, "a.csv", csv_bytes(NEWCOMERS), scope=cast.mine)
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert RosterImport.objects.count() == 1


@pytest.mark.django_db
def test_import_list_query_count_does_not_grow(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.feng_admin)

    def add(n):
        for i in range(n):
            RosterImport.objects.create(
                uploaded_by=cast.feng_admin,
                scope_unit=cast.mine,
                file=f"{i}.csv",
                original_name=f"{i}.csv",
                summary={"create": 1, "update": 2, "unchanged": 3},
            )

    add(2)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("people:import_list")).status_code == 200
    add(40)
    with django_assert_max_num_queries(9):
        body = client.get(reverse("people:import_list")).content.decode()
    assert "1 / 3" in body  # paginated


@pytest.mark.django_db
def test_progress_is_polled_while_running(cast, client_for):
    client = client_for(cast.feng_admin)
    imp = RosterImport.objects.create(
        uploaded_by=cast.feng_admin,
        scope_unit=cast.mine,
        file="x.csv",
        original_name="x.csv",
        status=ImportStatus.CHECKING,
        total_rows=200,
        processed_rows=50,
    )
    url = reverse("people:import_detail", args=[imp.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "50 / 200" in page and "25%" in page
    fragment = client.get(url, {"fragment": "progress"}, HTTP_HX_REQUEST="true")
    assert "50 / 200" in fragment.content.decode() and "<html" not in fragment.content.decode()

    RosterImport.objects.filter(pk=imp.pk).update(status=ImportStatus.APPLYING)
    tasks.publish_applied_rows(imp.pk, 150)
    try:
        fragment = client.get(url, {"fragment": "progress"}, HTTP_HX_REQUEST="true")
        assert "150 / 200" in fragment.content.decode()
    finally:
        HUEY.delete(f"people.roster.applied_rows.{imp.pk}")

    RosterImport.objects.filter(pk=imp.pk).update(status=ImportStatus.READY)
    fragment = client.get(url, {"fragment": "progress"}, HTTP_HX_REQUEST="true")
    assert fragment.headers["HX-Refresh"] == "true"


# --- the background path, with a real Huey consumer ---------------------------------


@contextmanager
def huey_consumer():
    """Run a one-thread consumer in this process until the block ends.

    Tasks are queued before the block and the test waits inside it for them to finish,
    touching the database only afterwards: on SQLite's in-memory test database the
    worker shares this thread's connection (as Django's LiveServerThread does), which
    is safe only while one thread at a time uses it.
    """
    finished: queue.Queue = queue.Queue()

    def on_finish(signal_name, task, exc=None):
        finished.put((signal_name, task.name, exc))

    HUEY.signal(huey_signals.SIGNAL_COMPLETE, huey_signals.SIGNAL_ERROR)(on_finish)
    # The worker thread keeps its database connection (CONN_MAX_AGE); close it as the
    # thread stops, or PostgreSQL refuses to drop the test database afterwards.
    HUEY.on_shutdown("close_test_connections")(connections.close_all)
    shared = connections["default"]
    if shared.vendor == "sqlite" and shared.is_in_memory_db():
        # SQLite's in-memory test database locks whole tables between connections.
        shared.inc_thread_sharing()
        HUEY.on_startup("share_test_connection")(lambda: connections.__setitem__("default", shared))
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = HUEY.create_consumer(
        workers=1,
        worker_type="thread",
        periodic=False,
        initial_delay=0.05,
        max_delay=0.2,
        check_worker_health=False,
        shutdown_timeout=30,
    )
    consumer.start()  # starts threads and returns; it sets signal handlers we restore
    try:
        yield finished
    finally:
        consumer.stop(graceful=True)  # joins the worker: it is done with the connection
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        HUEY.disconnect_signal(on_finish)
        HUEY.unregister_on_shutdown("close_test_connections")
        if HUEY.unregister_on_startup("share_test_connection"):
            shared.dec_thread_sharing()


def run_queued_task(task_name: str) -> None:
    with huey_consumer() as finished:
        signal_name, name, exc = finished.get(timeout=60)  # never hangs the suite
    assert (signal_name, name, exc) == (huey_signals.SIGNAL_COMPLETE, task_name, None)


@pytest.mark.queue
def test_large_roster_goes_through_the_worker(transactional_db, client, settings):
    cast = build_cast()
    settings.ROSTER_BACKGROUND_ROWS = 5
    rows = [[str(600000 + i), f"工人{i}", "机电科"] for i in range(12)]
    client.force_login(cast.feng_admin)
    HUEY.flush()
    try:
        response = post_file(client, cast, "big.csv", csv_bytes(rows, HEADERS[:3]))
        imp = RosterImport.objects.get()
        assert response.url == reverse("people:import_detail", args=[imp.pk])
        assert imp.status == ImportStatus.PENDING and HUEY.pending_count() == 1
        assert "等待后台处理" in client.get(response.url).content.decode()

        run_queued_task("check_roster_import")
        imp.refresh_from_db()
        assert imp.status == ImportStatus.READY, imp.errors
        assert imp.processed_rows == 12 and imp.summary["create"] == 12
        assert "确认导入" in client.get(response.url).content.decode()

        page = client.post(reverse("people:import_confirm", args=[imp.pk]), follow=True)
        assert "正在后台导入" in page.content.decode()
        run_queued_task("apply_roster_import")
        imp.refresh_from_db()
        assert imp.status == ImportStatus.APPLIED
        assert Person.objects.filter(employee_no__startswith="6000").count() == 12
        assert tasks.applied_rows(imp.pk) == 0  # the progress key is cleaned up
    finally:
        HUEY.flush()
