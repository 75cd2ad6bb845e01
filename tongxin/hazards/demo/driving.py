"""Each hazard driven as far as its script says: assigned, rectified with a photo,
re-checked by someone else (some re-checks failed), closed; and the supervision notes
and urges from the districts' union chairs."""

from __future__ import annotations

from .. import services
from ..models import Severity, Source
from .context import Script, Seeder

RECHECK_FAILS = ["现场复查仍有问题，整改不彻底", "整改照片与现场不符，请按措施重新整改",
                 "支护仍不到位，需继续处理"]  # fmt: skip
UNION_NOTES = [
    "请责任单位抓紧整改，整改期间做好现场警戒",
    "此处职工反映较多，工会将跟踪整改进度",
    "整改期间请落实临时安全措施，保障职工安全",
    "建议举一反三，对同类地点开展排查",
]
URGES = [
    "已超过整改期限，请立即整改并说明原因",
    "请于明日班前完成整改，工会将到现场复查",
    "超期未整改，请单位负责人督促落实",
]
RECTIFY_NOTES = ["已按措施整改完毕", "已整改，现场恢复正常", "已更换处理，经试验正常"]


def drive(seeder: Seeder, s: Script) -> None:
    rng = seeder.rng
    if s.final in ("reported", "pending", "dismissed"):
        return
    hazard_id = s.hazard_id
    if not s.at_report or s.source == Source.VIDEO:
        services.hazard_assign(
            hazard_id=hazard_id, version=None, actor=s.assigner, responsible=s.responsible
        )
    if s.final == "assigned":
        return
    if s.final == "rectifying" or rng.random() < 0.6:
        services.hazard_start(hazard_id=hazard_id, version=None, actor=s.responsible)
    if s.final == "rectifying" and not s.fail_once:
        return
    rectify(seeder, s)
    if s.fail_once:
        services.hazard_recheck(
            hazard_id=hazard_id, version=None, actor=s.checker, passed=False,
            note=rng.choice(RECHECK_FAILS),
        )  # fmt: skip
        if s.final == "rectifying":
            return
        rectify(seeder, s)
    if s.final == "rectified":
        return
    services.hazard_recheck(
        hazard_id=hazard_id, version=None, actor=s.checker, passed=True, note="复查合格"
    )


def rectify(seeder: Seeder, s: Script) -> None:
    services.hazard_rectify(
        hazard_id=s.hazard_id,
        version=None,
        actor=s.responsible,
        note=seeder.rng.choice(RECTIFY_NOTES),
        photos=[seeder.photo("fixed.jpg")],
    )


def supervise(seeder: Seeder) -> None:
    """The districts' union chairs watch the open hazards; the overdue ones they urge."""
    rng = seeder.rng
    demo04 = seeder.logins.get("demo04")
    for s in seeder.scripts:
        if s.final not in ("reported", "assigned", "rectifying", "rectified"):
            continue
        chair = seeder.chairs.get(s.district.pk)
        if s.severity == Severity.MAJOR and seeder.mine_chair is not None:
            chair = seeder.mine_chair
        if chair is None:
            continue
        ours = demo04 is not None and chair == demo04
        if s.overdue_days and rng.random() < (0.9 if ours else 0.5):
            s.notes.append(("urge", chair, rng.choice(URGES)))
        elif rng.random() < (0.4 if ours else 0.12):
            s.notes.append(("union_note", chair, rng.choice(UNION_NOTES)))
        for action, actor, text in s.notes:
            services.union_supervise(
                hazard_id=s.hazard_id, actor=actor, note=text, urge=action == "urge"
            )
