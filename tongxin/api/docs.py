"""The /api/docs page, served from the platform's own static files, never from a CDN.

django-ninja ships Swagger UI in its static folder (ninja/static/ninja/…) but falls back
to a CDN page when "ninja" is not in INSTALLED_APPS. On the intranet nothing may be
fetched from outside, so this page always uses the local files. They are served from
/static/ninja/… once "ninja" is in INSTALLED_APPS (the staticfiles finders then collect
them). Swagger UI's online validator badge (validator.swagger.io) is switched off.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from ninja.openapi.docs import Swagger, _csrf_needed

if TYPE_CHECKING:
    from ninja import NinjaAPI

PAGE = """{% load static %}<!DOCTYPE html>
<html lang="zh-Hans">
<head>
  <meta charset="utf-8">
  <title>{{ api.title }}</title>
  <link rel="stylesheet" href="{% static 'ninja/swagger-ui.css' %}">
  <link rel="icon" href="{% static 'ninja/favicon.png' %}" type="image/png">
</head>
<body data-csrf-token="{% if add_csrf %}{{ csrf_token }}{% endif %}"
      data-api-csrf="{% if add_csrf %}true{% endif %}">
  <script type="application/json" id="swagger-settings">{{ swagger_settings|safe }}</script>
  <div id="swagger-ui"></div>
  <script src="{% static 'ninja/swagger-ui-bundle.js' %}"></script>
  <script src="{% static 'ninja/swagger-ui-init.js' %}"></script>
</body>
</html>
"""


class LocalSwagger(Swagger):
    default_settings = {
        **Swagger.default_settings,
        # Otherwise Swagger UI asks validator.swagger.io about the schema.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        add_csrf = _csrf_needed(api)
        context = {
            # "</" cannot end the JSON's <script> element early.
            "swagger_settings": json.dumps(settings, ensure_ascii=False).replace("</", "<\\/"),
            "api": api,
            "add_csrf": add_csrf,
            # Rendered without the site's context processors (no navigation, no queries).
            "csrf_token": get_token(request) if add_csrf else "",
        }
        template = engines["django"].from_string(PAGE)
        return HttpResponse(template.render(context))
