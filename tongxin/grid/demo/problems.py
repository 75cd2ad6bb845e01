"""The problem list in every state.

Open, solved in the branch (problem_solve), passed to a department (problem_pass: a real
voice case in the department's inbox) and answered (the department's case_handle and
case_reply, whose hook brings the answer back to the list). Most come from the
quarterly meetings (meetings.py); a few were raised in the last weeks and are still open.
"""

from __future__ import annotations

from datetime import date, timedelta

from tongxin.core.workdays import add_workdays
from tongxin.voice import services as voice
from tongxin.voice.models import Case, CaseEvent

from ..models import Problem, ProblemSource
from ..services import problems
from .context import DEMO_DEPARTMENT, Seeder

# (title, body, voice category, department, the department's answer, the branch's own fix)
PROBLEMS = [
    ("澡堂热水供应不稳定", "职工反映夜班升井后澡堂热水时有时无，冬季洗澡受凉。",
     "宿舍", "", "", "已与澡堂协调，夜班升井时段安排专人看护锅炉，热水恢复正常。"),
    ("井口候车室座椅损坏", "候车室有六把座椅损坏，职工候车只能站着。",
     "其他", "", "", "支部组织人员修复座椅四把，另两把已更换。"),
    ("夜班班中餐送餐不及时", "夜班班中餐经常晚到半小时以上，饭菜凉了。",
     "食堂", "", "", "已与食堂沟通，调整送餐路线，提前出餐。"),
    ("工作面手机信号差", "工作面和顺槽无线信号差，应急联系不便。",
     "设备", "机电科", "已安排在顺槽增设基站两台，本月底前完成安装调试。", ""),
    ("矿灯充电架故障", "充电架有多个充电位接触不良，矿灯充不满电。",
     "设备", "机电科", "已更换故障充电模块十二个，并列入月度检修计划。", ""),
    ("通勤车发车时间与交接班不衔接", "早班通勤车到井口比交接班时间晚十分钟，职工常迟到。",
     "通勤", "调度室", "已协调通勤公司，早班车提前十五分钟发车，自下周一起执行。", ""),
    ("劳保鞋尺码不全", "本季度发放的劳保鞋缺少大码，部分职工领不到合适的。",
     "其他", "供应部", "已补充采购43、44码劳保鞋，下周发放到区队。", ""),
    ("工资条津贴项目看不懂", "职工反映工资条上津贴项目名称太简略，不知道怎么算的。",
     "薪酬福利", "人力资源部", "已在工资条上增加津贴计算说明，并在区队开展一次政策宣讲。", ""),
    ("单身宿舍空调损坏", "单身宿舍二楼有三间空调不制冷，夏季无法休息。",
     "宿舍", "", "", "后勤维修班已修复三台空调。"),
    ("技能培训名额少", "技师培训每年名额太少，一线职工报名难。",
     "培训", "人力资源部", "今年技师培训名额增加到四十人，向一线倾斜。", ""),
    ("区队学习室电脑老旧", "学习室电脑运行慢，网上学习经常卡顿。",
     "设备", "", "", "支部协调更换电脑两台。"),
    ("防尘口罩供应不足", "近期防尘口罩发放不及时，有时一周才领到一个。",
     "劳动安全", "安监处", "已督促供应部每周按人头发放，并纳入安全检查内容。", ""),
]  # fmt: skip
OPEN_PROBLEMS = [
    ("顺槽行人通道积水", "运输顺槽低洼处积水较深，职工上下班趟水通过，希望安排排水。"),
    ("班组更衣柜不够用", "新调入职工较多，班组更衣柜不够，有人两人共用一个。"),
    ("井下饮水点太少", "工作面附近只有一个饮水点，夏季职工喝水不方便。"),
]
SOLVED_NOTES = ["支部已协调解决，职工表示满意。"]


