"""A workers' forum (职工座谈会) held by demo04 in 综采一队 twelve days ago, and the
matters it raised, each a case (services.forum_record)."""

from __future__ import annotations

from datetime import timedelta

from .. import services
from ..models import ForumMeeting
from .context import Plan, Script, Seeder
from .driving import drive

FORUM_MATTERS = [
    ("升井后等罐时间长", "工作面离井底远，升井后经常要等罐二三十分钟，希望优化提升调度。"),
    ("班前会时间过长", "班前会经常开四十多分钟，有些内容重复，希望精简。"),
    ("希望增加井下饮水点", "综采工作面附近没有饮水点，夏天喝水要走很远，希望增设。"),
    ("检修班人员不足", "检修班人员缺口大，检修任务重，经常延点，希望补充人员。"),
]


def meeting(seeder: Seeder) -> None:
    chair = seeder.logins.get("demo04") or seeder.mine_officer
    unit = seeder.district if seeder.logins.get("demo04") else seeder.mine
    held_on = seeder.today - timedelta(days=12)
    present = [w for w in seeder.in_demo_district[:12]] or seeder.workers[:12]
    meeting = services.forum_record(
        actor=chair,
        organisation=unit,
        held_on=held_on,
        place=f"{unit.name}会议室",
        attendees="、".join(p.name for p in present),
        attendee_count=len(present),
        matters=[{"title": t, "body": b} for t, b in FORUM_MATTERS],
    )
    ForumMeeting.objects.filter(pk=meeting.pk).update(created_at=seeder.day_at(held_on, 17, 20))
    categories = ("其他", "其他", "劳动安全", "其他")
    finals = ("replied", "assigned", "accepted", "submitted")
    for case, category, final in zip(meeting.cases.order_by("pk"), categories, finals, strict=True):
        script = Script(final, department="调度室" if final == "replied" else "")
        if not script.department and category == "其他":
            script.department = "生产技术部"
        drive(seeder, case, script, category)
        end = seeder.ago(seeder.rng.uniform(0.3, 3)) if final != "submitted" else None
        start = seeder.day_at(held_on, 17, 20)
        seeder.plans.append(Plan(case.pk, start, end or start))
        seeder.case_ids.append(case.pk)
