"""Monthly tasks, and the routine visits that answer them.

Tasks are generated for last month and this month (services.tasks.generate_month):
most of last month's done, this month's under way, some overdue, a few added by the
secretaries (task_add).

Written in bulk, to keep the seeding within seconds, with the same rows and audit
entries the services write: the routine visits that answer the monthly "走访联系职工"
tasks and the other tasks done (several thousand: task_complete's and visit_log's
rows). The audit log keeps the real time of seeding.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection

from tongxin.people.models import Person

from ..models import FollowUp, GridTask, Level, TaskKind, TaskState, TaskTemplate, Visit, VisitKind
from ..periods import first_of, next_month
from ..services import tasks
from .context import Seeder, write_audit

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


def generate(seeder: Seeder) -> None:
    tasks.generate_month(month=seeder.last_month, mine=seeder.mine)
    tasks.generate_month(month=seeder.this_month, mine=seeder.mine)
    # generate_month stamps "now": the tasks were made on the first of their month.
    for month in (seeder.last_month, seeder.this_month):
        GridTask.objects.filter(
            month=month, kind=TaskKind.TEMPLATE, branch__unit__path__startswith=seeder.mine.path
        ).update(created_at=seeder.at(month, 1.0))


def routine(seeder: Seeder) -> None:
    """Most of last month's tasks done, this month's under way: the visits that answer
    the "走访联系职工" tasks written in bulk, with the rows visit_log and task_complete
    write (the task done with its note, the visit, an audit entry for each)."""
    rng = seeder.rng
    demo02 = seeder.logins.get("demo02")
    days_in_month = (next_month(seeder.this_month) - seeder.this_month).days
    elapsed = (seeder.today - seeder.this_month).days
    share_now = min(0.8, 1.1 * elapsed / days_in_month)
    templates = {t.pk: t for t in TaskTemplate.objects.all()}
    open_tasks = (
        GridTask.objects.filter(
            state=TaskState.OPEN,
            kind=TaskKind.TEMPLATE,
            month__in=(seeder.last_month, seeder.this_month),
            branch__unit__path__startswith=seeder.mine.path,
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
            visited_on__gte=seeder.last_month
        ).values_list("member_id", "person_id", "visited_on")
    }
    lazy = set(rng.sample(sorted(seeder.covers), max(1, len(seeder.covers) // 25)))
    done, new_visits = [], []  # done: (task pk, owner, title, moment, note, visit index)
    his_open = 0
    for pk, owner, branch_id, month, due_on, template_id, subject, name, title in open_tasks:
        template = templates[template_id]
        last = month == seeder.last_month
        if last:
            share = 0.35 if owner in lazy else 0.93
            day = seeder.day_in(month, min(due_on, next_month(month)))
        else:
            if due_on < seeder.today:
                share = 0.3 if owner in lazy else 0.75
            else:
                share = 0.1 if owner in lazy else share_now
            day = seeder.day_in(month, seeder.today)
        if demo02 is not None and owner == demo02.pk:
            # demo02 did last month's, and has some of this month's still to do.
            if last:
                share = 1.0
            elif subject and his_open < 2:
                his_open += 1
                continue
        if rng.random() >= share:
            continue
        moment = seeder.at(day, rng.uniform(9, 20))
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
    seeder.visit_count += len(new_visits)


def added_tasks(seeder: Seeder) -> None:
    """Secretaries give a few members a task; some of them are overdue by now."""
    rng = seeder.rng
    chosen = [b for b in seeder.branches if b.secretary] or []
    chosen = ([seeder.demo] if seeder.demo and seeder.demo.secretary else []) + rng.sample(
        [b for b in chosen if not b.is_demo], min(6, max(len(chosen) - 1, 0))
    )
    for branch in chosen:
        owners = [pk for pk, w in seeder.covers.items() if w and pk in branch.roster.members]
        demo02 = seeder.logins.get("demo02")
        owners = [pk for pk in owners if demo02 is None or pk != demo02.pk]
        for k, (title, description) in enumerate(rng.sample(ADDED_TASKS, 2)):
            if not owners:
                break
            owner = branch.roster.people[rng.choice(owners)]
            task = tasks.task_add(
                actor=branch.secretary, branch=branch.org, owner=owner, title=title,
                description=description, due_on=seeder.today + timedelta(days=3),
            )  # fmt: skip
            added = seeder.day_in(seeder.this_month, seeder.today - timedelta(days=2))
            due = added + timedelta(days=3 if k == 0 else 10)
            GridTask.objects.filter(pk=task.pk).update(
                created_at=seeder.at(added, rng.uniform(8, 17)), due_on=max(due, added)
            )