def deal_with(seeder: Seeder, branch, problem, spec, held, categories, departments) -> None:
    """Solve it in the branch, or pass it to the department (answered or not yet)."""
    rng = seeder.rng
    title, body, category, department, answer, own_fix = spec
    if not department:
        if branch.is_demo or rng.random() < 0.85:
            problem = problems.problem_solve(
                actor=branch.secretary, problem_id=problem.pk, version=problem.version,
                resolution=own_fix,
            )  # fmt: skip
            solved = seeder.day_in(held + timedelta(days=3), held + timedelta(days=25))
            Problem.objects.filter(pk=problem.pk).update(
                closed_at=seeder.at(solved, rng.uniform(9, 18))
            )
        return
    unit = departments.get(department)
    head = seeder.heads.get(department)
    if unit is None or category not in categories:
        return
    passed = seeder.day_in(held + timedelta(days=1), held + timedelta(days=6))
    problem = problems.problem_pass(
        actor=branch.secretary, problem_id=problem.pk, version=problem.version,
        department=unit, category=categories[category],
        deadline=add_workdays(seeder.today, 10),
        note="请按期答复，支部将跟踪办理结果。",
    )  # fmt: skip
    # 机电科's recent one waits in its inbox; the rest are answered.
    waiting = department == DEMO_DEPARTMENT and (branch.is_demo or rng.random() < 0.3)
    if branch.is_demo and department != DEMO_DEPARTMENT:
        waiting = False
    if not waiting and head is not None and rng.random() < (1.0 if branch.is_demo else 0.8):
        case = voice.case_handle(case_id=problem.case_id, version=None, actor=head, result=answer)
        voice.case_reply(case_id=case.pk, version=None, actor=head, text=answer)
    retime_case(seeder, problem.case_id, passed, waiting)


def retime_case(seeder: Seeder, case_id: int, passed: date, waiting: bool) -> None:
    """The case's timeline from the day the branch passed it."""
    rng = seeder.rng
    case = Case.objects.get(pk=case_id)
    category_days = case.category.deadline_days if case.category else 10
    deadline = add_workdays(passed, category_days)
    if waiting:
        # Passed recently: still within its deadline in the department's inbox.
        passed = seeder.day_in(seeder.today - timedelta(days=4), seeder.today)
        deadline = add_workdays(passed, category_days)
    start = seeder.at(passed, rng.uniform(9, 17))
    replied = seeder.at(
        seeder.day_in(passed + timedelta(days=2), min(deadline, seeder.today)), rng.uniform(9, 18)
    )
    replied = max(replied, start + timedelta(hours=2))
    moments = {}
    for event in CaseEvent.objects.filter(case_id=case_id).order_by("pk"):
        if event.action in ("handle", "reply"):
            moments[event.pk] = replied - timedelta(minutes=30 if event.action == "handle" else 0)
        else:
            moments[event.pk] = start + timedelta(minutes=len(moments))
    for pk, moment in moments.items():
        CaseEvent.objects.filter(pk=pk).update(at=min(moment, seeder.now))
    fields = {"created_at": start, "updated_at": max(moments.values(), default=start),
              "deadline": deadline}  # fmt: skip
    if case.replied_at:
        fields["replied_at"] = replied
        Problem.objects.filter(case_id=case_id).update(answered_at=replied)
    Case.objects.filter(pk=case_id).update(**fields)


def open_problems(seeder: Seeder) -> None:
    """Problems raised in the last weeks, still open: by grid members of 综采一队 and
    of a few other branches."""
    rng = seeder.rng
    chosen = ([seeder.demo] if seeder.demo else []) + rng.sample(
        [b for b in seeder.branches if not b.is_demo], min(3, len(seeder.branches) - 1)
    )
    for n, branch in enumerate(chosen):
        members = [pk for pk in seeder.covers if seeder.covers[pk] and pk in branch.roster.members]
        if not members:
            continue
        raiser = branch.roster.people[rng.choice(members)]
        title, body = OPEN_PROBLEMS[n % len(OPEN_PROBLEMS)]
        problem = problems.problem_raise(
            actor=raiser, branch=branch.org, title=title, body=body,
            source=ProblemSource.DIRECT if n % 2 else ProblemSource.TASK,
        )  # fmt: skip
        raised = seeder.today - timedelta(days=rng.randint(1, 12))
        Problem.objects.filter(pk=problem.pk).update(
            raised_on=raised, created_at=seeder.at(raised, rng.uniform(9, 20))
        )
        seeder.problem_ids.append(problem.pk)
