"""In Chromium: sign in, browse the tree, find a person; a worker on a phone."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_signs_in_browses_the_tree_and_finds_a_worker(page, cast, password):
    sign_in(page, "100003", password)
    page.wait_for_url(page.base + "/")
    assert "赵书文，您好" in page.content()

    page.get_by_role("button", name="工作台").click()
    page.get_by_role("link", name="组织架构").click()
    page.get_by_role("link", name="综采一队").click()
    assert page.locator("h1").inner_text() == "综采一队"
    page.get_by_role("link", name="一班").click()
    page.get_by_role("link", name="综采一队", exact=True).click()  # breadcrumb back up
    page.get_by_role("link", name="查看人员").click()
    page.wait_for_url("**/people/list/?unit=*")
    assert page.get_by_role("cell", name="王强").is_visible()

    # Live search by pinyin initials, through htmx.
    page.get_by_role("searchbox").fill("lh")
    page.wait_for_function("!document.querySelector('#results').innerText.includes('王强')")
    assert "李红" in page.locator("#results").inner_text()
    page.get_by_role("link", name="李红").click()
    assert "13800002222" in page.content()


def test_out_of_scope_url_shows_nothing(page, cast, password):
    sign_in(page, "100003", password)
    page.wait_for_url(page.base + "/")
    response = page.goto(f"{page.base}/people/{cast.qian_outsider.pk}/")
    assert response.status == 404
    assert "钱进" not in page.content()


def test_lockout_after_five_bad_passwords(page, cast, password):
    for _ in range(5):
        sign_in(page, "100001", "not-the-password")
    assert "已锁定" in page.content()
    sign_in(page, "100001", password)
    assert "已锁定" in page.content()
    assert page.url.endswith("/accounts/login/")


def test_worker_on_a_phone_sees_their_own_page_and_no_staff_menu(phone_page, cast, password):
    page = phone_page
    sign_in(page, "100001", password)
    page.wait_for_url(page.base + "/")
    assert "王强，您好" in page.content()
    page.get_by_role("button", name="菜单").click()
    assert not page.get_by_role("link", name="人员").is_visible()
    assert not page.get_by_role("link", name="组织架构").is_visible()
    assert not page.get_by_role("button", name="工作台").is_visible()
    page.get_by_role("link", name="查看我的信息").click()
    assert "13800001111" in page.content()
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
