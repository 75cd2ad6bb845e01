"""Hardship files and assistance.

About thirty hardship files (困难职工档案): levels, causes, family situations, a few
retired workers (inactive people on the roll, 退休职工) among them, yearly reviews (one
level changed, one file closed: 脱困销档), a few reviews due within the next two weeks;
and assistance over this year and last: 送温暖 before the Spring Festival, 金秋助学 in
August, 医疗救助, 生活救助 and 慰问金, so that the totals per year and unit mean
something.
"""

from __future__ import annotations

from datetime import date, timedelta

from tongxin.people.models import Person

from ..models import (
    Assistance,
    AssistanceKind,
    AssistanceSource,
    HardshipCause,
    HardshipFile,
    HardshipLevel,
    ReviewOutcome,
)
from ..services import hardship
from ..services.base import year_after
from .context import Seeder

RETIRED_SUFFIX = "T"  # 工号 of the retired workers added to the roll: <prefix>T001 …

# (cause, family situation, household size, per-capita monthly income range)
FAMILIES = [
    (HardshipCause.ILLNESS, "妻子患尿毒症，每周透析三次，家中靠本人工资维持，两个孩子上学。",
     4, (420, 700)),
    (HardshipCause.ILLNESS, "本人去年确诊肺结核，治疗期间收入下降，父母年迈多病需要照顾。",
     4, (600, 900)),
    (HardshipCause.ILLNESS, "父亲脑梗后偏瘫，长期卧床，母亲无收入，医药费每月两千余元。",
     5, (500, 800)),
    (HardshipCause.ILLNESS, "女儿患白血病正在化疗，已花费医药费三十余万元，借款较多。",
     3, (300, 600)),
    (HardshipCause.DISABILITY, "儿子先天性脑瘫，需长期康复训练，妻子无工作在家照顾。",
     3, (450, 750)),
    (HardshipCause.DISABILITY, "本人工伤致残后调整到地面岗位，收入下降，妻子患慢性病。",
     3, (700, 1000)),
    (HardshipCause.EDUCATION, "两个孩子同时上大学，每年学费生活费约四万元，妻子务农收入微薄。",
     4, (800, 1100)),
    (HardshipCause.EDUCATION, "儿子读高三、女儿读大学，妻子打零工，家庭开支大。",
     4, (850, 1200)),
    (HardshipCause.ACCIDENT, "老家房屋去年因暴雨倒塌，重建借款十余万元，尚未还清。",
     5, (700, 1000)),
    (HardshipCause.ACCIDENT, "妻子车祸受伤，肇事方无力赔偿，后续治疗费用自理。",
     3, (600, 900)),
    (HardshipCause.SINGLE_INCOME, "单亲父亲，独自抚养女儿，母亲瘫痪在床需要照顾。",
     3, (650, 950)),
    (HardshipCause.SINGLE_INCOME, "妻子无工作，家中只有本人一份收入，赡养双方老人共四人。",
     7, (500, 800)),
    (HardshipCause.OTHER, "父母均患慢性病无收入，兄弟姐妹无力赡养，负担全落在本人身上。",
     4, (700, 1000)),
]  # fmt: skip
RETIRED = [
    (HardshipCause.ILLNESS, "退休后患尘肺病二期，常年吸氧，老伴无退休金。", 2, (900, 1300)),
    (HardshipCause.ILLNESS, "退休职工，老伴瘫痪在床，独子工伤去世，靠退休金生活。", 2, (800, 1200)),
    (HardshipCause.DISABILITY, "退休前工伤致残，行动不便，孙子由其抚养。", 3, (700, 1000)),
]  # fmt: skip
RETIRED_POSTS = ("采煤机司机", "支架工", "掘进工")
REVIEW_NOTES = {
    ReviewOutcome.KEEP: ["家庭情况无明显变化，维持原困难程度", "入户核实，收入情况属实，维持"],
    ReviewOutcome.CHANGE: ["配偶病情加重，医疗支出增加，调整困难程度"],
    ReviewOutcome.CLOSE: ["子女已参加工作，家庭人均收入超过标准，脱困销档"],
}
LEVEL_SHARE = [
    (HardshipLevel.EXTREME, 6),
    (HardshipLevel.HARDSHIP, 13),
    (HardshipLevel.MARGINAL, 8),
]
WARMTH_AMOUNT = {HardshipLevel.EXTREME: 2000, HardshipLevel.HARDSHIP: 1000,
                 HardshipLevel.MARGINAL: 500}  # fmt: skip


