"""The workers' pages through the test client: submit, my cases, a case's timeline,
rate / reopen / supplement, the anonymous suggestion box and its receipt, progress,
congress proposals, photos; bad input saves nothing and says why in Chinese; other
people's cases are 404; anonymous paths leave the session alone; rate limits; query
counts; and the notification list with the bell."""

import datetime
import io
import os
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tongxin.core.models import Notification
from tongxin.people.models import Organisation, OrgKind
from tongxin.voice import services
from tongxin.voice.models import Case, CaseEvent, CasePhoto, CongressSession, Cosign, State


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The rate-limit counters live in a cache, which outlives a test in Redis.
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def _png(name="photo.png", size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _text(response) -> str:
    return response.content.decode()


def _receipt_from(response) -> str:
    match = re.search(r'id="receipt-code" data-receipt="([0-9A-Z-]+)"', _text(response))
    assert match, "the receipt is shown on the page"
    return match.group(1)


def _replied(cast, case, canteen, text="已调整配方，下周起减盐。"):
    """Carry a case through to a reply from 机电科."""
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已与食堂沟通"
    )
    return services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text=text
    )


# --- my cases and submitting ----------------------------------------------------------


def test_my_cases_needs_sign_in(db, client):
    response = client.get(reverse("voice:my_cases"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_cases_lists_only_mine_with_badges_and_links(cast, client_for, submit):
    mine = submit()
    submit(title="宿舍热水不够", who=cast.li_member)
    page = _text(client_for(cast.wang_worker).get(reverse("voice:my_cases")))
    assert "食堂饭菜太咸" in page and "宿舍热水不够" not in page
    assert "待受理" in page and reverse("voice:my_case", args=[mine.pk]) in page
    for link in ("voice:submit", "voice:anonymous", "voice:follow", "voice:progress"):
        assert reverse(link) in page
    assert "我要反映" in page and "意见箱匿名投递" in page and "凭回执码查询" in page


def test_overdue_cases_are_marked(cast, client_for, submit, canteen):
    case = submit()
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    Case.objects.filter(pk=case.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    page = _text(client_for(cast.wang_worker).get(reverse("voice:my_cases")))
    assert "已超期" in page


def test_submit_a_named_request_with_a_photo(cast, client_for):
    client = client_for(cast.wang_worker)
    form = _text(client.get(reverse("voice:submit")))
    assert 'accept="image/*"' in form and "capture" in form
    assert "职工诉求" in form and "意见箱" in form and "合理化建议" in form
    assert "匿名提交" in form
    response = client.post(
        reverse("voice:submit"),
        {
            "channel": "request",
            "title": "巷道照明不足",
            "body": "三号巷道有两盏灯坏了一周，行走不安全。",
            "photos": [_png()],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("voice:my_case", args=[case.pk])
    assert case.submitter == cast.wang_worker and case.channel == "request"
    assert case.organisation == cast.crew_a1 and case.photos.count() == 1
    page = _text(client.get(response["Location"]))
    assert "已提交" in page and case.code in page
    assert "巷道照明不足" in page and reverse("voice:photo", args=[case.photos.get().pk]) in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "request", "title": "", "body": ""}, "请填写标题"),
        ({"channel": "request", "title": "照明", "body": "   "}, "请把事情写清楚"),
        ({"channel": "hotline", "title": "照明问题", "body": "三号巷道灯坏了"}, "请选择提交渠道"),
        ({"channel": "congress", "title": "照明问题", "body": "三号巷道灯坏了"}, "请选择提交渠道"),
    ],
    ids=["empty", "blank-body", "unknown-channel", "staff-channel"],
)
def test_bad_input_saves_nothing_and_keeps_what_was_typed(cast, client_for, data, message):
    response = client_for(cast.wang_worker).post(reverse("voice:submit"), data)
    assert response.status_code == 400
    page = _text(response)
    assert message in page and "没有保存" in page
    if data["title"]:
        assert f'value="{data["title"]}"' in page
    assert not Case.objects.exists() and not CaseEvent.objects.exists()


def test_a_text_file_named_jpg_is_refused(cast, client_for):
    fake = SimpleUploadedFile("scene.jpg", b"this is not an image at all", "image/jpeg")
    response = client_for(cast.wang_worker).post(
        reverse("voice:submit"),
        {"channel": "request", "title": "巷道照明", "body": "三号巷道灯坏了一周", "photos": [fake]},
    )
    assert response.status_code == 400
    page = _text(response)
    assert "不是可识别的图片" in page and "请重新选择" in page
    assert "三号巷道灯坏了一周" in page
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


def test_a_too_large_photo_is_refused(cast, client_for, settings):
    settings.PHOTO_MAX_UPLOAD_MB = 1
    big = io.BytesIO()
    Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3)).save(big, "PNG")
    assert big.tell() > 1024 * 1024
    upload = SimpleUploadedFile("big.png", big.getvalue(), "image/png")
    response = client_for(cast.wang_worker).post(
        reverse("voice:submit"),
        {
            "channel": "request",
            "title": "巷道照明",
            "body": "三号巷道灯坏了一周",
            "photos": [upload],
        },
    )
    assert response.status_code == 400
    assert "太大" in _text(response) and "1 MB" in _text(response)
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


