"""In Chromium: an administrator imports a roster with bad rows, sees them, fixes the file."""

import pytest

from tests.browser.conftest import sign_in
from tongxin.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "工号,姓名,单位,岗位,手机,政治面貌,工会会员,技能等级,入职日期"
GOOD = [
    "100101,马平川,综采一队/一班,采煤机司机,13912340001,群众,是,中级工,2019-03-01",
    "100102,牛志刚,掘进二队,掘进机司机,13912340002,中共党员,是,高级工,2012/7/15",
]
BAD = [
    "100103,杨小山,不存在的队,支架工,13912340003,群众,是,,2020-01-01",  # unknown unit
    "100101,马平川,综采一队/一班,采煤机司机,13912340001,群众,是,中级工,2019-03-01",  # duplicate
    "100104,何大海,机电科,电钳工,1391234,群众,是,,2020-13-40",  # bad phone, bad date
]


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode("gb18030"))
    return path


def upload(page, path):
    page.goto(page.base + "/people/import/")
    page.get_by_role("link", name="上传花名册").first.click()
    page.get_by_label("花名册文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()


def test_bad_rows_are_named_and_nothing_is_imported(page, cast, password, tmp_path):
    before = Person.objects.count()
    sign_in(page, "900003", password)
    page.wait_for_url(page.base + "/")
    upload(page, write(tmp_path, "花名册.csv", GOOD + BAD))

    errors = page.locator("table", has_text="行号")
    errors.wait_for()
    rows = {
        r.locator("td").first.inner_text().strip(): r.inner_text()
        for r in errors.locator("tbody tr").all()
    }
    assert set(rows) == {"4", "5", "6"}, rows
    assert "不存在的队" in rows["4"]
    assert "重复" in rows["5"]
    assert "手机号" in rows["6"] and "入职日期" in rows["6"]
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert Person.objects.count() == before

    # The fixed file passes, and only after confirmation are the people there.
    upload(page, write(tmp_path, "花名册-改.csv", GOOD))
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已导入").first.wait_for()
    assert Person.objects.count() == before + 2
    assert Person.objects.get(employee_no="100101").unit == cast.crew_a1
