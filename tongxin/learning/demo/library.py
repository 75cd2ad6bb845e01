"""The demo mine's study library (library_content.py holds the text): ten modules with
articles, intranet videos and PDF documents (one for Party members only, one for
cadres), three months of study with daily rhythms, the points they earned, required
courses by role, and two too-fast study days flagged to 综采一队党支部.

Rhythms: about a third of the mine study steadily (most weekday evenings, 5 to 30
minutes), a third now and then, the rest never. Every point is a PointEvent whose day
total stays within its rule's cap, written in bulk (the demo is the one place that
writes them without points.services.award). Today is left untouched, so that a demo
sign-in's own study starts fresh.

The stories the checks rely on (tests/learning/demo_checks_library.py):
- 全体党员 must finish「学习党的创新理论」(two materials) within ten days: demo02 has read
  one of the two, the home page shows it due; most Party members have finished;
- crew leaders had「班组长安全必修」due two weeks ago, some never finished it;
- 综采一队党支部's desk (demo03) lists who has not finished and two flagged days.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from tongxin.people.models import Organisation, OrgKind, Person, Tree

from ..library.courses import backfill
from ..library.sanitise import sanitise
from ..library.services import READ_MIN_SECONDS, read_seconds
from ..models import (
    Kind,
    Material,
    MaterialState,
    Module,
    PointDay,
    PointEvent,
    PointRule,
    RequiredCourse,
    StudyDay,
    StudyFlag,
    Who,
)
from ..points import rules as R
from .library_content import BODIES, MODULES, article_html, pdf_bytes

STORY_BRANCH = "综采一队党支部"
REASONS = ("心跳过于频繁（疑似刷时长）", "阅读速度过快（超过每分钟 1500 字）")
DAYS = 92
VIDEO_HOST = "http://video.hongyan.local/study"
# Videos uploaded to the platform (served with range requests, so a phone can seek);
# the others are links to the mine's intranet video server. The file is a one-minute
# slide lesson made for the demo (VP9 WebM, 270 KB).
UPLOADED_VIDEOS = {
    "安全生产微课堂 · 第一讲": Path(__file__).parent / "media" / "safety-lesson.webm"
}


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour % 24, minute)))


def _materials(mine, author, today) -> list[Material]:
    made = []
    published = _at(today - timedelta(days=DAYS + 5), 9)
    for order, (name, (articles, videos, documents)) in enumerate(MODULES.items(), start=1):
        module = Module.objects.create(mine=mine, org_path=mine.path, name=name, order=order)
        for n, title in enumerate(articles):
            html, text = sanitise(article_html(name, title, n + order))
            made.append(
                Material(
                    module=module, unit=mine, org_path=mine.path, kind=Kind.ARTICLE,
                    title=title, body=html, text=text, length=len(text.replace(" ", "")),
                    audience=Who.PARTY if name == "党纪法规" and n == 2 else Who.EVERYONE,
                )
            )  # fmt: skip
        for title, minutes in videos:
            uploaded = title in UPLOADED_VIDEOS
            made.append(
                Material(
                    module=module, unit=mine, org_path=mine.path, kind=Kind.VIDEO, title=title,
                    url="" if uploaded else f"{VIDEO_HOST}/{order:02d}.mp4",
                    duration=minutes * 60,
                    body=f"<p>{title}，时长约 {minutes} 分钟。</p>" if uploaded
                    else f"<p>{title}，时长约 {minutes} 分钟，请在矿区内网观看。</p>",
                )
            )  # fmt: skip
        for title in documents:
            made.append(
                Material(
                    module=module, unit=mine, org_path=mine.path, kind=Kind.DOCUMENT, title=title,
                    audience=Who.CADRES if name == "会议精神解读" else Who.EVERYONE,
                )
            )  # fmt: skip
    for i, m in enumerate(made):
        m.state, m.author = MaterialState.PUBLISHED, author
        m.published_at = published + timedelta(days=i % 60, hours=i % 5)
    Material.objects.bulk_create(made)
    for m in made:
        if m.title in UPLOADED_VIDEOS:
            content = ContentFile(UPLOADED_VIDEOS[m.title].read_bytes())
            m.file.save(f"demo-{m.pk}.webm", content, save=True)
        if m.kind == Kind.DOCUMENT:
            lines = _pdf_lines(m.module.name)
            m.file.save(f"demo-{m.pk}.pdf", ContentFile(pdf_bytes(m.title, lines)), save=True)
    return made


def _pdf_lines(module: str) -> list[str]:
    lines = []
    for sentence in BODIES[module]:
        lines += [sentence[i : i + 36] for i in range(0, len(sentence), 36)]
    return lines[:28]


def _branch_paths(people) -> dict[int, str]:
    branches = list(
        Organisation.objects.filter(tree=Tree.PARTY, kind=OrgKind.BRANCH).values_list(
            "path", flat=True
        )
    )
    found = {}
    for p in people:
        if p.party_org_id:
            found[p.pk] = next((b for b in branches if p.party_org.path.startswith(b)), "")
    return found


def seed(*, seed: int, progress=None):
    if Module.objects.exists():
        return None
    logins = {
        p.employee_no: p
        for p in Person.objects.filter(employee_no__startswith="demo").select_related("unit")
    }
    worker = logins.get("demo01")
    mine = next(
        (m for m in Organisation.objects.filter(kind=OrgKind.MINE, tree=Tree.UNIT).order_by("path")
         if worker is None or worker.unit.path.startswith(m.path)),
        None,
    )  # fmt: skip
    if mine is None:
        return None
    if progress:
        progress("学习资料库：资料与学习记录")
    today = timezone.localdate()
    rng = random.Random(f"{seed}-library-{today.isoformat()}")
    materials = _materials(mine, logins.get("demo08"), today)
    readable = [m for m in materials if m.kind != Kind.DOCUMENT and m.audience == Who.EVERYONE]
    people = list(
        Person.objects.filter(unit__path__startswith=mine.path, is_active=True)
        .select_related("unit", "party_org")
        .order_by("pk")
    )
    branch_of = _branch_paths(people)
    rule = {r.code: r for r in PointRule.objects.filter(mine=mine)}
    by_title = {m.title: m for m in materials}
    courses = _courses(mine, today, by_title)
    course_materials = {c.pk: [m for m in c.materials.all()] for c in courses}

    days, flags = [], []
    demo02 = logins.get("demo02")
    due_soon = set(course_materials[courses[0].pk])
    for person in people:
        if person.employee_no in ("demo01", "demo02", "demo03"):
            habit = 0.55  # the demo's own sign-ins study steadily
        else:
            habit = rng.choice((0.6, 0.55, 0.2, 0.1, 0, 0))
        if not habit:
            continue
        seen: set[tuple[int, object]] = set()
        for back in range(DAYS, 0, -1):
            day = today - timedelta(days=back)
            weekend = day.weekday() >= 5
            if rng.random() > (habit * 0.4 if weekend else habit):
                continue
            hour = rng.choice((19, 20, 20, 21, 21, 22) if not weekend else (10, 15, 20))
            for m in rng.sample(readable, rng.choice((1, 1, 2))):
                if (m.pk, day) in seen or (person == demo02 and m in due_soon):
                    continue
                seen.add((m.pk, day))
                days.append(_day(person, m, day, hour, rng))
        # The required courses: most of their audience studied them before the deadline.
        for course in courses:
            if not _in_audience(person, course.who):
                continue
            chance = 0.8 if course.deadline >= today else 0.6
            for n, m in enumerate(course_materials[course.pk]):
                if person == demo02 and n > 0:
                    continue  # demo02: one of the two read, the other still to do
                if person != demo02 and rng.random() > chance:
                    continue
                day = min(course.deadline, today) - timedelta(days=rng.randint(1, 20))
                if (m.pk, day) not in seen:
                    seen.add((m.pk, day))
                    row = _day(person, m, day, 20, rng)
                    row.seconds = max(row.seconds, read_seconds(m) + 30)
                    row.completed_at = row.last_beat_at
                    days.append(row)
    _flagged(days, people, branch_of, readable, today, flags, rng)
    StudyDay.objects.bulk_create(days, batch_size=2000)
    StudyFlag.objects.bulk_create(flags)
    _points(days, rule)
    for course in courses:
        backfill(course, _at(course.deadline - timedelta(days=1), 20))
    return len(days)


def _day(person, m, day, hour, rng) -> StudyDay:
    minutes = rng.choice((3, 5, 8, 10, 12, 15, 20, 25, 30))
    seconds = minutes * 60 + rng.randint(0, 59)
    end = _at(day, hour, rng.randint(0, 59)) + timedelta(seconds=seconds)
    done = seconds >= (read_seconds(m) if m.kind == Kind.ARTICLE else READ_MIN_SECONDS)
    progress = 0.0
    if m.kind == Kind.VIDEO:
        progress = min(1.0, seconds / m.duration)
        done = progress >= 0.9
    return StudyDay(
        person=person, material=m, module_id=m.module_id, day=day, seconds=seconds,
        progress=progress, completed_at=end if done else None, last_beat_at=end,
        beats=seconds // 15, gap_sum=seconds, gap_squares=seconds * 15.0 + seconds * 4.0,
        unit_path=person.unit.path, party_path=person.party_org.path if person.party_org_id else "",
    )  # fmt: skip


def _in_audience(person, who) -> bool:
    if who == Who.PARTY:
        return person.is_party_member
    if who == Who.CREW_LEADERS:
        return "班长" in (person.post or "")
    return who == Who.EVERYONE


def _courses(mine, today, by_title) -> list[RequiredCourse]:
    plan = (
        (
            "学习党的创新理论",
            Who.PARTY,
            10,
            ("深刻把握新时代党的创新理论的核心要义", "党的创新理论十讲（第一讲）"),
        ),
        ("班组长安全必修", Who.CREW_LEADERS, -14, ("采掘工作面顶板管理十条", "班前会安全确认要点")),
        ("全员安全生产法学习", Who.EVERYONE, 40, ("新修订《安全生产法》十大看点",)),
    )
    made = []
    for title, who, days, titles in plan:
        course = RequiredCourse.objects.create(
            title=title, who=who, unit=mine, org_path=mine.path,
            deadline=today + timedelta(days=days),
        )  # fmt: skip
        course.materials.set([by_title[t] for t in titles])
        made.append(course)
    return made


def _flagged(days, people, branch_of, readable, today, flags, rng) -> None:
    """Two days of 综采一队党支部's members whose study came too fast to believe."""
    story = Organisation.objects.filter(name=STORY_BRANCH, kind=OrgKind.BRANCH).first()
    if story is None:
        return
    members = [p for p in people if branch_of.get(p.pk) == story.path]
    members = [p for p in members if not p.employee_no.startswith("demo")][:2]
    articles = [m for m in readable if m.kind == Kind.ARTICLE]
    for n, person in enumerate(members):
        day, m = today - timedelta(days=3 + 4 * n), articles[-1 - n]
        days[:] = [d for d in days if not (d.person == person and d.material == m and d.day == day)]
        row = _day(person, m, day, 22, rng)
        row.seconds, row.completed_at, row.flagged, row.fast_beats = 40, None, True, 3
        days.append(row)
        flags.append(
            StudyFlag(
                person=person, material=m, day=day, at=row.last_beat_at,
                reason=REASONS[n],
                unit_path=row.unit_path, party_path=row.party_path,
            )
        )  # fmt: skip


