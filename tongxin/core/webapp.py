"""What lets a phone keep the platform on its home screen like an app: the icon at the
address every browser asks for (/favicon.ico, which otherwise answers 404 on every
page) and the web-app manifest. Both are public: the sign-in page needs them too."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

ICONS = Path(settings.BASE_DIR) / "tongxin" / "static" / "tongxin" / "icons"


@cache
def _favicon() -> bytes:
    return (ICONS / "favicon.ico").read_bytes()


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    return HttpResponse(_favicon(), content_type="image/x-icon")


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def manifest(request):
    return JsonResponse(
        {
            "name": "同心 · 党建工会一体化平台",
            "short_name": "同心",
            "description": "事事有回应，件件有落实",
            "lang": "zh-Hans",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b3261e",
            "icons": [
                {
                    "src": static("tongxin/icons/icon-192.png"),
                    "sizes": "192x192",
                    "type": "image/png",
                },
                {
                    "src": static("tongxin/icons/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                },
                {
                    "src": static("tongxin/icons/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
