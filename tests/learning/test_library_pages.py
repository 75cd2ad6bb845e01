"""The library's desk pages: the secretary's study page within its query budget, the
export, the ranking and the learning home."""

import io

import openpyxl
import pytest

from tests.cast import PASSWORD
from tongxin.learning.library import services as lib

pytestmark = pytest.mark.django_db


def test_secretary_desk_export_and_ranking(client, cast, django_assert_max_num_queries):
    module = lib.module_create(actor=cast.feng_admin, mine=cast.mine, name="政策理论")
    m = lib.material_create(
        actor=cast.feng_admin, module_id=module.pk, unit_id=cast.mine.pk,
        kind="article", title="学习要点", body="<p>正文</p>",
    )  # fmt: skip
    m = lib.material_publish(actor=cast.feng_admin, material_id=m.pk, version=m.version)
    lib.beat(person=cast.li_member, material=m)
    client.login(employee_no=cast.zhao_secretary.employee_no, password=PASSWORD)
    with django_assert_max_num_queries(25):
        assert client.get("/learning/library/desk/").status_code == 200
    r = client.get("/learning/library/desk/export/")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert book.active.cell(2, 5).value == "学习要点"
    assert client.get("/learning/library/ranking/?period=year&scope=mine").status_code == 200
    assert client.get("/learning/").status_code == 200
    client.login(employee_no=cast.wang_worker.employee_no, password=PASSWORD)
    assert client.get("/learning/library/desk/").status_code == 404
