"""/api/grid/…: a grid member's covered workers, tasks, visits and life events.

李红 (li_member) covers 王强 (wang_worker) and 刘明 (a worker added here); 赵书文
(zhao_secretary) runs 综采一队党支部; 钱进 (qian_outsider) runs another branch and is
outside.
"""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from tongxin.care.models import ServiceItem
from tongxin.grid.defaults import ensure_templates
from tongxin.grid.models import GridLink, GridTask, Level, LifeEvent, TaskState, TaskTemplate, Visit
from tongxin.grid.periods import first_of
from tongxin.grid.services import tasks as task_services
from tongxin.people import services as people_services

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "未找到。"}


@pytest.fixture
def as_(token_for):
    clients = {}

    def client_for(person):
        if person.pk not in clients:
            clients[person.pk] = Client(headers={"Authorization": f"Bearer {token_for(person)}"})
        return clients[person.pk]

    return client_for


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def form(client, path, body):
    """Completing a task is multipart/form-data (photos may go with it)."""
    return client.post(path, body)


def today():
    return timezone.localdate()


@pytest.fixture
def liu(cast):
    return people_services.person_create(
        actor=None, employee_no="100011", name="刘明", unit=cast.crew_a1, phone="13800011111"
    )


@pytest.fixture
def network(cast, liu):
    ensure_templates(TaskTemplate)
    for person in (cast.wang_worker, liu):
        GridLink.objects.create(
            level=Level.MEMBER_WORKER,
            responsible=cast.li_member,
            person=person,
            branch=cast.branch_a,
            starts_on=datetime.date(2024, 1, 1),
        )
    return cast.branch_a


@pytest.fixture
def added(cast, network):
    return task_services.task_add(
        actor=cast.zhao_secretary,
        branch=network,
        owner=cast.li_member,
        title="了解职工诉求",
        due_on=today(),
    )


def test_covered_lists_my_workers_with_phone_and_last_visit(cast, liu, network, as_):
    Visit.objects.create(
        member=cast.li_member, person=liu, branch=network, visited_on=today(), kind="talk",
        content="聊了聊家里情况",
    )  # fmt: skip
    body = as_(cast.li_member).get("/api/grid/covered").json()
    rows = {row["name"]: row for row in body["items"]}
    assert set(rows) == {"王强", "刘明"}
    assert rows["王强"]["phone"] == "13800001111" and rows["王强"]["last_visit"] is None
    assert rows["刘明"]["last_visit"] == today().isoformat()
    assert rows["刘明"]["unit"] == "综采一队 一班" and rows["刘明"]["level"] == "member_worker"
    empty = as_(cast.wang_worker).get("/api/grid/covered").json()
    assert (empty["count"], empty["items"]) == (0, [])


def test_my_tasks_this_month_and_by_month(cast, network, added, as_):
    task_services.generate_month(month=first_of(today()))
    client = as_(cast.li_member)
    body = client.get("/api/grid/tasks").json()
    assert body["count"] == 2 + 3 + 1
    assert body["items"][0]["state"] == "open"
    titles = {row["title"] for row in body["items"]}
    assert {"走访联系职工：王强", "了解职工诉求"} <= titles
    last_year = f"{today().year - 1}-{today().month:02d}"
    assert client.get("/api/grid/tasks", {"month": last_year}).json()["count"] == 0
    assert client.get("/api/grid/tasks", {"month": "2026-13"}).status_code == 422
    assert as_(cast.wang_worker).get("/api/grid/tasks").json()["count"] == 0


def test_one_task_for_its_owner_and_secretary_404_for_others(cast, added, as_):
    path = f"/api/grid/tasks/{added.pk}"
    body = as_(cast.li_member).get(path).json()
    assert (body["title"], body["owner"]["name"], body["version"]) == ("了解职工诉求", "李红", 0)
    assert body["added_by"] == "赵书文" and body["photos"] == []
    assert as_(cast.zhao_secretary).get(path).status_code == 200
    for outsider in (cast.qian_outsider, cast.wang_worker):
        response = as_(outsider).get(path)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_complete_once_by_the_owner(cast, added, as_):
    path = f"/api/grid/tasks/{added.pk}/complete"
    response = form(as_(cast.zhao_secretary), path, {"version": 0, "note": "替他完成"})
    assert response.status_code == 403 and "只有任务责任人本人" in response.json()["detail"]
    response = form(as_(cast.qian_outsider), path, {"version": 0, "note": "完成"})
    assert response.status_code == 404
    response = form(as_(cast.li_member), path, {"version": 0, "note": "好"})
    assert response.status_code == 422 and "完成情况" in response.json()["detail"]
    response = form(as_(cast.li_member), path, {"version": 0, "note": "已与一班职工座谈"})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["version"]) == ("done", 1)
    again = form(as_(cast.li_member), path, {"version": 1, "note": "再交一次"})
    assert again.status_code == 409 and "无需重复提交" in again.json()["detail"]


