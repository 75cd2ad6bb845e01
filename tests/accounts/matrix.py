"""Accounts' records for the permission matrix (tests/core/test_permission_matrix.py):
an API token of the worker's."""

from tests.matrix_world import Record, World
from tongxin.accounts.services import create_api_token


def records(world: World) -> dict[str, Record]:
    token, _key = create_api_token(person=world.people["worker"], name="手机")
    return {"accounts:pk": Record(token, audience="own")}
