"""Schemathesis against the OpenAPI schema: generated input never gets a 5xx.

The whole Django WSGI application runs in-process on the test database, with the
mine's administrator's API token (who sees the most) and a plain worker's (who gets 404
from the staff endpoints). Every response must also match the status codes, content
type and body schema the OpenAPI document declares.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from tests.api.conftest import UNCOMPRESSED

pytestmark = pytest.mark.django_db

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 20


@pytest.fixture
def wsgi_app():
    """Django's WSGI app on the test transaction: requests must not close its connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)


def operations(schema):
    found = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in found} >= {"GET /api/people", "GET /api/orgs/{org_id}"}
    return found


def fuzz_as(cast, schema, token_for, who: str) -> None:
    headers = {"Authorization": f"Bearer {token_for(getattr(cast, who))}", **UNCOMPRESSED}
    for operation in operations(schema):
        strategy = operation.as_strategy(schemathesis.GenerationMode.POSITIVE) | (
            operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)
        )

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        check()


# One class each, so that the two test processes fuzz as both at once (a module's
# tests, or a class's, stay in one process).
class TestAsTheAdministrator:
    def test_no_server_errors_on_generated_input(self, cast, schema, token_for):
        fuzz_as(cast, schema, token_for, "feng_admin")


class TestAsAWorker:
    def test_no_server_errors_on_generated_input(self, cast, schema, token_for):
        fuzz_as(cast, schema, token_for, "wang_worker")


def test_ids_that_exist_are_fuzzed_too(cast, schema, token_for):
    """Random ids are mostly missing; ask for the cast's real ones as well."""
    headers = {"Authorization": f"Bearer {token_for(cast.feng_admin)}", **UNCOMPRESSED}
    by_label = {op.label: op for op in operations(schema)}
    org_ids = [cast.mine.pk, cast.district_a.pk, cast.branch_a.pk, cast.sub_union_b.pk]
    for label in ("GET /api/orgs/{org_id}", "GET /api/orgs/{org_id}/children"):
        for org_id in org_ids:
            case = by_label[label].Case(path_parameters={"org_id": org_id})
            response = case.call(headers=headers)
            assert response.status_code == 200
            case.validate_response(response, checks=CHECKS, headers=headers)
    for person in (cast.wang_worker, cast.zhao_secretary, cast.feng_admin):
        case = by_label["GET /api/people/{person_id}"].Case(
            path_parameters={"person_id": person.pk}
        )
        response = case.call(headers=headers)
        assert response.status_code == 200
        case.validate_response(response, checks=CHECKS, headers=headers)
