"""Calling the API as the cast: by API token (the default here) or by session."""

import pytest

from tongxin.accounts.services import create_api_token


@pytest.fixture
def token_for(db):
    """A fresh API token (the key) for the person."""

    def issue(person, name="测试集成"):
        _token, key = create_api_token(person=person, name=name)
        return key

    return issue


@pytest.fixture
def api_as(client, token_for):
    """A function calling GET /api/… as the person with a bearer token."""
    keys = {}

    def get(person, path, **params):
        if person.pk not in keys:
            keys[person.pk] = token_for(person)
        return client.get(
            f"/api{path}", params, headers={"Authorization": f"Bearer {keys[person.pk]}"}
        )

    return get


# The schema fuzzer calls the application in-process and reads the bytes as they come:
# it does not undo the gzip that the platform's GZipMiddleware applies when a client
# accepts it (as the fuzzer's client says it does). Its calls ask for plain bodies.
UNCOMPRESSED = {"Accept-Encoding": "identity"}
