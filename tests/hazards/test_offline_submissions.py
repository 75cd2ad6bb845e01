"""What a phone underground sends when the network returns: an inspection, a reported
hazard and a rectification's evidence, each created once however often the same
submission (its idempotency key) arrives; marks made on a checklist that has changed
meanwhile are refused with a clear message and nothing saved."""

import json
import uuid

import pytest
from django.urls import reverse

from tests.hazards.test_field_pages import _assigned_hazard, _items, _jpeg
from tongxin.core.models import IdempotencyKey
from tongxin.hazards import services
from tongxin.hazards.models import Hazard, HazardEvent, HazardPhoto, Inspection, State
from tongxin.hazards.services import Conflict, Mark

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_OFFLINE_SYNC": "1"}


def _inspection_post(plan, key, **extra):
    """All items 合格 but the first, 不合格 with a photo, as the page posts them."""
    items = _items(plan)
    data = {f"item-{item.pk}": "ok" for item in items[1:]}
    first = items[0]
    data[f"item-{first.pk}"] = "bad"
    data.update(
        {
            f"f{first.pk}-location": "1201综采工作面 35号支架",
            f"f{first.pk}-category": str(first.category_id),
            f"f{first.pk}-severity": "larger",
            f"f{first.pk}-description": "35号支架初撑力不足，顶板有离层",
            f"f{first.pk}-photos": [_jpeg()],
            "checklist_version": str(services.current_version(plan).pk),
            "idempotency_key": key,
        }
    )
    data.update(extra)
    return data


def _republish(cast, plan, categories):
    return services.checklist_publish(
        actor=cast.wu_leader,
        template=plan.template,
        items=[
            ("支架", categories["顶板"], "支架初撑力达标，无歪斜咬架"),
            ("通风", categories["通风"], "风筒吊挂平直，距工作面不超过5米"),
            ("瓦斯", categories["瓦斯"], "甲烷传感器位置正确、读数正常"),
            ("煤壁", categories["顶板"], "煤壁无片帮，护帮板打开到位"),
        ],
    )


# --- the inspection ----------------------------------------------------------------


def test_an_inspection_sent_twice_with_its_key_is_recorded_once(cast, client_for, daily_plan):
    client = client_for(cast.wang_worker)
    url = reverse("hazards:inspect", args=[daily_plan.pk])
    key = str(uuid.uuid4())
    first = client.post(url, _inspection_post(daily_plan, key))
    assert first.status_code == 302 and first["Location"] == url
    # The answer was lost on the way back up: the phone sends the same again.
    again = client.post(url, _inspection_post(daily_plan, key))
    assert again.status_code == 302 and again["Location"] == url
    assert Inspection.objects.count() == 1 and Hazard.objects.count() == 1
    assert HazardPhoto.objects.count() == 1
    page = client.get(url).content.decode()
    assert "这次提交已经收到过，没有重复保存" in page
    claim = IdempotencyKey.objects.get()
    assert claim.object_id == str(Inspection.objects.get().pk)


def test_a_repeat_without_its_key_is_refused_as_a_second_inspection(cast, client_for, daily_plan):
    """Without the key (a page from before), the period's rule still holds."""
    client = client_for(cast.wang_worker)
    url = reverse("hazards:inspect", args=[daily_plan.pk])
    data = _inspection_post(daily_plan, "")
    del data["idempotency_key"]
    assert client.post(url, data).status_code == 302
    data[f"f{_items(daily_plan)[0].pk}-photos"] = [_jpeg()]
    again = client.post(url, data)
    assert again.status_code == 409 and "不能重复检查" in again.content.decode()
    assert Inspection.objects.count() == 1 and Hazard.objects.count() == 1


def test_a_kept_inspection_is_answered_in_json_for_the_phone(cast, client_for, daily_plan):
    client = client_for(cast.wang_worker)
    url = reverse("hazards:inspect", args=[daily_plan.pk])
    response = client.post(url, _inspection_post(daily_plan, str(uuid.uuid4())), **SYNC)
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["ok"] and answer["url"] == url
    assert answer["messages"] == ["检查已提交：2 项合格，1 项不合格，已生成 1 条隐患记录。"]
    # Taken: not shown again on the next page.
    assert "已生成 1 条隐患记录" not in client.get(url).content.decode()


def test_marks_made_on_a_checklist_that_changed_meanwhile_are_refused(
    cast, client_for, daily_plan, categories
):
    client = client_for(cast.wang_worker)
    url = reverse("hazards:inspect", args=[daily_plan.pk])
    key = str(uuid.uuid4())
    data = _inspection_post(daily_plan, key)  # drawn from version 1
    _republish(cast, daily_plan, categories)
    response = client.post(url, data, **SYNC)
    assert response.status_code == 409
    page = response.content.decode()
    # What the phone shows, from the page's list of reasons.
    assert 'id="form-errors"' in page
    assert "检查表已更新为第 2 版，这次检查没有保存。请打开新检查表重新检查。" in page
    assert "煤壁无片帮" in page  # the new checklist, to do again
    assert not Inspection.objects.exists() and not Hazard.objects.exists()
    assert not IdempotencyKey.objects.exists()
    # Done again on the new checklist, with a new key: recorded.
    redo = client.post(url, _inspection_post(daily_plan, str(uuid.uuid4())))
    assert redo.status_code == 302 and Inspection.objects.count() == 1


def test_the_service_refuses_a_changed_checklist_for_every_caller(cast, daily_plan, categories):
    old = services.current_version(daily_plan)
    marks = [Mark(item_id=i.pk, ok=True) for i in _items(daily_plan)]
    _republish(cast, daily_plan, categories)
    with pytest.raises(Conflict) as refused:
        services.inspection_record(
            actor=cast.wang_worker, plan=daily_plan, marks=marks, version_id=old.pk
        )
    assert "检查表已更新为第 2 版" in refused.value.message
    assert not Inspection.objects.exists()