def retirees(seeder: Seeder) -> list[Person]:
    """Three retired workers of the mine, on the roll as inactive people."""
    from tongxin.people import services as people_services
    from tongxin.people.demo import names

    rng = seeder.rng
    sample = next(iter(seeder.unit_people.values()), [])
    prefix = next((p.employee_no[:2] for p in sample if not p.employee_no.startswith("demo")), "11")
    homes = [seeder.demo_district] if seeder.demo_district else []
    homes += rng.sample([d for d in seeder.districts if d != seeder.demo_district], 3 - len(homes))
    out = []
    for n, home in enumerate(homes, start=1):
        birth = date(seeder.today.year - rng.randint(63, 72), rng.randint(1, 12), 1)
        out.append(
            people_services.person_create(
                actor=seeder.admin,
                employee_no=f"{prefix}{RETIRED_SUFFIX}{n:03d}",
                name=names.person_name(rng, female=False),
                unit=home,
                post=f"{RETIRED_POSTS[n - 1]}（退休）",
                phone=names.phone(rng),
                id_number=names.id_number(rng, birth, female=False),
                hire_date=date(birth.year + 20, rng.randint(1, 12), 1),
                is_active=False,
            )
        )
    return out


def files_and_assistance(seeder: Seeder) -> None:
    rng, today = seeder.rng, seeder.today
    levels = [level for level, n in LEVEL_SHARE for _ in range(n)]
    rng.shuffle(levels)
    others = [d for d in seeder.districts if d != seeder.demo_district]
    homes = rng.sample(others, min(10, len(others)))
    subjects: list[tuple[Person, tuple, str]] = []
    for k, level in enumerate(levels):
        district = seeder.demo_district if k < 7 and seeder.demo_district else homes[k % len(homes)]
        person = seeder.pick(district, party=False)
        if person is not None:
            subjects.append((person, FAMILIES[k % len(FAMILIES)], level))
    for k, person in enumerate(retirees(seeder)):
        subjects.append((person, RETIRED[k], HardshipLevel.HARDSHIP))
    # Opening dates: a few a year ago (review due within two weeks, one just overdue),
    # the rest spread over the last two and a half years; reviewed every year since.
    # Every other one was open before last New Year, whatever today is, so that last
    # year's 送温暖 (given in January) reaches several families.
    soon = {0: 4, 3: 11, 9: 8, 12: -5}
    last_new_year = date(today.year - 1, 1, 1)
    dated = []
    for k, (person, family, level) in enumerate(subjects):
        if k in soon:
            opened = year_before(today + timedelta(days=soon[k]))
        elif k % 2:
            opened = last_new_year - timedelta(days=rng.randint(1, 500))
        else:
            opened = today - timedelta(days=rng.randint(40, 900))
        dated.append((person, family, level, opened))
    # One file changes level at its review and one is closed (脱困销档).
    old = [k for k, row in enumerate(dated) if row[3] < today - timedelta(days=380)]
    outcomes = {}
    if len(old) >= 2:
        changed, closed = rng.sample(old, 2)
        outcomes = {changed: ReviewOutcome.CHANGE, closed: ReviewOutcome.CLOSE}
    for k, (person, family, level, opened) in enumerate(dated):
        outcome = outcomes.get(k, ReviewOutcome.KEEP)
        if outcome == ReviewOutcome.CLOSE and not person.is_active:
            outcome = ReviewOutcome.KEEP
        open_file(seeder, person, family, level, opened, outcome)


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def open_file(seeder: Seeder, person: Person, family: tuple, level: str, opened: date, last: str):
    """Open the file and hold the reviews that have come due; `last` is the outcome
    of the latest one (the ones before it kept the file as it was)."""
    rng, today = seeder.rng, seeder.today
    cause, situation, household, income = family
    chair = seeder.chair_for(person.unit)
    file = hardship.file_open(
        actor=chair, person=person, level=level, cause=cause, family_situation=situation,
        household_size=household, monthly_income=rng.randint(*income), opened_on=opened,
    )  # fmt: skip
    seeder.counts["files"] += 1
    reviews = []
    due = year_after(opened)
    while due <= today - timedelta(days=3):
        reviews.append(max(min(due + timedelta(days=rng.randint(-10, 3)), today), opened))
        due = year_after(due)
    closed = False
    for n, reviewed in enumerate(reviews):
        outcome = last if n == len(reviews) - 1 else ReviewOutcome.KEEP
        level_after = ""
        if outcome == ReviewOutcome.CHANGE:
            level_after = (
                HardshipLevel.EXTREME
                if file.level != HardshipLevel.EXTREME
                else HardshipLevel.HARDSHIP
            )
        hardship.file_review(
            actor=chair, file_id=file.pk, version=None, outcome=outcome,
            level_after=level_after, note=rng.choice(REVIEW_NOTES[outcome]),
            reviewed_on=reviewed,
        )  # fmt: skip
        file.refresh_from_db()
        closed = outcome == ReviewOutcome.CLOSE
    assist(seeder, person, file, cause, opened, closed)


