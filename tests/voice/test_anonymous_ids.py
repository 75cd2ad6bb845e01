"""An anonymous case's ids (the case, its events, its photos) are not drawn from the
sequences named cases use: an id between two named cases' ids would date the note
between their known times."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tongxin.voice import selectors, services
from tongxin.voice.models import CaseEvent, CasePhoto
from tongxin.voice.models.case import ANONYMOUS_BLOCK


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "blue").save(out, "JPEG")
    return SimpleUploadedFile("a.jpg", out.getvalue(), content_type="image/jpeg")


def _named(cast, title):
    case, _ = services.case_submit(
        submitter=cast.wang_worker,
        channel="request",
        title=title,
        body="夜班后澡堂没有热水。",
        photos=[_photo()],
    )
    return case


def _anonymous(cast):
    return services.case_submit(
        submitter=None,
        channel="suggestion",
        title="班组长克扣加班费",
        body="班组长每月都少报加班时间。",
        anonymous=True,
        organisation=cast.district_a,
        photos=[_photo()],
    )


def test_an_anonymous_case_sits_outside_the_named_sequences(cast, canteen, client_for):
    before = _named(cast, "澡堂热水")
    anonymous, receipt = _anonymous(cast)
    after = _named(cast, "宿舍热水")

    def ids(model, case):
        return list(model.objects.filter(case=case).values_list("pk", flat=True))

    for model in (CaseEvent, CasePhoto):
        low, high = max(ids(model, before)), min(ids(model, after))
        assert high == low + 1  # the named rows follow each other: nothing in between
        assert all(not low < pk < high for pk in ids(model, anonymous))
    assert after.pk == before.pk + 1
    assert anonymous.pk < 0 and anonymous.pk % ANONYMOUS_BLOCK == 0
    # Its number quotes no sequence either, and finds the case.
    assert str(anonymous.pk) not in anonymous.code and f"{before.pk + 1:06d}" not in anonymous.code
    found = selectors.inbox(cast.sun_chair, selectors.InboxFilter(q=anonymous.code))
    assert [c.pk for c in found] == [anonymous.pk]
    # Its pages and photo answer at the new ids.
    staff = client_for(cast.sun_chair)
    assert staff.get(reverse("voice:case", args=[anonymous.pk])).status_code == 200
    photo = anonymous.photos.get()
    assert staff.get(reverse("voice:photo", args=[photo.pk])).status_code == 200

    # Its own timeline keeps its order, staff steps and the owner's within one hour.
    case = services.case_accept(
        case_id=anonymous.pk, version=anonymous.version, actor=cast.sun_chair, category=canteen
    )
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已核查"
    )
    case = services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已补发。"
    )
    services.case_rate(case_id=case.pk, actor=None, receipt_ok=True, rating=5)
    timeline = [e.action for e in selectors.timeline(case, internal=True)]
    assert timeline == ["submit", "accept", "assign", "handle", "reply", "rate"]
    assert all(pk < 0 for pk in ids(CaseEvent, case))


def test_a_named_duplicate_merges_into_an_anonymous_note_from_the_case_page(
    cast, canteen, client_for
):
    """The similar-cases list posts the note's number; a typed number works the same,
    and a number that names nothing is told in Chinese and merges nothing."""
    anonymous, _receipt = _anonymous(cast)
    duplicate = services.case_submit(
        submitter=cast.wang_worker, channel="request", title="食堂饭菜", body="食堂饭菜这几天太咸了"
    )[0]
    staff = client_for(cast.sun_chair)
    act = reverse("voice:case_act", args=[duplicate.pk, "merge"])
    refused = staff.post(act, {"version": duplicate.version, "into": "第几号"})
    assert "请输入事项编号" in refused.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
    response = staff.post(act, {"version": duplicate.version, "into": anonymous.number})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == anonymous.pk
