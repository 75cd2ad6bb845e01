"""Driving a case through the real services, step by step, as far as its script says:
accept, assign, handle, reply, reopen, rate (and a proposal's adoption and milestones),
each by the office holder whose step it is, so that every case has its timeline events,
audit rows and notifications exactly as if people had used the platform."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from tongxin.people.models import Organisation, Person

from .. import services
from ..models import Case, Channel, Milestone
from .context import DEPARTMENT_FOR, Script, Seeder
from .timing import plan

REPLIES = {
    "薪酬福利": "经人力资源部与财务科核对，您反映的情况属实，差额将在下月工资中补发，"
    "今后每月工资明细将在班组公示。",
    "休息休假": "已与所在单位沟通，下周起按轮休表安排调休，今后排班调整至少提前三天公布。",
    "劳动安全": "安监处已现场核实并督促整改，相关劳保用品和设施已补齐，请继续监督。",
    "食堂": "后勤服务队已约谈食堂承包方，调整了供应时间和菜价公示，欢迎继续提意见。",
    "宿舍": "后勤服务队已安排维修人员上门处理，问题已修复，如再出现请随时报修。",
    "通勤": "已调整班车时刻和车型，新的时刻表已在班车站点和平台上公布。",
    "培训": "人力资源部已调整培训安排，分两批进行，并补发了培训期间的补贴。",
    "职业发展": "评聘细则和结果已在公示栏和平台公开，您的申请已转人力资源部专人办理。",
    "设备": "机电科已安排检修并更换了损坏部件，设备运行正常，感谢您的反映。",
    "其他": "您的意见已收到并研究，相关部门已按意见改进，具体情况已在公示栏公布。",
}
HANDLING = "已现场核实，协调相关单位处理完毕，处理结果已与提出人沟通。"
INFO_QUESTION = "请补充具体时间、地点和涉及的人员，方便我们核实。"
REOPEN_REASON = "答复说已经解决，但实际情况没有改变，请再核实一次。"
RATING_COMMENTS = {
    1: "答复敷衍，问题根本没解决。",
    2: "解决得太慢，答复也不具体。",
    3: "基本解决了，但拖的时间有点长。",
    4: "问题解决了，办事效率还可以。",
    5: "处理及时，答复清楚，非常满意！",
}


def drive(seeder: Seeder, case: Case, script: Script, category: str) -> None:
    final = script.final
    owner = case.submitter or case.entered_by
    anonymous = case.is_anonymous
    if final == "submitted":
        return
    officer = seeder.officer(case)
    services.case_accept(
        case_id=case.pk,
        version=None,
        actor=officer,
        category=seeder.categories[category],
        is_major=script.major,
    )
    if final == "accepted":
        return
    if final == "awaiting_info" and seeder.rng.random() < 0.5:
        services.case_request_info(
            case_id=case.pk, version=None, actor=officer, question=INFO_QUESTION
        )
        return
    department = script.department or DEPARTMENT_FOR[category]
    handler = script.handler or seeder.handler(department)
    services.case_assign(
        case_id=case.pk,
        version=None,
        actor=officer,
        department=seeder.units[department],
        handler=handler,
    )
    if final in ("assigned", "assigned_overdue"):
        return
    if final == "awaiting_info":
        services.case_request_info(
            case_id=case.pk, version=None, actor=handler, question=INFO_QUESTION
        )
        return
    services.case_handle(case_id=case.pk, version=None, actor=handler, result=HANDLING)
    if script.adopt is not None:
        adopt(seeder, case, script, officer, handler)
    if final in ("handled", "handled_overdue"):
        return
    reply = script.extra.get("reply") or REPLIES[category]
    services.case_reply(case_id=case.pk, version=None, actor=handler, text=reply)
    if final in ("replied", "autoclose"):
        return
    owner_args = {"actor": None, "receipt_ok": True} if anonymous else {"actor": owner}
    if final.startswith("reopened"):
        services.case_reopen(case_id=case.pk, reason=REOPEN_REASON, **owner_args)
        if final != "reopened_closed":
            return
        services.case_handle(
            case_id=case.pk, version=None, actor=handler, result="已再次现场核实并彻底整改。"
        )
        services.case_reply(
            case_id=case.pk,
            version=None,
            actor=handler,
            text="经矿领导督办，已再次核实并彻底整改，请您检查。" + reply,
        )
    rating = script.rating or draw_rating(seeder)
    services.case_rate(
        case_id=case.pk, rating=rating, comment=RATING_COMMENTS[rating], **owner_args
    )
    if script.extra.get("done"):
        for milestone in Milestone.objects.filter(case=case).order_by("pk")[: script.extra["done"]]:
            services.milestone_done(milestone_id=milestone.pk, actor=handler, note="已按计划完成。")


def adopt(seeder: Seeder, case: Case, script: Script, officer: Person, handler: Person) -> None:
    benefit, amount, reward = script.extra.get("benefit", ("", None, None))
    services.proposal_adopt(
        case_id=case.pk,
        version=None,
        actor=officer,
        adopted=script.adopt,
        benefit=benefit if script.adopt else "",
        benefit_amount=Decimal(amount) if script.adopt and amount else None,
        reward_amount=Decimal(reward) if script.adopt and reward else None,
    )
    for i, title in enumerate(script.milestones if script.adopt else ()):
        services.milestone_add(
            case_id=case.pk,
            actor=handler,
            title=title,
            due_on=seeder.today + timedelta(days=15 + 30 * i),
        )


def draw_rating(seeder: Seeder) -> int:
    return seeder.rng.choices((5, 4, 3, 2, 1), (40, 30, 15, 10, 5))[0]


def submit(seeder: Seeder, person, template, script: Script, *, channel=Channel.REQUEST) -> Case:
    category, title, body, *rest = template
    if rest and not script.department:
        script.department = rest[0]
    unit = seeder.unit_of.get(person.pk) or person.unit
    case, _receipt = services.case_submit(
        submitter=person,
        channel=channel,
        title=seeder.fill(title, person, unit)[:60],
        body=seeder.fill(body, person, unit),
    )
    drive(seeder, case, script, category)
    plan(seeder, case, script, category)
    return case


def submit_anonymous(seeder: Seeder, template, script: Script, unit: Organisation) -> Case:
    category, title, body, *_rest = template
    case, receipt = services.case_submit(
        submitter=None,
        channel=Channel.SUGGESTION,
        title=title,
        body=seeder.fill(body, None, unit),
        anonymous=True,
        organisation=unit,
    )
    drive(seeder, case, script, category)
    plan(seeder, case, script, category)
    if script.final == "replied" and seeder.receipt is None:
        seeder.receipt = receipt
    return case


def scripts(seeder: Seeder, counts: dict[str, int]) -> list[Script]:
    """Scripts for `counts` of each final state, overdue ones with their days over."""
    out = []
    for final, n in counts.items():
        for _ in range(n):
            overdue = seeder.rng.randint(1, 20) if final.endswith("_overdue") else 0
            out.append(Script(final, overdue_days=overdue))
    seeder.rng.shuffle(out)
    return out
