"""The demo mine's question bank and contests (invented content): a bank of a few
hundred questions generated from templates across the categories, a contest that
finished two weeks ago with papers handed in and rankings, one open now until a few
days from today that demo01 and demo02 have still to take, and a draft for the
committee to schedule. Rows are written in bulk, times moved into the past directly
(the demo is the one place allowed to)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from tongxin.people.models import Organisation, OrgKind, Person, Role, RoleAssignment
from tongxin.people.selectors import ancestor_paths

from ..contests import services
from ..contests.marking import is_correct
from ..models.contests import (
    Contest,
    ContestEvent,
    ContestState,
    Kind,
    Paper,
    PaperAnswer,
    PracticeAnswer,
    PracticeDay,
    Question,
)
from ..points import rules
from ..points.services import award

# category: [(statement with a blank, the right answer, wrong answers)]
FACTS = {
    "安全生产": [
        (
            "采掘工作面风流中瓦斯浓度达到____时，必须停止用电钻打眼",
            "1.0%",
            ["0.5%", "2.0%", "3.0%"],
        ),
        ("入井人员必须随身携带自救器和____", "矿灯", ["手机", "打火机", "收音机"]),
        ("煤矿“一通三防”中的“一通”指的是____", "通风", ["通电", "通信", "通水"]),
        ("井下发生火灾时，应迎着____方向撤离", "新鲜风流", ["回风流", "烟雾", "火源"]),
        ("矿井每年至少组织____次全员参加的应急演练", "1", ["3", "5", "6"]),
        (
            "煤矿安全生产方针是“安全第一、____、综合治理”",
            "预防为主",
            ["效益优先", "生产为先", "以人为本"],
        ),
        ("井下电气设备检修时必须执行____制度", "停送电", ["交接班", "请假", "值班"]),
        ("顶板事故多发生在____附近", "工作面端头", ["井底车场", "地面", "水仓"]),
        (
            "“三违”是指违章指挥、违章作业和____",
            "违反劳动纪律",
            ["违反交通规则", "违反卫生规定", "违反考勤"],
        ),
        ("发现透水征兆时，应立即停止作业并____", "撤出人员", ["继续观察", "加快掘进", "关闭矿灯"]),
    ],
    "党章党规": [
        (
            "党的最高领导机关是党的全国代表大会和它所产生的____",
            "中央委员会",
            ["中央纪律检查委员会", "中央军事委员会", "国务院"],
        ),
        ("预备党员的预备期为____", "一年", ["半年", "两年", "三个月"]),
        (
            "党员如果没有正当理由，连续____不参加党的组织生活，就被认为是自行脱党",
            "六个月",
            ["三个月", "一年", "两个月"],
        ),
        ("党的基层组织中，支部委员会每届任期____", "三年至五年", ["一年", "两年", "十年"]),
        ("“三会一课”中的“一课”是指____", "党课", ["团课", "安全课", "技术课"]),
        ("党员应当按期交纳____", "党费", ["会费", "团费", "社保"]),
        (
            "党的纪律处分有警告、严重警告、撤销党内职务、留党察看和____",
            "开除党籍",
            ["降级", "罚款", "停职"],
        ),
        ("正式党员有表决权、选举权和____", "被选举权", ["否决权", "任免权", "审批权"]),
        ("党支部党员大会一般每____召开一次", "季度", ["年", "半年", "周"]),
        (
            "入党誓词中要求党员“随时准备为党和人民____”",
            "牺牲一切",
            ["贡献力量", "努力工作", "遵守纪律"],
        ),
    ],
    "工会知识": [
        ("工会的基本职责是____职工合法权益", "维护", ["限制", "代替", "审批"]),
        ("基层工会委员会每届任期____", "三年或者五年", ["一年", "两年", "十年"]),
        ("职工代表大会是企业实行____管理的基本形式", "民主", ["集中", "军事", "封闭"]),
        (
            "企业按全部职工工资总额的____向工会拨缴经费",
            "百分之二",
            ["百分之五", "百分之十", "千分之一"],
        ),
        (
            "集体合同草案应当提交职工代表大会或者____讨论通过",
            "全体职工",
            ["董事会", "监事会", "股东会"],
        ),
        ("工会会员享有选举权、被选举权和____", "表决权", ["否决权", "罢免权", "审批权"]),
        ("中华全国总工会成立于____年", "1925", ["1921", "1949", "1978"]),
        ("“金秋助学”是工会对困难职工____的帮扶活动", "子女上学", ["看病", "购房", "旅游"]),
        (
            "劳动争议发生后，当事人可以向本单位____申请调解",
            "劳动争议调解委员会",
            ["财务科", "保卫科", "后勤处"],
        ),
        ("职工每日工作时间不超过____小时", "八", ["十", "十二", "六"]),
    ],
    "时事政治": [
        ("2026 年是“十五五”规划的____", "开局之年", ["收官之年", "中期之年", "评估之年"]),
        ("我国提出力争____前实现碳达峰", "2030 年", ["2025 年", "2040 年", "2050 年"]),
        ("我国提出努力争取____前实现碳中和", "2060 年", ["2030 年", "2045 年", "2080 年"]),
        (
            "新时代能源安全新战略提出“四个革命、____”",
            "一个合作",
            ["两个创新", "三个转型", "五个统筹"],
        ),
        ("煤炭在我国能源体系中发挥____作用", "兜底保障", ["补充", "可有可无", "逐步退出"]),
        ("建设____型矿山是煤炭工业高质量发展的方向", "智能化", ["劳动密集", "粗放", "分散"]),
        ("全面建成社会主义现代化强国分____步走", "两", ["三", "四", "五"]),
        ("每年的____是全国安全生产月", "6 月", ["3 月", "9 月", "12 月"]),
        ("“两山”理念是指绿水青山就是____", "金山银山", ["万水千山", "名山大川", "高山流水"]),
        (
            "乡村振兴战略的总要求包括产业兴旺、生态宜居、____、治理有效、生活富裕",
            "乡风文明",
            ["城乡一体", "交通便利", "人口增长"],
        ),
    ],
    "政策理论": [
        ("中国特色社会主义最本质的特征是中国共产党____", "领导", ["监督", "协商", "参与"]),
        (
            "全面从严治党永远在路上，党的____永远在路上",
            "自我革命",
            ["自我表扬", "对外宣传", "经济建设"],
        ),
        ("新发展理念是创新、协调、绿色、开放、____", "共享", ["共建", "共治", "共赢"]),
        (
            "我国社会主要矛盾是人民日益增长的美好生活需要和____的发展之间的矛盾",
            "不平衡不充分",
            ["落后", "过快", "单一"],
        ),
        (
            "“四个意识”是政治意识、大局意识、核心意识、____",
            "看齐意识",
            ["忧患意识", "创新意识", "服务意识"],
        ),
        (
            "“两个维护”要求坚决维护党中央的权威和____",
            "集中统一领导",
            ["分散管理", "地方自主", "部门分工"],
        ),
        ("中国式现代化是____规模巨大的现代化", "人口", ["经济", "国土", "军事"]),
        ("党的根本宗旨是____", "全心全意为人民服务", ["发展经济", "保持稳定", "对外开放"]),
        (
            "高质量发展是全面建设社会主义现代化国家的____",
            "首要任务",
            ["次要任务", "唯一任务", "临时任务"],
        ),
        ("坚持以____为中心的发展思想", "人民", ["经济", "城市", "企业"]),
    ],
    "企业文化": [
        ("本矿的安全理念是“一切事故都可以____”", "预防", ["忽略", "推诿", "补偿"]),
        ("班前会的主要内容之一是____", "安全确认", ["聊天", "看视频", "点外卖"]),
        ("“手指口述”是一种____确认法", "安全", ["考勤", "财务", "绩效"]),
        ("师带徒“传帮带”的主要目的是____", "技能传承", ["减少人手", "延长工时", "降低工资"]),
        ("班组长是班组安全生产的____", "第一责任人", ["旁观者", "监督员", "记录员"]),
        ("井口“安全誓词”每班入井前由____集体宣誓", "全班人员", ["矿长一人", "安检员", "调度员"]),
        ("“6S”管理中的第一个 S 是____", "整理", ["清洁", "素养", "安全"]),
        ("职工合理化建议经采纳后应给予____", "奖励", ["批评", "处分", "罚款"]),
        ("“安全生产标准化”要求岗位作业____化", "流程", ["随意", "简单", "临时"]),
        ("家属协管是“亲情____”的一种形式", "帮教", ["娱乐", "旅游", "购物"]),
    ],
}
SPEC = [
    {"category": "安全生产", "difficulty": 0, "count": 5},
    {"category": "党章党规", "difficulty": 0, "count": 5},
    {"category": "工会知识", "difficulty": 0, "count": 4},
    {"category": "时事政治", "difficulty": 0, "count": 3},
    {"category": "政策理论", "difficulty": 0, "count": 3},
]
EXPLAIN = "依据《煤矿安全规程》及有关党内法规、工会章程整理（演示题目）。"


def _questions(mine, rng: random.Random) -> list[Question]:
    made = []

    def add(kind, category, difficulty, stem, options, answer):
        made.append(
            Question(
                mine=mine,
                org_path=mine.path,
                kind=kind,
                category=category,
                difficulty=difficulty,
                stem=stem,
                options=options,
                answer=answer,
                explanation=EXPLAIN,
            )
        )

    for category, facts in FACTS.items():
        for n, (text, right, wrong) in enumerate(facts):
            options = [right, *wrong[:3]]
            rng.shuffle(options)
            add(
                Kind.SINGLE,
                category,
                1 + n % 2,
                text.replace("____", "（　）") + "。",
                options,
                chr(65 + options.index(right)),
            )
            add(Kind.FILL, category, 2 + n % 2, text + "。", [], right)
            add(Kind.TRUE_FALSE, category, 1, text.replace("____", right) + "。", [], "对")
            add(Kind.TRUE_FALSE, category, 2, text.replace("____", wrong[0]) + "。", [], "错")
            # Two true statements and two false ones from the same category.
            other = facts[(n + 3) % len(facts)]
            pairs = [
                (text.replace("____", right), True),
                (other[0].replace("____", other[1]), True),
                (text.replace("____", wrong[1]), False),
                (other[0].replace("____", other[2][0]), False),
            ]
            rng.shuffle(pairs)
            answer = "".join(chr(65 + i) for i, (_s, ok) in enumerate(pairs) if ok)
            add(
                Kind.MULTIPLE,
                category,
                3,
                "下列说法正确的有（　）。",
                [s for s, _ok in pairs],
                answer,
            )
    return made


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _contest(mine, officer, title, opens_at, closes_at, state, when):
    contest = Contest.objects.create(
        mine=mine,
        mine_path=mine.path,
        scope=mine,
        org_path=mine.path,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        minutes=20,
        draw_spec=SPEC,
        state=state,
        version=2 if state == ContestState.SCHEDULED else 1,
        created_by=officer,
        created_at=when,
    )
    events = [
        ContestEvent(
            contest=contest,
            at=when,
            actor=officer,
            actor_label=officer.name,
            action="create",
            to_state="draft",
        )
    ]
    if state == ContestState.SCHEDULED:
        events.append(
            ContestEvent(
                contest=contest,
                at=when + timedelta(minutes=20),
                actor=officer,
                actor_label=officer.name,
                actor_role="officer",
                action="schedule",
                from_state="draft",
                to_state="scheduled",
            )
        )
    ContestEvent.objects.bulk_create(events)
    return contest


def _take(contest, papers, rng, share, keep_open=(), always=()):
    """Hand in `share` of the papers with answers; the skill of each person is drawn."""
    questions = Question.objects.in_bulk({q for p in papers for q in p.question_ids})
    answers, changed = [], []
    for paper in papers:
        drawn = rng.random()
        if paper.person_id in keep_open or (drawn > share and paper.person_id not in always):
            continue
        skill = rng.uniform(0.45, 0.97)
        start = contest.opens_at + timedelta(
            minutes=rng.randint(
                0, int((contest.closes_at - contest.opens_at).total_seconds() // 60) - 30
            )
        )
        taken = timedelta(seconds=rng.randint(240, contest.minutes * 60 - 10))
        paper.started_at, paper.deadline = start, start + timedelta(minutes=contest.minutes)
        paper.submitted_at = start + taken
        correct = 0
        for q in paper.question_ids:
            question = questions[q]
            if rng.random() < skill:
                given = question.answer.split("|")[0]
            elif question.kind == Kind.TRUE_FALSE:
                given = "错" if question.answer == "对" else "对"
            elif question.kind == Kind.FILL:
                given = "不清楚"
            else:
                given = "A" if question.answer != "A" else "B"
            ok = is_correct(question, given)
            correct += ok
            answers.append(
                PaperAnswer(
                    paper=paper, question_id=q, answer=given, correct=ok, answered_at=start + taken
                )
            )
        paper.correct, paper.score = correct, round(100 * correct / len(paper.question_ids))
        changed.append(paper)
    Paper.objects.bulk_update(
        changed, ["started_at", "deadline", "submitted_at", "correct", "score"], batch_size=500
    )
    PaperAnswer.objects.bulk_create(answers, batch_size=2000)
    return changed


def _practice(mine, rng, today, exclude) -> None:
    """Daily practice over the last two weeks by some of the mine (not the demo sign-ins,
    whose today is untouched): the figure 每日答题题数 has its records."""
    ids = list(Question.objects.filter(org_path=mine.path).values_list("pk", flat=True))
    answers = {q: a for q, a in Question.objects.filter(pk__in=ids).values_list("pk", "answer")}
    people = list(
        Person.objects.filter(unit__path__startswith=mine.path, is_active=True)
        .exclude(pk__in=exclude)
        .order_by("pk")
        .values_list("pk", flat=True)[:150]
    )
    days = []
    for back in range(1, 15):
        day = today - timedelta(days=back)
        for pk in people:
            if rng.random() < 0.55:
                days.append(
                    PracticeDay(
                        person_id=pk, day=day, org_path=mine.path, question_ids=rng.sample(ids, 5)
                    )
                )
    PracticeDay.objects.bulk_create(days, batch_size=1000)
    rows = []
    for practice in PracticeDay.objects.filter(org_path=mine.path, day__lt=today).order_by("pk"):
        at = _at(practice.day, rng.choice((7, 12, 19, 21)), rng.randint(0, 59))
        for n, q in enumerate(practice.question_ids):
            right = rng.random() < 0.75
            rows.append(
                PracticeAnswer(
                    practice=practice,
                    question_id=q,
                    answer=answers[q].split("|")[0] if right else "",
                    correct=right,
                    answered_at=at + timedelta(seconds=40 * n),
                    org_path=mine.path,
                )
            )
    PracticeAnswer.objects.bulk_create(rows, batch_size=2000)


def seed(*, seed: int, progress=None):
    if Question.objects.exists():
        return None
    rng = random.Random(seed * 7919 + 15)
    logins = {
        p.employee_no: p
        for p in Person.objects.filter(employee_no__startswith="demo").select_related("unit")
    }
    worker = logins.get("demo01")
    mines = list(Organisation.objects.filter(kind=OrgKind.MINE).order_by("path"))
    if not mines:
        return None
    for mine in mines:
        Question.objects.bulk_create(_questions(mine, rng), batch_size=500)
    mine = next((m for m in mines if worker and worker.unit.path.startswith(m.path)), mines[0])
    officer = logins.get("demo08") or (
        RoleAssignment.objects.filter(role=Role.ADMIN).select_related("person").first().person
    )
    today = timezone.localdate()
    if progress:
        progress("知识竞赛：题库与竞赛")

    # A contest that closed two weeks ago, handed in by most of the mine.
    past = _contest(
        mine,
        officer,
        "“安全生产月”全员安全知识竞赛",
        _at(today - timedelta(days=20), 8),
        _at(today - timedelta(days=13), 20),
        ContestState.SCHEDULED,
        _at(today - timedelta(days=24), 10),
    )
    past.eligible = past.drawn = services.draw_papers(past)
    past.save(update_fields=["eligible", "drawn"])
    Paper.objects.filter(contest=past).update(drawn_at=past.created_at + timedelta(minutes=20))
    papers = list(Paper.objects.filter(contest=past).order_by("pk"))
    taken = _take(past, papers, rng, 0.82, always={p.pk for p in logins.values()})
    by_pk = {p.pk: p for p in logins.values()}
    for paper in taken:
        if paper.person_id in by_pk:
            award(
                person=by_pk[paper.person_id],
                code=rules.CONTEST,
                source=f"learning.contest:{past.pk}",
                once_key=f"contest:{past.pk}",
                at=paper.submitted_at,
                note=past.title,
            )

    # One open now, until a few days from today; the demo sign-ins have still to take it.
    now_open = _contest(
        mine,
        officer,
        "学习贯彻党的创新理论知识竞赛",
        _at(today - timedelta(days=1), 8),
        _at(today + timedelta(days=4), 20),
        ContestState.SCHEDULED,
        _at(today - timedelta(days=3), 9),
    )
    now_open.eligible = now_open.drawn = services.draw_papers(now_open)
    now_open.save(update_fields=["eligible", "drawn"])
    Paper.objects.filter(contest=now_open).update(
        drawn_at=now_open.created_at + timedelta(minutes=20)
    )
    # Some have handed in already (yesterday, between 08:00 and the evening).
    open_papers = list(Paper.objects.filter(contest=now_open).order_by("pk"))
    keep = {p.pk for p in logins.values()}
    window = Contest(
        opens_at=now_open.opens_at, closes_at=now_open.opens_at + timedelta(hours=12), minutes=20
    )
    _take(window, open_papers, rng, 0.3, keep_open=keep)

    _practice(mine, rng, today, exclude=keep)

    # A draft for the committee to schedule.
    _contest(
        mine,
        officer,
        "工会知识竞赛（草稿）",
        _at(today + timedelta(days=10), 8),
        _at(today + timedelta(days=12), 20),
        ContestState.DRAFT,
        _at(today - timedelta(days=1), 15),
    )
    _disabled_and_cancelled(mine, officer, logins.get("demo03"), today)
    return Question.objects.count()


def _disabled_and_cancelled(mine, officer, secretary, today) -> None:
    """One question of the bank edited (now in its second version) and one disabled,
    and a branch contest of 综采一队党支部 cancelled before it opened, through the
    services (its members told, demo02 among them)."""
    from ..contests import changes, questions

    bank = Question.objects.filter(org_path=mine.path, replaced_by__isnull=True).order_by("pk")
    first = bank.filter(kind="single").first()
    if first is not None:
        questions.question_edit(
            actor=officer,
            question_id=first.pk,
            version=first.version,
            kind=first.kind,
            category=first.category,
            difficulty=first.difficulty,
            stem=first.stem,
            options=first.options,
            answer=first.answer,
            explanation=(first.explanation + "（解析已按新版规程修订）")[:2000],
        )
    off = bank.filter(kind="true_false").first()
    if off is not None:
        questions.question_set_active(
            actor=officer, question_id=off.pk, version=off.version, active=False
        )
    if secretary is None or secretary.party_org_id is None:
        return
    branch = Organisation.objects.filter(
        kind=OrgKind.BRANCH, path__in=ancestor_paths(secretary.party_org.path)
    ).first()
    if branch is None:
        return
    category = SPEC[0]["category"]
    made = services.contest_create(
        actor=secretary,
        scope=branch,
        title="冬季安全生产知识竞赛（支部）",
        opens_at=_at(today + timedelta(days=3), 8),
        closes_at=_at(today + timedelta(days=5), 20),
        minutes=15,
        draw_spec=[{"category": category, "difficulty": 0, "count": 10}],
    )
    made = services.contest_schedule(actor=secretary, contest_id=made.pk, version=made.version)
    changes.contest_cancel(
        actor=secretary,
        contest_id=made.pk,
        version=made.version,
        reason="与矿井年度安全大检查时间冲突，竞赛另行安排。",
    )
