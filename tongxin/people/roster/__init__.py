"""Roster import (花名册导入, SPEC §1): read an HR export, check every row, apply all or nothing.

The file is read twice: once to check it (the preview) and once more, inside one
transaction, to apply it. Applying checks every row again against the database as it
is then, so a preview that has gone stale can never write half a roster.

Modules of this package:
- columns: the columns an HR export has, with the header variants seen in real exports.
- reading: the file's type by extension and content, CSV encodings, the header row.
- cells: one parser per column, turning a cell into a value or a reason in Chinese.
- engine: one pass over the rows in chunks; counts and collects errors, and in
  apply mode also writes each chunk (bulk) with one audit row per changed person.
- services: upload, check, confirm, apply, cancel; each a status transition claimed
  with a conditional update, so two workers or two clicks never do the work twice.
- selectors: reads for the pages: which imports an administrator may see, progress.

Callers outside the package use the names below (`roster.roster_upload(...)`); the
tuning constants (CHUNK_ROWS and the like) live in, and are patched on, `engine`.
"""

from .cells import Bad, UnitIndex, parse_hire_date
from .columns import TEMPLATE_HEADERS
from .engine import inspect_file
from .reading import sniff
from .selectors import RUNNING, import_for_admin, imports_visible_to, progress_of, scope_choices
from .services import (
    roster_apply,
    roster_cancel,
    roster_check,
    roster_confirm,
    roster_start_check,
    roster_upload,
)

__all__ = [
    "RUNNING",
    "TEMPLATE_HEADERS",
    "Bad",
    "UnitIndex",
    "import_for_admin",
    "imports_visible_to",
    "inspect_file",
    "parse_hire_date",
    "progress_of",
    "roster_apply",
    "roster_cancel",
    "roster_check",
    "roster_confirm",
    "roster_start_check",
    "roster_upload",
    "scope_choices",
    "sniff",
]
