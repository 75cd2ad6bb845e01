"""manage.py seed_demo: a fictional coal-mining group to try the platform on.

    manage.py seed_demo                          one mine of 4,000 people
    manage.py seed_demo --mines 25 --people 100000
    manage.py seed_demo --if-empty               only if nobody is on the roll yet
    manage.py seed_demo --only grid --only care  only those areas' records (and the people)

Ends by printing the demo sign-ins. The same --seed gives the same data. It seeds
an empty database only: there is no "flush" option, because the audit log is append-only
(tongxin/core/migrations/0003) and people who have signed in cannot be deleted. To start
over, start from a new database.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core import registry
from tongxin.people.demo import build, logins
from tongxin.people.models import Person

MAX_MINES = 200


class Command(BaseCommand):
    help = "生成演示数据：虚构的煤矿集团、组织、人员和各角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=build.DEFAULT_SEED, help="随机种子")
        parser.add_argument("--mines", type=int, default=1, help="矿的数量（默认 1）")
        parser.add_argument("--people", type=int, default=None, help="总人数（默认每矿 4000 人）")
        parser.add_argument(
            "--if-empty", action="store_true", help="已有人员时不生成，只列出演示账号"
        )
        parser.add_argument(
            "--people-only", action="store_true", help="只生成组织和人员，不生成各业务的演示数据"
        )
        for area in registry.demo_areas():
            parser.add_argument(f"--no-{area.demo_flag}", action="store_true", help=area.demo.help)
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            choices=[area.demo_flag for area in registry.demo_areas()],
            metavar="AREA",
            help="只生成指定业务的演示数据（可重复；其余业务不生成）",
        )
        parser.add_argument(
            "--bench-logins",
            action="store_true",
            help="所有任职人员也使用演示密码（供压力测试登录）",
        )

    def handle(self, *args, **options):
        mines = options["mines"]
        if not 1 <= mines <= MAX_MINES:
            raise CommandError(_("矿的数量须在 1 到 %(n)d 之间。") % {"n": MAX_MINES})
        existing = Person.objects.count()
        if existing:
            if not options["if_empty"]:
                raise CommandError(
                    _(
                        "数据库中已有 %(n)d 名人员。加 --if-empty 可跳过生成；"
                        "要重新生成，请使用一个新的空数据库。"
                    )
                    % {"n": existing}
                )
            self.stdout.write(_("已有 %(n)d 名人员，跳过生成演示数据。") % {"n": existing})
        else:
            self._seed(options)
        self._print_logins()

    def _seed(self, options):
        verbose = options["verbosity"] >= 1
        try:
            result = build.seed(
                seed=options["seed"],
                mines=options["mines"],
                people=options["people"],
                bench_logins=options["bench_logins"],
                progress=self.stdout.write if verbose else None,
            )
        except build.SeedError as exc:
            raise CommandError(
                _("人数太少：%(m)d 个矿至少需要 %(n)s 人。") % {"m": options["mines"], "n": exc}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "已生成演示数据：%(people)d 人，%(orgs)d 个组织，%(roles)d 项任职，"
                    "%(certs)d 本证书，用时 %(s).1f 秒（种子 %(seed)d，指纹 %(digest)s）。"
                )
                % {
                    "people": result.people,
                    "orgs": result.organisations,
                    "roles": result.roles,
                    "certs": result.certificates,
                    "s": result.seconds,
                    "seed": options["seed"],
                    "digest": build.digest(),
                }
            )
        )
        if options["bench_logins"]:
            self.stdout.write(_("所有任职人员均可用演示密码登录（压力测试用）。"))
        if options["people_only"]:
            return
        # Each area's demo step, through its own services, in the order they declare
        # (an area's demo may build on an earlier one's records).
        only = set(options["only"])
        for area in registry.demo_areas():
            if only and area.demo_flag not in only:
                continue
            if not options[f"no_{area.demo_flag.replace('-', '_')}"]:
                area.demo.seed(seed=options["seed"], progress=self.stdout.write)

    def _print_logins(self):
        rows = logins.login_rows()
        if not rows:
            self.stdout.write(_("数据库中没有演示账号（demo01–demo10）。"))
            return
        self.stdout.write("")
        self.stdout.write(_("演示账号（工号 + 密码登录）："))
        self.stdout.write(logins.format_table(rows))