def test_a_repeat_after_the_checklist_changed_still_gets_the_first_inspection(
    cast, client_for, daily_plan, categories
):
    client = client_for(cast.wang_worker)
    url = reverse("hazards:inspect", args=[daily_plan.pk])
    key = str(uuid.uuid4())
    data = _inspection_post(daily_plan, key)
    assert client.post(url, data).status_code == 302
    _republish(cast, daily_plan, categories)
    # The phone never heard back and sends its version-1 marks again.
    again = client.post(
        url,
        _inspection_post(daily_plan, key, **{"checklist_version": data["checklist_version"]}),
        **SYNC,
    )
    assert again.status_code == 200 and json.loads(again.content)["ok"]
    assert Inspection.objects.count() == 1 and Hazard.objects.count() == 1


def test_the_inspection_page_carries_a_key_and_its_checklist_version(cast, client_for, daily_plan):
    page = (
        client_for(cast.wang_worker)
        .get(reverse("hazards:inspect", args=[daily_plan.pk]))
        .content.decode()
    )
    version = services.current_version(daily_plan)
    assert f'name="checklist_version" value="{version.pk}"' in page
    assert 'data-offline="once"' in page and 'name="idempotency_key"' in page
    assert 'id="tx-offline"' in page and "/static/tongxin/offline.js" in page


def test_a_malformed_key_is_refused_and_nothing_saved(cast, client_for, daily_plan):
    client = client_for(cast.wang_worker)
    url = reverse("hazards:inspect", args=[daily_plan.pk])
    response = client.post(url, _inspection_post(daily_plan, "not-a-uuid"))
    assert response.status_code == 400
    assert "提交编号格式不对" in response.content.decode()
    assert not Inspection.objects.exists() and not Hazard.objects.exists()


# --- a reported hazard (随手拍) --------------------------------------------------------


def _report_post(cast, key, categories):
    return {
        "unit": str(cast.district_a.pk),
        "location": "1201运输巷 50米处",
        "category": str(categories["顶板"].pk),
        "severity": "general",
        "description": "巷道顶板有浮煤需要清理",
        "measures": "",
        "responsible": "",
        "deadline": "",
        "photos": [_jpeg()],
        "idempotency_key": key,
    }


def test_a_report_sent_twice_is_one_hazard_but_another_persons_same_key_is_theirs(
    cast, client_for, categories
):
    key = str(uuid.uuid4())
    wang = client_for(cast.wang_worker)
    first = wang.post(reverse("hazards:report"), _report_post(cast, key, categories))
    again = wang.post(reverse("hazards:report"), _report_post(cast, key, categories))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Hazard.objects.count() == 1 and HazardPhoto.objects.count() == 1
    li = client_for(cast.li_member)
    assert li.post(reverse("hazards:report"), _report_post(cast, key, categories)).status_code == (
        302
    )
    assert Hazard.objects.count() == 2
    assert set(Hazard.objects.values_list("reported_by", flat=True)) == {
        cast.wang_worker.pk,
        cast.li_member.pk,
    }


# --- a rectification's evidence ----------------------------------------------------


def test_rectification_evidence_sent_twice_is_one_step_with_its_photos(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    client = client_for(cast.li_member)
    url = reverse("hazards:hazard_act", args=[hazard.pk, "rectify"])
    key = str(uuid.uuid4())
    data = lambda: {  # noqa: E731
        "version": hazard.version,
        "note": "已补液升柱，初撑力达到 24MPa",
        "photos": [_jpeg("fixed.jpg")],
        "idempotency_key": key,
    }
    first = client.post(url, data(), **SYNC)
    assert first.status_code == 200 and json.loads(first.content)["ok"]
    # Sent again with the version the phone's page had: the first step is the answer,
    # not "someone acted first".
    again = client.post(url, data(), **SYNC)
    assert again.status_code == 200 and json.loads(again.content)["ok"]
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFIED
    assert HazardEvent.objects.filter(hazard=hazard, action="rectify").count() == 1
    assert hazard.photos.filter(kind="rectified").count() == 1


def test_rectification_kept_while_someone_else_acted_is_refused_and_kept(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    page_version = hazard.version
    services.hazard_start(hazard_id=hazard.pk, version=hazard.version, actor=cast.li_member)
    client = client_for(cast.li_member)
    response = client.post(
        reverse("hazards:hazard_act", args=[hazard.pk, "rectify"]),
        {
            "version": page_version,
            "note": "已补液升柱",
            "photos": [_jpeg("fixed.jpg")],
            "idempotency_key": str(uuid.uuid4()),
        },
        **SYNC,
    )
    assert response.status_code == 409 and 'id="form-errors"' in response.content.decode()
    assert not hazard.photos.filter(kind="rectified").exists()
    assert not IdempotencyKey.objects.filter(action="hazards.hazard.rectified").exists()


def test_the_field_pages_work_offline_and_the_rectify_form_is_kept(
    cast, client_for, daily_plan, categories, photo
):
    hazard = _assigned_hazard(cast, daily_plan, categories, photo)
    client = client_for(cast.li_member)
    page = client.get(reverse("hazards:hazard", args=[hazard.pk])).content.decode()
    assert 'id="rectify-form"' in page and 'data-offline="once"' in page
    assert 'name="idempotency_key"' in page and 'id="tx-offline"' in page
    today = client.get(reverse("hazards:today")).content.decode()
    assert 'id="tx-offline"' in today and "data-offline-keep" in today
    report = client.get(reverse("hazards:report")).content.decode()
    assert 'id="report-form"' in report and "data-offline " in report
