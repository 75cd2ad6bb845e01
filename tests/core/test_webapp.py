"""The icon every browser asks for and the web-app manifest answer, signed in or not,
and every page names them."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_favicon_answers_without_signing_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in response["Cache-Control"]


def test_the_manifest_lets_a_phone_keep_the_platform_on_its_home_screen(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "同心" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:  # served by the platform itself
        assert icon["src"].startswith("/static/")


def test_every_page_names_the_icon_and_the_manifest(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert 'rel="icon" href="/favicon.ico"' in page


def test_the_sign_in_page_leads_a_receipt_holder_to_their_note(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'id="receipt-follow"' in page and 'href="/voice/anonymous/follow/"' in page
    assert "回执码" in page
    assert client.get("/voice/anonymous/follow/").status_code == 200  # no sign-in needed


def test_api_tokens_are_in_the_menu_only_of_those_who_connect_systems(cast, client_for):
    worker_page = client_for(cast.wang_worker).get("/", follow=True).content.decode()
    assert "接口令牌" not in worker_page
    admin_page = client_for(cast.feng_admin).get("/", follow=True).content.decode()
    assert "接口令牌" in admin_page
    # The page itself stays where it is, for anyone who was given a token.
    assert client_for(cast.wang_worker).get("/accounts/tokens/").status_code == 200


def test_pages_are_compressed_for_a_phone_that_asks(cast, client_for):
    import gzip

    client = client_for(cast.wang_worker)
    plain = client.get("/voice/new/")
    packed = client.get("/voice/new/", headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content).decode().count("<form") == plain.content.decode().count(
        "<form"
    )
    assert len(packed.content) < len(plain.content) / 2
