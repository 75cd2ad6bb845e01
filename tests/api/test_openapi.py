"""The OpenAPI schema and the docs page, which must load nothing from outside."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/me",
    "/api/orgs",
    "/api/orgs/{org_id}",
    "/api/orgs/{org_id}/children",
    "/api/people",
    "/api/people/{person_id}",
    "/api/voice/cases",
    "/api/voice/cases/mine",
    "/api/voice/cases/mine/{case_id}",
    "/api/voice/cases/mine/{case_id}/rate",
    "/api/voice/cases/mine/{case_id}/reopen",
    "/api/voice/cases/mine/{case_id}/supplement",
    "/api/voice/anonymous",
    "/api/voice/anonymous/units",
    "/api/voice/anonymous/follow",
    "/api/voice/anonymous/rate",
    "/api/voice/anonymous/reopen",
    "/api/voice/anonymous/supplement",
    "/api/hazards",
    "/api/hazards/categories",
    "/api/hazards/today",
    "/api/hazards/inspections",
    "/api/hazards/mine",
    "/api/hazards/pending",
    "/api/hazards/detections",
    "/api/hazards/{hazard_id}",
    "/api/hazards/{hazard_id}/assign",
    "/api/hazards/{hazard_id}/start",
    "/api/hazards/{hazard_id}/rectify",
    "/api/hazards/{hazard_id}/recheck",
    "/api/hazards/{hazard_id}/confirm",
    "/api/hazards/{hazard_id}/dismiss",
    "/api/grid/covered",
    "/api/grid/tasks",
    "/api/grid/tasks/{task_id}",
    "/api/grid/tasks/{task_id}/complete",
    "/api/grid/visits",
    "/api/grid/events",
    "/api/care/needs",
    "/api/care/items",
    "/api/care/items/{item_id}/complete",
    "/api/care/counselling/slots",
    "/api/care/counselling/bookings",
    "/api/care/counselling/bookings/{booking_id}/cancel",
    "/api/care/counselling/bookings/{booking_id}/note",
}
# Voice, hazards, grid and care write (POST); the rest is read-only.
READS = {
    "/api/voice/cases/mine",
    "/api/voice/cases/mine/{case_id}",
    "/api/voice/anonymous/units",
    "/api/hazards/categories",
    "/api/hazards/today",
    "/api/hazards/mine",
    "/api/hazards/pending",
    "/api/hazards/{hazard_id}",
    "/api/grid/covered",
    "/api/grid/tasks",
    "/api/grid/tasks/{task_id}",
    "/api/care/items",
    "/api/care/counselling/slots",
}
WRITING_AREAS = ("/api/voice/", "/api/hazards", "/api/grid/", "/api/care/")
WRITES = {p for p in PATHS if p.startswith(WRITING_AREAS)} - READS
# Paths that answer more than one method: listed and added (visits, needs, bookings);
# a counselling note is read and written (by its counsellor only).
METHODS = {
    "/api/grid/visits": {"get", "post"},
    "/api/care/needs": {"get", "post"},
    "/api/care/counselling/bookings": {"get", "post"},
    "/api/care/counselling/bookings/{booking_id}/note": {"get", "put"},
}
# The anonymous suggestion box and anonymous misconduct reports (integrity, which pins
# its own surface in tests/integrity/test_api.py) take no authentication at all.
ANONYMOUS = {p for p in PATHS if p.startswith("/api/voice/anonymous")} | {
    "/api/integrity/anonymous",
    "/api/integrity/anonymous/follow",
    "/api/integrity/anonymous/answer",
}
# The video patrol's detections take an API token only, never a browser session.
TOKEN_ONLY = {"/api/hazards/detections"}


@pytest.fixture
def schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi(schema):
    assert schema["openapi"].startswith("3.1")
    errors = [str(e) for e in OPENAPI_31_VALIDATOR.iter_errors(schema)]
    assert errors == []


def pinned(paths) -> set[str]:
    """The paths this file pins: all of them but those under the /api/<name>/ of an area
    registered since (it pins its own surface in its own tests). Anything else new fails."""
    from tongxin.core.registry import areas

    known = {p.split("/")[2] for p in PATHS}
    later = {a.name for a in areas() if a.name not in known}
    return {p for p in paths if p.split("/")[2] not in later}


def test_schema_has_the_paths_and_only_the_working_areas_write(schema):
    assert pinned(schema["paths"]) == PATHS
    for path, operations in schema["paths"].items():
        if path not in PATHS:
            continue
        expected = METHODS.get(path) or ({"post"} if path in WRITES else {"get"})
        assert set(operations) == expected, path


def test_every_operation_takes_a_token_or_the_session(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["TokenAuth"]["description"],
    }
    assert schemes["SessionAuth"]["in"] == "cookie"
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            if path in ANONYMOUS:
                assert "security" not in operation, path
            elif path in TOKEN_ONLY:
                assert operation["security"] == [{"TokenAuth": []}], path
            else:
                assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}], path


def test_fields_are_described_in_chinese(schema):
    person = schema["components"]["schemas"]["PersonRow"]["properties"]
    assert person["phone"]["description"].startswith("手机号")
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            assert re.search(r"[\u4e00-\u9fff]", spec.get("description", "")), (name, field)


def test_no_two_schemas_share_a_component_name():
    """The schema names components by class name, so a second class of the same name
    replaces the first's everywhere: three areas' PhotoOut once made the hazards' photos
    "lack" the meetings' caption, which the fuzz tests found on one run in three."""
    import ninja

    import tongxin.api.main  # noqa: F401  (imports every area's router and schemas)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    owners: dict[str, set[str]] = {}
    for cls in subclasses(ninja.Schema):
        if cls.__module__.startswith("tongxin."):
            owners.setdefault(cls.__name__, set()).add(cls.__module__)
    shared = {name: mods for name, mods in owners.items() if len(mods) > 1}
    assert not shared, shared


def test_errors_are_declared(schema):
    responses = schema["paths"]["/api/people/{person_id}"]["get"]["responses"]
    assert {"200", "401", "403", "404", "422"} <= set(responses)


# --- /api/docs: Swagger UI from /static/, nothing from outside -------------------------


def asset_urls(html):
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_docs_page_loads_nothing_from_outside(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    urls = asset_urls(html)
    assert urls and all(url.startswith(settings.STATIC_URL + "ninja/") for url in urls), urls
    settings_json = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1)
    swagger = json.loads(settings_json)
    assert swagger["url"] == "/api/openapi.json"
    # Swagger UI would otherwise ask validator.swagger.io about the schema.
    assert swagger["validatorUrl"] is None


def test_docs_assets_exist_in_the_ninja_package(client):
    """The files the page names are shipped by django-ninja and found by staticfiles."""
    html = client.get("/api/docs").content.decode()
    apps = settings.INSTALLED_APPS
    with override_settings(INSTALLED_APPS=apps if "ninja" in apps else [*apps, "ninja"]):
        for url in asset_urls(html):
            assert finders.find(url.removeprefix(settings.STATIC_URL)), url


@pytest.mark.skipif(
    "ninja" not in settings.INSTALLED_APPS,
    reason="settings: add 'ninja' to INSTALLED_APPS so /static/ninja/ (Swagger UI) is served",
)
def test_docs_assets_are_served_by_this_site(client):
    html = client.get("/api/docs").content.decode()
    for url in asset_urls(html):
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url
