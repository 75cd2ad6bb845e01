"""Choosing a case's handler with the platform's person picker (core.pickers): the
department chosen decides who is offered; an id from elsewhere is refused and saves
nothing; people who do not work on cases are kept out."""

import pytest
from django.urls import reverse

from tongxin.people import services as people_services
from tongxin.voice import services
from tongxin.voice.models import Case, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(cast, canteen):
    case = services.case_submit(
        submitter=cast.wang_worker, channel="request", title="食堂饭菜偏咸", body="二食堂饭菜偏咸"
    )[0]
    return services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )


def test_the_handler_picker_offers_the_departments_people(cast, client_for, accepted):
    people_services.person_create(
        actor=None, employee_no="300002", name="郑电工", unit=cast.department, post="电工"
    )
    client = client_for(cast.sun_chair)
    fragment = client.get(
        reverse("voice:handlers"), {"department": cast.department.pk}
    ).content.decode()
    pick = reverse("people:pick", args=["voice.handler", cast.department.pk])
    assert f'data-picker-url="{pick}"' in fragment and 'name="handler"' in fragment
    names = [r["label"].split(" · ")[0] for r in client.get(pick, {"q": ""}).json()["results"]]
    assert names == ["周科长", "郑电工"]
    assert client.get(pick, {"q": "zdg"}).json()["results"][0]["label"].startswith("郑电工")
    assert client.get(pick, {"q": "王强"}).json()["results"] == []
    # Without a department there is nobody to look for yet.
    assert "先选择承办部门" in client.get(reverse("voice:handlers")).content.decode()
    # A worker is no officer: neither the fragment nor the search.
    worker = client_for(cast.wang_worker)
    assert worker.get(pick, {"q": "z"}).status_code == 404


def test_a_handler_outside_the_department_is_refused(cast, client_for, accepted):
    client = client_for(cast.sun_chair)
    page = client.get(f"/voice/cases/{accepted.pk}/").content.decode()
    assert 'id="handler-box"' in page and "先选择承办部门" in page
    response = client.post(
        f"/voice/cases/{accepted.pk}/act/assign/",
        {"version": accepted.version, "department": cast.department.pk,
         "handler": cast.wang_worker.pk},
    )  # fmt: skip
    assert (
        response.status_code == 400 and "承办人必须是承办部门在职人员" in response.content.decode()
    )
    assert Case.objects.get(pk=accepted.pk).state == State.ACCEPTED
    response = client.post(
        f"/voice/cases/{accepted.pk}/act/assign/",
        {"version": accepted.version, "department": cast.department.pk,
         "handler": cast.zhou_head.pk},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/voice/cases/{accepted.pk}/").content.decode()
    # Re-assigning starts from the handler chosen, shown by name.
    assert "周科长 · 300001" in page
