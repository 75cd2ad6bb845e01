"""manage.py import_roster FILE --scope-unit <id or name> --actor <工号> [--dry-run]

The same checks and the same all-or-nothing apply as the upload page, run in the
foreground. Bad rows are printed by row number and the command exits non-zero.
"""

import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.people import roster
from tongxin.people.models import ImportStatus, Organisation, Person, Tree


class Command(BaseCommand):
    help = "Import a roster file (xlsx, xls, ods or csv) into a unit, all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--scope-unit", required=True, help="unit id or unique name")
        parser.add_argument("--actor", required=True, help="工号 of an administrator of the unit")
        parser.add_argument("--dry-run", action="store_true", help="check only, record nothing")

    def handle(self, *args, **options):
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        actor = Person.objects.filter(employee_no=options["actor"]).first()
        if actor is None:
            raise CommandError(_("找不到工号为 %(no)s 的人员。") % {"no": options["actor"]})
        scope_unit = self._scope_unit(options["scope_unit"])

        if options["dry_run"]:
            outcome = roster.inspect_file(path, scope_unit=scope_unit, actor=actor)
            self._report(outcome.errors, outcome.error_rows, outcome.summary())
            self.stdout.write(_("检查完毕（未写入）。"))
            return

        try:
            with open(path, "rb") as fh:
                roster_import = roster.roster_upload(
                    actor=actor,
                    scope_unit=scope_unit,
                    file=File(fh, name=os.path.basename(path)),
                    name=os.path.basename(path),
                )
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(_("正在检查 %(n)d 行…") % {"n": roster_import.total_rows})
        roster_import = roster.roster_check(roster_import=roster_import)
        summary = roster_import.summary
        self._report(roster_import.errors, summary.get("error_rows", 0), summary)
        if roster_import.status != ImportStatus.READY:
            return  # _report raised already when there were errors
        self.stdout.write(_("正在导入…"))
        try:
            roster_import = roster.roster_confirm(
                actor=actor, roster_import=roster_import, background=False
            )
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self._report(roster_import.errors, roster_import.summary.get("error_rows", 0), {})
        if roster_import.status != ImportStatus.APPLIED:
            raise CommandError(_("导入失败，没有写入任何数据。"))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "导入完成（#%(pk)d）：新增%(create)d人，更新%(update)d人，%(unchanged)d人无变化。"
                )
                % {"pk": roster_import.pk, **roster_import.summary}
            )
        )

    def _scope_unit(self, value: str) -> Organisation:
        units = Organisation.objects.filter(tree=Tree.UNIT)
        found = list(units.filter(pk=int(value)) if value.isdigit() else units.filter(name=value))
        if not found:
            raise CommandError(_("找不到单位：%(v)s") % {"v": value})
        if len(found) > 1:
            ids = "、".join(f"{u.pk}（{u.name}）" for u in found)
            raise CommandError(_("有多个同名单位，请用编号指定：%(ids)s") % {"ids": ids})
        return found[0]

    def _report(self, errors: list[dict], error_rows: int, summary: dict) -> None:
        """Print each bad row; raise (exit status 1) when there is any."""
        for error in errors:
            where = (
                _("第%(row)d行（工号 %(no)s）") % {"row": error["row"], "no": error["employee_no"]}
                if error["row"]
                else _("文件")
            )
            self.stderr.write(f"{where}：{' '.join(error['errors'])}")
        if error_rows > len(errors):
            self.stderr.write(_("……另有 %(n)d 行错误未列出。") % {"n": error_rows - len(errors)})
        if error_rows:
            raise CommandError(_("有 %(n)d 处错误，没有导入任何数据。") % {"n": error_rows})
        if summary:
            self.stdout.write(
                _("检查通过：将新增%(create)d人，更新%(update)d人，%(unchanged)d人无变化。")
                % summary
            )
