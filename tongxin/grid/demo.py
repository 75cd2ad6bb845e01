"""Grid demo data for the demo mine (SPEC §2), called by `manage.py seed_demo`.

In the first mine (the one demo01 works in), driven through the grid services by the
mine's own people:

- the four-level network of every branch: each secretary imports the branch's sheet of
  links (services.network.links_import: the leadership member who links to the branch,
  secretary and team head → cadres, cadres → crew leaders and Party members, Party
  members → the workers of their crews); in 综采一队 and one other branch the crews are
  split among their Party members on the split page instead (crew_split). A few workers
  are left uncovered, a couple of Party members cover nobody and one covers too many,
  so the coverage pages have something to show; some links were handed over last
  quarter (link_move) when people moved, so the history has both;
- monthly tasks generated for last month and this month (services.tasks.generate_month):
  most of last month's done, this month's under way, some overdue, a few added by the
  secretaries (task_add);
- life events of every kind over the last four weeks (event_record by grid members and
  secretaries, one event_report_own by a worker), with their visit tasks; most visited
  (services.visits.visit_log), a couple overdue; one visit's follow-up opened a care
  item, one became a worker-voice case;
- last month's monthly reports: accepted, waiting for review, one returned with a note,
  some not filed (综采一队's through report_submit, report_accept and report_return);
  last quarter's self-summaries; a quarterly grid meeting per branch with minutes and
  the problems it raised (meeting_record);
- the problem list in every state: open, solved in the branch (problem_solve), passed
  to a department (problem_pass: a real voice case in the department's inbox) and
  answered (the department's case_handle and case_reply, whose hook brings the answer
  back to the list);
- two spot checks by the discipline inspector (spot_draw, spot_record) with findings.

What the sign-ins find: demo02 the workers he covers (demo01 among them), this month's
tasks with a life-event visit due, last month's report still to file; demo03 reports to
review, overdue tasks, the problem list in every state and a few uncovered workers;
demo05 a grid problem passed to 机电科 in the voice inbox; demo06 coverage mine-wide;
demo07 two spot checks; demo01 a Party member who covers him.

Dates: the services stamp "now" and give a life event's task its deadline from the
day it is recorded. As in the other demos, timestamps are moved back afterwards with
queryset .update() (demo data only): a life event's and its task's created_at, month,
due date and done_at, a visit's created_at, a problem's created_at, raised_on and
closed_at, a report's review time, a passed problem's case and its events, a spot
check's times. Reports are filed through report_submit with `now` early this month.

Written in bulk, to keep the seeding within seconds, with the same rows and audit
entries the services write: the routine visits that answer the monthly "走访联系职工"
tasks and the other tasks done (several thousand: task_complete's and visit_log's
rows), and the other branches' monthly reports (report_submit's and report_accept's
rows, the figures computed as report_figures.month_figures computes them, which
tests/grid/test_demo.py checks). The audit log keeps the real time of seeding.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tongxin.core import audit
from tongxin.core.models import AuditEvent
from tongxin.core.workdays import add_workdays
from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment, Tree
from tongxin.people.selectors import mine_of
from tongxin.voice import services as voice
from tongxin.voice.models import Case, CaseEvent, Category

from .coverage import BranchRoster, branch_roster, crews_of
from .models import (
    EventKind,
    FollowUp,
    GridLink,
    GridMeeting,
    GridTask,
    Level,
    LifeEvent,
    MonthlyReport,
    Problem,
    ProblemSource,
    ProblemState,
    QuarterSummary,
    ReportState,
    SpotCheck,
    SpotCheckItem,
    TaskKind,
    TaskState,
    TaskTemplate,
    Visit,
    VisitKind,
)
from .periods import current_q, first_of, next_month, previous_month
from .report_figures import (
    GIST_CHARS,
    MAX_VISIT_ROWS,
    _gist,
    report_deadline,
)
from .services import events, network, problems, reports, spotchecks, tasks, visits

DEMO_DISTRICT = "综采一队"
DEMO_DEPARTMENT = "机电科"
MAX_COVERED = 8  # what a Party member covers at most here (settings.GRID_MAX_COVERED by default)

# --- what people write (invented) -------------------------------------------------------------
ROUTINE_TALKS = [
    "班前会后与{name}谈心，了解近期工作和家庭情况，情绪稳定，无特殊困难。",
    "到{name}家中走访，家属反映生活正常，叮嘱其注意休息、安全生产。",
    "与{name}谈心，交流本月安全生产情况，提醒其遵守手指口述操作规程。",
    "升井后与{name}聊家常，孩子上学、老人身体都好，工作上没有顾虑。",
    "与{name}谈心，其反映夜班较多、休息不足，已向区队反映调整排班。",
    "走访{name}，了解到其爱人刚换工作，家庭收入稳定，无困难需要帮助。",
    "与{name}谈心谈话，宣讲矿上新出台的井下津贴政策，本人表示理解。",
    "与{name}交流技能提升打算，本人有意参加技师培训，已告知报名办法。",
    "与{name}谈心，提醒其按时参加安全培训和班组学习。",
    "走访{name}家，老人身体不太好，已告知可通过工会申请医疗互助。",
    "与{name}谈心，其对班组分配有些意见，已做解释并转告班长。",
    "与{name}谈心，近期状态良好，对区队食堂饭菜质量提了建议。",
]
CADRE_TALKS = [
    "与{name}谈话，听取其所包职工的走访情况，督促按时填报月报表。",
    "与{name}交流本班组网格工作，了解职工思想动态，没有突出问题。",
    "检查{name}的走访记录，内容较完整，提醒对困难职工多关注。",
    "与{name}谈心，布置本月安全互保和诉求收集工作。",
]
TASK_NOTES = [
    "已完成，情况已记录。",
    "本月收集职工意见三条，已反映给支部。",
    "结合岗位开展安全互保，上报隐患一条。",
    "已按要求完成。",
    "已听取汇报，问题已列入清单。",
]
ADDED_TASKS = [
    ("排查所包职工家庭困难情况", "摸清所包职工家中有无重病、子女上学等困难，报支部汇总。"),
    ("督促所包职工参加安全培训", "本月安全培训尚有职工未参加，请逐一通知到人。"),
    ("了解职工对夜班津贴的意见", "收集所包职工对夜班津贴调整的意见，周五前反馈。"),
]

# kind: (description, visit content, follow-up text)
EVENT_TEXT = {
    EventKind.ILLNESS_INJURY: [
        ("工作中扭伤脚踝，在家休养", "上门看望，伤情恢复较好，转达区队关心，叮嘱安心养伤。", ""),
        ("突发阑尾炎住院手术", "到医院看望，手术顺利，帮助办理住院报销手续。", ""),
        ("检修时手指挤伤，缝合三针", "到家中看望，伤口恢复正常，已按规定申报工伤。",
         "工伤认定材料已交，希望加快认定进度"),
    ],
    EventKind.BEREAVEMENT: [
        ("父亲病故", "代表支部上门慰问，帮助协调请假，家属情绪基本稳定。", ""),
        ("母亲去世", "上门吊唁慰问，送上慰问金，了解家中还有无困难。", ""),
    ],
    EventKind.MARRIAGE_BIRTH: [
        ("喜得一子", "上门祝贺，送上祝福，提醒合理安排陪产假。", ""),
        ("国庆期间结婚", "送上支部祝福，了解婚后住房安排，有意申请周转房。", ""),
    ],
    EventKind.HARDSHIP: [
        ("妻子患重病，家庭负担重", "到家中走访，妻子需长期治疗，孩子上学，家中积蓄已用完。",
         "家庭生活困难，建议纳入困难职工帮扶"),
        ("家中房屋漏雨需要维修", "走访了解房屋情况，已联系工会看能否给予帮助。", ""),
    ],
    EventKind.CONFLICT_DISCIPLINE: [
        ("因违章作业受到处分", "谈心谈话，帮助其认识违章的危害，本人表示接受处理、吸取教训。", ""),
        ("与班组同事发生口角", "分别与双方谈心，化解矛盾，双方已和好。", ""),
    ],
}  # fmt: skip

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
MEETING_PLACES = ("区队会议室", "支部活动室", "调度楼三楼会议室")
MINUTES = (
    "会议由支部书记主持，传达矿党委关于党建网格化管理的工作要求，通报本季度各网格员"
    "走访联系、月报表填报和任务完成情况。各包保党员逐一汇报所包职工思想动态和家庭困难，"
    "对本季度收集的职工诉求逐条梳理，能在支部解决的明确责任人和时限，需部门解决的列入"
    "问题清单转办。会议要求下季度做到“五必谈五必访”不漏一人，月报表按时提交。"
)
ABSENT_NOTES = ("", "一人夜班未参加，会后已传达会议精神。", "两人休假，会后补学。")
OWN_WORDS = [
    "本月按计划走访了所包职工，重点关注了家中有困难的职工，收集意见建议并及时反映。"
    "下月继续做好安全互保，督促职工参加安全培训。",
    "本月与所包职工逐一谈心，了解思想动态，职工情绪总体稳定。反映澡堂热水问题一条。"
    "下月计划对困难职工再走访一次。",
    "本月完成了支部交办的各项任务，配合班组开展安全隐患排查。下月重点做好新入职职工的思想引导。",
    "本月走访联系职工，协助一名职工办理医疗报销。下月将继续收集职工诉求。",
]
RETURN_NOTES = [
    "走访记录过于简单，请补充每名职工的具体情况和需要帮助的事项后重新提交。",
]
ACCEPT_NOTES = ["", "", "内容完整，继续保持。", "情况属实，请继续关注困难职工。"]
SUMMARIES = [
    "本季度我按照支部安排，联系包保职工{n}名，每月至少走访谈心一次，及时掌握职工思想和"
    "家庭情况，反映职工诉求，配合支部解决了实际问题。不足是走访记录还不够细，下季度改进。",
    "本季度认真履行网格员职责，与所包职工经常谈心交流，做好安全互保，帮助困难职工申请"
    "帮扶。下季度将加强政策学习，更好地为职工解疑释惑。",
]
SOLVED_NOTES = ["支部已协调解决，职工表示满意。"]
SPOT_NOTES = {
    "good": ["走访记录完整，所包职工均能说出网格员姓名", "任务按时完成，月报表内容翔实"],
    "weak": ["部分走访记录内容简单，缺少具体情况", "有一名所包职工反映本月未见到网格员"],
    "failed": ["本月未开展走访，任务清单多项超期"],
}


@dataclass
class GridSeedResult:
    links: int
    workers: int
    covered: int
    tasks: int
    overdue: int
    events: int
    visits: int
    reports: int
    problems: dict[str, int]
    seconds: float


def seed(*, seed: int, progress: Callable[[str], None] | None = None) -> GridSeedResult | None:
    """Seed the demo mine's grid, unless it is already there."""
    demo01 = Person.objects.filter(employee_no="demo01").select_related("unit").first()
    if demo01 is None or demo01.unit is None:
        return None
    mine = mine_of(demo01.unit)
    if GridLink.objects.filter(branch__unit__path__startswith=mine.path).exists():
        return None
    started = time.monotonic()
    with transaction.atomic():
        seeder = _Seeder(random.Random(f"{seed}:grid"), mine)
        seeder.run()
    result = seeder.result(time.monotonic() - started)
    if progress:
        states = "，".join(f"{ProblemState(s).label} {n}" for s, n in result.problems.items() if n)
        progress(
            f"网格化管理：{result.links} 条网格联系（职工 {result.workers} 人，已覆盖 "
            f"{result.covered} 人），任务 {result.tasks} 项（超期 {result.overdue}），"
            f"五必谈五必访 {result.events} 件，走访 {result.visits} 次，月报表 "
            f"{result.reports} 份，问题清单（{states}），{result.seconds:.1f} 秒"
        )
    return result