def test_too_many_photos_are_refused(cast, client_for, settings):
    settings.PHOTO_MAX_COUNT = 2
    response = client_for(cast.wang_worker).post(
        reverse("voice:submit"),
        {
            "channel": "request",
            "title": "巷道照明",
            "body": "三号巷道灯坏了一周",
            "photos": [_png("a.png"), _png("b.png"), _png("c.png")],
        },
    )
    assert response.status_code == 400 and "最多上传 2 张照片" in _text(response)
    assert not Case.objects.exists()


def test_the_named_page_never_takes_an_anonymous_submission(cast, client_for):
    response = client_for(cast.wang_worker).post(
        reverse("voice:submit"),
        {"channel": "suggestion", "anonymous": "1", "title": "匿名意见", "body": "班组长不公平"},
    )
    assert response.status_code == 400 and "没有保存" in _text(response)
    assert not Case.objects.exists()


# --- one case: timeline, rate, reopen, supplement -------------------------------------


def test_another_persons_case_is_404(cast, client_for, submit):
    case = submit()
    other = client_for(cast.li_member)
    assert other.get(reverse("voice:my_case", args=[case.pk])).status_code == 404
    response = other.post(
        reverse("voice:my_case_act", args=[case.pk]), {"action": "rate", "rating": "5"}
    )
    assert response.status_code == 404
    assert other.get(reverse("voice:my_case", args=[999999])).status_code == 404


def test_an_anonymous_case_is_no_ones_my_case(cast, client_for):
    case, _receipt = services.case_submit(
        submitter=None,
        channel="suggestion",
        title="匿名意见",
        body="班组长分活不公平。",
        anonymous=True,
        organisation=cast.district_a,
    )
    assert (
        client_for(cast.wang_worker).get(reverse("voice:my_case", args=[case.pk])).status_code
        == 404
    )


def test_the_timeline_hides_internal_notes_and_shows_the_reply(cast, client_for, submit, canteen):
    case = submit()
    services.case_note(case_id=case.pk, actor=cast.sun_chair, text="内部：食堂承包商合同快到期")
    _replied(cast, case, canteen)
    page = _text(client_for(cast.wang_worker).get(reverse("voice:my_case", args=[case.pk])))
    assert "已调整配方，下周起减盐。" in page
    assert "食堂承包商合同" not in page
    assert "已与食堂沟通" not in page  # the handling note is internal
    assert "交办" in page and "已答复待评价" in page
    assert 'id="rate-form"' in page and 'id="reopen-form"' in page


