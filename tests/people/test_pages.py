"""The staff pages: tree, people list and search, a person's card; 404 outside the reach."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_people_list_shows_the_branch_with_phones(cast, client_for):
    client = client_for(cast.zhao_secretary)
    response = client.get(reverse("people:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "王强" in body and "13800001111" in body
    assert "钱进" not in body


def test_leadership_sees_phones_masked(cast, client_for):
    body = client_for(cast.wu_leader).get(reverse("people:list")).content.decode()
    assert "138****1111" in body and "13800001111" not in body


def test_search_by_initials(cast, client_for):
    body = client_for(cast.feng_admin).get(reverse("people:list"), {"q": "zsw"}).content.decode()
    assert "赵书文" in body and "王强" not in body


def test_out_of_scope_person_is_404(cast, client_for):
    client = client_for(cast.zhao_secretary)
    assert client.get(reverse("people:detail", args=[cast.wang_worker.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[cast.qian_outsider.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[999999])).status_code == 404


def test_out_of_scope_org_is_404(cast, client_for):
    client = client_for(cast.zhao_secretary)
    assert client.get(reverse("people:org", args=[cast.district_a.pk])).status_code == 200
    assert client.get(reverse("people:org", args=[cast.district_b.pk])).status_code == 404
    assert client.get(reverse("people:list"), {"unit": cast.district_b.pk}).status_code == 404


def test_worker_gets_no_staff_pages(cast, client_for):
    client = client_for(cast.wang_worker)
    assert client.get(reverse("people:list")).status_code == 404
    assert client.get(reverse("people:tree")).status_code == 404
    assert client.get(reverse("people:detail", args=[cast.li_member.pk])).status_code == 404
    own = client.get(reverse("people:detail", args=[cast.wang_worker.pk]))
    assert own.status_code == 200 and "13800001111" in own.content.decode()


def test_tree_pages(cast, client_for):
    client = client_for(cast.feng_admin)
    body = client.get(reverse("people:tree")).content.decode()
    assert "红岩矿" in body
    body = client.get(reverse("people:tree"), {"tree": "party"}).content.decode()
    assert "红岩矿党委" in body
    body = client.get(reverse("people:org", args=[cast.mine.pk])).content.decode()
    assert "综采一队" in body and "掘进二队" in body


def test_home_page_for_each_role(cast, client_for, client):
    for person in (cast.wang_worker, cast.zhao_secretary, cast.wu_leader, cast.feng_admin):
        client.force_login(person)
        response = client.get(reverse("core:home"))
        assert response.status_code == 200
        assert person.name in response.content.decode()


def test_admin_issues_an_initial_password_once(cast, client_for):
    client = client_for(cast.feng_admin)
    response = client.post(
        reverse("people:issue_password", args=[cast.wang_worker.pk]), follow=True
    )
    assert "已为王强重置初始密码" in response.content.decode()
    cast.wang_worker.refresh_from_db()
    assert cast.wang_worker.must_change_password


def test_secretary_cannot_issue_passwords(cast, client_for):
    client = client_for(cast.zhao_secretary)
    response = client.post(reverse("people:issue_password", args=[cast.wang_worker.pk]))
    assert response.status_code == 403
