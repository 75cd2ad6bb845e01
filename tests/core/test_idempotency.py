"""Each submission once (core.idempotency), and the service worker and sync answers
of core.offline that carry submissions kept on a phone."""

import datetime
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.test import RequestFactory

from tongxin.core.idempotency import KEEP, REPLAYED, idempotent, once, purge_keys
from tongxin.core.models import Holiday, IdempotencyKey
from tongxin.core.offline import offline_sync

pytestmark = pytest.mark.django_db
DAY = datetime.date(2031, 10, 1)


def _added() -> int:
    return Holiday.objects.filter(date__year=DAY.year).count()


@idempotent("core.holiday.added")
@transaction.atomic
def holiday_add(*, actor, day, name):
    """A stand-in for an area's service: one record per call, refused on a bad name."""
    if not name:
        raise ValidationError("请填写名称。")
    return Holiday.objects.create(date=day, name=name)


def test_a_repeat_with_the_same_key_returns_the_first_record_and_creates_nothing(cast):
    key = str(uuid.uuid4())
    first = holiday_add(actor=cast.wang_worker, day=DAY, name="国庆节", idempotency_key=key)
    # Sent again (the answer was lost underground), even with other content.
    again = holiday_add(
        actor=cast.wang_worker, day=DAY + datetime.timedelta(1), name="国庆", idempotency_key=key
    )
    assert again.pk == first.pk and getattr(again, REPLAYED, False)
    assert not getattr(first, REPLAYED, False)
    assert _added() == 1
    claim = IdempotencyKey.objects.get()
    assert (claim.person, claim.key, claim.action) == (cast.wang_worker, key, "core.holiday.added")
    assert (claim.object_type, claim.object_id) == ("core.holiday", str(first.pk))


def test_another_person_with_the_same_key_gets_a_record_of_their_own(cast):
    key = str(uuid.uuid4())
    mine = holiday_add(actor=cast.wang_worker, day=DAY, name="国庆节", idempotency_key=key)
    theirs = holiday_add(
        actor=cast.li_member, day=DAY + datetime.timedelta(1), name="国庆", idempotency_key=key
    )
    assert mine.pk != theirs.pk and not getattr(theirs, REPLAYED, False)
    assert _added() == 2 and IdempotencyKey.objects.count() == 2


def test_a_refused_submission_leaves_its_key_free_to_send_again(cast):
    key = str(uuid.uuid4())
    with pytest.raises(ValidationError):
        holiday_add(actor=cast.wang_worker, day=DAY, name="", idempotency_key=key)
    assert not IdempotencyKey.objects.exists() and not _added()
    record = holiday_add(actor=cast.wang_worker, day=DAY, name="国庆节", idempotency_key=key)
    assert not getattr(record, REPLAYED, False) and _added() == 1


def test_a_key_that_is_no_uuid_is_refused_and_nothing_is_saved(cast):
    with pytest.raises(ValidationError) as refused:
        holiday_add(actor=cast.wang_worker, day=DAY, name="国庆节", idempotency_key="x' OR 1=1")
    assert "提交编号格式不对" in refused.value.messages[0]
    assert not _added() and not IdempotencyKey.objects.exists()


def test_a_key_used_for_another_action_is_refused(cast):
    key = str(uuid.uuid4())
    holiday_add(actor=cast.wang_worker, day=DAY, name="国庆节", idempotency_key=key)
    with pytest.raises(ValidationError) as refused:
        once(
            person=cast.wang_worker,
            key=key,
            action="core.other",
            create=lambda: Holiday.objects.create(date=DAY + datetime.timedelta(2)),
        )
    assert "已用于另一项操作" in refused.value.messages[0]
    assert _added() == 1


def test_keys_are_compared_in_their_canonical_form(cast):
    key = uuid.uuid4()
    first = holiday_add(actor=cast.wang_worker, day=DAY, name="国庆节", idempotency_key=str(key))
    again = holiday_add(
        actor=cast.wang_worker, day=DAY, name="国庆节", idempotency_key=str(key).upper()
    )
    assert again.pk == first.pk and _added() == 1