def test_rate_a_reply(cast, client_for, submit, canteen):
    case = _replied(cast, submit(), canteen)
    client = client_for(cast.wang_worker)
    response = client.post(
        reverse("voice:my_case_act", args=[case.pk]),
        {"action": "rate", "rating": "4", "comment": "口味好多了"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.rating, case.rating_comment) == (State.CLOSED, 4, "口味好多了")
    page = _text(client.get(reverse("voice:my_case", args=[case.pk])))
    assert "感谢您的评价" in page and 'id="rate-form"' not in page


def test_rating_without_stars_keeps_the_comment(cast, client_for, submit, canteen):
    case = _replied(cast, submit(), canteen)
    response = client_for(cast.wang_worker).post(
        reverse("voice:my_case_act", args=[case.pk]),
        {"action": "rate", "comment": "还是有点咸"},
    )
    assert response.status_code == 400
    page = _text(response)
    assert "请选择 1 到 5 星" in page and "还是有点咸" in page
    case.refresh_from_db()
    assert case.state == State.REPLIED and case.rating is None


def test_reopen_once_with_a_higher_level_watching(cast, client_for, submit, canteen):
    case = _replied(cast, submit(), canteen)
    client = client_for(cast.wang_worker)
    url = reverse("voice:my_case_act", args=[case.pk])
    empty = client.post(url, {"action": "reopen", "reason": ""})
    assert empty.status_code == 400 and "请说明对答复哪里不满意" in _text(empty)
    response = client.post(url, {"action": "reopen", "reason": "还是很咸，没有改"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ASSIGNED and case.reopened and case.watch_org == cast.mine
    # Replied again: rating is offered, reopening is not.
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="换了厨师"
    )
    services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已换厨师"
    )
    page = _text(client.get(reverse("voice:my_case", args=[case.pk])))
    assert 'id="rate-form"' in page and 'id="reopen-form"' not in page
    again = client.post(url, {"action": "reopen", "reason": "还是不行"})
    assert again.status_code == 409 and "不能再次退回" in _text(again)


def test_supplement_when_asked(cast, client_for, submit, canteen):
    case = submit()
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    services.case_request_info(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, question="是哪一天的班中餐？"
    )
    client = client_for(cast.wang_worker)
    page = _text(client.get(reverse("voice:my_case", args=[case.pk])))
    assert "是哪一天的班中餐？" in page and 'id="supplement-form"' in page
    url = reverse("voice:my_case_act", args=[case.pk])
    assert client.post(url, {"action": "supplement", "text": ""}).status_code == 400
    response = client.post(url, {"action": "supplement", "text": "3月5日中班", "photos": [_png()]})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ACCEPTED
    assert case.photos.filter(event__action="supplement").count() == 1


def test_an_unknown_action_is_404(cast, client_for, submit):
    case = submit()
    response = client_for(cast.wang_worker).post(
        reverse("voice:my_case_act", args=[case.pk]), {"action": "accept"}
    )
    assert response.status_code == 404


# --- photos ---------------------------------------------------------------------------


def test_photos_for_the_owner_and_staff_only(cast, client_for, client):
    case, _ = services.case_submit(
        submitter=cast.wang_worker,
        channel="request",
        title="巷道照明",
        body="三号巷道灯坏了一周",
        photos=[_png()],
    )
    url = reverse("voice:photo", args=[case.photos.get().pk])
    # Nobody signed in is sent to sign in, as on every page: that says nothing of the photo.
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    owner = client_for(cast.wang_worker).get(url)
    assert owner.status_code == 200 and owner["Content-Type"] == "image/jpeg"
    assert b"".join(owner.streaming_content)[:2] == b"\xff\xd8"
    assert client_for(cast.li_member).get(url).status_code == 404
    assert client_for(cast.qian_outsider).get(url).status_code == 404
    assert client_for(cast.sun_chair).get(url).status_code == 200
    assert client_for(cast.sun_chair).get(reverse("voice:photo", args=[99999])).status_code == 404


# --- anonymous: the suggestion box and the receipt ------------------------------------


def test_anonymous_submission_without_signing_in(cast, client):
    form = client.get(reverse("voice:anonymous"))
    # One mine: no mine to choose, its districts and departments straight away.
    assert form.status_code == 200 and 'id="mine"' not in _text(form)
    options = _text(form).split('id="organisation"')[1].split("</select>")[0]
    assert "综采一队" in options and "矿机关（全矿）" in options
    assert "一班" not in re.sub(r"综采一队|掘进二队", "", options)
    response = client.post(
        reverse("voice:anonymous"),
        {
            "organisation": cast.district_a.pk,
            "title": "班组长克扣加班费",
            "body": "我们班组长每月都少报加班时间。",
            "photos": [_png()],
        },
    )
    assert response.status_code == 200
    receipt = _receipt_from(response)
    page = _text(response)
    assert "只显示这一次" in page and "复制回执码" in page
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "origin"
    case = Case.objects.get()
    assert (case.submitter_id, case.entered_by_id, case.is_anonymous) == (None, None, True)
    assert case.channel == "suggestion" and case.organisation == cast.district_a
    assert case.receipt_hash and receipt not in case.receipt_hash
    assert case.photos.count() == 1


def test_anonymous_submission_while_signed_in_stores_no_one_and_leaves_the_session(
    cast, client_for
):
    client = client_for(cast.wang_worker)
    client.get(reverse("voice:my_cases"))  # a live session with its last-seen stamp
    from django.contrib import messages as message_framework

    # A message waiting for the next page must still be waiting afterwards.
    key = client.session.session_key
    session = client.session
    session[message_framework.storage.session.SessionStorage.session_key] = (
        '[["__json_message",0,20,"待显示的消息"]]'
    )
    session.save()
    before = Session.objects.get(session_key=key)
    form = _text(client.get(reverse("voice:anonymous")))
    # The default unit is the worker's district, never the crew.
    assert f'value="{cast.district_a.pk}" selected' in form
    assert "待显示的消息" not in form
    response = client.post(
        reverse("voice:anonymous"),
        {
            "organisation": cast.district_a.pk,
            "title": "班组长分活不公",
            "body": "脏活累活总派给同几个人。",
        },
    )
    assert response.status_code == 200 and _receipt_from(response)
    assert "待显示的消息" not in _text(response)
    after = Session.objects.get(session_key=key)
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)
    assert "sessionid" not in response.cookies
    case = Case.objects.get()
    assert case.submitter_id is None and case.is_anonymous
    event = case.events.get()
    assert event.actor_id is None and event.actor_label == "匿名提交人"
    # It does not show up among the worker's own cases; the waiting message still waits.
    mine = _text(client.get(reverse("voice:my_cases")))
    assert "班组长分活不公" not in mine and "待显示的消息" in mine


