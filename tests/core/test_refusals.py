"""One way to refuse (core.access, api.refusals): out of scope is 404 and says nothing,
in scope but not allowed is 403 with the reason, on pages and in the API alike."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from django.views import defaults

from tongxin.accounts.services import create_api_token
from tongxin.api.refusals import refused
from tongxin.core.access import OutOfScope, area_required, fetch, hide_unless, refuse
from tongxin.core.forms import refusal
from tongxin.core.workflow import Conflict
from tongxin.grid.models import GridTask, TaskKind
from tongxin.people.models import Person

pytestmark = pytest.mark.django_db


def test_fetch_answers_404_outside_the_scope_as_for_an_id_that_never_was(cast):
    scoped = Person.objects.filter(unit=cast.crew_a1)
    assert fetch(scoped, pk=cast.wang_worker.pk) == cast.wang_worker
    for pk in (cast.qian_outsider.pk, 10**9):
        with pytest.raises(Http404):
            fetch(scoped, pk=pk)
    with pytest.raises(Http404):
        hide_unless(False)
    hide_unless(True)


def test_refuse_says_why():
    with pytest.raises(PermissionDenied, match="只有承办部门可以答复"):
        refuse("只有承办部门可以答复。")
    with pytest.raises(PermissionDenied, match="您无权执行这个操作"):
        refuse()


def test_an_area_gate_sends_nobody_to_sign_in_and_hides_the_area_from_others(cast):
    view = area_required(lambda person: person.pk == cast.zhao_secretary.pk)(lambda r: "ok")
    request = RequestFactory().get("/voice/cases/1/")
    request.user = AnonymousUser()
    assert view(request).status_code == 302
    request.user = cast.wang_worker
    with pytest.raises(Http404):
        view(request)
    request.user = cast.zhao_secretary
    assert view(request) == "ok"


def test_a_page_renders_the_reason_of_a_refusal(cast, rf):
    request = rf.get("/")
    request.user = cast.wang_worker
    response = defaults.permission_denied(request, PermissionDenied("只有任务责任人本人可以完成。"))
    assert response.status_code == 403
    assert "只有任务责任人本人可以完成。" in response.content.decode()


def test_the_api_maps_what_a_service_raised():
    assert refused(PermissionDenied("不能复查自己整改的隐患。")).status_code == 403
    assert refused(PermissionDenied("x")).value == {"detail": "x"}
    assert refused(PermissionDenied()).value["detail"]  # never an empty reason
    hidden = refused(OutOfScope("该职工不在您的网格范围内。"))
    assert hidden.status_code == 404 and hidden.value == refused(Person.DoesNotExist()).value
    assert refused(Person.DoesNotExist()).status_code == 404
    assert refused(Conflict("已由他人处理。")).status_code == 409
    assert refused(ValidationError("请填写。")).status_code == 422


def test_a_page_form_maps_what_a_service_raised():
    assert refusal(PermissionDenied("只有本单位工会可以取消服务项目。")) == (
        {"general": ["只有本单位工会可以取消服务项目。"]},
        403,
    )
    assert refusal(OutOfScope("该职工不在您的网格范围内。"))[1] == 404
    assert refusal(PermissionDenied())[0]["general"][0]  # never an empty reason


def test_api_in_scope_not_allowed_is_403_with_reason_out_of_scope_404_like_missing(cast, client):
    today = timezone.localdate()
    task = GridTask.objects.create(
        owner=cast.li_member,
        branch=cast.branch_a,
        month=today.replace(day=1),
        kind=TaskKind.ADDED,
        title="走访联系职工",
        due_on=today,
    )

    def complete(person, pk):
        _token, key = create_api_token(person=person, name="测试")
        return client.post(
            f"/api/grid/tasks/{pk}/complete",
            {"version": task.version, "note": "已走访"},
            headers={"Authorization": f"Bearer {key}"},
        )

    secretary = complete(cast.zhao_secretary, task.pk)
    assert secretary.status_code == 403 and secretary.json()["detail"]
    outsider, missing = complete(cast.qian_outsider, task.pk), complete(cast.qian_outsider, 10**9)
    assert outsider.status_code == missing.status_code == 404
    assert outsider.json() == missing.json()