def assist(
    seeder: Seeder, person, file: HardshipFile, cause: str, opened: date, closed: bool
) -> None:
    """送温暖 each Spring Festival, 金秋助学 each August, medical aid and the like."""
    rng, today = seeder.rng, seeder.today
    chair = seeder.chair_for(person.unit)
    end = file.last_reviewed_on if closed else today
    rows = []
    for year in (today.year - 1, today.year):
        warmth = date(year, 1, 18) + timedelta(days=rng.randint(0, 12))
        rows.append((AssistanceKind.WARMTH, WARMTH_AMOUNT[file.level],
                     AssistanceSource.UNION_FUNDS if rng.random() < 0.6
                     else AssistanceSource.HIGHER_UNION, warmth, "春节送温暖"))  # fmt: skip
        if cause == HardshipCause.EDUCATION or (rng.random() < 0.25 and not file.is_retired):
            schooling = date(year, 8, 15) + timedelta(days=rng.randint(0, 14))
            rows.append((AssistanceKind.SCHOOLING, rng.choice((3000, 4000, 5000)),
                         AssistanceSource.HIGHER_UNION, schooling,
                         "金秋助学（子女考入大学）"))  # fmt: skip
        if cause in (HardshipCause.ILLNESS, HardshipCause.DISABILITY) and rng.random() < 0.8:
            medical = date(year, rng.randint(3, 11), rng.randint(1, 28))
            rows.append((AssistanceKind.MEDICAL, rng.choice((2000, 3000, 5000, 8000)),
                         AssistanceSource.ENTERPRISE, medical, "大病医疗救助"))  # fmt: skip
        if file.level == HardshipLevel.EXTREME and rng.random() < 0.6:
            living = date(year, rng.randint(4, 10), rng.randint(1, 28))
            rows.append((AssistanceKind.LIVING, 1500, AssistanceSource.UNION_FUNDS, living,
                         "特困职工生活救助"))  # fmt: skip
    for kind, amount, source, given_on, note in rows:
        if not opened <= given_on <= (end or today):
            continue
        aid = hardship.assistance_record(
            actor=chair, person=person, kind=kind, amount=amount, source=source,
            given_on=given_on, note=note,
        )  # fmt: skip
        seeder.aid_days[aid.pk] = given_on
        seeder.counts["assistance"] += 1


def condolences(seeder: Seeder) -> None:
    """Condolence money for workers without a file: an injury, a bereavement."""
    rng, today = seeder.rng, seeder.today
    for k in range(6):
        district = (
            seeder.demo_district if k < 2 and seeder.demo_district else rng.choice(seeder.districts)
        )
        person = seeder.pick(district)
        if person is None:
            continue
        given = today - timedelta(days=rng.randint(5, 400))
        aid = hardship.assistance_record(
            actor=seeder.chair_for(district), person=person, kind=AssistanceKind.CONDOLENCE,
            amount=rng.choice((500, 800, 1000)), source=AssistanceSource.UNION_FUNDS,
            given_on=given, note=rng.choice(("因工受伤住院慰问", "直系亲属去世慰问")),
        )  # fmt: skip
        seeder.aid_days[aid.pk] = given
        seeder.counts["assistance"] += 1


def assistance_dates(seeder: Seeder) -> None:
    # assistance_record stamps its row "now": it was recorded the day it was given.
    for pk, day in seeder.aid_days.items():
        Assistance.objects.filter(pk=pk).update(
            created_at=seeder.at(day, seeder.rng.uniform(9, 17))
        )
