"""The daily check at the face finds a hazard; it is rectified, re-checked by another
person and closed; a failed re-check sends it back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.hazards import services
from tongxin.hazards.models import Hazard, Inspection, State
from tongxin.hazards.services import Finding, Mark


def _check_with_one_failure(cast, plan, categories, photo, responsible=None):
    items = list(services.current_version(plan).items.all())
    marks = [Mark(item_id=i.pk, ok=True) for i in items[1:]]
    marks.append(
        Mark(
            item_id=items[0].pk,
            ok=False,
            note="3号支架初撑力不足",
            finding=Finding(
                location="1201工作面 3号支架",
                category=categories["顶板"],
                severity="general",
                description="3号支架初撑力不足，顶板有离层迹象",
                measures="补液升柱，重新初撑",
                responsible=responsible,
            ),
            photos=[photo()],
        )
    )
    return services.inspection_record(actor=cast.wang_worker, plan=plan, marks=marks)


def test_found_rectified_rechecked_by_another_and_closed(cast, daily_plan, categories, photo):
    inspection = _check_with_one_failure(
        cast, daily_plan, categories, photo, responsible=cast.li_member
    )
    hazard = Hazard.objects.get(inspection=inspection)
    assert hazard.state == State.ASSIGNED and hazard.deadline is not None
    assert hazard.photos.count() == 1 and hazard.workplace.code == "ZC1201"
    hazard = services.hazard_start(
        hazard_id=hazard.pk, version=hazard.version, actor=cast.li_member
    )
    with pytest.raises(ValidationError, match="照片"):
        services.hazard_rectify(
            hazard_id=hazard.pk,
            version=hazard.version,
            actor=cast.li_member,
            note="已补液",
            photos=[],
        )
    hazard = services.hazard_rectify(
        hazard_id=hazard.pk,
        version=hazard.version,
        actor=cast.li_member,
        note="已补液升柱",
        photos=[photo("fixed.jpg")],
    )
    assert hazard.state == State.RECTIFIED
    # 李红 cannot re-check her own rectification, even if she holds the right office.
    with pytest.raises(PermissionDenied):
        services.hazard_recheck(
            hazard_id=hazard.pk, version=hazard.version, actor=cast.li_member, passed=True
        )
    # The finder fails it: back to rectification.
    hazard = services.hazard_recheck(
        hazard_id=hazard.pk,
        version=hazard.version,
        actor=cast.wang_worker,
        passed=False,
        note="仍有离层",
    )
    assert hazard.state == State.RECTIFYING
    hazard = services.hazard_rectify(
        hazard_id=hazard.pk,
        version=hazard.version,
        actor=cast.li_member,
        note="加打锚杆",
        photos=[photo()],
    )
    hazard = services.hazard_recheck(
        hazard_id=hazard.pk, version=hazard.version, actor=cast.wang_worker, passed=True
    )
    hazard = Hazard.objects.get(pk=hazard.pk)
    assert hazard.state == State.CLOSED and hazard.rechecked_by == cast.wang_worker
    actions = list(hazard.events.values_list("action", flat=True))
    assert actions == ["report", "start", "rectify", "recheck_fail", "rectify", "recheck_pass"]


def test_an_inspection_is_done_once_per_period_and_must_cover_every_item(
    cast, daily_plan, categories, photo
):
    items = list(services.current_version(daily_plan).items.all())
    with pytest.raises(ValidationError, match="没有检查"):
        services.inspection_record(
            actor=cast.wang_worker, plan=daily_plan, marks=[Mark(item_id=items[0].pk, ok=True)]
        )
    services.inspection_record(
        actor=cast.wang_worker, plan=daily_plan, marks=[Mark(item_id=i.pk, ok=True) for i in items]
    )
    with pytest.raises(services.Conflict, match="已由 王强 完成"):
        services.inspection_record(
            actor=cast.wang_worker,
            plan=daily_plan,
            marks=[Mark(item_id=i.pk, ok=True) for i in items],
        )
    with pytest.raises(PermissionDenied):  # 钱进 is of another district
        services.inspection_record(actor=cast.qian_outsider, plan=daily_plan, marks=[])
    assert Inspection.objects.count() == 1


def test_a_failed_item_without_what_it_needs_saves_nothing(cast, daily_plan, categories):
    items = list(services.current_version(daily_plan).items.all())
    marks = [Mark(item_id=i.pk, ok=True) for i in items[1:]]
    marks.append(
        Mark(
            item_id=items[0].pk,
            ok=False,
            finding=Finding(location="", category=None, severity="bad", description=""),
        )
    )
    with pytest.raises(ValidationError) as info:
        services.inspection_record(actor=cast.wang_worker, plan=daily_plan, marks=marks)
    assert "等级" in " ".join(info.value.messages)
    assert Inspection.objects.count() == 0 and Hazard.objects.count() == 0


def test_a_major_hazard_is_supervised_and_told_to_leadership(cast, categories):
    from tongxin.core.models import Notification

    hazard = services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.district_a,
        finding=Finding(
            location="1201回风巷",
            category=categories["瓦斯"],
            severity="major",
            description="回风流瓦斯浓度超限",
        ),
    )
    assert hazard.supervised and hazard.state == State.REPORTED
    assert Notification.objects.filter(
        recipient=cast.wu_leader, title__contains="挂牌督办"
    ).exists()
