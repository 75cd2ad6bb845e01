"""Personal API tokens: shown once, stored hashed, revocable."""

import hashlib

import pytest
from django.urls import reverse

from tongxin.accounts.models import ApiToken
from tongxin.accounts.services import person_for_token

pytestmark = pytest.mark.django_db


def test_create_shows_the_key_once_and_stores_only_its_hash(cast, client_for):
    client = client_for(cast.zhao_secretary)
    response = client.post(reverse("accounts:tokens"), {"name": "考勤系统"})
    body = response.content.decode()
    token = ApiToken.objects.get(person=cast.zhao_secretary)
    key = body.split('id="new-token">')[1].split("<")[0]
    assert key.startswith("tx_") and len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.values().get())
    assert person_for_token(key) == cast.zhao_secretary
    # The next visit does not show it again.
    assert key not in client.get(reverse("accounts:tokens")).content.decode()


def test_revoked_tokens_stop_working(cast, client_for):
    client = client_for(cast.zhao_secretary)
    body = client.post(reverse("accounts:tokens"), {"name": "考勤系统"}).content.decode()
    key = body.split('id="new-token">')[1].split("<")[0]
    token = ApiToken.objects.get()
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert person_for_token(key) is None


def test_empty_name_is_refused(cast, client_for):
    response = client_for(cast.zhao_secretary).post(reverse("accounts:tokens"), {"name": "  "})
    assert ApiToken.objects.count() == 0
    assert "必填" in response.content.decode() or "请填写" in response.content.decode()


def test_nobody_can_revoke_another_persons_token(cast, client_for):
    client = client_for(cast.zhao_secretary)
    client.post(reverse("accounts:tokens"), {"name": "考勤系统"})
    token = ApiToken.objects.get()
    other = client_for(cast.qian_outsider)
    assert other.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