def _points(days, rule) -> None:
    """Each study day's points under the rules' caps, as events and day totals."""
    events, totals, once_seen = [], {}, set()
    for d in sorted(days, key=lambda d: (d.person_id, d.day, d.last_beat_at)):
        earned = []
        if d.flagged:
            continue
        if d.material.kind == Kind.ARTICLE:
            if d.completed_at:
                earned.append((R.READ_ARTICLE, 1, f"material:{d.material_id}"))
            earned.append((R.ARTICLE_TIME, d.seconds // 120, ""))
        elif d.material.kind == Kind.VIDEO:
            if d.completed_at:
                earned.append((R.WATCH_VIDEO, 1, f"material:{d.material_id}"))
            earned.append((R.VIDEO_TIME, d.seconds // 180, ""))
        for code, units, once in earned:
            the_rule = rule.get(code)
            if the_rule is None or units <= 0:
                continue
            key = (d.person_id, the_rule.pk, d.day)
            total = totals.setdefault(
                key,
                PointDay(
                    person_id=d.person_id, rule=the_rule, day=d.day, points=0,
                    unit_path=d.unit_path, party_path=d.party_path,
                ),
            )  # fmt: skip
            points = min(the_rule.points * units, the_rule.daily_cap - total.points)
            if points <= 0 or (once and (d.person_id, the_rule.pk, once) in once_seen):
                continue
            if once:
                once_seen.add((d.person_id, the_rule.pk, once))
            total.points += points
            events.append(
                PointEvent(
                    person_id=d.person_id, rule=the_rule, points=points, at=d.completed_at
                    or d.last_beat_at, day=d.day, source=f"learning.material:{d.material_id}",
                    once_key=once, note=d.material.title[:60],
                )
            )  # fmt: skip
    PointEvent.objects.bulk_create(events, batch_size=2000)
    PointDay.objects.bulk_create([t for t in totals.values() if t.points], batch_size=2000)
