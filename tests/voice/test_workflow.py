"""A case from submission to rating, told through the cast: 王强 raises it, 孙工 (union
chair of 综采一队) accepts and assigns it to 机电科, 周科长 handles and replies."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.core.models import AuditEvent, Notification
from tongxin.voice import services
from tongxin.voice.access import case_for_staff, cases_visible_to
from tongxin.voice.models import Case, State


def _refresh(case):
    return Case.objects.get(pk=case.pk)


def _accept_and_assign(cast, case, category, handler=None):
    case = services.case_accept(
        case_id=case.pk, version=case.version, actor=cast.sun_chair, category=category
    )
    return services.case_assign(
        case_id=case.pk,
        version=case.version,
        actor=cast.sun_chair,
        department=cast.department,
        handler=handler,
    )


def test_a_request_goes_all_the_way_and_every_step_is_on_the_timeline(cast, submit, canteen):
    case = submit()
    assert case.state == State.SUBMITTED and case.submitter == cast.wang_worker
    case = _accept_and_assign(cast, case, canteen, handler=cast.zhou_head)
    assert case.state == State.ASSIGNED and case.deadline is not None
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已与食堂沟通，减盐"
    )
    case = services.case_reply(
        case_id=case.pk,
        version=case.version,
        actor=cast.zhou_head,
        text="食堂已调整配方，请再尝尝。",
    )
    case = services.case_rate(case_id=case.pk, actor=cast.wang_worker, rating=5, comment="好多了")
    case = _refresh(case)
    assert case.state == State.CLOSED and case.rating == 5
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["submit", "accept", "assign", "handle", "reply", "rate"]
    assert case.events.get(action="handle").is_internal  # the internal result
    audit = set(
        AuditEvent.objects.filter(object_type="voice.case", object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "voice.case.submitted",
        "voice.case.accept",
        "voice.case.reply",
        "voice.case.rate",
    } <= audit
    told = list(
        Notification.objects.filter(recipient=cast.wang_worker).values_list("title", flat=True)
    )
    assert any("已受理" in t for t in told) and any("已答复" in t for t in told)
    assert Notification.objects.filter(recipient=cast.zhou_head, title__contains="新交办").exists()


def test_reopen_sends_it_back_once_with_the_mine_leadership_watching(cast, submit, canteen):
    case = _accept_and_assign(cast, submit(), canteen, handler=cast.zhou_head)
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="已处理"
    )
    case = services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已经处理好了。"
    )
    case = services.case_reopen(
        case_id=case.pk, actor=cast.wang_worker, reason="还是很咸，没有变化"
    )
    case = _refresh(case)
    assert case.state == State.ASSIGNED and case.reopened and case.watch_org == cast.mine
    assert case in cases_visible_to(cast.wu_leader).filter(watch_org__isnull=False)
    case = services.case_handle(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, result="更换厨师"
    )
    assert Notification.objects.filter(recipient=cast.wu_leader, title__contains="督办").exists()
    case = services.case_reply(
        case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已更换厨师。"
    )
    with pytest.raises(services.Conflict, match="重新办理过一次"):
        services.case_reopen(case_id=case.pk, actor=cast.wang_worker, reason="仍然不满意啊")


def test_a_department_sees_only_what_is_assigned_to_it(cast, submit, canteen):
    waiting = submit(title="宿舍没有热水", body="三号宿舍楼晚上没有热水。")
    assigned = _accept_and_assign(cast, submit(), canteen)
    visible = set(cases_visible_to(cast.zhou_head).values_list("pk", flat=True))
    assert visible == {assigned.pk}
    from django.http import Http404

    with pytest.raises(Http404):
        case_for_staff(cast.zhou_head, waiting.pk)
    with pytest.raises(Http404):  # another branch's secretary
        case_for_staff(cast.qian_outsider, waiting.pk)
    assert case_for_staff(cast.zhao_secretary, waiting.pk) == waiting


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "", "body": "内容足够长的描述"}, "标题"),
        ({"title": "标题", "body": "短"}, "写清楚"),
        ({"title": "标题", "body": "内容足够长的描述", "channel": "congress"}, "渠道"),
        ({"title": "标题", "body": "内容足够长的描述", "channel": "nonsense"}, "渠道"),
        (
            {"title": "标题", "body": "内容足够长的描述", "anonymous": True, "channel": "request"},
            "意见箱",
        ),
    ],
)
def test_bad_submissions_say_why_and_save_nothing(cast, fields, message):
    kwargs = {"submitter": cast.wang_worker, "channel": "request", **fields}
    if kwargs.get("anonymous"):
        kwargs["submitter"] = None
        kwargs["organisation"] = cast.mine
    with pytest.raises(ValidationError) as info:
        services.case_submit(**kwargs)
    assert message in " ".join(info.value.messages)
    assert Case.objects.count() == 0


def test_forged_ids_and_wrong_departments_are_refused(cast, submit, canteen):
    case = services.case_accept(
        case_id=submit().pk, version=0, actor=cast.sun_chair, category=canteen
    )
    with pytest.raises(PermissionDenied):  # 钱进 is not an officer of 综采一队
        services.case_assign(
            case_id=case.pk,
            version=case.version,
            actor=cast.qian_outsider,
            department=cast.department,
        )
    with pytest.raises(ValidationError, match="承办部门"):
        services.case_assign(
            case_id=case.pk, version=case.version, actor=cast.sun_chair, department=cast.crew_a1
        )
    with pytest.raises(ValidationError, match="承办人"):
        services.case_assign(
            case_id=case.pk,
            version=case.version,
            actor=cast.sun_chair,
            department=cast.department,
            handler=cast.wang_worker,
        )
    with pytest.raises(ValidationError, match="找不到"):
        services.case_merge(
            case_id=case.pk, version=case.version, actor=cast.sun_chair, into_id=999999
        )
    with pytest.raises(ValidationError, match="分类"):
        services.case_accept(case_id=submit().pk, version=0, actor=cast.sun_chair, category=None)
    assert _refresh(case).state == State.ACCEPTED and _refresh(case).department is None


def test_the_second_of_two_officers_is_told_and_changes_nothing(cast, submit, canteen):
    case = submit()
    seen_version = case.version
    services.case_accept(
        case_id=case.pk, version=seen_version, actor=cast.sun_chair, category=canteen
    )
    with pytest.raises(services.Conflict, match="刚刚已被他人处理"):
        services.case_accept(
            case_id=case.pk, version=seen_version, actor=cast.zhao_secretary, category=canteen
        )
    assert _refresh(case).events.filter(action="accept").count() == 1


def test_duplicates_merge_and_every_submitter_gets_the_reply(cast, submit, canteen):
    first = submit(title="食堂饭菜太咸", body="二食堂的饭菜太咸了，班中餐尤其咸。")
    second = submit(
        title="二食堂饭菜咸", body="二食堂班中餐饭菜太咸，希望少放盐。", who=cast.li_member
    )
    from tongxin.voice import classify

    assert first in classify.similar_open(second, cases_visible_to(cast.sun_chair))
    services.case_merge(
        case_id=second.pk, version=second.version, actor=cast.sun_chair, into_id=first.pk
    )
    first = _accept_and_assign(cast, first, canteen, handler=cast.zhou_head)
    first = services.case_handle(
        case_id=first.pk, version=first.version, actor=cast.zhou_head, result="减盐"
    )
    services.case_reply(
        case_id=first.pk, version=first.version, actor=cast.zhou_head, text="已要求食堂减盐。"
    )
    second = _refresh(second)
    assert second.state == State.REPLIED and second.reply == "已要求食堂减盐。"
    assert Notification.objects.filter(recipient=cast.li_member, title__contains="已答复").exists()
    services.case_rate(case_id=second.pk, actor=cast.li_member, rating=4)
    assert _refresh(second).state == State.CLOSED


def test_the_category_is_proposed_from_the_text_and_learnt(cast, submit, canteen):
    from tongxin.voice import classify

    assert classify.proposed_category("食堂的饭菜又贵又难吃") == canteen
    assert classify.proposed_category("通勤班车太挤，早班车次不够").name == "通勤"


def test_a_major_matter_is_shown_to_leadership_at_once_with_a_shorter_deadline(
    cast, submit, canteen
):
    case = services.case_accept(
        case_id=submit().pk, version=0, actor=cast.sun_chair, category=canteen, is_major=True
    )
    assert Notification.objects.filter(
        recipient=cast.wu_leader, title__contains="重大事项"
    ).exists()
    assert services.default_deadline(canteen, True) < services.default_deadline(canteen, False)
    assert case.is_major


def test_another_area_opens_a_case_and_hears_the_reply(cast, canteen):
    """The grid's problem list passes a problem on; the reply comes back to it."""
    from tongxin.voice import hooks

    heard = []
    hooks.on_reply("test-grid")(lambda case: heard.append((case.source_ref, case.reply)))
    try:
        case = services.case_open(
            actor=cast.zhao_secretary,
            channel="grid",
            organisation=cast.district_a,
            title="更衣室柜子不够",
            body="二班更衣室柜子不够用，三人共用一个。",
            source_app="test-grid",
            source_ref="problem-7",
        )
        assert case.entered_by == cast.zhao_secretary and case.submitter is None
        case = _accept_and_assign(cast, case, canteen, handler=cast.zhou_head)
        case = services.case_handle(
            case_id=case.pk, version=case.version, actor=cast.zhou_head, result="增购"
        )
        services.case_reply(
            case_id=case.pk, version=case.version, actor=cast.zhou_head, text="已增购柜子。"
        )
        assert heard == [("problem-7", "已增购柜子。")]
        assert Notification.objects.filter(
            recipient=cast.zhao_secretary, title__contains="已答复"
        ).exists()
        with pytest.raises(PermissionDenied):  # not in 钱进's reach
            services.case_open(
                actor=cast.qian_outsider,
                channel="grid",
                organisation=cast.district_a,
                title="标题",
                body="内容足够长的描述",
            )
    finally:
        hooks._reply_hooks.pop("test-grid", None)
