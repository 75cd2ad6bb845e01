"""The permission matrix: every page of the URL conf and every operation of the API's
OpenAPI schema, asked by four people, generated rather than listed.

URLs naming a record are filled with a record of 综采一队 (district A), one of each
kind, chosen by the parameter's name (the records each area provides, below); a URL
whose parameter has no record fails, so an area added later joins the matrix or breaks
loudly. The people (tests/matrix_world.py):

anonymous  nobody signed in: pages send to the sign-in page, the API answers 401
worker     王强, a miner of 综采一队: staff records are 403 or 404, never 500
officer    赵书文, secretary of 综采一队党支部 who also chairs its sub-union and counsels
           its people: a record of A in their scope is never 404 or 500 (for records
           that are not a district officer's, the one whose they are: the inspector,
           the administrator, the worker who owns it)
outsider   钱进, the same offices in 掘进二队 (district B): every record of A is 404,
           exactly like one that does not exist, and a POST changes nothing; for
           records open to a whole mine, an officer of another mine takes his place

The records are built once for the module (inside a transaction rolled back at the
end) and every request runs in a savepoint of its own.

How an area joins
-----------------
Registering the area (its `area.py`) mounts its pages, and its API module
`tongxin/api/<area>.py` is on the router list: both join the matrix by themselves (a
page belongs to the app whose URL conf holds it, an operation to the area its API
module is named after). Every app with pages or operations (each registered area, and
accounts) provides the records its parameters name from its own test folder,
`tests/<area>/matrix.py`, out of the shared world (tests/matrix_world.py: the cast,
the people who ask, today):

    def records(world: World) -> dict[str, Record]:
        thing = Thing.objects.create(unit=world.cast.district_a, ...)
        return {
            "things:pk": Record(thing),  # <pk> of every things page
            "things:receipt:pk": Record(thing, audience="own"),  # of things:receipt only
            "api:thing_id": Record(thing),  # {thing_id} of its API operations
        }

Keys are "namespace:url_name:parameter" or "namespace:parameter" for pages, and
"api:function:parameter" or "api:parameter" for the area's API operations; the more
specific wins. An app with pages but no `matrix.py`, a parameter with no record, or a
record no parameter names fails, naming the file to write.
"""

from __future__ import annotations

import importlib
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from types import ModuleType

import pytest
from django.apps import apps
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.matrix_world import Record, build_world, jpeg
from tongxin.accounts.services import create_api_token
from tongxin.core import registry

# Every test reads the world, built in the database once for the module.
pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "worker", "officer", "outsider")

# Pages anyone may open without signing in, and API operations that take no sign-in.
PUBLIC_PAGES = {
    "core:healthz",
    "core:favicon",  # what every browser asks for, on the sign-in page too
    "core:manifest",
    # The offline pages' service worker: no person's data in it, and the browser asks
    # for it again after a session has ended.
    "core:service_worker",
    "accounts:login",
    "accounts:logout",
    "voice:anonymous",
    "voice:follow",
    # The anonymous form's unit options (names of mines' districts, no person's data).
    "voice:unit_options",
    # Integrity's anonymous misconduct reports, the same way, and the channel's entry.
    "integrity:start",
    "integrity:anonymous",
    "integrity:follow",
    "integrity:unit_options",
    "integrity:comment_follow",  # an anonymous disclosure comment, by its receipt
    # The admin's sign-in and sign-out through the platform's paths (project urls.py),
    # and its password change, a redirect to accounts:password_change (checked itself).
    "admin_login",
    "admin_logout",
    "admin_password_change",
}
PUBLIC_API_PREFIXES = (
    "/api/voice/anonymous",
    "/api/integrity/anonymous",  # misconduct reports by receipt, as the pages take them
    "/api/openapi.json",
    "/api/docs",
)
# Django's own admin has its own permission system and tests.
SKIPPED_NAMESPACES = {"admin"}
# The matrix as it stands: an area that drops out of it shows here (it may only grow).
AT_LEAST = {"pages": 111, "operations": 49}


