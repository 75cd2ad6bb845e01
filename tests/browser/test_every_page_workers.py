"""Every page of the worker, the Party member, the branch secretary, the union chair
and the counsellor, on a phone and at a desk: each answers 200
and none scrolls sideways (tests/browser/every_page.py says how; screenshots in
test-artifacts/pages/)."""

import pytest

from tests.browser.every_page import check_every_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_answers_and_fits_a_phone(browser, live_server):
    check_every_page(browser, live_server, first_half=True)