@dataclass
class _Branch:
    org: Organisation
    roster: BranchRoster
    secretary: Person | None
    crews: list[Organisation]
    is_demo: bool = False


class _Seeder:
    def __init__(self, rng: random.Random, mine: Organisation):
        self.rng = rng
        self.mine = mine
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.this_month = first_of(self.today)
        self.last_month = previous_month(self.this_month)
        quarter = (self.today.month - 1) // 3 + 1
        last_q = (self.today.year, quarter - 1) if quarter > 1 else (self.today.year - 1, 4)
        self.last_quarter = last_q
        self.lq_start = date(last_q[0], 3 * last_q[1] - 2, 1)
        self.lq_end = next_month(date(last_q[0], 3 * last_q[1], 1)) - timedelta(days=1)
        # The network as set up at the start of the quarter before last.
        self.start = previous_month(previous_month(previous_month(self.lq_start)))
        self.move_day = self.lq_start + timedelta(days=40)
        roles = list(
            RoleAssignment.objects.filter(person__is_active=True)
            .select_related("person__unit", "organisation__unit")
            .order_by("pk")
        )
        self.leaders = sorted(
            {a.person for a in roles if a.role == Role.LEADERSHIP and a.organisation_id == mine.pk},
            key=lambda p: p.employee_no,
        )
        self.admin = next(
            (a.person for a in roles if a.role == Role.ADMIN and a.organisation_id == mine.pk),
            None,
        )
        self.inspector = next(
            (
                a.person
                for a in roles
                if a.role == Role.DISCIPLINE_INSPECTOR and a.organisation_id == mine.pk
            ),
            None,
        )
        self.secretaries = {
            a.organisation_id: a.person for a in roles if a.role == Role.BRANCH_SECRETARY
        }
        self.heads = {
            a.organisation.name: a.person
            for a in roles
            if a.role == Role.DEPARTMENT_HEAD and a.organisation.path.startswith(mine.path)
        }
        self.logins = {
            p.employee_no: p
            for p in Person.objects.filter(employee_no__startswith="demo").select_related("unit")
        }
        for p in self.leaders:
            if p.employee_no == "demo06":
                self.leaders.remove(p)
                self.leaders.insert(0, p)
                break
        self.inspector = self.logins.get("demo07") or self.inspector
        branches = (
            Organisation.objects.filter(
                kind=OrgKind.BRANCH, is_active=True, unit__path__startswith=mine.path
            )
            .select_related("unit")
            .order_by("path")
        )
        self.branches: list[_Branch] = []
        for org in branches:
            self.branches.append(
                _Branch(
                    org=org,
                    roster=branch_roster(org),
                    secretary=self.secretaries.get(org.pk),
                    crews=crews_of(org),
                    is_demo=org.unit.name == DEMO_DISTRICT,
                )
            )
        self.demo = next((b for b in self.branches if b.is_demo), None)
        self.covers: dict[int, list[int]] = defaultdict(list)  # member → workers (level 4)
        self.cadre_of: dict[int, int] = {}  # Party member / crew leader → cadre (level 3)
        self.branch_of_person: dict[int, _Branch] = {}
        self.event_ids: list[int] = []
        self.problem_ids: list[int] = []
        self.visit_count = 0

    # --- time ---------------------------------------------------------------------------------

    def at(self, day: date, hour: float) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, clock(0))) + timedelta(hours=hour)
        return min(moment, self.now - timedelta(minutes=5))

    def day_in(self, start: date, end: date) -> date:
        """A day in [start, end], no later than today."""
        end = min(end, self.today)
        if end <= start:
            return min(start, self.today)
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    # --- the network --------------------------------------------------------------------------

    def network(self) -> None:
        """Every branch's sheet of links imported by its secretary; in 综采一队 and one
        other branch the crews are split on the split page instead (crew_split)."""
        actor = self.admin or self.logins.get("demo08")
        others = [b for b in self.branches if not b.is_demo and b.crews]
        split = {b.org.pk for b in self.rng.sample(others, min(1, len(others)))}
        for i, branch in enumerate(self.branches):
            manager = branch.secretary or actor
            rows = []
            if self.leaders:
                leader = self.leaders[i % len(self.leaders)]
                if branch.is_demo and "demo06" in self.logins:
                    leader = self.logins["demo06"]
                rows.append((leader, None, Level.LEADER_BRANCH))
            rows += self.upper_levels(branch)
            plan = self.split_plan(branch)
            by_crew = branch.is_demo or branch.org.pk in split
            if not by_crew:
                people = branch.roster.people
                rows += [
                    (people[member], people[worker], Level.MEMBER_WORKER)
                    for pairs in plan.values()
                    for worker, member in pairs.items()
                ]
            self.import_sheet(branch, manager, rows)
            if by_crew:
                for crew in [*branch.crews, branch.org.unit]:
                    if plan.get(crew.pk):
                        network.crew_split(
                            actor=manager, crew=crew, assignments=plan[crew.pk],
                            starts_on=self.start,
                        )  # fmt: skip
        self.history(actor)

    def import_sheet(self, branch: _Branch, manager: Person, rows: list) -> None:
        """The branch's 网格联系名单 as a CSV file, through links_import."""
        if not rows:
            return
        lines = ["责任人工号,联系对象工号,层级,生效日期"]
        for responsible, person, level in rows:
            covered = person.employee_no if person is not None else ""
            lines.append(f"{responsible.employee_no},{covered},{level.label},{self.start}")
        upload = SimpleUploadedFile(
            f"{branch.org.name}网格联系名单.csv",
            ("\n".join(lines) + "\n").encode("utf-8-sig"),
            content_type="text/csv",
        )
        result = network.links_import(actor=manager, branch=branch.org, upload=upload)
        if result["errors"]:
            raise RuntimeError(f"{branch.org.name}: {result['errors'][:3]}")

    def upper_levels(self, branch: _Branch) -> list[tuple[Person, Person, Level]]:
        """Levels two and three: secretary and team head → cadres, cadres → crew leaders
        and Party members (each cadre takes whole crews)."""
        roster = branch.roster
        people = roster.people
        unit = branch.org.unit
        heads = sorted(roster.heads, key=lambda pk: people[pk].employee_no)
        local_cadres = [
            pk
            for pk in sorted(roster.cadres - roster.heads, key=lambda pk: people[pk].employee_no)
            if people[pk].unit_id == unit.pk
        ]
        if unit.kind == OrgKind.DEPARTMENT:
            # A department's 队干 are its deputies and its union chair.
            local_cadres = [
                pk for pk in local_cadres if people[pk].post.startswith("副")
                or people[pk].post == "分工会主席"
            ] or local_cadres[:1]  # fmt: skip
        rows = []
        for k, pk in enumerate(local_cadres):
            if heads:
                rows.append((people[heads[k % len(heads)]], people[pk], Level.SECRETARY_CADRE))
        # Cadres who cover crew leaders and Party members: the deputies first.
        covering = [pk for pk in local_cadres if people[pk].post.startswith("副")] or local_cadres
        covering = covering or [pk for pk in heads if people[pk].post != "党支部书记"] or heads
        if not covering:
            return rows
        skip = set(heads) | set(local_cadres)
        covered = sorted(
            ((roster.crew_leaders | roster.members) - skip),
            key=lambda pk: (
                people[pk].unit.path if people[pk].unit else "",
                people[pk].employee_no,
            ),
        )
        crew_index = {c.pk: i for i, c in enumerate(branch.crews)}
        for pk in covered:
            person = people[pk]
            index = crew_index.get(person.unit_id, 0)
            cadre = covering[index % len(covering)]
            if cadre == pk:
                cadre = covering[(index + 1) % len(covering)]
                if cadre == pk:
                    continue
            rows.append((people[cadre], person, Level.CADRE_MEMBER))
            self.cadre_of[pk] = cadre
        return rows

    def split_plan(self, branch: _Branch) -> dict[int, dict[int, int]]:
        """Each crew's workers shared among its Party members (at most eight each), the
        rest to Party members of the district with room; {crew (or unit) pk: {worker:
        member}}. 综采一队 keeps its gaps: three workers uncovered, a Party member who
        covers nobody, one who covers too many; now and then another branch has a gap."""
        roster = branch.roster
        people = roster.people
        rng = self.rng
        unit = branch.org.unit
        demo01, demo02 = self.logins.get("demo01"), self.logins.get("demo02")
        busy = set(roster.heads) | set(self.cadre_of.values())
        members = [
            pk
            for pk in sorted(roster.members, key=lambda pk: people[pk].employee_no)
            if people[pk].unit is not None and people[pk].unit.path.startswith(unit.path)
        ]

        def in_crew(pk: int, crew: Organisation) -> bool:
            if crew is unit:
                return people[pk].unit_id == unit.pk
            return people[pk].unit.path.startswith(crew.path)

        by_crew: dict[int, list[int]] = defaultdict(list)
        staff_members = []
        for pk in members:
            crew = next((c for c in branch.crews if in_crew(pk, c)), None)
            if crew is not None:
                by_crew[crew.pk].append(pk)
            elif pk not in busy:
                staff_members.append(pk)
        idle: set[int] = set()
        overload: int | None = None
        gaps = 0
        if branch.is_demo:
            crew_members = [pk for c in branch.crews for pk in by_crew[c.pk]]
            spare = [pk for pk in crew_members if demo02 is None or pk != demo02.pk]
            if len(spare) >= 2:
                idle.add(spare[-1])
                overload = spare[0]
            gaps = 3
        elif rng.random() < 0.15:
            gaps = 1
        plan: dict[int, dict[int, int]] = {}
        overflow: list[tuple[int, int]] = []  # (crew pk, worker)
        for crew in [*branch.crews, unit]:
            workers = sorted(
                (pk for pk in roster.workers if people[pk].unit is not None and in_crew(pk, crew)),
                key=lambda pk: people[pk].employee_no,
            )
            candidates = [
                pk for pk in (by_crew[crew.pk] if crew is not unit else staff_members)
                if pk not in idle
            ]  # fmt: skip
            plan[crew.pk] = {}
            for worker in workers:
                if demo01 is not None and demo02 is not None and worker == demo01.pk:
                    member = demo02.pk
                elif (
                    overload is not None
                    and crew is not unit
                    and len(self.covers[overload]) < MAX_COVERED + 2
                ):
                    member = overload
                else:
                    room = sorted(
                        (pk for pk in candidates if len(self.covers[pk]) < MAX_COVERED),
                        key=lambda pk: len(self.covers[pk]),
                    )
                    member = room[0] if room else None
                if member is None:
                    overflow.append((crew.pk, worker))
                    continue
                plan[crew.pk][worker] = member
                self.covers[member].append(worker)
        # Overflow: Party members of the district's other crews with room.
        pool = [pk for pk in members if pk not in idle and pk not in roster.heads]
        for crew_pk, worker in overflow:
            room = sorted(
                (pk for pk in pool if len(self.covers[pk]) < MAX_COVERED),
                key=lambda pk: len(self.covers[pk]),
            )
            if room:
                plan[crew_pk][worker] = room[0]
                self.covers[room[0]].append(worker)
        protected = {p.pk for p in (demo01, demo02) if p is not None} | {overload}
        assigned = [
            (crew_pk, worker)
            for crew_pk, pairs in plan.items()
            for worker, member in pairs.items()
            if worker not in protected and member not in protected
        ]
        for crew_pk, worker in rng.sample(assigned, min(gaps, len(assigned))):
            member = plan[crew_pk].pop(worker)
            self.covers[member].remove(worker)
        for pk in [*members, *roster.workers]:
            self.branch_of_person[pk] = branch
        return plan

    def history(self, actor: Person) -> None:
        """Last quarter some links were handed over when people moved (调岗、调班)."""
        rng = self.rng
        demo01, demo02 = self.logins.get("demo01"), self.logins.get("demo02")
        protected = {p.pk for p in (demo01, demo02) if p is not None}
        links = list(
            GridLink.objects.filter(
                level=Level.MEMBER_WORKER, ends_on__isnull=True, branch__in=[
                    b.org for b in self.branches]
            ).select_related("person__unit", "responsible__unit", "branch")
        )  # fmt: skip
        rng.shuffle(links)
        moved = 0
        demo_moved = 0
        for link in links:
            if moved >= 6:
                break
            if link.person_id in protected or link.responsible_id in protected:
                continue
            branch = self.branch_of_person.get(link.person_id)
            if branch is None:
                continue
            if branch.is_demo and demo_moved >= 2:
                continue
            crew_mates = [
                pk
                for pk in self.covers
                if pk != link.responsible_id
                and pk not in protected
                and pk in branch.roster.members
                and 0 < len(self.covers[pk]) < MAX_COVERED
                and branch.roster.people[pk].unit_id == link.person.unit_id
            ]
            if not crew_mates:
                continue
            new = rng.choice(crew_mates)
            network.link_move(
                actor=branch.secretary or actor,
                link_id=link.pk,
                responsible=branch.roster.people[new],
                starts_on=self.day_in(self.move_day, self.lq_end),
            )
            self.covers[link.responsible_id].remove(link.person_id)
            self.covers[new].append(link.person_id)
            moved += 1
            demo_moved += branch.is_demo
        # One leadership member handed a branch to another.
        if len(self.leaders) > 1 and len(self.branches) > 2:
            link = GridLink.objects.filter(
                level=Level.LEADER_BRANCH, branch=self.branches[-1].org, ends_on__isnull=True
            ).first()
            others = [p for p in self.leaders if link is not None and p.pk != link.responsible_id]
            if link is not None and others:
                network.link_move(
                    actor=actor, link_id=link.pk, responsible=others[-1], starts_on=self.move_day
                )

    # --- tasks --------------------------------------------------------------------------------

    def generate(self) -> None:
        tasks.generate_month(month=self.last_month, mine=self.mine)
        tasks.generate_month(month=self.this_month, mine=self.mine)
        # generate_month stamps "now": the tasks were made on the first of their month.
        for month in (self.last_month, self.this_month):
            GridTask.objects.filter(
                month=month, kind=TaskKind.TEMPLATE, branch__unit__path__startswith=self.mine.path
            ).update(created_at=self.at(month, 1.0))

    def added_tasks(self) -> None:
        """Secretaries give a few members a task; some of them are overdue by now."""
        rng = self.rng
        chosen = [b for b in self.branches if b.secretary] or []
        chosen = ([self.demo] if self.demo and self.demo.secretary else []) + rng.sample(
            [b for b in chosen if not b.is_demo], min(6, max(len(chosen) - 1, 0))
        )
        for branch in chosen:
            owners = [pk for pk, w in self.covers.items() if w and pk in branch.roster.members]
            demo02 = self.logins.get("demo02")
            owners = [pk for pk in owners if demo02 is None or pk != demo02.pk]
            for k, (title, description) in enumerate(rng.sample(ADDED_TASKS, 2)):
                if not owners:
                    break
                owner = branch.roster.people[rng.choice(owners)]
                task = tasks.task_add(
                    actor=branch.secretary, branch=branch.org, owner=owner, title=title,
                    description=description, due_on=self.today + timedelta(days=3),
                )  # fmt: skip
                added = self.day_in(self.this_month, self.today - timedelta(days=2))
                due = added + timedelta(days=3 if k == 0 else 10)
                GridTask.objects.filter(pk=task.pk).update(
                    created_at=self.at(added, rng.uniform(8, 17)), due_on=max(due, added)
                )

    # --- life events and their visits ---------------------------------------------------------

    def member_of(self, worker_pk: int) -> int | None:
        return next((m for m, ws in self.covers.items() if worker_pk in ws), None)

    def life_events(self) -> None:
        """Every kind over the last four weeks; most visited, a couple overdue."""
        rng = self.rng
        demo02 = self.logins.get("demo02")
        demo01 = self.logins.get("demo01")
        kinds = list(EventKind.values)
        plans = []  # (branch, worker pk, kind, recorded ago, recorder, follow-up, visited?)
        if self.demo is not None:
            demo = self.demo
            demo_workers = [
                w for m, ws in self.covers.items() for w in ws if w in demo.roster.workers
            ]
            mine = self.covers.get(demo02.pk, []) if demo02 is not None else []
            # His own workers other than demo01 first (demo01 if there is nobody else).
            his = sorted(mine, key=lambda w: demo01 is not None and w == demo01.pk)
            others = [w for w in demo_workers if w not in mine]
            rng.shuffle(others)
            if his:
                # A wedding among demo02's workers yesterday: his visit is due.
                plans.append((demo, his[0], EventKind.MARRIAGE_BIRTH, 1, "member", "", False))
            for kind, ago, recorder, follow, visited in (
                (EventKind.HARDSHIP, 10, "member", FollowUp.CARE, True),
                (EventKind.BEREAVEMENT, 6, "worker", "", True),
                (EventKind.ILLNESS_INJURY, 12, "secretary", FollowUp.CASE, True),
                (EventKind.ILLNESS_INJURY, 9, "member", "", False),
                (EventKind.CONFLICT_DISCIPLINE, 15, "secretary", "", True),
            ):
                if follow == FollowUp.CASE:
                    # A case is opened on the worker's unit: their member works there too.
                    same = [w for w in others if self.same_unit(demo, w)]
                    if same:
                        others.remove(same[0])
                        plans.append((demo, same[0], kind, ago, recorder, follow, visited))
                    continue
                if others:
                    plans.append((demo, others.pop(), kind, ago, recorder, follow, visited))
        rest = [b for b in self.branches if not b.is_demo and b.secretary]
        for n in range(16):
            if not rest:
                break
            branch = rng.choice(rest)
            workers = [w for m, ws in self.covers.items() for w in ws if w in branch.roster.workers]
            if not workers:
                continue
            kind = kinds[n % len(kinds)]
            visited = n != 7
            plans.append(
                (branch, rng.choice(workers), kind, rng.randint(2, 27),
                 "secretary" if n % 4 == 0 else "member", "", visited)
            )  # fmt: skip
        used = set()
        for branch, worker_pk, kind, ago, recorder, follow, visited in plans:
            if worker_pk in used:
                continue
            used.add(worker_pk)
            self.one_event(branch, worker_pk, kind, ago, recorder, follow, visited)

    def same_unit(self, branch: _Branch, worker_pk: int) -> bool:
        member = branch.roster.people.get(self.member_of(worker_pk) or 0)
        return member is not None and member.unit_id == branch.roster.people[worker_pk].unit_id

    def one_event(self, branch, worker_pk, kind, ago, recorder, follow, visited) -> None:
        rng = self.rng
        worker = branch.roster.people[worker_pk]
        member_pk = self.member_of(worker_pk)
        member = branch.roster.people.get(member_pk) if member_pk else None
        recorded = self.today - timedelta(days=ago)
        occurred = recorded - timedelta(days=rng.randint(0, 2))
        texts = EVENT_TEXT[kind]
        if follow:
            texts = [t for t in texts if t[2]] or texts
        description, content, follow_text = rng.choice(texts)
        if follow and not follow_text:
            follow_text = description
        if recorder == "worker":
            event = events.event_report_own(
                actor=worker, kind=kind, occurred_on=occurred, description=description
            )
        else:
            actor = member if recorder == "member" and member else branch.secretary
            event = events.event_record(
                actor=actor, person=worker, kind=kind, occurred_on=occurred,
                description=description,
            )  # fmt: skip
        self.event_ids.append(event.pk)
        task = GridTask.objects.get(life_event=event)
        due = events.event_due(kind, recorded)
        GridTask.objects.filter(pk=task.pk).update(
            created_at=self.at(recorded, rng.uniform(8, 18)),
            month=first_of(recorded),
            due_on=due,
        )
        LifeEvent.objects.filter(pk=event.pk).update(
            created_at=self.at(recorded, rng.uniform(8, 18))
        )
        if not visited:
            return
        owner = task.owner
        visited_on = min(recorded + timedelta(days=rng.randint(0, 2)), due, self.today)
        logged = timezone.now()
        visit = visits.visit_log(
            actor=owner,
            person=worker,
            visited_on=visited_on,
            kind=event.visit_kind,
            content=content,
            follow_up=follow or FollowUp.NONE,
            follow_up_text=follow_text if follow else "",
            task_id=task.pk,
            life_event_id=event.pk,
            care_category="medical" if kind == EventKind.HARDSHIP else "other",
        )
        self.visit_count += 1
        moment = self.at(visited_on, rng.uniform(15, 20))
        Visit.objects.filter(pk=visit.pk).update(created_at=moment)
        GridTask.objects.filter(owner=owner, subject=worker, done_at__gte=logged).update(
            done_at=moment
        )
        if visit.case_id:
            Case.objects.filter(pk=visit.case_id).update(created_at=moment, updated_at=moment)
            CaseEvent.objects.filter(case_id=visit.case_id).update(at=moment)
        if visit.care_item_id:
            from tongxin.care.models import ServiceItem
            from tongxin.care.services.items import VISIT_WORKDAYS

            ServiceItem.objects.filter(pk=visit.care_item_id).update(
                created_at=moment, deadline=add_workdays(visited_on, VISIT_WORKDAYS)
            )

    # --- the routine: monthly visits and tasks, in bulk ---------------------------------------

    def routine(self) -> None:
        """Most of last month's tasks done, this month's under way: the visits that answer
        the "走访联系职工" tasks written in bulk, with the rows visit_log and task_complete
        write (the task done with its note, the visit, an audit entry for each)."""
        rng = self.rng
        demo02 = self.logins.get("demo02")
        days_in_month = (next_month(self.this_month) - self.this_month).days
        elapsed = (self.today - self.this_month).days
        share_now = min(0.8, 1.1 * elapsed / days_in_month)
        templates = {t.pk: t for t in TaskTemplate.objects.all()}
        open_tasks = (
            GridTask.objects.filter(
                state=TaskState.OPEN,
                kind=TaskKind.TEMPLATE,
                month__in=(self.last_month, self.this_month),
                branch__unit__path__startswith=self.mine.path,
            )
            .order_by("pk")
            .values_list(
                "pk", "owner_id", "branch_id", "month", "due_on", "template_id", "subject_id",
                "subject__name", "title",
            )
        )  # fmt: skip
        visited_this_month = {
            (member, person, first_of(day))
            for member, person, day in Visit.objects.filter(
                visited_on__gte=self.last_month
            ).values_list("member_id", "person_id", "visited_on")
        }
        lazy = set(rng.sample(sorted(self.covers), max(1, len(self.covers) // 25)))
        done, new_visits = [], []  # done: (task pk, owner, title, moment, note, visit index)
        his_open = 0
        for pk, owner, branch_id, month, due_on, template_id, subject, name, title in open_tasks:
            template = templates[template_id]
            last = month == self.last_month
            if last:
                share = 0.35 if owner in lazy else 0.93
                day = self.day_in(month, min(due_on, next_month(month)))
            else:
                if due_on < self.today:
                    share = 0.3 if owner in lazy else 0.75
                else:
                    share = 0.1 if owner in lazy else share_now
                day = self.day_in(month, self.today)
            if demo02 is not None and owner == demo02.pk:
                # demo02 did last month's, and has some of this month's still to do.
                if last:
                    share = 1.0
                elif subject and his_open < 2:
                    his_open += 1
                    continue
            if rng.random() >= share:
                continue
            moment = self.at(day, rng.uniform(9, 20))
            visit = None
            if template.per_covered and subject and template.level == Level.CADRE_MEMBER:
                # A cadre's talk with a crew leader or Party member, noted on the task.
                note = rng.choice(CADRE_TALKS).format(name=name)
            elif template.per_covered and subject:
                key = (owner, subject, month)
                if key in visited_this_month:
                    continue
                visited_this_month.add(key)
                kind = VisitKind.TALK if rng.random() < 0.65 else VisitKind.VISIT
                content = rng.choice(ROUTINE_TALKS).format(name=name)
                visit = len(new_visits)
                new_visits.append(
                    Visit(
                        member_id=owner, person_id=subject, branch_id=branch_id,
                        visited_on=day, kind=kind, content=content, task_id=pk,
                        created_at=moment,
                    )
                )  # fmt: skip
                note = f"{VisitKind(kind).label}（{day}）：{content[:200]}"
            else:
                note = rng.choice(TASK_NOTES)
            done.append((pk, owner, title, moment, note, visit))
        Visit.objects.bulk_create(new_visits, batch_size=1000)
        # What task_complete / visit_log write on each task, as one prepared UPDATE run
        # over all of them (bulk_update's CASE expressions take many seconds here).
        ops = connection.ops
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {GridTask._meta.db_table} SET state = %s, done_at = %s, "  # noqa: S608
                "done_note = %s, version = version + 1 WHERE id = %s",
                [
                    (TaskState.DONE, ops.adapt_datetimefield_value(moment), note, pk)
                    for pk, _o, _t, moment, note, _v in done
                ],
            )
        labels = {p.pk: str(p)[:80] for p in Person.objects.filter(pk__in={row[1] for row in done})}
        trail = []
        for pk, owner, title, _moment, _note, index in done:
            if index is not None:
                visit = new_visits[index]
                trail.append(
                    (
                        "grid.visit.logged", owner, labels[owner], "grid.visit", visit.pk,
                        f"{VisitKind(visit.kind).label} {visit.visited_on}", None,
                        {"person": visit.person_id, "kind": visit.kind,
                         "visited_on": str(visit.visited_on), "follow_up": FollowUp.NONE,
                         "tasks_done": [pk]},
                    )
                )  # fmt: skip
            trail.append(
                (
                    "grid.task.completed", owner, labels[owner], "grid.gridtask", pk, title,
                    {"state": TaskState.OPEN},
                    {"state": TaskState.DONE, **({"by": "visit"} if index is not None
                                                 else {"photos": 0})},
                )
            )  # fmt: skip
        write_audit(trail)
        self.visit_count += len(new_visits)

    # --- reports, summaries, meetings ---------------------------------------------------------

    def monthly_reports(self) -> None:
        """Last month's reports: most accepted, some waiting for review, one returned with
        a note, some not filed. 综采一队's go through report_submit and the secretary's
        review; the other branches' (some nine hundred) are written in bulk."""
        rng = self.rng
        demo02 = self.logins.get("demo02")
        start, end = self.last_month, self.this_month
        deadline = report_deadline(start)
        # Each reporter's branch: that of their latest link during the month (report_branch).
        branch_of: dict[int, int] = {}
        for member_id, branch_id in (
            GridLink.objects.filter(
                Q(starts_on__lt=end) & (Q(ends_on__isnull=True) | Q(ends_on__gt=start)),
                level__in=(Level.MEMBER_WORKER, Level.CADRE_MEMBER),
                branch__unit__path__startswith=self.mine.path,
            )
            .order_by("responsible_id", "-starts_on", "-pk")
            .values_list("responsible_id", "branch_id")
        ):
            branch_of.setdefault(member_id, branch_id)
        by_branch: dict[int, list[int]] = defaultdict(list)
        for member_id, branch_id in branch_of.items():
            by_branch[branch_id].append(member_id)
        people = Person.objects.in_bulk(list(branch_of))
        plans = []  # (branch, member, filed moment, decision)
        for branch in self.branches:
            if branch.secretary is None:
                continue
            # Branches that review promptly, and ones that have not got round to it.
            prompt = branch.is_demo or rng.random() < 0.7
            ids = sorted(by_branch.get(branch.org.pk, ()), key=lambda pk: people[pk].employee_no)
            filed_here = 0
            for pk in ids:
                if (demo02 is not None and pk == demo02.pk) or pk == branch.secretary.pk:
                    continue  # demo02's is his to fill in; a secretary reviews, not reports
                roll = rng.random()
                # The demo branch's first three reporters always file, so that whatever the
                # date (the draws above depend on it), demo03 has one to send back, one
                # waiting and one accepted.
                must_file = branch.is_demo and filed_here < 3
                if not must_file and roll < (0.12 if branch.is_demo else 0.08):
                    continue  # not filed yet
                filed_here += 1
                day = self.day_in(end, min(deadline + timedelta(days=1), self.today))
                if roll > 0.93 and self.today > deadline:
                    day = self.day_in(deadline + timedelta(days=1), self.today)
                filed = self.at(day, rng.uniform(8, 21))
                decide = rng.random()
                accepted = (prompt and decide < 0.7) or (not prompt and decide < 0.3)
                if must_file:
                    # 1st: returned (below), 2nd: waiting for review, 3rd: accepted.
                    accepted = filed_here != 2
                plans.append((branch, people[pk], filed, "accept" if accepted else ""))
        returned = False
        bulk = []
        for branch, member, filed, decision in plans:
            if not branch.is_demo:
                bulk.append((branch, member, filed, decision))
                continue
            report = reports.report_submit(
                actor=member, month=start, own_words=rng.choice(OWN_WORDS), now=filed
            )
            if not returned:
                decision, returned = "return", True
                reports.report_return(
                    actor=branch.secretary, report_id=report.pk, version=report.version,
                    note=RETURN_NOTES[0],
                )  # fmt: skip
            elif decision:
                reports.report_accept(
                    actor=branch.secretary, report_id=report.pk, version=report.version,
                    note=rng.choice(ACCEPT_NOTES),
                )  # fmt: skip
            if decision:
                reviewed = min(filed + timedelta(hours=rng.uniform(4, 60)), self.now)
                MonthlyReport.objects.filter(pk=report.pk).update(reviewed_at=reviewed)
        self.bulk_reports(bulk, start, deadline)

    def bulk_reports(self, plans: list, month: date, deadline: date) -> None:
        """The rows report_submit and report_accept write (report, audit, the member's
        notification), with the figures month_figures gives on the day each was filed."""
        from tongxin.core.models import Notification

        rng = self.rng
        filed_on = {member.pk: timezone.localdate(filed) for _b, member, filed, _d in plans}
        figures = self.figures(filed_on, month)
        rows = []
        for branch, member, filed, decision in plans:
            report = MonthlyReport(
                member=member,
                branch=branch.org,
                month=month,
                figures=figures[member.pk],
                own_words=rng.choice(OWN_WORDS),
                state=ReportState.SUBMITTED,
                submitted_at=filed,
                on_time=filed_on[member.pk] <= deadline,
            )
            if decision:
                report.state = ReportState.ACCEPTED
                report.reviewed_by = branch.secretary
                report.reviewed_at = min(filed + timedelta(hours=rng.uniform(4, 60)), self.now)
                report.review_note = rng.choice(ACCEPT_NOTES)
                report.version = 1
            rows.append(report)
        MonthlyReport.objects.bulk_create(rows, batch_size=500)
        trail, told = [], []
        for report in rows:
            trail.append(
                audit.build(
                    action="grid.report.submitted",
                    actor=report.member,
                    obj=report,
                    after={
                        "month": f"{month:%Y-%m}",
                        "state": ReportState.SUBMITTED,
                        "on_time": report.on_time,
                        "version": 0,
                    },
                )  # fmt: skip
            )
            if report.state == ReportState.ACCEPTED:
                trail.append(
                    audit.build(
                        action="grid.report.accepted",
                        actor=report.reviewed_by,
                        obj=report,
                        before={"state": ReportState.SUBMITTED},
                        after={"state": report.state, "note": report.review_note},
                    )
                )
                told.append(
                    Notification(
                        recipient=report.member,
                        title=f"{month:%Y-%m} 月报表已审核通过",
                        body=report.review_note,
                        url=reverse("grid:report_detail", args=[report.pk]),
                        created_at=report.reviewed_at,
                    )
                )
        write_audit(trail)
        Notification.objects.bulk_create(told, batch_size=1000)

    def figures(self, filed_on: dict[int, date], month: date) -> dict[int, dict]:
        """report_figures.month_figures for many members at once (a handful of queries):
        the figures of `month` as each member would have seen them on their filing day."""
        start = first_of(month)
        end = next_month(start)
        ids = list(filed_on)
        on = end - timedelta(days=1)  # every report here was filed after the month ended
        covered: dict[int, set[int]] = defaultdict(set)
        for member_id, person_id in GridLink.objects.filter(
            current_q(on),
            responsible_id__in=ids,
            level=Level.MEMBER_WORKER,
        ).values_list("responsible_id", "person_id"):
            covered[member_id].add(person_id)
        visits_of: dict[int, list[Visit]] = defaultdict(list)
        for visit in (
            Visit.objects.filter(member_id__in=ids, visited_on__gte=start, visited_on__lt=end)
            .select_related("person")
            .only(
                "member_id", "person_id", "visited_on", "kind", "content", "follow_up",
                "follow_up_text", "person__name",
            )
            .order_by("visited_on", "pk")
        ):  # fmt: skip
            visits_of[visit.member_id].append(visit)
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        for owner_id, state, due_on in GridTask.objects.filter(
            owner_id__in=ids, month=start
        ).values_list("owner_id", "state", "due_on"):
            entry = counts[owner_id]
            entry[0] += state != TaskState.CANCELLED
            entry[1] += state == TaskState.DONE
            entry[2] += state == TaskState.OPEN and due_on < filed_on[owner_id]
        life: dict[int, set[int]] = defaultdict(set)
        for pk, recorder, owner in LifeEvent.objects.filter(
            Q(recorded_by_id__in=ids) | Q(tasks__owner_id__in=ids),
            occurred_on__gte=start,
            occurred_on__lt=end,
        ).values_list("pk", "recorded_by_id", "tasks__owner_id"):
            for member_id in (recorder, owner):
                if member_id in filed_on:
                    life[member_id].add(pk)
        raised: dict[int, int] = defaultdict(int)
        for member_id in Problem.objects.filter(
            raised_by_id__in=ids, raised_on__gte=start, raised_on__lt=end
        ).values_list("raised_by_id", flat=True):
            raised[member_id] += 1
        kinds = dict(VisitKind.choices)
        follow_ups = dict(FollowUp.choices)
        out = {}
        for member_id in ids:
            visits = visits_of[member_id]
            total, done, overdue = counts[member_id]
            out[member_id] = {
                "month": start.strftime("%Y-%m"),
                "covered": len(covered[member_id]),
                "visits": sum(1 for v in visits if v.kind == VisitKind.VISIT),
                "talks": sum(1 for v in visits if v.kind == VisitKind.TALK),
                "visited_people": len({v.person_id for v in visits}),
                "not_visited": len(covered[member_id] - {v.person_id for v in visits}),
                "tasks_total": total,
                "tasks_done": done,
                "tasks_overdue": overdue,
                "life_events": len(life[member_id]),
                "problems_raised": raised[member_id],
                "visit_rows": [
                    {
                        "date": v.visited_on.isoformat(),
                        "worker": v.person.name,
                        "kind": v.kind,
                        "kind_label": str(kinds.get(v.kind, v.kind)),
                        "gist": _gist(v.content),
                        "follow_up": v.follow_up,
                        "follow_up_label": str(follow_ups.get(v.follow_up, v.follow_up)),
                        "follow_up_text": v.follow_up_text[:GIST_CHARS],
                    }
                    for v in visits[-MAX_VISIT_ROWS:]
                ],
            }
        return out

    def summaries(self) -> None:
        """Last quarter's self-summaries: 综采一队 and some other branches, filed early
        this quarter."""
        rng = self.rng
        year, quarter = self.last_quarter
        if (year, quarter) < (self.today.year - 1, 1):
            return
        chosen = [b for b in self.branches if b.is_demo or rng.random() < 0.05]
        rows = []
        for branch in chosen:
            for pk in sorted(branch.roster.members):
                if rng.random() < 0.15:
                    continue
                person = branch.roster.people[pk]
                text = rng.choice(SUMMARIES).format(n=len(self.covers.get(pk, ())) or 0)
                summary = reports.summary_submit(
                    actor=person, year=year, quarter=quarter, text=text
                )
                rows.append(summary.pk)
        first = self.lq_end + timedelta(days=1)
        for pk in rows:
            day = self.day_in(first, first + timedelta(days=9))
            QuarterSummary.objects.filter(pk=pk).update(
                submitted_at=self.at(day, rng.uniform(8, 21))
            )

    def meetings(self) -> None:
        """Each branch held its grid meeting last quarter; the problems it raised went on
        the list and were dealt with since."""
        rng = self.rng
        categories = {c.name: c for c in Category.objects.filter(is_active=True)}
        departments = {
            u.name: u
            for u in Organisation.objects.filter(
                tree=Tree.UNIT, kind=OrgKind.DEPARTMENT, path__startswith=self.mine.path
            )
        }
        meeting_month = date(self.lq_end.year, self.lq_end.month, 1)
        for branch in self.branches:
            if branch.secretary is None:
                continue
            held = self.day_in(meeting_month + timedelta(days=9), self.lq_end - timedelta(days=3))
            attendees = [
                pk for pk in sorted(branch.roster.members) if rng.random() < 0.85
            ] or sorted(branch.roster.members)[:1]
            if not attendees:
                continue
            if branch.is_demo:
                picked = [PROBLEMS[0], PROBLEMS[3], PROBLEMS[7]]
            else:
                # Most of what a meeting raises the branch can fix; now and then a department.
                weights = [0.12 if p[3] else 1.0 for p in PROBLEMS]
                picked = rng.choices(PROBLEMS, weights)
                if rng.random() < 0.3:
                    second = rng.choices(PROBLEMS, weights)[0]
                    if second is not picked[0]:
                        picked.append(second)
            meeting = reports.meeting_record(
                actor=branch.secretary, branch=branch.org, held_on=held,
                place=rng.choice(MEETING_PLACES), attendee_ids=attendees,
                absent_note=rng.choice(ABSENT_NOTES), minutes=MINUTES,
                problems=[{"title": p[0], "body": p[1]} for p in picked],
            )  # fmt: skip
            GridMeeting.objects.filter(pk=meeting.pk).update(
                created_at=self.at(held, rng.uniform(17, 21))
            )
            raised = list(Problem.objects.filter(meeting=meeting).order_by("pk"))
            for problem, spec in zip(raised, picked, strict=True):
                Problem.objects.filter(pk=problem.pk).update(
                    created_at=self.at(held, rng.uniform(17, 21))
                )
                self.problem_ids.append(problem.pk)
                self.deal_with(branch, problem, spec, held, categories, departments)

    def deal_with(self, branch, problem, spec, held, categories, departments) -> None:
        """Solve it in the branch, or pass it to the department (answered or not yet)."""
        rng = self.rng
        title, body, category, department, answer, own_fix = spec
        if not department:
            if branch.is_demo or rng.random() < 0.85:
                problem = problems.problem_solve(
                    actor=branch.secretary, problem_id=problem.pk, version=problem.version,
                    resolution=own_fix,
                )  # fmt: skip
                solved = self.day_in(held + timedelta(days=3), held + timedelta(days=25))
                Problem.objects.filter(pk=problem.pk).update(
                    closed_at=self.at(solved, rng.uniform(9, 18))
                )
            return
        unit = departments.get(department)
        head = self.heads.get(department)
        if unit is None or category not in categories:
            return
        passed = self.day_in(held + timedelta(days=1), held + timedelta(days=6))
        problem = problems.problem_pass(
            actor=branch.secretary, problem_id=problem.pk, version=problem.version,
            department=unit, category=categories[category],
            deadline=add_workdays(self.today, 10),
            note="请按期答复，支部将跟踪办理结果。",
        )  # fmt: skip
        # 机电科's recent one waits in its inbox; the rest are answered.
        waiting = department == DEMO_DEPARTMENT and (branch.is_demo or rng.random() < 0.3)
        if branch.is_demo and department != DEMO_DEPARTMENT:
            waiting = False
        if not waiting and head is not None and rng.random() < (1.0 if branch.is_demo else 0.8):
            case = voice.case_handle(
                case_id=problem.case_id, version=None, actor=head, result=answer
            )
            voice.case_reply(case_id=case.pk, version=None, actor=head, text=answer)
        self.retime_case(problem.case_id, passed, waiting)

    def retime_case(self, case_id: int, passed: date, waiting: bool) -> None:
        """The case's timeline from the day the branch passed it."""
        rng = self.rng
        case = Case.objects.get(pk=case_id)
        category_days = case.category.deadline_days if case.category else 10
        deadline = add_workdays(passed, category_days)
        if waiting:
            # Passed recently: still within its deadline in the department's inbox.
            passed = self.day_in(self.today - timedelta(days=4), self.today)
            deadline = add_workdays(passed, category_days)
        start = self.at(passed, rng.uniform(9, 17))
        replied = self.at(
            self.day_in(passed + timedelta(days=2), min(deadline, self.today)), rng.uniform(9, 18)
        )
        replied = max(replied, start + timedelta(hours=2))
        moments = {}
        for event in CaseEvent.objects.filter(case_id=case_id).order_by("pk"):
            if event.action in ("handle", "reply"):
                moments[event.pk] = replied - timedelta(
                    minutes=30 if event.action == "handle" else 0
                )
            else:
                moments[event.pk] = start + timedelta(minutes=len(moments))
        for pk, moment in moments.items():
            CaseEvent.objects.filter(pk=pk).update(at=min(moment, self.now))
        fields = {"created_at": start, "updated_at": max(moments.values(), default=start),
                  "deadline": deadline}  # fmt: skip
        if case.replied_at:
            fields["replied_at"] = replied
            Problem.objects.filter(case_id=case_id).update(answered_at=replied)
        Case.objects.filter(pk=case_id).update(**fields)

    def open_problems(self) -> None:
        """Problems raised in the last weeks, still open: by grid members of 综采一队 and
        of a few other branches."""
        rng = self.rng
        chosen = ([self.demo] if self.demo else []) + rng.sample(
            [b for b in self.branches if not b.is_demo], min(3, len(self.branches) - 1)
        )
        for n, branch in enumerate(chosen):
            members = [pk for pk in self.covers if self.covers[pk] and pk in branch.roster.members]
            if not members:
                continue
            raiser = branch.roster.people[rng.choice(members)]
            title, body = OPEN_PROBLEMS[n % len(OPEN_PROBLEMS)]
            problem = problems.problem_raise(
                actor=raiser, branch=branch.org, title=title, body=body,
                source=ProblemSource.DIRECT if n % 2 else ProblemSource.TASK,
            )  # fmt: skip
            raised = self.today - timedelta(days=rng.randint(1, 12))
            Problem.objects.filter(pk=problem.pk).update(
                raised_on=raised, created_at=self.at(raised, rng.uniform(9, 20))
            )
            self.problem_ids.append(problem.pk)

    # --- spot checks --------------------------------------------------------------------------

    def spot_checks(self) -> None:
        rng = self.rng
        if self.inspector is None:
            return
        quarter = "一二三四"[self.last_quarter[1] - 1]
        draws = [(self.mine, 8, f"第{quarter}季度网格工作督查（定期）", 30, 8)]
        if self.demo is not None:
            draws.append((self.demo.org, 4, "不定期抽查：综采一队网格工作", 2, 2))
        for scope, size, note, ago, record in draws:
            check = spotchecks.spot_draw(
                actor=self.inspector, scope=scope, size=size, note=note,
                rng=random.Random(rng.random()),
            )  # fmt: skip
            drawn = self.at(self.today - timedelta(days=ago), rng.uniform(9, 11))
            SpotCheck.objects.filter(pk=check.pk).update(drawn_at=drawn)
            items = list(check.items.order_by("pk"))
            for k, item in enumerate(items[:record]):
                finding = ("good", "good", "weak", "good", "failed", "good", "weak", "good")[k]
                spotchecks.spot_record(
                    actor=self.inspector, item_id=item.pk, finding=finding,
                    note=rng.choice(SPOT_NOTES[finding]),
                )  # fmt: skip
                checked = min(drawn + timedelta(days=rng.randint(1, 5), hours=k), self.now)
                SpotCheckItem.objects.filter(pk=item.pk).update(checked_at=checked)

    # --- the whole ----------------------------------------------------------------------------

    def run(self) -> None:
        self.network()
        self.generate()
        self.life_events()
        self.routine()
        self.added_tasks()
        # The problems before the reports: a report counts those its member raised.
        self.meetings()
        self.open_problems()
        self.monthly_reports()
        self.summaries()
        self.spot_checks()

    def result(self, seconds: float) -> GridSeedResult:
        from .coverage import unit_coverage

        report = unit_coverage(self.mine)
        in_mine = GridTask.objects.filter(branch__unit__path__startswith=self.mine.path)
        counts = dict.fromkeys(ProblemState.values, 0)
        for state in Problem.objects.filter(pk__in=self.problem_ids).values_list(
            "state", flat=True
        ):
            counts[state] += 1
        return GridSeedResult(
            links=GridLink.objects.filter(branch__unit__path__startswith=self.mine.path).count(),
            workers=report.workers,
            covered=report.covered,
            tasks=in_mine.count(),
            overdue=in_mine.filter(state=TaskState.OPEN, due_on__lt=self.today).count(),
            events=len(self.event_ids),
            visits=self.visit_count,
            reports=MonthlyReport.objects.filter(
                branch__unit__path__startswith=self.mine.path
            ).count(),
            problems=counts,
            seconds=seconds,
        )


def write_audit(events: list) -> None:
    """Insert audit rows: AuditEvents built by audit.build, or (action, actor id, actor
    label, object type, object id, object label, before, after) for rows written in bulk.
    One prepared INSERT run over all of them: the rows audit.record writes, without
    bulk_create's per-field overhead at this volume. Stamped now, as the others."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())

    def json(value):
        return None if value is None else ops.adapt_json_value(value, None)

    rows = []
    for e in events:
        if isinstance(e, AuditEvent):
            rows.append(
                (ops.adapt_datetimefield_value(e.at), e.actor_id, e.actor_label, e.action,
                 e.object_type, e.object_id, e.object_label, json(e.before), json(e.after),
                 e.ip, e.note)
            )  # fmt: skip
        else:
            action, actor_id, label, kind, pk, obj_label, before, after = e
            rows.append(
                (now, actor_id, label, action, kind, str(pk), str(obj_label)[:120],
                 json(before), json(after), None, "")
            )  # fmt: skip
    fields = ["at", "actor_id", "actor_label", "action", "object_type", "object_id",
              "object_label", "before", "after", "ip", "note"]  # fmt: skip
    columns = ", ".join(ops.quote_name(f) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {AuditEvent._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608
            rows,
        )