def test_anonymous_bad_input_and_forged_unit(cast, client):
    url = reverse("voice:anonymous")
    empty = client.post(url, {"organisation": cast.district_a.pk, "title": "", "body": ""})
    assert empty.status_code == 400 and "请填写标题" in _text(empty)
    crew = client.post(
        url, {"organisation": cast.crew_a1.pk, "title": "分活不公", "body": "脏活累活总派给我们。"}
    )
    assert crew.status_code == 400 and "请选择事情所在的矿或区队、科室" in _text(crew)
    assert "脏活累活总派给我们。" in _text(crew)
    forged = client.post(
        url, {"organisation": "99999999", "title": "分活不公", "body": "脏活累活总派给我们。"}
    )
    assert forged.status_code == 400
    fake = SimpleUploadedFile("x.jpg", b"plain text", "image/jpeg")
    bad_photo = client.post(
        url,
        {
            "organisation": cast.district_a.pk,
            "title": "分活不公",
            "body": "脏活累活总派给我们。",
            "photos": [fake],
        },
    )
    assert bad_photo.status_code == 400 and "不是可识别的图片" in _text(bad_photo)
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


def test_anonymous_submissions_are_rate_limited(cast, client, settings):
    settings.ANON_SUBMISSIONS_PER_WINDOW = 2
    url = reverse("voice:anonymous")
    data = {"organisation": cast.district_a.pk, "title": "食堂太咸", "body": "二食堂的菜太咸了。"}
    assert client.post(url, data).status_code == 200
    assert client.post(url, data).status_code == 200
    third = client.post(url, data)
    assert third.status_code == 429 and "过于频繁" in _text(third)
    assert "二食堂的菜太咸了。" in _text(third)
    assert Case.objects.count() == 2


