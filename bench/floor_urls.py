"""The floor of bench/page_cpu.py and bench/capacity.sh: the platform's URLs plus a view
that returns N bytes of HTML and does nothing else, behind the same middleware."""

from django.http import HttpResponse
from django.urls import path

from tongxin.urls import urlpatterns as platform

_BYTES: dict[int, bytes] = {}


def floor(request, size: int):
    body = _BYTES.get(size)
    if body is None:
        body = _BYTES[size] = b"<!doctype html><p>" + b"x" * max(0, size - 18)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("__floor__/<int:size>/", floor), *platform]
