"""The 三三制 rhythm: missed inspections show; overdue hazards escalate once per level,
a major one reaching leadership once; video detections wait for a patrol."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tongxin.core.models import Notification
from tongxin.hazards import selectors, services
from tongxin.hazards.models import Hazard, Inspection, InspectionPlan, State
from tongxin.hazards.periods import period_of, periods_between
from tongxin.hazards.services import Finding, Mark

TZ = timezone.get_current_timezone()


def test_periods_follow_day_week_and_month():
    day = datetime.date(2026, 11, 24)
    assert period_of("crew_daily", day) == "2026-11-24"
    assert period_of("district_weekly", day) == "2026-W48"
    assert period_of("branch_monthly", day) == "2026-11"
    weeks = periods_between(
        "district_weekly", datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    )
    assert [w[0] for w in weeks] == [
        "2026-W44",
        "2026-W45",
        "2026-W46",
        "2026-W47",
        "2026-W48",
        "2026-W49",
    ]


def test_a_crew_that_skipped_its_daily_check_shows_as_missed(cast, daily_plan):
    today = timezone.localdate()
    InspectionPlan.objects.filter(pk=daily_plan.pk).update(
        starts_on=today - datetime.timedelta(days=3)
    )
    version = services.current_version(daily_plan)
    # Done the day before yesterday, skipped yesterday.
    Inspection.objects.create(
        plan=daily_plan,
        version=version,
        period=period_of("crew_daily", today - datetime.timedelta(days=2)),
        inspector=cast.wang_worker,
    )
    Inspection.objects.filter(plan=daily_plan).update(
        started_at=timezone.now() - datetime.timedelta(days=2)
    )
    missed = selectors.missed_inspections(
        cast.wu_leader, None, since=today - datetime.timedelta(days=3)
    )
    periods = sorted(m["period"] for m in missed)
    assert periods == [
        (today - datetime.timedelta(days=3)).isoformat(),
        (today - datetime.timedelta(days=1)).isoformat(),
    ]
    # Today is not missed yet; the outsider's reach does not include the crew.
    assert not selectors.missed_inspections(
        cast.qian_outsider, None, since=today - datetime.timedelta(days=3)
    )
    status = {row["plan"].pk: row["done"] for row in selectors.today_for(cast.wang_worker)}
    assert status[daily_plan.pk] is None


def _at(day):
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=TZ)


def _titles(person):
    return list(Notification.objects.filter(recipient=person).values_list("title", flat=True))


def test_an_overdue_major_hazard_escalates_to_leadership_once(cast, categories):
    hazard = services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=Finding(
            location="1201回风巷",
            category=categories["通风"],
            severity="major",
            description="局部通风机停运，回风巷无风",
            responsible=cast.li_member,
        ),
    )
    assert hazard.state == State.ASSIGNED
    leader_before = sum("超期" in t for t in _titles(cast.wu_leader))
    later = hazard.deadline + datetime.timedelta(days=1)
    assert services.sweep(now=_at(hazard.deadline)) == 0  # not overdue on its last day
    assert services.sweep(now=_at(later)) == 1  # level 1: responsible, head, union chair
    assert any("超过整改期限" in t for t in _titles(cast.li_member))
    assert any("超过整改期限" in t for t in _titles(cast.sun_chair))
    assert sum("超期" in t for t in _titles(cast.wu_leader)) == leader_before
    assert services.sweep(now=_at(later)) == 1  # level 2: leadership, major at once
    assert sum("超期" in t for t in _titles(cast.wu_leader)) == leader_before + 1
    for _ in range(3):
        assert services.sweep(now=_at(later + datetime.timedelta(days=5))) == 0
    assert Hazard.objects.get(pk=hazard.pk).escalation_level == 2


def test_a_video_detection_waits_for_a_patrol(cast, categories, photo):
    hazard = services.detection_create(
        actor=cast.wu_leader,
        unit=cast.district_a,
        finding=Finding(
            location="1号皮带机头",
            category=categories["运输"],
            severity="general",
            description="皮带跑偏",
        ),
        photo=photo(),
        source_ref="cam-07/frame-118223",
        confidence=0.91,
    )
    assert hazard.state == State.PENDING and hazard.source == "video" and hazard.reported_by is None
    with pytest.raises(PermissionDenied):  # 王强 is not a Party member
        services.hazard_confirm(hazard_id=hazard.pk, version=hazard.version, actor=cast.wang_worker)
    hazard = services.hazard_confirm(
        hazard_id=hazard.pk, version=hazard.version, actor=cast.li_member, note="现场确认跑偏"
    )
    assert hazard.state == State.REPORTED and hazard.reported_by == cast.li_member
    other = services.detection_create(
        actor=cast.wu_leader,
        unit=cast.district_a,
        finding=Finding(
            location="2号皮带",
            category=categories["运输"],
            severity="general",
            description="物料堆积",
        ),
        photo=photo(),
        source_ref="cam-08/frame-1",
        confidence=0.55,
    )
    with pytest.raises(ValidationError, match="理由"):
        services.hazard_dismiss(
            hazard_id=other.pk, version=other.version, actor=cast.li_member, reason=""
        )
    assert (
        services.hazard_dismiss(
            hazard_id=other.pk,
            version=other.version,
            actor=cast.li_member,
            reason="现场无堆积，阴影误判",
        ).state
        == State.DISMISSED
    )
    with pytest.raises(ValidationError, match="置信度"):
        services.detection_create(
            actor=cast.wu_leader,
            unit=cast.district_a,
            finding=Finding(
                location="3号皮带",
                category=categories["运输"],
                severity="general",
                description="跑偏",
            ),
            photo=photo(),
            source_ref="cam-09",
            confidence=7,
        )


def test_the_union_supervises_and_urges(cast, categories):
    hazard = services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=Finding(
            location="二班工具房",
            category=categories["机电"],
            severity="general",
            description="配电箱门无法关闭",
        ),
    )
    services.union_supervise(
        hazard_id=hazard.pk, actor=cast.sun_chair, note="请尽快指派", urge=True
    )
    assert list(hazard.events.values_list("action", flat=True))[-1] == "urge"
    with pytest.raises(PermissionDenied):
        services.union_supervise(hazard_id=hazard.pk, actor=cast.qian_outsider, note="越权督促")


def test_bad_photos_are_refused_and_nothing_is_saved(cast, categories, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("looks-like.jpg", b"not an image at all", content_type="image/jpeg")
    finding = Finding(
        location="一班", category=categories["其他"], severity="general", description="地面积水较多"
    )
    with pytest.raises(ValidationError, match="不是可识别的图片"):
        services.hazard_report(
            actor=cast.wang_worker, unit=cast.crew_a1, finding=finding, photos=[fake]
        )
    settings.PHOTO_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8" + b"0" * (1024 * 1024 + 10), content_type="image/jpeg"
    )
    with pytest.raises(ValidationError, match="太大"):
        services.hazard_report(
            actor=cast.wang_worker, unit=cast.crew_a1, finding=finding, photos=[big]
        )
    assert Hazard.objects.count() == 0


def test_a_stored_photo_has_no_exif(cast, categories):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image = Image.new("RGB", (300, 200), "brown")
    exif = Image.Exif()
    exif[0x010F] = "MinePhone"
    exif[0x8825] = {1: "N", 2: (37.0, 51.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    upload = SimpleUploadedFile("IMG.jpg", out.getvalue(), content_type="image/jpeg")
    hazard = services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=Finding(
            location="一班",
            category=categories["其他"],
            severity="general",
            description="巷道照明不足",
        ),
        photos=[upload],
    )
    with Image.open(hazard.photos.get().image.path) as stored:
        assert not stored.getexif() and "exif" not in stored.info


@pytest.mark.django_db(transaction=True)
def test_two_people_on_the_same_hazard_one_succeeds():
    import threading

    from django.db import connection

    from tests.cast import build_cast
    from tongxin.hazards.models import HazardCategory

    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite serialises writers; the version check is covered by the API and page tests"
        )
    cast = build_cast()
    hazard = services.hazard_report(
        actor=cast.wang_worker,
        unit=cast.crew_a1,
        finding=Finding(
            location="一班",
            category=HazardCategory.objects.get(name="顶板"),
            severity="general",
            description="顶板淋水",
        ),
    )
    barrier, results = threading.Barrier(2), []

    def act(person):
        barrier.wait()
        try:
            services.hazard_assign(
                hazard_id=hazard.pk, version=0, actor=person, responsible=cast.li_member
            )
            results.append("ok")
        except services.Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(p,)) for p in (cast.wu_leader, cast.feng_admin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]


def test_marks_are_checked_against_the_current_version(cast, daily_plan):
    with pytest.raises(ValidationError):
        services.inspection_record(
            actor=cast.wang_worker, plan=daily_plan, marks=[Mark(item_id=999999, ok=True)]
        )


def test_a_party_member_finds_pending_detections_on_the_today_page(
    cast, categories, photo, client_for
):
    services.detection_create(
        actor=cast.wu_leader,
        unit=cast.district_a,
        finding=Finding(
            location="3号皮带机尾",
            category=categories["运输"],
            severity="general",
            description="物料堆积",
        ),
        photo=photo(),
        source_ref="cam-11/frame-9",
        confidence=0.8,
    )
    page = client_for(cast.li_member).get("/hazards/").content.decode()
    assert "待党员巡检到现场确认" in page and "3号皮带机尾" in page
    assert "3号皮带机尾" not in client_for(cast.wang_worker).get("/hazards/").content.decode()