def test_follow_by_receipt_read_the_reply_and_rate(cast, client, canteen):
    submitted = client.post(
        reverse("voice:anonymous"),
        {
            "organisation": cast.district_a.pk,
            "title": "设备老化",
            "body": "二号皮带机经常跑偏。",
            "photos": [_png()],
        },
    )
    receipt = _receipt_from(submitted)
    case = Case.objects.get()
    _replied(cast, case, canteen, text="已更换托辊，跑偏问题解决。")
    url = reverse("voice:follow")
    form = client.get(url)
    assert form.status_code == 200 and 'method="post"' in _text(form)
    # The receipt in a query string opens nothing.
    assert "设备老化" not in _text(client.get(url, {"receipt": receipt}))
    response = client.post(url, {"receipt": receipt.lower()})
    page = _text(response)
    assert response.status_code == 200
    assert "设备老化" in page and "已更换托辊，跑偏问题解决。" in page
    assert "已与食堂沟通" not in page  # internal
    assert "data:image/jpeg;base64," in page and reverse("voice:photo", args=[1]) not in page
    assert 'name="receipt" value="' in page and response["Referrer-Policy"] == "origin"
    rated = client.post(
        url, {"receipt": receipt, "action": "rate", "rating": "5", "comment": "谢谢"}
    )
    assert rated.status_code == 200 and "感谢您的评价" in _text(rated)
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.rating == 5
    event = case.events.get(action="rate")
    assert event.actor_id is None and event.actor_label == "匿名提交人"


def test_follow_by_receipt_reopen_and_supplement(cast, client, canteen):
    receipt = _receipt_from(
        client.post(
            reverse("voice:anonymous"),
            {"organisation": cast.district_a.pk, "title": "澡堂热水", "body": "夜班下井后没热水。"},
        )
    )
    case = Case.objects.get()
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    services.case_request_info(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, question="是哪个澡堂？"
    )
    url = reverse("voice:follow")
    page = _text(client.post(url, {"receipt": receipt}))
    assert "是哪个澡堂？" in page and 'id="supplement-form"' in page
    bad = client.post(url, {"receipt": receipt, "action": "supplement", "text": ""})
    assert bad.status_code == 400 and "请填写补充的内容" in _text(bad)
    done = client.post(
        url, {"receipt": receipt, "action": "supplement", "text": "东区澡堂", "photos": [_png()]}
    )
    assert done.status_code == 200 and "补充的内容已送交" in _text(done)
    assert "data:image/jpeg;base64," in _text(done)
    case.refresh_from_db()
    assert case.state == State.ACCEPTED
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已修"
    )
    services.case_reply(case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已修好")
    reopened = client.post(url, {"receipt": receipt, "action": "reopen", "reason": "还是没有热水"})
    assert reopened.status_code == 200 and "已退回重新办理" in _text(reopened)
    case.refresh_from_db()
    assert case.reopened and case.state == State.ASSIGNED


def test_follow_rejects_a_wrong_code(cast, client):
    url = reverse("voice:follow")
    for code in ("2222-2222-2222-2222-2222", "nonsense", ""):
        response = client.post(url, {"receipt": code})
        assert response.status_code == 404
        assert "没有找到与此回执码对应的事项" in _text(response)


def test_receipt_lookups_are_rate_limited(cast, client, settings):
    settings.RECEIPT_LOOKUPS_PER_WINDOW = 3
    url = reverse("voice:follow")
    for _ in range(3):
        assert client.post(url, {"receipt": "2222-2222-2222-2222-2222"}).status_code == 404
    limited = client.post(url, {"receipt": "2222-2222-2222-2222-2222"})
    assert limited.status_code == 429 and "查询过于频繁" in _text(limited)


def test_following_a_receipt_leaves_the_session_alone(cast, client_for):
    client = client_for(cast.wang_worker)
    client.get(reverse("voice:my_cases"))
    _case, receipt = services.case_submit(
        submitter=None,
        channel="suggestion",
        title="匿名意见",
        body="班组长分活不公平。",
        anonymous=True,
        organisation=cast.district_a,
    )
    key = client.session.session_key
    before = Session.objects.get(session_key=key)
    response = client.post(reverse("voice:follow"), {"receipt": receipt})
    assert response.status_code == 200 and "匿名意见" in _text(response)
    after = Session.objects.get(session_key=key)
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)


