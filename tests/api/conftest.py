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
