"""The HTTP API (django-ninja): schema at /api/openapi.json, docs at /api/docs.

One router per app (people.py, accounts.py …), all read through the apps' selectors and
written through their services. Every endpoint takes a session or an API token
(auth.py), except the anonymous suggestion box under /voice/anonymous, which takes
none; errors answer {"detail": "…"} in Chinese.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tongxin.core.access import reason_of

from . import accounts, care, grid, hazards, integrity, learning, patrol, people, voice
from .auth import API_AUTH
from .docs import LocalSwagger

DESCRIPTION = """同心平台接口（第 1 版）：组织与人员（只读）；职工诉求（提交、我的事项、
匿名意见箱）。

**认证**：浏览器登录会话（写操作须带 `X-CSRFToken`），或个人接口令牌
`Authorization: Bearer tx_…`（在“接口令牌”页面创建、可随时吊销）。

**范围**：只返回本人职务覆盖范围内的组织和人员；范围之外的编号一律返回 404。
手机号、身份证号按查看者的职责脱敏。

**职工诉求**：`/api/voice/…`。实名提交、查看本人事项及办理经过、评价或退回重办；
匿名投递意见箱 `/api/voice/anonymous…` 无需登录、不记录身份，凭回执码（放在请求体中，
不放在网址里）查看进度、评价。匿名投递和回执码查询限制频率，过多返回 429。

**隐患排查**：`/api/hazards/…`。本期检查、逐项检查、上报、整改（附整改照片）、复查；
视频巡检上报 `/api/hazards/detections` 只接受接口令牌，由党员巡检确认或排除。

**错误**：`{"detail": "…"}`，参数错误另有 `errors` 逐项说明；看得到但无权执行的
操作返回 403，`detail` 说明原因；他人已先处理、或当前状态不能执行该操作时返回 409。
"""


class TongxinAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`tongxin_api_<area>_<function>`: an area's API is one module (api/people.py) or
        a package of them (api/hazards/), and the id names the area either way, so that
        splitting a module changes no operation id."""
        area = ".".join(operation.view_func.__module__.split(".")[:3])
        return f"{area}_{operation.view_func.__name__}".replace(".", "_")


api = TongxinAPI(
    title="同心 Tongxin API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=API_AUTH,
    docs=LocalSwagger(),
)

api.add_router("", accounts.router)
api.add_router("", people.router)
api.add_router("", voice.router)
api.add_router("", hazards.router)
api.add_router("", grid.router)
api.add_router("", care.router)
api.add_router("", learning.router)
api.add_router("", patrol.router)
api.add_router("", integrity.router)


def _error(request: HttpRequest, detail: str, status: int, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Never say whether the object exists outside the caller's reach.
    return _error(request, _("未找到。"), 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # Raised only after the record was fetched through the caller's scope
    # (core.access): the caller may see it, so the answer says why not.
    return _error(request, reason_of(exc), 403)


@api.exception_handler(TooManyFilesSent)
def too_many_files(request: HttpRequest, exc: TooManyFilesSent) -> HttpResponse:
    # Django refuses a request with more files than DATA_UPLOAD_MAX_NUMBER_FILES while
    # ninja reads the form; the API answers in JSON, as for any other bad input.
    return _error(
        request,
        _("一次最多上传 %(n)d 个文件。") % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
        400,
    )


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, _("请求内容过大。"), 400)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = exc.message
    if detail == AuthenticationError().message:  # ninja's English default: nobody signed in
        detail = _("未登录或登录已失效：请登录，或使用接口令牌。")
    response = _error(request, detail, 401)
    response["WWW-Authenticate"] = 'Bearer realm="tongxin"'
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, _("请求体不是有效的 JSON。"), 400)
    return _error(request, str(exc), exc.status_code)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "loc": [str(part) if not isinstance(part, int) else part for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    names = "、".join(dict.fromkeys(str(e["loc"][-1]) for e in errors if e["loc"]))
    detail = _("请求参数不正确：%(names)s。") % {"names": names} if names else _("请求不正确。")
    return _error(request, detail, 422, errors=errors)
