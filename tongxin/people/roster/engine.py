"""The engine: one pass over the rows in chunks; counts and collects errors, and in
apply mode also writes each chunk (bulk) with one audit row per changed person.
"""

from __future__ import annotations

import datetime
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.models import AuditEvent

from ..models import Organisation, Person, PoliticalStatus, Role, SkillGrade
from ..scoping import reach_of
from ..services import PERSON_AUDIT_FIELDS, set_name
from .cells import UnitIndex, _text, parse_row
from .columns import LABELS
from .reading import RosterFileError, Table, open_table, sniff

CHUNK_ROWS = 2000  # rows checked (and written) together; also how often progress is saved
BATCH_SIZE = 1000  # rows per INSERT / UPDATE statement
MAX_STORED_ERRORS = 5000  # bad rows kept on the import; the count is always exact
SAMPLE_SIZE = 10  # changes of each kind shown in the preview


@dataclass
class Outcome:
    """What a pass over the file found (and, in apply mode, wrote)."""

    error_limit: int | None = MAX_STORED_ERRORS
    rows: int = 0
    create: int = 0
    update: int = 0
    unchanged: int = 0
    error_rows: int = 0
    errors: list[dict] = field(default_factory=list)
    samples: list[dict] = field(default_factory=list)
    sampled: dict[str, int] = field(default_factory=lambda: {"create": 0, "update": 0})
    table: dict = field(default_factory=dict)

    def add_error(self, row: int | None, employee_no: str, reasons: list[str]) -> None:
        self.error_rows += 1
        if self.error_limit is None or len(self.errors) < self.error_limit:
            self.errors.append({"row": row, "employee_no": employee_no, "errors": reasons})

    @classmethod
    def failed(cls, reason: str) -> Outcome:
        outcome = cls()
        outcome.add_error(None, "", [reason])
        return outcome

    def summary(self) -> dict:
        return {
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "error_rows": self.error_rows,
            "errors_truncated": self.error_rows > len(self.errors),
            "samples": self.samples,
            **self.table,
        }


def _unusable_password() -> str:
    # What set_unusable_password() stores ("!" and 40 random characters), without its
    # per-character secrets.choice loop, which costs ten seconds for 100,000 people.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _show(key: str, value, units: UnitIndex, person: Person | None = None) -> str:
    """A value as the preview shows it."""
    if value is None or value == "":
        return ""
    if key == "unit":
        if value in units.labels:
            return units.labels[value]
        return person.unit.name if person is not None and person.unit else str(value)
    if key == "political_status":
        return str(PoliticalStatus(value).label)
    if key == "skill_grade":
        return str(SkillGrade(value).label)
    if key == "union_member":
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _new_person(values: dict) -> Person:
    person = Person(
        employee_no=values["employee_no"],
        unit_id=values["unit"],
        post=values.get("post", ""),
        phone=values.get("phone", ""),
        political_status=values.get("political_status", PoliticalStatus.MASSES),
        union_member=values.get("union_member", True),
        skill_grade=values.get("skill_grade", ""),
        hire_date=values.get("hire_date"),
        party_org_id=None,  # given, so that __init__ does not look up each default
        union_org_id=None,
        password=_unusable_password(),
        # They receive an initial password from an administrator later, and change it.
        must_change_password=True,
    )
    set_name(person, values["name"])
    return person


def _changes(person: Person, values: dict) -> list[tuple[str, object, object]]:
    """(key, old, new) for each value in the file that differs from what is on file."""
    found = []
    for key, new in values.items():
        old = person.unit_id if key == "unit" else getattr(person, key)
        if key != "employee_no" and old != new:
            found.append((key, old, new))
    return found


def _json(value):
    return str(value) if isinstance(value, datetime.date) else value


# Fields whose values the database driver takes as they are, exactly as Django's
# get_db_prep_save would leave them; the others (JSON, IP addresses, and on SQLite
# dates and times, which Django writes as text in UTC) go through get_db_prep_save.
PLAIN_FIELDS = {
    "postgresql": (
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.IntegerField,
        models.DateField,  # and DateTimeField: aware datetimes go as they are
        models.ForeignKey,
    ),
    "sqlite": (
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.IntegerField,
        models.ForeignKey,
    ),
}


def _insert(model, objs: list) -> None:
    """INSERT new rows: COPY on PostgreSQL, executemany on SQLite, bulk_create elsewhere.

    Measured at 100,000 rows, bulk_create took most of the apply phase: on PostgreSQL
    its INSERT … UNNEST spends its time encoding and parsing array literals of JSON and
    text (the phase missed its 60 s target); on SQLite it compiles a statement for every
    45 rows (999 parameters). Both fast paths write the values the fields prepare.
    """
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy: it costs a lookup per call
    if db.vendor not in PLAIN_FIELDS:
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # Values are read as they stand: right for these models, which have no auto_now fields.
    assert not any(
        getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields
    )
    values = attrgetter(*(f.attname for f in fields))
    plain = PLAIN_FIELDS[db.vendor]
    prepare = [(i, f) for i, f in enumerate(fields) if not isinstance(f, plain)]

    def rows():
        for obj in objs:
            row = list(values(obj))
            for i, f in prepare:
                row[i] = f.get_db_prep_save(row[i], db)
            yield row

    quote = db.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (model names)
            cursor.executemany(sql, list(rows()))  # a list: the debug cursor takes its len()
    if model is Person:  # neither returns the new ids; the audit rows need them
        ids = dict(
            Person.objects.filter(employee_no__in=[p.employee_no for p in objs]).values_list(
                "employee_no", "pk"
            )
        )
        for person in objs:
            person.pk = ids[person.employee_no]
            person._state.adding = False


