"""Pages that keep working underground, where the phone has no network.

Three parts, for any area that declares pages in `Area.offline`:

- the service worker (`/sw.js`, at the site root so that its scope is every page):
  the declared pages network-first with the last copy as the fallback, so that a
  reload without network still shows the page; static assets cache-first when their
  names carry the content hash (what the manifest storage serves), network-first
  otherwise (development);
- `static/tongxin/offline.js` (through `core/_offline.html`): a form marked
  `data-offline` that is submitted without network is kept on the phone (IndexedDB),
  listed as 待上传, and sent when the network returns, with its idempotency key
  (core.idempotency) so that it is created once however often it is sent;
- `offline_sync`, around the view such a form posts to: when the script sends a kept
  submission it asks for an answer it can read (JSON for a success, the page with its
  refusal otherwise), rather than the redirect a browser follows.

With no script, the same forms post as they always did.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .registry import areas

# What a kept submission sends so that the view answers for a script, not a browser.
SYNC_HEADER = "X-Offline-Sync"
# What every offline page needs before anything else loads: fetched when the worker
# is installed, so that the first page opened without network already has them.
ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "tongxin/site.css",
    "tongxin/narrow.js",
    "tongxin/offline.js",
)


def offline_prefixes() -> list[str]:
    """The paths of every area's offline pages: a prefix, or exact when it ends in $."""
    return [prefix for area in areas() for prefix in area.offline]


def _asset_urls() -> list[str]:
    urls = []
    for name in ASSETS:
        try:
            urls.append(static(name))
        except ValueError:  # not collected (an install without the front end built)
            continue
    return urls


@cache
def _worker() -> tuple[str, str]:
    """The worker's source and its version: a new version (new asset names, new
    pages, a new script) makes phones install it and drop the old static cache."""
    config = {
        "pages": offline_prefixes(),
        "assets": _asset_urls(),
        "static": settings.STATIC_URL,
        "logout": reverse("accounts:logout"),
        "offline_text": _(
            "当前没有网络，这个页面还没有保存在手机上。有网络时打开一次，以后没有网络也能打开。"
        ),
    }
    body = render_to_string("core/sw.js", {"config": json.dumps(config, ensure_ascii=False)})
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return body.replace("__VERSION__", version), version


@require_GET
def service_worker(request):
    body, _version = _worker()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    # Always asked again, so that a new version reaches the phones on their next visit.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def is_sync(request) -> bool:
    return request.headers.get(SYNC_HEADER) == "1"


def offline_sync(view):
    """Around a view that a kept submission posts to. For the script's request: a
    redirect (the view's success) becomes {"ok": true, "url", "messages"} (the
    messages taken, so they do not show up later on another page); the sign-in page's
    redirect (the session ended underground) becomes 401 so the entry is kept; any
    other answer (a refusal: the page with its reasons) is passed on as it is."""

    @wraps(view)
    def run(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not is_sync(request) or response.status_code not in (301, 302, 303):
            return response
        target = response["Location"]
        if target.split("?")[0] == resolve_url(settings.LOGIN_URL):
            return JsonResponse(
                {"ok": False, "errors": [_("登录已过期，请重新登录，登录后会自动上传。")]},
                status=401,
                json_dumps_params={"ensure_ascii": False},
            )
        said = [str(m) for m in messages.get_messages(request)]
        return JsonResponse(
            {"ok": True, "url": target, "messages": said},
            json_dumps_params={"ensure_ascii": False},
        )

    return run
