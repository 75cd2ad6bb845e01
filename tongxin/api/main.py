"""The HTTP API (django-ninja): schema at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="同心 Tongxin API", version="1", urls_namespace="api")
