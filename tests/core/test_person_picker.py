"""The platform's person picker (core.pickers) through the hazard assignment: search by
name, 工号 and pinyin initials among the people who can act, at most 20, refusals for
those who may not pick, an id outside the set refused by the form field, and a flat
number of queries."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.core.pickers import NOT_OFFERED, PICK_LIMIT, PersonPickerField
from tongxin.hazards import services
from tongxin.hazards.models import HazardCategory
from tongxin.hazards.services import Finding
from tongxin.people import services as people_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def hazard(cast):
    """A hazard of 综采一队一班 waiting for its assignment."""
    return services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=Finding(
            location="二班工具房",
            category=HazardCategory.objects.get(name="顶板"),
            severity="general",
            description="顶板有离层迹象",
        ),
    )


def url(hazard, q=""):
    return reverse("people:pick", args=["hazards.assign", hazard.pk]) + f"?q={q}"


def found(client, hazard, q) -> list[str]:
    response = client.get(url(hazard, q))
    assert response.status_code == 200
    return [row["label"].split(" · ")[0] for row in response.json()["results"]]


def test_finds_by_name_employee_number_and_pinyin_initials(cast, hazard, client_for):
    client = client_for(cast.wu_leader)
    assert found(client, hazard, "李红") == ["李红"]
    assert found(client, hazard, "100002") == ["李红"]
    assert found(client, hazard, "lh") == ["李红"]
    assert found(client, hazard, "LiH") == ["李红"]
    row = client.get(url(hazard, "lh")).json()["results"][0]
    assert row["id"] == cast.li_member.pk
    assert row["label"] == "李红 · 100002 · 综采一队 二班 · 支架工"


def test_offers_only_the_people_who_can_act(cast, hazard, client_for):
    client = client_for(cast.wu_leader)
    # 钱进 works in 掘进二队; 周科长 in 机电科, which does not answer for 顶板.
    assert found(client, hazard, "钱进") == []
    assert found(client, hazard, "zkz") == []
    # The district's people and those who assign it (吴矿长 may take it himself).
    everyone = set(found(client, hazard, ""))
    assert {"王强", "李红", "赵书文", "孙工", "吴矿长"} <= everyone
    assert "钱进" not in everyone and "周科长" not in everyone


def test_at_most_twenty_and_says_there_are_more(cast, hazard, client_for):
    for i in range(PICK_LIMIT + 5):
        people_services.person_create(
            actor=None, employee_no=f"5100{i:02d}", name=f"张{'一二三四五六七八九十'[i % 10]}{i}",
            unit=cast.crew_a1,
        )  # fmt: skip
    data = client_for(cast.wu_leader).get(url(hazard, "z")).json()
    assert len(data["results"]) == PICK_LIMIT and data["more"] is True
    data = client_for(cast.wu_leader).get(url(hazard, "5100")).json()
    assert len(data["results"]) == PICK_LIMIT and data["more"] is True
    data = client_for(cast.wu_leader).get(url(hazard, "510001")).json()
    assert [r["label"].split(" · ")[1] for r in data["results"]] == ["510001"]
    assert data["more"] is False


def test_refused_to_those_who_do_not_assign_and_hidden_from_outsiders(cast, hazard, client_for):
    response = client_for(cast.wang_worker).get(url(hazard, "l"))
    assert response.status_code == 403 and "只有负责指派" in response.content.decode()
    assert client_for(cast.qian_outsider).get(url(hazard, "l")).status_code == 404
    unknown = reverse("people:pick", args=["nothing.here", hazard.pk])
    assert client_for(cast.wu_leader).get(unknown).status_code == 404
    signed_out = client_for(cast.wu_leader)
    signed_out.logout()
    assert signed_out.get(url(hazard)).status_code == 302


def test_the_query_count_does_not_grow_with_the_people(cast, hazard, client_for):
    client = client_for(cast.wu_leader)
    client.get(url(hazard))
    with CaptureQueriesContext(connection) as few:
        client.get(url(hazard))
    for i in range(30):
        people_services.person_create(
            actor=None, employee_no=f"6100{i:02d}", name=f"刘{i}", unit=cast.crew_a2
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url(hazard))
    assert len(many) == len(few) <= 8


def test_the_form_field_accepts_only_the_people_on_offer(cast, hazard):
    class AssignForm(forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["responsible"] = PersonPickerField("hazards.assign", hazard)

    form = AssignForm({"responsible": str(cast.li_member.pk)})
    assert form.is_valid() and form.cleaned_data["responsible"] == cast.li_member
    form = AssignForm({"responsible": str(cast.qian_outsider.pk)})
    assert not form.is_valid() and form.errors["responsible"] == [str(NOT_OFFERED)]
    html = str(AssignForm(initial={"responsible": cast.li_member.pk})["responsible"])
    address = reverse("people:pick", args=["hazards.assign", hazard.pk])
    assert f'data-picker-url="{address}"' in html and 'name="responsible"' in html
    assert f'value="{cast.li_member.pk}"' in html and "李红 · 100002" in html
    assert "tongxin/person-picker.js" in html