# --- progress and congress ------------------------------------------------------------


def test_progress_shows_adopted_proposals_and_their_milestones(cast, client_for, canteen):
    case, _ = services.case_submit(
        submitter=cast.li_member,
        channel="proposal",
        title="皮带机加装防跑偏装置",
        body="在二号皮带机加装自动纠偏托辊。",
    )
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    case = services.case_assign(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
    )
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="可行"
    )
    services.proposal_adopt(
        case_id=case.pk,
        version=case.version,
        actor=cast.sun_chair,
        adopted=True,
        benefit="减少停机",
    )
    services.milestone_add(case_id=case.pk, actor=cast.zhou_head, title="采购托辊")
    services.milestone_add(case_id=case.pk, actor=cast.zhou_head, title="安装调试")
    milestone = case.milestones.get(title="采购托辊")
    services.milestone_done(milestone_id=milestone.pk, actor=cast.zhou_head, note="已到货")
    services.case_submit(
        submitter=cast.li_member, channel="proposal", title="未采纳的建议", body="还没有认定。"
    )
    page = _text(client_for(cast.wang_worker).get(reverse("voice:progress")))
    assert "皮带机加装防跑偏装置" in page and "未采纳的建议" not in page
    assert "采购托辊" in page and "安装调试" in page and "1/2" in page and "减少停机" in page


@pytest.fixture
def session(cast):
    today = timezone.localdate()
    s = CongressSession.objects.create(
        organisation=cast.mine,
        name="第三届职代会第二次会议",
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=5),
        cosign_required=2,
    )
    s.representatives.add(cast.wang_worker, cast.li_member, cast.zhao_secretary)
    return s


def test_representatives_table_and_cosign_proposals(cast, client_for, session):
    wang = client_for(cast.wang_worker)
    assert reverse("voice:congress") in _text(wang.get(reverse("voice:my_cases")))
    page = _text(wang.get(reverse("voice:congress")))
    assert 'id="table-form"' in page and "第三届职代会第二次会议" in page
    empty = wang.post(reverse("voice:congress"), {"action": "table", "title": "", "body": "x"})
    assert empty.status_code == 400 and "请填写标题" in _text(empty)
    response = wang.post(
        reverse("voice:congress"),
        {"action": "table", "title": "增加班车", "body": "早班通勤车次不足，建议增加。"},
    )
    case = Case.objects.get(channel="congress")
    assert response.status_code == 302 and case.congress_number == 1
    assert case.state == State.COSIGNING

    li = client_for(cast.li_member)
    page = _text(li.get(reverse("voice:congress")))
    assert "增加班车" in page and 'value="cosign"' in page
    done = li.post(
        reverse("voice:congress"), {"action": "cosign", "case": case.pk, "session": session.pk}
    )
    assert done.status_code == 302
    assert Cosign.objects.filter(case=case, representative=cast.li_member).exists()
    again = li.post(
        reverse("voice:congress"), {"action": "cosign", "case": case.pk, "session": session.pk}
    )
    assert again.status_code == 400 and "已经附议" in _text(again)
    assert "您已附议" in _text(li.get(reverse("voice:congress")))


