"""The area registry: how an area plugs itself into the platform from its own folder.

Each app declares one `Area` in its `area.py` and calls `register(...)`; core loads
every installed app's `area.py` once (`CoreConfig.ready`, like the admin's
`admin.py`). Core and people never name an area: the menu, the home page, the demo
command, the export list, assessment and dashboards iterate what is registered here.
In the manner of Wagtail's hooks and NetBox's PluginConfig.

    # tongxin/things/area.py
    from tongxin.core.registry import Area, DemoStep, Export, Figure, MenuItem, Panel, register

    register(Area(
        name="things",
        label=_("物品"),
        urls="things/",
        menu=(MenuItem(_("物品"), "things:list", "box", "/things/", order=45),),
        panels=(Panel("things", "things/home_panel.html", home_context, order=50),),
        demo=DemoStep(seed=demo.seed, order=50, help=_("不生成物品演示数据")),
        exports=(Export("ledger", _("物品台账"), "things:export"),),
        figures=(Figure.count("things.received", _("收到物品"), _("件"), received),),
        offline=("/things/$", "/things/do/"),
        pickers=(PersonPicker("things.keeper", thing_for_keeper, keepers),),
    ))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, QuerySet, Sum, Value
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from tongxin.people.models import Organisation, Person

Predicate = Callable[["Person"], bool]
Number = int | float | Decimal


def everyone(person: Person) -> bool:
    return True


# --- declarations --------------------------------------------------------------------


@dataclass(frozen=True)
class MenuItem:
    """One entry of the navigation. `order` places it among every area's entries; desk
    entries (inboxes, boards, ledgers) go in the 工作台 menu, so the bar keeps what is
    the person's own and stays on one line."""

    label: str
    url_name: str
    icon: str
    prefix: str
    order: int
    desk: bool = False
    shown: Predicate = everyone


@dataclass(frozen=True)
class NavItem:
    """A menu entry as rendered for one person: its URL reversed."""

    label: str
    url: str
    icon: str
    prefix: str
    desk: bool = False


@dataclass(frozen=True)
class Panel:
    """One block of the home page: a template fragment that reads `{{ <key> }}`, filled
    by `context(home)`. `budget` is the number of queries the context may run of its
    own; counts asked through `home.aggregate` share one query for the whole page and
    are not part of it. A context returning None leaves the panel out."""

    key: str
    template: str
    context: Callable[[Home], Any]
    order: int
    budget: int = 0


@dataclass(frozen=True)
class DemoStep:
    """The area's part of `manage.py seed_demo`: `seed(*, seed, progress)`, run in
    `order` unless `--no-<flag>` is given (flag: the area's name unless set)."""

    seed: Callable[..., object]
    order: int
    help: str
    flag: str = ""


@dataclass(frozen=True)
class Export:
    name: str
    label: str
    url_name: str


@dataclass(frozen=True)
class Figure:
    """A number an area offers to assessment and dashboards, for an organisation's
    subtree and a period (both days inclusive), and the records it is made of, so that
    every figure can be drilled down: `value(org, start, end)` is computed from
    `records(org, start, end)`."""

    key: str
    label: str
    unit: str
    value: Callable[[Organisation, date, date], Number | None]
    records: Callable[[Organisation, date, date], QuerySet]
    # How value is made of records: "count", "sum" (of `summed`), or "custom" (a rate,
    # say); tests check the first two against the records for every figure registered.
    kind: str = "custom"
    summed: str = ""

    @classmethod
    def count(cls, key: str, label: str, unit: str, records) -> Figure:
        return cls(key, label, unit, lambda *a: records(*a).count(), records, "count")

    @classmethod
    def sum(cls, key: str, label: str, unit: str, records, field_name: str) -> Figure:
        def value(*args):
            total = records(*args).aggregate(total=Sum(field_name))["total"]
            return total if total is not None else Decimal(0)

        return cls(key, label, unit, value, records, "sum", field_name)


@dataclass(frozen=True)
class PersonPicker:
    """A search-as-you-type person field (core.pickers) for one kind of record: `record(
    person, pk)` is the record as the person may act on it (404 or 403 otherwise), and
    `candidates(record)` the people who can act for it, the only ones offered and the
    only ids a post may carry."""

    name: str
    record: Callable[[Person, int], Any]
    candidates: Callable[[Any], QuerySet]


@dataclass(frozen=True)
class Area:
    """`name` is the app's label; `urls` the prefix its `urls` module is mounted at."""

    name: str
    label: str
    urls: str = ""
    menu: tuple[MenuItem, ...] = ()
    panels: tuple[Panel, ...] = ()
    demo: DemoStep | None = None
    exports: tuple[Export, ...] = ()
    figures: tuple[Figure, ...] = ()
    # Paths of the pages that keep working without network (core.offline): a prefix,
    # or one exact path when it ends in "$".
    offline: tuple[str, ...] = ()
    pickers: tuple[PersonPicker, ...] = ()

    @property
    def demo_flag(self) -> str:
        return (self.demo.flag if self.demo else "") or self.name


_areas: dict[str, Area] = {}


def register(area: Area) -> Area:
    """Declare an area; registering the same name again replaces it (module reloads)."""
    keys = [f.key for f in area.figures]
    taken = {f.key for other in _areas.values() if other.name != area.name for f in other.figures}
    clash = taken.intersection(keys) or {k for k in keys if keys.count(k) > 1}
    if clash:
        raise ValueError(f"figure keys registered twice: {sorted(clash)}")
    _areas[area.name] = area
    return area


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("area")


