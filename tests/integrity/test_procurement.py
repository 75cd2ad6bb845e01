"""The union in procurement: a shearer purchase with its union representative, the
supplier check they attended, the union's opinion and objection, the outcome, the
documents, and the year's list as Excel."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tongxin.core.access import OutOfScope
from tongxin.integrity import services
from tongxin.people import services as people_services
from tongxin.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def union_chair(cast):
    people_services.role_assign(
        actor=None, person=cast.sun_chair, role=Role.UNION_CHAIR, organisation=cast.union
    )
    return cast.sun_chair


@pytest.fixture
def shearer(cast, union_chair):
    return services.procurement_create(
        actor=union_chair,
        unit=cast.mine,
        year=2026,
        matter="综采工作面采煤机采购",
        description="更换 1201 工作面采煤机一台",
        representative=cast.wang_worker,
    )


def test_a_procurement_with_the_unions_part(cast, shearer, union_chair, client_for):
    services.check_add(
        actor=cast.wang_worker,
        procurement_id=shearer.pk,
        held_on=datetime.date(2026, 5, 12),
        what="供应商考察",
        attended=True,
        notes="到两家供应商现场查看生产线",
    )
    shearer = services.opinion_record(
        actor=cast.wang_worker,
        procurement_id=shearer.pk,
        opinion="同意采购，要求把售后响应时间写进合同",
        objection="其中一家供应商无同类设备业绩",
    )
    with pytest.raises(PermissionDenied):
        services.outcome_record(
            actor=cast.wang_worker,
            procurement_id=shearer.pk,
            outcome="我来定",
        )
    services.outcome_record(actor=union_chair, procurement_id=shearer.pk, outcome="已签订合同")
    services.document_add(
        actor=union_chair,
        procurement_id=shearer.pk,
        upload=SimpleUploadedFile("考察报告.pdf", b"%PDF-1.4\n%%EOF"),
    )
    page = client_for(cast.wang_worker).get(f"/integrity/procurement/{shearer.pk}/")
    body = page.content.decode()
    assert "供应商考察" in body and "无同类设备业绩" in body and "已签订合同" in body
    export = client_for(union_chair).get("/integrity/procurement/export/?year=2026")
    data = b"".join(export.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        text = b"".join(book.read(n) for n in book.namelist()).decode()
    assert "综采工作面采煤机采购" in text and "无同类设备业绩" in text


def test_outsiders_see_nothing(cast, shearer, client_for):
    assert (
        client_for(cast.qian_outsider).get(f"/integrity/procurement/{shearer.pk}/").status_code
        == 404
    )
    with pytest.raises(OutOfScope):
        services.opinion_record(
            actor=cast.qian_outsider,
            procurement_id=shearer.pk,
            opinion="同意",
            objection="",
        )


def test_the_representative_is_picked_among_the_unions_people_of_the_mine(
    cast, union_chair, client_for
):
    from tongxin.core.pickers import pick_url
    from tongxin.integrity.models import Procurement
    from tongxin.integrity.procurement_access import REPRESENTATIVE_PICKER
    from tongxin.people import services as people_services

    outsider = people_services.person_create(
        actor=None, employee_no="800099", name="公司外人", unit=cast.company
    )
    cast.li_member.union_member = False
    cast.li_member.save(update_fields=["union_member"])
    client = client_for(union_chair)
    form = client.get("/integrity/procurement/new/").content.decode()
    assert 'data-picker-url="' in form and 'name="representative"' in form
    found = client.get(pick_url(REPRESENTATIVE_PICKER, cast.mine.pk), {"q": ""}).json()
    offered = {row["id"] for row in found["results"]}
    assert cast.wang_worker.pk in offered
    assert outsider.pk not in offered and cast.li_member.pk not in offered
    # A unit outside the chair's reach is no record to pick for.
    assert client.get(pick_url(REPRESENTATIVE_PICKER, cast.company.pk)).status_code == 404
    post = {"unit": cast.mine.pk, "year": "2026", "matter": "带式输送机招标"}
    for person in (outsider, cast.li_member):
        refused = client.post("/integrity/procurement/new/", {**post, "representative": person.pk})
        assert refused.status_code == 400
        assert "只能选择本矿的在职工会会员" in refused.content.decode()
    assert not Procurement.objects.exists()
    done = client.post(
        "/integrity/procurement/new/", {**post, "representative": cast.wang_worker.pk}
    )
    assert done.status_code == 302
    assert Procurement.objects.get().representative == cast.wang_worker
