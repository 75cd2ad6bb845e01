"""Benchmark: import a large roster (default 100,000 rows) through the real services.

    .venv/bin/python bench/import_roster.py --rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongxin_bench \\
        .venv/bin/python bench/import_roster.py --rows 100000

Writes an xlsx with XlsxWriter (constant_memory) into var/, builds a mine of 40
districts with 5 crews each (or uses --scope-unit, e.g. the demo mine), then times
upload, check and apply exactly as the upload page runs them, and a re-import in
which a tenth of the people changed. Peak memory is the process's maximum resident
set size so far (ru_maxrss), read after each phase.

On SQLite the bench uses its own database, var/bench.sqlite3, recreated each run. On
PostgreSQL each run adds a new mine and new people: the audit log is append-only, so
earlier runs cannot be cleared away.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志德胜文斌庆玉凤立新海燕红梅春生峰林波辉鹏飞宇浩然"  # noqa: E501
POSTS = [
    "采煤机司机",
    "支架工",
    "掘进机司机",
    "电工",
    "钳工",
    "瓦斯检查工",
    "安全员",
    "运输工",
    "技术员",
]
POLITICAL = ["群众"] * 6 + ["中共党员"] * 3 + ["预备党员", "共青团员"]
SKILL = ["", "初级工", "中级工", "中级工", "高级工", "技师", "高级技师"]
HEADERS = ["工号", "姓名", "单位", "岗位", "手机", "政治面貌", "工会会员", "技能等级", "入职日期"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def cpu_seconds() -> float:
    # This process only (not the database server); steadier than wall time on a busy machine.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
    os.environ.setdefault("MEDIA_ROOT", str(VAR / "bench-media"))
    if not os.environ.get("DATABASE_URL"):
        db = Path(os.environ.setdefault("SQLITE_PATH", str(VAR / "bench.sqlite3")))
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_mine(tag: str):
    """A mine of 40 districts with crews 一班…五班 each (so crew names are ambiguous)."""
    from tongxin.people import services
    from tongxin.people.models import OrgKind

    org = services.org_create
    group = org(actor=None, name=f"基准集团{tag}", kind=OrgKind.GROUP)
    mine = org(actor=None, name=f"基准矿{tag}", kind=OrgKind.MINE, parent=group)
    for d in range(1, 41):
        district = org(actor=None, name=f"综采{d}队", kind=OrgKind.DISTRICT, parent=mine)
        for crew in "一二三四五":
            org(actor=None, name=f"{crew}班", kind=OrgKind.CREW, parent=district)
    return mine


def write_roster(path: Path, rows: int, units: list[str], tag: str, changed: float = 0.0):
    """The roster; with `changed`, that share of people get a new phone and post."""
    import xlsxwriter

    rng = random.Random(20260101)  # the same people each time
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("花名册")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    base = datetime.datetime(1990, 1, 1)
    change = random.Random(7)
    for i in range(1, rows + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        post = rng.choice(POSTS)
        phone = f"139{i:08d}"
        if changed and change.random() < changed:
            post, phone = "综合工", f"138{i:08d}"
        sheet.write_string(i, 0, f"{tag}{i:06d}")
        sheet.write_string(i, 1, name)
        sheet.write_string(i, 2, rng.choice(units))
        sheet.write_string(i, 3, post)
        sheet.write_string(i, 4, phone)
        sheet.write_string(i, 5, rng.choice(POLITICAL))
        sheet.write_string(i, 6, "是" if rng.random() < 0.95 else "否")
        sheet.write_string(i, 7, rng.choice(SKILL))
        sheet.write_datetime(i, 8, base + datetime.timedelta(days=rng.randrange(12000)), day)
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--scope-unit", type=int, help="import into this unit (e.g. the demo mine)")
    parser.add_argument("--no-reimport", action="store_true", help="skip the re-import phase")
    args = parser.parse_args()

    started = time.perf_counter()
    setup_django()
    setup_seconds = time.perf_counter() - started
    from django.conf import settings
    from django.core.files import File
    from django.db import connection

    from tongxin.people import roster, services
    from tongxin.people.models import Organisation, Person, Role

    tag = f"B{int(time.time()) % 100000:05d}"  # a new set of 工号 each run
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    results = []

    def phase(name, fn):
        t0, c0 = time.perf_counter(), cpu_seconds()
        value = fn()
        seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        results.append((name, seconds, peak_mb(), cpu))
        print(
            f"{name:<24} {seconds:7.1f} s wall {cpu:7.1f} s cpu   "
            f"peak RSS so far {peak_mb():4.0f} MB",
            flush=True,
        )
        return value

    print(
        f"{'setup (migrate)':<24} {setup_seconds:7.1f} s wall   peak RSS so far {peak_mb():5.0f} MB"
    )
    if args.scope_unit:
        scope = Organisation.objects.get(pk=args.scope_unit)
    else:
        scope = phase("build mine (240 units)", lambda: build_mine(tag))
    actor = services.person_create(actor=None, employee_no=f"{tag}ADM", name="基准管理员")
    services.role_assign(actor=None, person=actor, role=Role.ADMIN, organisation=scope)
    index = roster.UnitIndex(scope)
    leaves = [label for pk, label in index.labels.items() if pk != scope.pk]
    print(f"scope: {scope.name}, {len(leaves)} units; rows: {args.rows:,}")

    path = VAR / f"bench-roster-{args.rows}.xlsx"
    phase("generate xlsx", lambda: write_roster(path, args.rows, leaves, tag))
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")

    def run_import(label: str, file_path: Path):
        with open(file_path, "rb") as fh:
            imp = phase(
                f"{label}: upload",
                lambda: roster.roster_upload(
                    actor=actor, scope_unit=scope, file=File(fh, name=file_path.name),
                    name=file_path.name,
                ),
            )  # fmt: skip
        imp = phase(f"{label}: check", lambda: roster.roster_check(roster_import=imp))
        assert imp.status == "ready", imp.errors[:5]
        print(f"    preview: {imp.summary['create']} new, {imp.summary['update']} updated, "
              f"{imp.summary['unchanged']} unchanged")  # fmt: skip
        imp = phase(
            f"{label}: apply",
            lambda: roster.roster_confirm(actor=actor, roster_import=imp, background=False),
        )
        assert imp.status == "applied", imp.errors[:5]

    run_import("import", path)
    people = Person.objects.filter(employee_no__startswith=tag).exclude(pk=actor.pk).count()
    assert people == args.rows, people
    if not args.no_reimport:
        again = VAR / f"bench-roster-{args.rows}-changed.xlsx"
        phase("generate changed xlsx", lambda: write_roster(again, args.rows, leaves, tag, 0.1))
        run_import("re-import", again)

    print()
    for label in ("import", "re-import"):
        parts = [r for r in results if r[0].startswith(f"{label}:")]
        if parts:
            total, cpu = sum(r[1] for r in parts), sum(r[3] for r in parts)
            print(
                f"{label:<10} upload+check+apply: {total:6.1f} s wall ({cpu:.1f} s cpu), "
                f"peak RSS {parts[-1][2]:.0f} MB"
            )
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"whole run: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