def areas() -> list[Area]:
    """Every registered area, in the order of INSTALLED_APPS."""
    return list(_areas.values())


# --- what core reads -----------------------------------------------------------------


def url_patterns() -> list:
    """Each area's URL conf at its prefix, for the project's urls.py."""
    from django.apps import apps
    from django.urls import include, path

    return [
        path(a.urls, include(f"{apps.get_app_config(a.name).name}.urls")) for a in areas() if a.urls
    ]


def menu_for(person: Person) -> list[NavItem]:
    if not person.is_authenticated:
        return []
    items = sorted((item for a in areas() for item in a.menu), key=lambda item: item.order)
    return [
        NavItem(item.label, reverse(item.url_name), item.icon, item.prefix, item.desk)
        for item in items
        if item.shown(person)
    ]


def panels() -> list[Panel]:
    return sorted((p for a in areas() for p in a.panels), key=lambda p: p.order)


def demo_areas() -> list[Area]:
    return sorted((a for a in areas() if a.demo), key=lambda a: a.demo.order)


def exports() -> list[tuple[Area, Export]]:
    return [(a, e) for a in areas() for e in a.exports]


def figures() -> dict[str, Figure]:
    return {f.key: f for a in areas() for f in a.figures}


def figure(key: str) -> Figure:
    return figures()[key]


def picker(name: str) -> PersonPicker | None:
    return next((p for a in areas() for p in a.pickers if p.name == name), None)


# --- the home page ---------------------------------------------------------------------


class LazyRow(Mapping):
    """One aggregate row asked for by a panel. Reading it runs every row asked for so far
    in one query, so panels that read their counts only in templates cost one query
    between them."""

    def __init__(self, home: Home, columns: Iterable[str]):
        self._home = home
        self._columns = tuple(columns)
        self._values: dict | None = None

    def _row(self) -> dict:
        if self._values is None:
            self._home.flush()
        return self._values

    def __getitem__(self, key):
        return self._row()[key]

    def __iter__(self):
        return iter(self._columns)

    def __len__(self):
        return len(self._columns)

    def __bool__(self):
        return True

    def __repr__(self):
        return f"LazyRow({self._values if self._values is not None else self._columns})"


@dataclass
class Home:
    """What the panels of one home page share: the person, today, and one batch of
    aggregate queries run together."""

    person: Person
    today: date
    _pending: list[tuple[LazyRow, QuerySet, dict]] = field(default_factory=list)

    def aggregate(self, queryset: QuerySet, **aggregates) -> LazyRow:
        """Like `queryset.aggregate(**aggregates)`, but run later with the page's other
        aggregates in a single query."""
        row = LazyRow(self, aggregates)
        self._pending.append((row, queryset, aggregates))
        return row

    def count(self, queryset: QuerySet) -> LazyRow:
        return self.aggregate(queryset, n=Count("pk"))

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            run_aggregates([(row, qs, aggs) for row, qs, aggs in pending])


def run_aggregates(batch: list[tuple[LazyRow, QuerySet, dict]]) -> None:
    """Each queryset's aggregates as one single-row subquery, cross-joined: one round
    trip, each table scanned once. A queryset known to be empty gets its aggregates'
    empty values without asking the database."""
    from django.core.exceptions import EmptyResultSet

    parts, params, slots = [], [], []
    for i, (row, qs, aggs) in enumerate(batch):
        named = {f"p{i}_{name}": agg for name, agg in aggs.items()}
        # A constant GROUP BY key is left out of the SQL: one row even over no rows.
        sub = qs.order_by().annotate(_one=Value(1)).values("_one").annotate(**named)
        sub = sub.values(*named)
        try:
            sql, sub_params = sub.query.sql_with_params()
        except EmptyResultSet:
            row._values = {name: agg.empty_result_set_value for name, agg in aggs.items()}
            continue
        parts.append(f"({sql}) AS p{i}")
        params.extend(sub_params)
        # The raw cursor skips the ORM's converters: the output fields turn SQLite's
        # floats back into Decimal, as queryset.aggregate() would.
        fields = {alias: sub.query.annotations[alias].output_field for alias in named}
        slots.append((row, dict(zip(aggs, named, strict=True)), fields))
    if not parts:
        return
    with connection.cursor() as cursor:
        # The parts are SQL compiled by the ORM, their values all in `params`.
        sql = "SELECT * FROM " + " CROSS JOIN ".join(parts)  # noqa: S608
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        values = dict(zip(columns, cursor.fetchone(), strict=True))
    for row, aliases, fields in slots:
        row._values = {
            name: None if values[alias] is None else fields[alias].to_python(values[alias])
            for name, alias in aliases.items()
        }


def home_panels(person: Person, today: date) -> list[tuple[Panel, Any]]:
    """Each panel with its context, in order, panels with nothing to say left out.

    A panel's context may be a function: it is called once every panel has asked for
    its counts, so a panel that must read a count to decide what it shows still shares
    the one aggregate query."""
    home = Home(person=person, today=today)
    declared = [(panel, panel.context(home)) for panel in panels()]
    shown = [(panel, ctx() if callable(ctx) else ctx) for panel, ctx in declared]
    return [(panel, ctx) for panel, ctx in shown if ctx is not None]


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes around whole days, `end` included: a range an index on the
    timestamp can serve (a `__date` lookup casts every row and cannot)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )
