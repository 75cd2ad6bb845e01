"""The signed-in person: who am I, what offices do I hold."""

from __future__ import annotations

from ninja import Router

from tongxin.accounts.services import password_expired
from tongxin.people import selectors
from tongxin.people.models import Person
from tongxin.people.scoping import is_staff_member

from .auth import ME_AUTH
from .people import person_detail
from .schemas import Error, Me

router = Router(tags=["本人"])


@router.get(
    "/me",
    auth=ME_AUTH,
    response={200: Me, 401: Error, 403: Error},
    summary="当前登录人",
    description=(
        "当前登录人（会话或接口令牌的持有人）的信息、担任的角色及任职组织。"
        "须修改密码时其余接口返回 403，本接口仍可调用。"
    ),
)
def me(request):
    viewer: Person = request.auth
    person = selectors.person_for_viewer(viewer, viewer.pk)
    return {
        **person_detail(person, person),
        "is_staff_member": is_staff_member(person),
        "must_change_password": person.must_change_password,
        "password_expired": password_expired(person),
    }