def _write(creates: list[Person], updates: list[tuple[Person, list]], actor, note: str) -> None:
    """One chunk's new and changed people, and one audit row for each."""
    _insert(Person, creates)
    label = str(actor)[:80]
    events = [
        audit.build(
            action="people.person.created",
            actor=actor,
            actor_label=label,
            obj=person,
            after=audit.snapshot(person, PERSON_AUDIT_FIELDS),
            note=note,
        )
        for person in creates
    ]
    if updates:
        fields = set()
        for person, changes in updates:
            for key, _old, new in changes:
                if key == "name":
                    set_name(person, new)
                    fields.update(("name", "name_pinyin", "name_initials"))
                else:
                    setattr(person, "unit_id" if key == "unit" else key, new)
                    fields.add(key)
            events.append(
                audit.build(
                    action="people.person.updated",
                    actor=actor,
                    actor_label=label,
                    obj=person,
                    before={key: _json(old) for key, old, _new in changes},
                    after={key: _json(new) for key, _old, new in changes},
                    note=note,
                )
            )
        Person.objects.bulk_update(
            [person for person, _changes in updates], sorted(fields), batch_size=BATCH_SIZE
        )
    _insert(AuditEvent, events)


def run(
    table: Table,
    *,
    scope_unit: Organisation,
    actor: Person,
    write: bool = False,
    on_progress: Callable[[int], None] | None = None,
    error_limit: int | None = MAX_STORED_ERRORS,
    note: str = "",
) -> Outcome:
    """Check every row; with write=True also write each chunk (the caller holds the transaction).

    Once a row is bad nothing more is written, but checking goes on so that every bad
    row is reported; the caller then rolls back what was written.
    """
    outcome = Outcome(error_limit=error_limit)
    outcome.table = {
        "sheet": table.sheet,
        "header_row": table.header_row,
        "columns": table.used,
        "ignored": table.ignored,
    }
    units = UnitIndex(scope_unit)
    reach = reach_of(actor, {Role.ADMIN})
    first_row: dict[str, int] = {}  # 工号 -> the row it first appears on
    no_index = dict((key, index) for index, key in table.layout)["employee_no"]
    rows = table.rows()
    while chunk := list(islice(rows, CHUNK_ROWS)):
        good = []
        for number, cells in chunk:
            outcome.rows += 1
            values, errors = parse_row(cells, table.layout, units)
            employee_no = values.get("employee_no", "")
            if employee_no:
                if employee_no in first_row:
                    errors.append(_("工号与第%(row)d行重复。") % {"row": first_row[employee_no]})
                else:
                    first_row[employee_no] = number
            if errors:
                raw = employee_no or (_text(cells[no_index]) if no_index < len(cells) else "")
                outcome.add_error(number, raw[:20], errors)
            else:
                good.append((number, values))
        existing = Person.objects.filter(employee_no__in=[v["employee_no"] for _, v in good])
        if write:
            existing = existing.select_for_update(of=("self",))
        on_file = {p.employee_no: p for p in existing.select_related("unit")}
        creates, updates = [], []
        for number, values in good:
            person = on_file.get(values["employee_no"])
            if person is None:
                if write:
                    creates.append(_new_person(values))
                outcome.create += 1
                changes = [(key, None, value) for key, value in values.items()]
                _sample(outcome, "create", number, values, changes, units)
            elif not (reach.everything or reach.covers(person.unit)):
                outcome.add_error(
                    number, values["employee_no"], [_("工号已存在于您管辖范围之外的单位。")]
                )
            elif changes := _changes(person, values):
                updates.append((person, changes))
                outcome.update += 1
                _sample(outcome, "update", number, values, changes, units, person)
            else:
                outcome.unchanged += 1
        if write and not outcome.error_rows:
            _write(creates, updates, actor, note)
        if on_progress is not None:
            on_progress(outcome.rows)
    return outcome


def _sample(outcome, action, number, values, changes, units, person=None) -> None:
    if outcome.sampled[action] >= SAMPLE_SIZE:
        return
    outcome.sampled[action] += 1
    outcome.samples.append(
        {
            "action": action,
            "row": number,
            "employee_no": values["employee_no"],
            "name": values["name"],
            "changes": [
                {
                    "key": key,
                    "field": str(LABELS[key]),
                    "old": _show(key, old, units, person),
                    "new": _show(key, new, units),
                }
                for key, old, new in changes
                if key != "employee_no"
            ],
        }
    )


def inspect_file(path, *, scope_unit: Organisation, actor: Person) -> Outcome:
    """Check a file without recording anything (manage.py import_roster --dry-run)."""
    try:
        with open(path, "rb") as fh:
            kind = sniff(fh, os.fspath(path))
        with open_table(path, kind) as table:
            return run(table, scope_unit=scope_unit, actor=actor, error_limit=None)
    except RosterFileError as exc:
        return Outcome.failed(exc.messages[0])
