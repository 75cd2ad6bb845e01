"""Who is calling: a browser session or a per-person API token, on every endpoint.

Two ways in, tried in this order:

1. `Authorization: Bearer tx_…` — a token from /accounts/tokens/. Only its hash is
   stored; `accounts.services.person_for_token` answers None for an unknown or revoked
   token or an inactive person, and the call gets 401. A bearer header that is present
   but wrong is a 401 at once: it never falls back to the session.
2. The Django session cookie, as the pages use it. Unsafe methods (POST, PUT, PATCH,
   DELETE) need the CSRF token (header `X-CSRFToken`), as forms do; token calls do not,
   since no browser sends a bearer header on its own.

Password policy. A person who must change their password (an initial or reset one,
`must_change_password`) may call only GET /api/me until they have changed it on the
web page; everything else answers 403. For a session the same holds once the password
has expired (PASSWORD_MAX_AGE_DAYS), as for the pages. A token is not a password, so
expiry alone does not stop a token; a pending change does, since an administrator's
reset means the account waits for its holder.

The authenticated person is `request.auth` in the endpoints (for token calls
`request.user` stays anonymous).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from tongxin.accounts.services import password_expired, person_for_token
from tongxin.people.models import Person


class PasswordChangeRequired(HttpError):
    def __init__(self) -> None:
        super().__init__(403, _("须先在网页上修改密码，才能使用接口。"))


def _admit(person: Person, *, allow_pending_password: bool, check_expiry: bool) -> Person:
    if not person.is_active:
        raise AuthenticationError(message=_("账号已停用。"))
    if not allow_pending_password and (
        person.must_change_password or (check_expiry and password_expired(person))
    ):
        raise PasswordChangeRequired()
    return person


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tx_…` (a personal API token)."""

    openapi_description = "个人接口令牌：在“接口令牌”页面创建，请求头 Authorization: Bearer tx_…"

    def __init__(self, *, allow_pending_password: bool = False) -> None:
        self.allow_pending_password = allow_pending_password
        super().__init__()

    def __call__(self, request: HttpRequest) -> Person | None:
        header = request.headers.get(self.header, "")
        scheme, _sep, key = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Person:
        person = person_for_token(token) if token else None
        if person is None:
            raise AuthenticationError(message=_("接口令牌无效或已吊销。"))
        return _admit(
            person, allow_pending_password=self.allow_pending_password, check_expiry=False
        )


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "浏览器登录会话（Cookie）；POST 等写操作须带 X-CSRFToken 请求头"

    def __init__(self, *, allow_pending_password: bool = False) -> None:
        self.allow_pending_password = allow_pending_password
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # nobody to protect: the call ends in 401, not a CSRF error
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF 校验失败，请刷新页面后重试。"))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        person = request.user
        if not person.is_authenticated:
            return None
        return _admit(person, allow_pending_password=self.allow_pending_password, check_expiry=True)


# Every endpoint: token first, so that a token call is never held to the session's CSRF.
API_AUTH = [TokenAuth(), SessionAuth()]
# GET /api/me only: answers while a password change is pending, so a client can say why.
ME_AUTH = [TokenAuth(allow_pending_password=True), SessionAuth(allow_pending_password=True)]
