"""Life events of every kind over the last four weeks, and their visits.

Recorded by grid members and secretaries (services.events.event_record), one reported
by a worker himself (event_report_own), each with its visit task; most visited
(services.visits.visit_log), a couple overdue; one visit's follow-up opened a care
item, one became a worker-voice case.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tongxin.core.workdays import add_workdays
from tongxin.voice.models import Case, CaseEvent

from ..models import EventKind, FollowUp, GridTask, LifeEvent, Visit
from ..periods import first_of
from ..services import events, visits
from .context import Branch, Seeder

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


def member_of(seeder: Seeder, worker_pk: int) -> int | None:
    return next((m for m, ws in seeder.covers.items() if worker_pk in ws), None)


def life_events(seeder: Seeder) -> None:
    """Every kind over the last four weeks; most visited, a couple overdue."""
    rng = seeder.rng
    demo02 = seeder.logins.get("demo02")
    demo01 = seeder.logins.get("demo01")
    kinds = list(EventKind.values)
    plans = []  # (branch, worker pk, kind, recorded ago, recorder, follow-up, visited?)
    if seeder.demo is not None:
        demo = seeder.demo
        demo_workers = [
            w for m, ws in seeder.covers.items() for w in ws if w in demo.roster.workers
        ]
        mine = seeder.covers.get(demo02.pk, []) if demo02 is not None else []
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
                same = [w for w in others if same_unit(seeder, demo, w)]
                if same:
                    others.remove(same[0])
                    plans.append((demo, same[0], kind, ago, recorder, follow, visited))
                continue
            if others:
                plans.append((demo, others.pop(), kind, ago, recorder, follow, visited))
    rest = [b for b in seeder.branches if not b.is_demo and b.secretary]
    for n in range(16):
        if not rest:
            break
        branch = rng.choice(rest)
        workers = [w for m, ws in seeder.covers.items() for w in ws if w in branch.roster.workers]
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
        one_event(seeder, branch, worker_pk, kind, ago, recorder, follow, visited)


def same_unit(seeder: Seeder, branch: Branch, worker_pk: int) -> bool:
    member = branch.roster.people.get(member_of(seeder, worker_pk) or 0)
    return member is not None and member.unit_id == branch.roster.people[worker_pk].unit_id


def one_event(seeder: Seeder, branch, worker_pk, kind, ago, recorder, follow, visited) -> None:
    rng = seeder.rng
    worker = branch.roster.people[worker_pk]
    member_pk = member_of(seeder, worker_pk)
    member = branch.roster.people.get(member_pk) if member_pk else None
    recorded = seeder.today - timedelta(days=ago)
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
    seeder.event_ids.append(event.pk)
    task = GridTask.objects.get(life_event=event)
    due = events.event_due(kind, recorded)
    GridTask.objects.filter(pk=task.pk).update(
        created_at=seeder.at(recorded, rng.uniform(8, 18)),
        month=first_of(recorded),
        due_on=due,
    )
    LifeEvent.objects.filter(pk=event.pk).update(created_at=seeder.at(recorded, rng.uniform(8, 18)))
    if not visited:
        return
    owner = task.owner
    visited_on = min(recorded + timedelta(days=rng.randint(0, 2)), due, seeder.today)
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
    seeder.visit_count += 1
    moment = seeder.at(visited_on, rng.uniform(15, 20))
    Visit.objects.filter(pk=visit.pk).update(created_at=moment)
    GridTask.objects.filter(owner=owner, subject=worker, done_at__gte=logged).update(done_at=moment)
    if visit.case_id:
        Case.objects.filter(pk=visit.case_id).update(created_at=moment, updated_at=moment)
        CaseEvent.objects.filter(case_id=visit.case_id).update(at=moment)
    if visit.care_item_id:
        from tongxin.care.models import ServiceItem
        from tongxin.care.services.items import VISIT_WORKDAYS

        ServiceItem.objects.filter(pk=visit.care_item_id).update(
            created_at=moment, deadline=add_workdays(visited_on, VISIT_WORKDAYS)
        )
