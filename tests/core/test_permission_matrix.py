"""The permission matrix: every page of the URL conf and every operation of the API's
OpenAPI schema, asked by four people, generated rather than listed.

URLs naming a record are filled with a record of 综采一队 (district A), one of each
kind, chosen by the parameter's name (the `records` of `build_world`); a URL whose
parameter has no entry fails, so an area added later joins the matrix or breaks loudly.
The people:

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
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from tests.cast import build_cast
from tongxin.accounts.models import ApiToken
from tongxin.accounts.services import create_api_token
from tongxin.care.models import (
    Booking,
    CounsellingSlot,
    Counsellor,
    HardshipFile,
    Need,
    ServiceItem,
)
from tongxin.core.models import Notification
from tongxin.grid.models import (
    GridMeeting,
    GridTask,
    MonthlyReport,
    Problem,
    SpotCheck,
    SpotCheckItem,
    TaskKind,
    TaskPhoto,
)
from tongxin.hazards import services as hazard_services
from tongxin.hazards.models import (
    ChecklistTemplate,
    Hazard,
    HazardCategory,
    HazardPhoto,
    Workplace,
)
from tongxin.people import services as people_services
from tongxin.people.models import OrgKind, Role, RosterImport
from tongxin.voice import services as voice_services
from tongxin.voice.models import CasePhoto

ROLES = ("anonymous", "worker", "officer", "outsider")

# Pages anyone may open without signing in, and API operations that take no sign-in.
PUBLIC_PAGES = {
    "core:healthz",
    "accounts:login",
    "accounts:logout",
    "voice:anonymous",
    "voice:follow",
    # The admin's sign-in and sign-out through the platform's paths (project urls.py),
    # and its password change, a redirect to accounts:password_change (checked itself).
    "admin_login",
    "admin_logout",
    "admin_password_change",
}
PUBLIC_API_PREFIXES = ("/api/voice/anonymous", "/api/openapi.json", "/api/docs")
# Django's own admin has its own permission system and tests.
SKIPPED_NAMESPACES = {"admin"}


# --- the records the URLs name ----------------------------------------------------------


@dataclass
class Record:
    """What a URL parameter is filled with, and who may open it.

    audience: "staff" (the officer, or `viewer`, opens it; the worker is refused),
    "own" (the worker's own: the worker opens it), "shared" (both do).
    mine_wide: open to everyone of the mine by design (a work place's QR history), so
    the outsider is an officer of another mine.
    """

    value: object
    audience: str = "staff"
    viewer: str = "officer"
    mine_wide: bool = False
    rows: list = field(default_factory=list)  # records a POST must leave unchanged


def _jpeg(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "gray").save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _person(no, name, unit, **fields):
    return people_services.person_create(actor=None, employee_no=no, name=name, unit=unit, **fields)


def build_world() -> dict:
    cast = build_cast()
    role = people_services.role_assign
    # The officer and the outsider hold the same district offices, each in their own
    # district, so that every area's gate lets both in and only the scope tells them apart.
    role(
        actor=None, person=cast.zhao_secretary, role=Role.UNION_CHAIR, organisation=cast.sub_union_a
    )
    role(
        actor=None, person=cast.qian_outsider, role=Role.UNION_CHAIR, organisation=cast.sub_union_b
    )
    zhao_counsellor = Counsellor.objects.create(
        person=cast.zhao_secretary, organisation=cast.district_a
    )
    Counsellor.objects.create(person=cast.qian_outsider, organisation=cast.district_b)

    # Another mine, whose officer holds every office there: the outsider for records
    # open to the whole of 红岩矿.
    org = people_services.org_create
    mine2 = org(actor=None, name="青山矿", kind=OrgKind.MINE, parent=cast.company)
    district2 = org(actor=None, name="综采三队", kind=OrgKind.DISTRICT, parent=mine2)
    committee2 = org(actor=None, name="青山矿党委", kind=OrgKind.PARTY_COMMITTEE, unit=mine2)
    branch2 = org(
        actor=None, name="综采三队党支部", kind=OrgKind.BRANCH, parent=committee2, unit=district2
    )
    stranger = _person("400001", "韩远", district2, political_status="member", party_org=branch2)
    role(actor=None, person=stranger, role=Role.BRANCH_SECRETARY, organisation=branch2)
    for office in (Role.LEADERSHIP, Role.DISCIPLINE_INSPECTOR, Role.ADMIN):
        role(actor=None, person=stranger, role=office, organisation=mine2)
    Counsellor.objects.create(person=stranger, organisation=mine2)

    worker, officer = cast.wang_worker, cast.zhao_secretary
    people = {
        "worker": worker,
        "officer": officer,
        "outsider": cast.qian_outsider,
        "stranger": stranger,
        "inspector": cast.zheng_inspector,
        "admin": cast.feng_admin,
    }
    today = timezone.localdate()
    now = timezone.now()

    # voice
    case, _receipt = voice_services.case_submit(
        submitter=worker,
        channel="request",
        title="食堂饭菜太咸",
        body="二食堂的班中餐太咸，希望改进。",
    )
    case_photo = CasePhoto.objects.create(case=case, image=_jpeg("case.jpg"))

    # hazards
    category = HazardCategory.objects.first()
    face = Workplace.objects.create(unit=cast.district_a, name="1201综采工作面", code="ZC1201")
    hazard = Hazard.objects.create(
        source="inspection",
        unit=cast.district_a,
        unit_path=cast.district_a.path,
        location="1201 机头",
        category=category,
        severity="general",
        description="支架歪斜",
        state="reported",
        reported_by=officer,
        workplace=face,
    )
    hazard_photo = HazardPhoto.objects.create(
        hazard=hazard, kind="found", image=_jpeg("hazard.jpg")
    )
    template = ChecklistTemplate.objects.create(
        name="综采工作面日查表", unit=cast.district_a, level="crew_daily"
    )
    hazard_services.checklist_publish(
        actor=cast.wu_leader, template=template, items=[("支架", category, "支架初撑力达标")]
    )
    plan = hazard_services.plan_create(
        actor=cast.wu_leader,
        unit=cast.crew_a1,
        level="crew_daily",
        template=template,
        workplace=face,
    )

    # grid
    member = cast.li_member
    task = GridTask.objects.create(
        owner=member,
        branch=cast.branch_a,
        month=today.replace(day=1),
        kind=TaskKind.ADDED,
        title="走访联系职工",
        due_on=today,
    )
    task_photo = TaskPhoto.objects.create(task=task, image=_jpeg("task.jpg"))
    problem = Problem.objects.create(
        branch=cast.branch_a,
        title="井口班车太挤",
        body="早班车坐不下。",
        source="direct",
        raised_by=member,
    )
    report = MonthlyReport.objects.create(
        member=member,
        branch=cast.branch_a,
        month=today.replace(day=1),
        own_words="走访了三户。",
        state="submitted",
        submitted_at=now,
    )
    meeting = GridMeeting.objects.create(
        branch=cast.branch_a,
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        held_on=today,
        minutes="通报网格工作。",
        recorded_by=officer,
    )
    spot = SpotCheck.objects.create(
        inspector=cast.zheng_inspector, scope=cast.branch_a, sample_size=1
    )
    spot_item = SpotCheckItem.objects.create(spot_check=spot, member=member)

    # care
    of_worker = {"person": worker, "organisation": cast.crew_a1, "org_path": cast.crew_a1.path}
    need = Need.objects.create(
        **of_worker, category="living", text="孩子上学路远。", collected_by=worker
    )
    item = ServiceItem.objects.create(
        **of_worker,
        source="direct",
        category="living",
        title="协调班车",
        owner=cast.sun_chair,
        deadline=today,
        created_by=officer,
    )
    hardship = HardshipFile.objects.create(
        **of_worker,
        level="hardship",
        cause="illness",
        family_situation="家人住院。",
        household_size=4,
        monthly_income=3000,
        opened_on=today,
        next_review_on=today + datetime.timedelta(days=90),
        created_by=officer,
    )
    start = now + datetime.timedelta(days=2)
    slot = CounsellingSlot.objects.create(
        counsellor=zhao_counsellor,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=50),
        place="心理咨询室",
    )
    booking = Booking.objects.create(slot=slot, person=worker)

    # people, accounts, notifications
    roster = RosterImport.objects.create(
        uploaded_by=cast.feng_admin,
        scope_unit=cast.district_a,
        file="roster.csv",
        original_name="roster.csv",
    )
    token, _key = create_api_token(person=worker, name="手机")
    notification = Notification.objects.create(recipient=worker, title="您的诉求已受理")

    records = {
        # Pages: "namespace:url_name:parameter" first, then "namespace:parameter".
        "accounts:pk": Record(token, audience="own"),
        "people:org:pk": Record(cast.district_a),
        "people:pk": Record(cast.li_member),
        "people:import_detail:pk": Record(roster, viewer="admin"),
        "people:import_confirm:pk": Record(roster, viewer="admin"),
        "people:import_cancel:pk": Record(roster, viewer="admin"),
        "voice:my_case:pk": Record(case, audience="own"),
        "voice:my_case_act:pk": Record(case, audience="own"),
        "voice:photo:pk": Record(case_photo, audience="shared", rows=[case]),
        "voice:pk": Record(case),
        "voice:action": Record("accept"),
        "hazards:plan_id": Record(plan, audience="shared"),
        # The hazard was found at a work place, whose history is open to the whole mine.
        "hazards:photo:pk": Record(hazard_photo, audience="shared", mine_wide=True, rows=[hazard]),
        "hazards:checklist:pk": Record(template),
        "hazards:pk": Record(hazard),
        "hazards:action": Record("assign"),
        "hazards:code": Record(face.code, audience="shared", mine_wide=True),
        "grid:branch_id": Record(cast.branch_a),
        "grid:crew_id": Record(cast.crew_a1),
        "grid:task_photo:pk": Record(task_photo, rows=[task]),
        "grid:problem_detail:pk": Record(problem),
        "grid:problem_act:pk": Record(problem),
        "grid:problem_act:action": Record("solve"),
        "grid:report_detail:pk": Record(report),
        "grid:report_act:pk": Record(report),
        "grid:report_act:action": Record("accept"),
        "grid:meeting_detail:pk": Record(meeting),
        "grid:spot_detail:pk": Record(spot, viewer="inspector"),
        "grid:spot_record:pk": Record(spot, viewer="inspector"),
        "grid:item_id": Record(spot_item, viewer="inspector"),
        "grid:pk": Record(task),
        "care:item:pk": Record(item, audience="shared"),  # the worker's service item
        "care:booking_cancel:pk": Record(booking, audience="own"),
        "care:counsellor_booking:pk": Record(booking),
        "care:need:pk": Record(need),
        "care:file:pk": Record(hardship),
        "notifications:pk": Record(notification, audience="own"),
        # The API: "api:parameter".
        "api:org_id": Record(cast.district_a),
        "api:person_id": Record(cast.li_member),
        "api:case_id": Record(case, audience="own"),
        "api:hazard_id": Record(hazard),
        "api:task_id": Record(task),
        "api:item_id": Record(item),
        "api:booking_cancel:booking_id": Record(booking, audience="own"),
        "api:booking_id": Record(booking),
    }
    keys = {name: create_api_token(person=p, name="矩阵")[1] for name, p in people.items()}
    return {"people": people, "records": records, "keys": keys, "tokens": ApiToken}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    media = tempfile.mkdtemp(prefix="tx-matrix-")
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built["media"] = media
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _world_media(world, settings):
    # conftest gives each test an empty media folder; the photos live in the world's.
    settings.MEDIA_ROOT = world["media"]


# --- the URLs ---------------------------------------------------------------------------


@dataclass
class Page:
    key: str  # namespace:name
    route: str
    params: list[str]


def _pages(resolver=None, namespace=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIPPED_NAMESPACES or ns == "api":
                continue
            yield from _pages(entry, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            params = re.findall(r"<(?:\w+:)?(\w+)>", route)
            key = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Page(key, route, params)


PAGES = list(_pages())


def _schema() -> dict:
    from tongxin.api.main import api

    return api.get_openapi_schema()


SCHEMA = _schema()  # built once: building it takes a good part of a second
COMPONENTS = SCHEMA["components"]["schemas"]
OPERATIONS = [
    (path, method, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]


def record_for(records: dict, namespace: str, name: str, param: str) -> Record:
    for key in (f"{namespace}:{name}:{param}", f"{namespace}:{param}"):
        if key in records:
            return records[key]
    pytest.fail(
        f"{namespace}:{name} takes <{param}>, which names no record of the matrix: add "
        f"'{namespace}:{param}' to the records of build_world() in "
        "tests/core/test_permission_matrix.py"
    )


def _value(record: Record):
    value = record.value
    return getattr(value, "pk", value)


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
    named = [record_for(world["records"], namespace, name, p) for p in page.params]
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
        data = {k: _jpeg("p.jpg") if isinstance(v, list) else v for k, v in data.items()}
        return client.post(path, data, headers=headers)
    return client.generic(method.upper(), path, headers=headers)


@pytest.mark.parametrize(
    ("path", "method", "operation"),
    OPERATIONS,
    ids=[f"{m.upper()} {p}" for p, m, _o in OPERATIONS],
)
def test_api(path, method, operation, world, db):
    params = re.findall(r"{(\w+)}", path)
    # ninja names an operation tongxin_api_<module>_<function>.
    name = operation["operationId"].split("_", 3)[-1]
    named = [record_for(world["records"], "api", name, p) for p in params]
    url = missing = path
    for param, record in zip(params, named, strict=True):
        url = url.replace(f"{{{param}}}", str(_value(record)))
        missing = missing.replace(f"{{{param}}}", "99999999")
    for role in ROLES:
        before = _snapshot(named)
        who = _who(role, named)
        key = world["keys"].get(who)
        response = _api_call(Client(), method, url, operation, key)
        what = f"{method.upper()} {url}"
        if role == "anonymous":
            if not url.startswith(PUBLIC_API_PREFIXES):
                assert response.status_code == 401, f"{what} anonymous: {response.status_code}"
            continue
        _expect(response.status_code, role, named, what)
        if role == "outsider" and named:
            # Word for word the answer for an id that does not exist.
            absent = _api_call(Client(), method, missing, operation, key)
            assert response.json() == absent.json(), f"{what}: {response.json()}"
            if method != "get":
                assert _snapshot(named) == before, f"{what} as an outsider changed a record"