def test_complete_with_photos_keeps_only_real_images(cast, added, as_):
    path = f"/api/grid/tasks/{added.pk}/complete"
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = as_(cast.li_member).post(
        path, {"version": 0, "note": "已与一班职工座谈", "photos": [fake]}
    )
    assert response.status_code == 422
    assert GridTask.objects.get(pk=added.pk).state == "open"
    image = io.BytesIO()
    Image.new("RGB", (64, 48), "gray").save(image, "JPEG")
    photo = SimpleUploadedFile("meeting.jpg", image.getvalue(), content_type="image/jpeg")
    response = as_(cast.li_member).post(
        path, {"version": 0, "note": "已与一班职工座谈", "photos": [photo]}
    )
    assert response.status_code == 200
    assert len(response.json()["photos"]) == 1


def test_log_a_visit_completes_the_monthly_task_and_opens_a_care_item(cast, network, as_):
    task_services.generate_month(month=first_of(today()))
    response = post(
        as_(cast.li_member),
        "/api/grid/visits",
        {
            "person": cast.wang_worker.pk,
            "visited_on": today().isoformat(),
            "kind": "visit",
            "content": "母亲住院，家里缺人照顾",
            "follow_up": "care",
            "follow_up_text": "母亲住院需要医疗救助",
            "care_category": "medical",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["person"]["name"] == "王强" and body["care_item"] is not None
    assert ServiceItem.objects.get().pk == body["care_item"]
    task = GridTask.objects.get(pk=body["task"])
    assert task.state == TaskState.DONE and task.subject == cast.wang_worker
    mine = as_(cast.li_member).get("/api/grid/visits").json()
    assert mine["count"] == 1 and mine["items"][0]["id"] == body["id"]


def test_a_visit_outside_my_grid_or_bad_is_refused_and_saves_nothing(cast, network, as_):
    client = as_(cast.li_member)
    base = {"visited_on": today().isoformat(), "kind": "talk", "content": "聊了聊工作上的想法"}
    response = post(client, "/api/grid/visits", {**base, "person": cast.sun_chair.pk})
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = post(client, "/api/grid/visits", {**base, "person": 2**40})
    assert response.status_code == 404
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = post(
        client, "/api/grid/visits", {**base, "person": cast.wang_worker.pk, "visited_on": tomorrow}
    )
    assert response.status_code == 422 and "不能晚于今天" in response.json()["detail"]
    response = post(
        client,
        "/api/grid/visits",
        {**base, "person": cast.wang_worker.pk, "follow_up": "problem"},
    )
    assert response.status_code == 422 and "需要跟进的事项" in response.json()["detail"]
    assert not Visit.objects.exists()


def test_record_events_by_member_and_by_the_worker(cast, liu, network, as_):
    response = post(
        as_(cast.li_member),
        "/api/grid/events",
        {"person": liu.pk, "kind": "bereavement", "occurred_on": today().isoformat()},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind_label"] == "家庭丧事" and body["task_owner"] == "李红"
    assert body["visit_kind"] == "visit" and body["source"] == "grid_member"
    response = post(
        as_(cast.wang_worker),
        "/api/grid/events",
        {"kind": "illness_injury", "occurred_on": today().isoformat(), "description": "骨折"},
    )
    assert response.status_code == 201
    assert response.json()["source"] == "worker" and response.json()["task_owner"] == "李红"
    assert LifeEvent.objects.count() == 2


def test_an_event_outside_scope_is_404_and_saves_nothing(cast, network, as_):
    response = post(
        as_(cast.qian_outsider),
        "/api/grid/events",
        {"person": cast.wang_worker.pk, "kind": "hardship", "occurred_on": today().isoformat()},
    )
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = post(
        as_(cast.li_member),
        "/api/grid/events",
        {"person": cast.wang_worker.pk, "kind": "hardship", "occurred_on": "2020-01-01"},
    )
    assert response.status_code == 422 and "90 天以内" in response.json()["detail"]
    assert not LifeEvent.objects.exists() and not GridTask.objects.exists()


def test_task_list_query_count_is_flat(cast, network, as_):
    client = as_(cast.li_member)
    counts = []
    for n in (2, 20):
        while GridTask.objects.filter(owner=cast.li_member).count() < n:
            task_services.task_add(
                actor=cast.zhao_secretary,
                branch=network,
                owner=cast.li_member,
                title="了解职工诉求",
                due_on=today(),
                subject=cast.wang_worker,
            )
        client.get("/api/grid/tasks")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/grid/tasks").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 8, counts