def test_non_representatives_read_proposals_only(cast, client_for, session):
    services.congress_submit(
        submitter=cast.wang_worker, session=session, title="增加班车", body="早班通勤车次不足。"
    )
    case = Case.objects.get()
    client = client_for(cast.sun_chair)
    page = _text(client.get(reverse("voice:congress")))
    assert "增加班车" in page and 'id="table-form"' not in page and 'value="cosign"' not in page
    assert "您不是本届职工代表" in page
    refused = client.post(
        reverse("voice:congress"), {"action": "cosign", "case": case.pk, "session": session.pk}
    )
    assert refused.status_code == 403 and "只有本届职工代表可以附议" in _text(refused)
    assert not Cosign.objects.exists()
    # A session of another organisation is none of theirs.
    other = CongressSession.objects.create(
        organisation=cast.group, name="别处", opens_on=session.opens_on, closes_on=session.closes_on
    )
    outsider = CongressSession.objects.filter(pk=other.pk)
    assert outsider.exists()
    forged = client.get(reverse("voice:congress"), {"session": 987654})
    assert forged.status_code == 404


# --- query counts ---------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _make_cases(cast, n):
    for i in range(n):
        services.case_submit(
            submitter=cast.wang_worker, channel="request", title=f"诉求{i}", body=f"第{i}件事的内容"
        )


def test_my_cases_query_count_is_flat(cast, client_for):
    client = client_for(cast.wang_worker)
    url = reverse("voice:my_cases")
    _make_cases(cast, 5)
    client.get(url)  # the first request of a session also writes the session row
    small = _queries(client, url)
    _make_cases(cast, 45)
    assert _queries(client, url) == small
    assert _queries(client, url + "?page=2") == small
    assert small <= 9


def test_case_and_progress_pages_have_budgets(cast, client_for, submit, canteen):
    case = _replied(cast, submit(), canteen)
    client = client_for(cast.wang_worker)
    client.get(reverse("voice:my_cases"))
    assert _queries(client, reverse("voice:my_case", args=[case.pk])) <= 12
    assert _queries(client, reverse("voice:progress")) <= 10


# --- notifications and navigation -----------------------------------------------------


