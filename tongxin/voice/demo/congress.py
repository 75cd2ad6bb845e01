"""The workers' congress in session: its representatives, and their motions (提案)
co-signed, accepted with milestones, assigned, answered and one declined."""

from __future__ import annotations

from datetime import timedelta

from tongxin.people.models import OrgKind

from .. import services
from ..models import CongressSession, Milestone
from .context import DEPARTMENT_FOR, Plan, Seeder
from .driving import HANDLING, RATING_COMMENTS, REPLIES

CONGRESS = [
    ("薪酬福利", "关于提高井下一线职工津贴标准的提案",
     "井下津贴标准多年未调整，建议结合物价水平和兄弟单位标准适当提高，并建立定期调整机制。"),
    ("宿舍", "关于改善单身职工公寓住宿条件的提案",
     "单身公寓设施老化，热水、暖气问题较多，建议列入年度改造计划。"),
    ("通勤", "关于增开夜班通勤班车的提案",
     "夜班职工升井后没有回市区的班车，建议增开夜班通勤车。"),
    ("劳动安全", "关于建立职工职业健康档案的提案",
     "建议为接触粉尘、噪声的职工建立职业健康档案，每年体检结果本人可查。"),
    ("薪酬福利", "关于完善班组长津贴制度的提案",
     "班组长责任重、津贴低，建议按班组规模和风险等级分档发放津贴。"),
    ("其他", "关于设立困难职工子女助学金的提案",
     "建议由工会设立困难职工子女助学金，资助考上大学的困难职工子女。"),
    ("食堂", "关于改善井下班中餐质量的提案",
     "建议改进班中餐配送方式，保证饭菜热乎、营养搭配合理。"),
    ("其他", "关于增设职工文体活动场所的提案",
     "矿区文体活动场所少，建议利用闲置库房改建职工活动中心。"),
    ("薪酬福利", "关于劳务派遣人员同工同酬的提案",
     "建议逐步缩小劳务派遣人员与正式职工的待遇差距，实现同岗同酬。"),
    ("休息休假", "关于推行带薪年休假计划管理的提案",
     "建议年初制定年休假计划，保证每位职工能休满年假。"),
    ("设备", "关于增加井下休息硐室的提案",
     "建议在主要运输大巷增设休息硐室，配备座椅和饮水设施。"),
    ("薪酬福利", "关于为职工发放私家车燃油补贴的提案",
     "很多职工开私家车上下班，建议按里程发放燃油补贴。"),
]  # fmt: skip

CONGRESS_DECLINE_REASON = (
    "已有通勤班车覆盖主要居住区，且燃油补贴涉及集团统一薪酬政策，不属于本届职代会职权范围，"
    "不予立案；班车线路不足的问题转入《关于增开夜班通勤班车的提案》一并办理。"
)
CONGRESS_MILESTONES = ("制定实施方案", "报矿务会审议", "组织实施", "向职工代表通报落实情况")


def session(seeder: Seeder) -> None:
    session = CongressSession.objects.create(
        organisation=seeder.mine,
        name=f"{seeder.mine.name}第五届职工代表大会第三次会议",
        opens_on=seeder.today - timedelta(days=21),
        closes_on=seeder.today + timedelta(days=9),
        cosign_required=2,
    )
    representatives = [p for p in (seeder.logins.get("demo01"), seeder.logins.get("demo02")) if p]
    districts = sorted(
        (u for u in seeder.units.values() if u.kind == OrgKind.DISTRICT), key=lambda u: u.path
    )
    for unit in seeder.rng.sample(districts, min(8, len(districts))):
        people = [w for w in seeder.workers if seeder.unit_of[w.pk] == unit]
        leaders = [w for w in people if w.post == "班长"] or people
        if leaders:
            representatives.append(leaders[0])
    session.representatives.set(representatives)
    finals = [
        "assigned", "cosigning", "submitted", "accepted", "assigned", "replied",
        "closed", "cosigning", "accepted", "assigned", "submitted", "declined",
    ]  # fmt: skip
    proposers = [p for p in representatives if p.employee_no != "demo01"]
    officer = seeder.mine_officer
    for i, ((category, title, body), final) in enumerate(zip(CONGRESS, finals, strict=True)):
        proposer = proposers[i % len(proposers)]
        case = services.congress_submit(submitter=proposer, session=session, title=title, body=body)
        others = [p for p in representatives if p.pk != proposer.pk]
        cosigners = seeder.rng.sample(others, 1 if final == "cosigning" else 2)
        for person in cosigners:
            services.congress_cosign(case_id=case.pk, representative=person)
        if final == "declined":
            services.case_decline(
                case_id=case.pk, version=None, actor=officer, reason=CONGRESS_DECLINE_REASON
            )
        elif final not in ("cosigning", "submitted"):
            services.case_accept(
                case_id=case.pk,
                version=None,
                actor=officer,
                category=seeder.categories[category],
                note="经提案审查委员会审查，予以立案。",
            )
            department = DEPARTMENT_FOR[category]
            handler = seeder.handler(department)
            for j, step in enumerate(CONGRESS_MILESTONES[: 2 if final == "accepted" else 4]):
                services.milestone_add(
                    case_id=case.pk,
                    actor=officer,
                    title=step,
                    due_on=seeder.today + timedelta(days=10 + 30 * j),
                )
            if final != "accepted":
                services.case_assign(
                    case_id=case.pk,
                    version=None,
                    actor=officer,
                    department=seeder.units[department],
                    handler=handler,
                )
                first = Milestone.objects.filter(case=case).order_by("pk").first()
                services.milestone_done(milestone_id=first.pk, actor=handler, note="已完成。")
            if final in ("replied", "closed"):
                services.case_handle(case_id=case.pk, version=None, actor=handler, result=HANDLING)
                services.case_reply(
                    case_id=case.pk,
                    version=None,
                    actor=handler,
                    text="提案答复：" + REPLIES[category],
                )
            if final == "closed":
                services.case_rate(
                    case_id=case.pk, actor=proposer, rating=4, comment=RATING_COMMENTS[4]
                )
        start = seeder.day_at(session.opens_on + timedelta(days=1 + i), 9 + i % 6)
        if final in ("cosigning", "submitted"):
            start = seeder.ago(seeder.rng.uniform(2, 6))
            end = start + timedelta(hours=seeder.rng.uniform(6, 40))
        else:
            end = seeder.ago(seeder.rng.uniform(0.3, 3))
        seeder.plans.append(Plan(case.pk, start, min(end, seeder.now)))
        seeder.case_ids.append(case.pk)