def test_without_a_key_the_service_runs_as_it_always_did(cast):
    holiday_add(actor=cast.wang_worker, day=DAY, name="国庆节")
    holiday_add(actor=cast.wang_worker, day=DAY + datetime.timedelta(1), name="国庆节")
    assert _added() == 2 and not IdempotencyKey.objects.exists()


def test_keys_are_forgotten_after_a_month_and_only_then(cast):
    from django.utils import timezone

    old, recent = str(uuid.uuid4()), str(uuid.uuid4())
    holiday_add(actor=cast.wang_worker, day=DAY, name="国庆节", idempotency_key=old)
    holiday_add(
        actor=cast.wang_worker, day=DAY + datetime.timedelta(1), name="国庆", idempotency_key=recent
    )
    IdempotencyKey.objects.filter(key=old).update(
        created_at=timezone.now() - KEEP - datetime.timedelta(minutes=1)
    )
    assert purge_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == [recent]


# --- the service worker and the answers a kept submission gets ---------------------


def test_the_service_worker_is_served_at_the_root_with_the_offline_pages(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    config = json.loads(body.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert "/hazards/inspect/" in config["pages"] and "/hazards/$" in config["pages"]
    assert "/hazards/board/" not in config["pages"]  # the desk needs the network anyway
    assert "/$" in config["pages"]  # what the home-screen icon opens
    # Served by the platform itself, never a CDN.
    assert all(url.startswith("/static/") for url in config["assets"])
    assert "/static/tongxin/offline.js" in config["assets"]
    assert "__VERSION__" not in body


def test_the_home_page_a_phone_opens_first_keeps_and_sends_too(cast, client_for):
    page = client_for(cast.wang_worker).get("/").content.decode()
    assert 'id="tx-offline"' in page and "/static/tongxin/offline.js" in page


def _sync(view, *, user, path="/x/"):
    request = RequestFactory().post(path, HTTP_X_OFFLINE_SYNC="1")
    request.user = user
    request.session = {}
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    return offline_sync(view)(request)


def test_a_kept_submission_that_succeeds_is_answered_in_json(cast):
    def view(request):
        from django.contrib import messages

        messages.success(request, "检查已提交")
        return redirect("/hazards/inspect/1/")

    response = _sync(view, user=cast.wang_worker)
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "ok": True,
        "url": "/hazards/inspect/1/",
        "messages": ["检查已提交"],
    }


def test_a_kept_submission_after_the_session_ended_is_kept_for_after_sign_in(cast):
    response = _sync(lambda request: redirect("/accounts/login/?next=/x/"), user=cast.wang_worker)
    assert response.status_code == 401
    assert "重新登录" in json.loads(response.content)["errors"][0]


def test_a_refusal_and_an_ordinary_post_are_passed_on_as_they_are(cast):
    refused = _sync(lambda request: HttpResponse("<p>no</p>", status=409), user=cast.wang_worker)
    assert refused.status_code == 409 and refused.content == b"<p>no</p>"
    request = RequestFactory().post("/x/")
    plain = offline_sync(lambda request: redirect("/y/"))(request)
    assert plain.status_code == 302  # a browser's own post follows its redirect


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_the_same_moment_create_one_record():
    """The phone sent, lost the answer and sent again while the first was still being
    written: the second waits at the key's unique constraint and gets the first's."""
    import threading
    import time

    from django.db import connection

    from tests.cast import build_cast

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the second request cannot start meanwhile")
    cast = build_cast()
    key, started, results = str(uuid.uuid4()), threading.Event(), []

    def slow_create():
        started.set()
        time.sleep(0.5)  # the second request now waits on the claimed key
        return Holiday.objects.create(date=DAY, name="国庆节")

    def first():
        try:
            record = once(
                person=cast.wang_worker, key=key, action="core.holiday.added", create=slow_create
            )
            results.append(("first", record.pk))
        finally:
            connection.close()

    def second():
        started.wait()
        try:
            record = holiday_add(actor=cast.wang_worker, day=DAY, name="国庆", idempotency_key=key)
            results.append(("second", record.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and len({pk for _who, pk in results}) == 1
    assert _added() == 1 and IdempotencyKey.objects.count() == 1