def test_notifications_list_mark_read_and_digest(cast, client_for, submit, canteen):
    case = submit()
    services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
    )
    client = client_for(cast.wang_worker)
    home = _text(client.get(reverse("core:home")))
    assert reverse("notifications:inbox") in home and "1 条未读" in home
    page = _text(client.get(reverse("notifications:inbox")))
    assert "已受理" in page and "fw-semibold" in page and "全部标为已读" in page
    note = Notification.objects.get(recipient=cast.wang_worker)
    opened = client.get(reverse("notifications:open", args=[note.pk]))
    assert opened.status_code == 302
    assert opened["Location"] == reverse("voice:my_case", args=[case.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    assert "条未读" not in _text(client.get(reverse("core:home")))
    # Someone else's message is 404.
    assert (
        client_for(cast.li_member).get(reverse("notifications:open", args=[note.pk])).status_code
        == 404
    )

    client = client_for(cast.wang_worker)
    Notification.objects.create(recipient=cast.wang_worker, title="第二条")
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(
        recipient=cast.wang_worker, read_at__isnull=True
    ).exists()

    client.post(reverse("notifications:preference"), {"daily_digest": "1"})
    assert cast.wang_worker.notification_preference.daily_digest
    assert 'id="digest-on" checked' in _text(client.get(reverse("notifications:inbox")))


def test_notifications_are_paginated(cast, client_for):
    Notification.objects.bulk_create(
        [Notification(recipient=cast.wang_worker, title=f"消息{i:02d}") for i in range(25)]
    )
    client = client_for(cast.wang_worker)
    first = _text(client.get(reverse("notifications:inbox")))
    assert "消息24" in first and "消息04" not in first and "1 / 2" in first
    assert "消息04" in _text(client.get(reverse("notifications:inbox"), {"page": 2}))


def test_navigation_shows_voice_to_everyone_and_the_inbox_to_staff(cast, client_for):
    worker = _text(client_for(cast.wang_worker).get(reverse("core:home")))
    assert "我的诉求" in worker and "诉求办理" not in worker
    chair = _text(client_for(cast.sun_chair).get(reverse("core:home")))
    assert "我的诉求" in chair and "诉求办理" in chair


def test_each_home_count_of_my_cases_links_to_exactly_those_cases(cast, client_for, canteen):
    """ "我的诉求：n 件正在办理", "n 件已答复待评价", "n 件需补充材料" each open the list
    of the cases they count, and only those."""

    def submit(title):
        return services.case_submit(
            submitter=cast.wang_worker, channel="request", title=title, body=f"{title}，请处理。"
        )[0]

    waiting, replied, asked = submit("澡堂热水"), submit("班车晚点"), submit("工装尺码")
    for case in (replied, asked):
        case = services.case_accept(
            case_id=case.pk, version=case.version, actor=cast.sun_chair, category=canteen
        )
        case = services.case_assign(
            case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.department
        )
        if case.pk == asked.pk:
            services.case_request_info(
                case_id=case.pk, version=case.version, actor=cast.zhou_head, question="哪个尺码？"
            )
        else:
            case = services.case_handle(
                case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已调整班次。"
            )
            services.case_reply(
                case_id=case.pk, version=case.version, actor=cast.sun_chair, text=""
            )
    client = client_for(cast.wang_worker)
    home = client.get("/").content.decode()
    # 正在办理: not yet answered (waiting on staff, or on the worker's supplement).
    expected = {"open": {waiting, asked}, "to_rate": {replied}, "to_supplement": {asked}}
    for show, cases in expected.items():
        assert f'href="/voice/?show={show}"' in home, show
        listed = client.get(f"/voice/?show={show}").content.decode()
        for case in (waiting, replied, asked):
            shown = reverse("voice:my_case", args=[case.pk]) in listed
            assert shown == (case in cases), (show, case.title)


def test_the_unit_chooser_lists_one_mines_units_however_large_the_group(cast, client_for):
    """The anonymous note's unit: the mine, then its units (issue #14: a group's every
    district in one list made the request form 64 KB). Other mines' units cost nothing
    until their mine is chosen."""
    from tongxin.people import services as people

    client = client_for(cast.wang_worker)

    def form():
        return _text(client.get(reverse("voice:submit")))

    mines = [
        people.org_create(actor=None, name=f"远山{m}矿", kind=OrgKind.MINE, parent=cast.company)
        for m in range(3)
    ]
    before = form()
    for m, mine in enumerate(mines):
        for d in range(30):
            name = f"远山{m}矿{d}队"
            people.org_create(actor=None, name=name, kind=OrgKind.DISTRICT, parent=mine)
    after = form()
    # Ninety more districts elsewhere in the group: not a byte more on the writer's form.
    assert len(after) == len(before)
    assert "远山0矿0队" not in after and "远山0矿" in after  # the mine, not its units
    assert f'<option value="{cast.mine.pk}" selected>' in after
    assert f'<option value="{cast.district_a.pk}" selected>' in after
    far = Organisation.objects.get(name="远山1矿")
    options = _text(client.get(reverse("voice:unit_options"), {"mine": far.pk}))
    assert options.count("<option") == 1 + 1 + 30  # the prompt, the mine's offices, 30 units
    assert "综采一队" not in options and "远山1矿29队" in options
    assert "远山0矿" not in options
    # Nonsense gives the prompt alone.
    for bad in ("", "abc", "99999999999999"):
        assert _text(client.get(reverse("voice:unit_options"), {"mine": bad})).count("<option") == 1