# --- the URLs and who owns them ---------------------------------------------------------


def _app_of(module_name: str) -> str | None:
    config = apps.get_containing_app_config(module_name)
    return config.label if config else None


@dataclass
class Page:
    key: str  # namespace:name
    route: str
    params: list[str]
    owner: str | None  # the app whose URL conf holds it; None for the project's urls.py


def _pages(resolver=None, namespace=None, prefix="", owner=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIPPED_NAMESPACES or ns == "api":
                continue
            module = getattr(entry.urlconf_module, "__name__", "")
            yield from _pages(entry, ns, prefix + str(entry.pattern), _app_of(module) or owner)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            params = re.findall(r"<(?:\w+:)?(\w+)>", route)
            key = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Page(key, route, params, owner)


PAGES = list(_pages())


def _schema() -> dict:
    from tongxin.api.main import api

    return api.get_openapi_schema()


@dataclass
class Operation:
    path: str
    method: str
    spec: dict
    owner: str | None  # the area of the API module that defines it
    name: str  # the function


def _operation(path: str, method: str, spec: dict) -> Operation:
    # ninja names an operation tongxin_api_<module>_<function>; the module is the area's.
    rest = spec["operationId"].removeprefix("tongxin_api_")
    ours = (c.label for c in apps.get_app_configs() if c.name.startswith("tongxin."))
    for label in sorted(ours, key=len, reverse=True):
        if rest.startswith(f"{label}_"):
            return Operation(path, method, spec, label, rest.removeprefix(f"{label}_"))
    return Operation(path, method, spec, None, rest)


SCHEMA = _schema()  # built once: building it takes a good part of a second
COMPONENTS = SCHEMA["components"]["schemas"]
OPERATIONS = [
    _operation(path, method, spec)
    for path, methods in SCHEMA["paths"].items()
    for method, spec in methods.items()
]
# Every app with pages or API operations, in the order of INSTALLED_APPS.
OWNERS = [
    c.label
    for c in apps.get_app_configs()
    if any(p.owner == c.label for p in PAGES) or any(o.owner == c.label for o in OPERATIONS)
]


# --- the records the URLs name ----------------------------------------------------------


def matrix_file(owner: str) -> str:
    return f"tests/{owner}/matrix.py"


def matrix_module(owner: str) -> ModuleType | None:
    name = f"tests.{owner}.matrix"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name not in (name, f"tests.{owner}"):
            raise
        return None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    media = tempfile.mkdtemp(prefix="tx-matrix-")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            shared = build_world()
            records = {
                owner: module.records(shared)
                for owner in OWNERS
                if (module := matrix_module(owner)) is not None
            }
            keys = {
                name: create_api_token(person=p, name="矩阵")[1]
                for name, p in shared.people.items()
            }
            yield {"people": shared.people, "records": records, "keys": keys, "media": media}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _world_media(world, settings):
    # conftest gives each test an empty media folder; the photos live in the world's.
    settings.MEDIA_ROOT = world["media"]


def _keys(namespace: str, name: str, param: str) -> tuple[str, str]:
    return f"{namespace}:{name}:{param}", f"{namespace}:{param}"


def record_for(records: dict, owner: str | None, namespace: str, name: str, param: str):
    what = f"{namespace}:{name} takes <{param}>, which names no record of the matrix"
    if owner is None:
        pytest.fail(f"{what}: mount it in an app's URL conf, whose tests/<app>/matrix.py fills it")
    if owner not in records:
        pytest.fail(
            f"{what}: create {matrix_file(owner)} with records(world) -> dict[str, Record] "
            "(tests/core/test_permission_matrix.py tells how)"
        )
    for key in _keys(namespace, name, param):
        if key in records[owner]:
            return records[owner][key]
    pytest.fail(f"{what}: add '{namespace}:{param}' to records() in {matrix_file(owner)}")


def _value(record: Record):
    value = record.value
    return getattr(value, "pk", value)


# --- every app takes part ---------------------------------------------------------------


def _counts() -> str:
    return ", ".join(
        f"{owner or 'urls.py'}: {sum(p.owner == owner for p in PAGES)} pages, "
        f"{sum(o.owner == owner for o in OPERATIONS)} operations"
        for owner in [*OWNERS, None]
    )


def test_the_matrix_covers_every_page_and_operation():
    counts = {"pages": len(PAGES), "operations": len(OPERATIONS)}
    print(f"permission matrix: {counts} × {len(ROLES)} roles ({_counts()})")
    assert all(counts[k] >= n for k, n in AT_LEAST.items()), f"{counts} ({_counts()})"
    assert all(o.owner for o in OPERATIONS), "an API operation outside tongxin/api/<area>"
    # A registered area's pages are found as its own (and so need its records).
    mounted = [a.name for a in registry.areas() if a.urls]
    assert set(mounted) <= set(OWNERS), f"{mounted} mount pages, matrix owners: {OWNERS}"


def test_each_area_provides_its_records():
    missing = [
        matrix_file(owner)
        for owner in OWNERS
        if not callable(getattr(matrix_module(owner), "records", None))
    ]
    assert not missing, f"create {missing}, each with records(world) -> dict[str, Record]"


def test_every_record_fills_a_parameter(world):
    """A record whose key names no parameter is a typo: the parameter it was meant for
    falls back to a record of another audience."""
    used = defaultdict(set)
    for page in PAGES:
        namespace, _colon, name = page.key.rpartition(":")
        for param in page.params:
            used[page.owner].update(_keys(namespace, name, param))
    for operation in OPERATIONS:
        for param in re.findall(r"{(\w+)}", operation.path):
            used[operation.owner].update(_keys("api", operation.name, param))
    for owner, records in world["records"].items():
        unused = sorted(set(records) - used[owner])
        assert not unused, f"{matrix_file(owner)}: {unused} name no parameter of its pages"


# --- what each person should get --------------------------------------------------------


def _client_as(world, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(world["people"][who])
    return client


def _snapshot(records: list[Record]) -> list[dict]:
    rows = []
    for record in records:
        for obj in [record.value, *record.rows]:
            if hasattr(obj, "_meta"):
                fresh = type(obj).objects.get(pk=obj.pk)
                rows.append(model_to_dict(fresh))
    return rows


def _expect(status: int, role: str, named: list[Record], what: str) -> None:
    assert status != 500, f"{what} as {role}: 500"
    if not named:
        return
    audience = {r.audience for r in named}
    if role == "outsider":
        assert status == 404, f"{what} as an out-of-scope officer: {status}, not 404"
    elif role == "officer":
        if audience <= {"staff", "shared"}:
            assert status != 404, f"{what} as the officer in scope: 404"
    elif role == "worker":
        if "own" in audience or audience == {"shared"}:
            assert status != 404, f"{what} as the worker it belongs to: 404"
        elif "staff" in audience:
            assert status in (403, 404), f"{what} as a worker: {status}, not 403 or 404"


def _who(role: str, named: list[Record]) -> str:
    """The person asking for `role`: the record's own viewer for the officer, an officer
    of another mine for records open to the whole mine."""
    if role == "officer":
        viewers = {r.viewer for r in named} - {"officer"}
        return viewers.pop() if viewers else "officer"
    if role == "outsider" and any(r.mine_wide for r in named):
        return "stranger"
    return role


# What a POST-only page needs to get past its own "which step?" check to the scope.
POST_DATA = {
    "voice:my_case_act": {"action": "rate"},
}


def _ask_page(client: Client, key: str, url: str):
    response = client.get(url)
    method = "GET"
    if response.status_code == 405:
        response = client.post(url, POST_DATA.get(key, {}))
        method = "POST"
    return method, response


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_page(page: Page, world, db):
    namespace, _colon, name = page.key.rpartition(":")
    named = [record_for(world["records"], page.owner, namespace, name, p) for p in page.params]
    url = reverse(page.key, kwargs={p: _value(r) for p, r in zip(page.params, named, strict=True)})
    for role in ROLES:
        before = _snapshot(named)
        method, response = _ask_page(_client_as(world, _who(role, named)), page.key, url)
        what = f"{method} {url}"
        if role == "anonymous":
            if page.key not in PUBLIC_PAGES:
                assert response.status_code == 302, f"{what} anonymous: {response.status_code}"
                assert response["Location"].startswith(reverse("accounts:login")), what
            continue
        _expect(response.status_code, role, named, what)
        if role == "outsider" and named:
            if method == "GET":
                # Pages that show a record often take its forms too: an edited POST is
                # refused the same way, before any form is read.
                client = _client_as(world, _who(role, named))
                status = client.post(url, POST_DATA.get(page.key, {})).status_code
                assert status in (404, 405), f"POST {url} as an outsider: {status}, not 404"
            assert _snapshot(named) == before, f"{url} as an outsider changed a record"


# --- the API ----------------------------------------------------------------------------


def _example(schema: dict, components: dict):
    """A value the schema accepts, so that a request reaches the scope check."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _example(schema[key][0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        required = schema.get("required", [])
        return {
            name: _example(prop, components)
            for name, prop in schema.get("properties", {}).items()
            if name in required
        }
    if kind == "array":
        return [_example(schema.get("items", {}), components)]
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return timezone.localdate().isoformat()
    if schema.get("format") == "date-time":
        return timezone.now().isoformat()
    return "测试内容足够长"


def _api_call(client: Client, method: str, path: str, operation: dict, key: str | None):
    components = COMPONENTS
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = operation.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        data = _example(body["application/json"]["schema"], components)
        return client.generic(
            method.upper(),
            path,
            data=__import__("json").dumps(data),
            content_type="application/json",
            headers=headers,
        )
    if "multipart/form-data" in body:
        data = _example(body["multipart/form-data"]["schema"], components)
        # File fields (arrays of binary) get a real photo: the upload checks come first.
        data = {k: jpeg("p.jpg") if isinstance(v, list) else v for k, v in data.items()}
        return client.post(path, data, headers=headers)
    return client.generic(method.upper(), path, headers=headers)


@pytest.mark.parametrize(
    "operation", OPERATIONS, ids=[f"{o.method.upper()} {o.path}" for o in OPERATIONS]
)
def test_api(operation: Operation, world, db):
    path, method = operation.path, operation.method
    params = re.findall(r"{(\w+)}", path)
    named = [
        record_for(world["records"], operation.owner, "api", operation.name, p) for p in params
    ]
    url = missing = path
    for param, record in zip(params, named, strict=True):
        url = url.replace(f"{{{param}}}", str(_value(record)))
        missing = missing.replace(f"{{{param}}}", "99999999")
    for role in ROLES:
        before = _snapshot(named)
        who = _who(role, named)
        key = world["keys"].get(who)
        response = _api_call(Client(), method, url, operation.spec, key)
        what = f"{method.upper()} {url}"
        if role == "anonymous":
            if not url.startswith(PUBLIC_API_PREFIXES):
                assert response.status_code == 401, f"{what} anonymous: {response.status_code}"
            continue
        _expect(response.status_code, role, named, what)
        if role == "outsider" and named:
            # Word for word the answer for an id that does not exist.
            absent = _api_call(Client(), method, missing, operation.spec, key)
            assert response.json() == absent.json(), f"{what}: {response.json()}"
            if method != "get":
                assert _snapshot(named) == before, f"{what} as an outsider changed a record"
