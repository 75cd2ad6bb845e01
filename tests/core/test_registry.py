"""The area registry: core and people name no area; every area is declared whole; the
home page's shared aggregate query answers what queryset.aggregate would."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongxin.core import registry
from tongxin.people.models import Person

ROOT = Path(__file__).resolve().parents[2] / "tongxin"
BASE_APPS = {"core", "people"}
# Apps core and people may use: the platform's own, below every area.
ALLOWED = BASE_APPS | {"accounts"}


def area_apps() -> set[str]:
    """Every project app other than the base ones: the areas, and the API over them."""
    names = {
        config.name.split(".", 1)[1]
        for config in apps.get_app_configs()
        if config.name.startswith("tongxin.")
    }
    return (names | {"api"} | {a.name for a in registry.areas()}) - ALLOWED


def _imports(tree: ast.AST, package: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts)
                yield f"{base}.{node.module}" if node.module else base
            else:
                yield node.module or ""
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # import_module("tongxin.voice.demo") and the like
            if re.fullmatch(r"tongxin(\.\w+)+", node.value):
                yield node.value


TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:url|include|extends)\s+["'](\w+)[:/]""")


def test_core_and_people_name_no_area():
    forbidden = area_apps()
    assert {"voice", "hazards", "grid", "care", "api"} <= forbidden
    found = []
    for app in BASE_APPS:
        for path in (ROOT / app).rglob("*"):
            relative = path.relative_to(ROOT.parent)
            if path.suffix == ".py":
                package = ".".join(relative.with_suffix("").parts[:-1])
                for name in _imports(ast.parse(path.read_text()), package):
                    parts = name.split(".")
                    if parts[0] == "tongxin" and len(parts) > 1 and parts[1] in forbidden:
                        found.append(f"{relative}: {name}")
            elif path.suffix in (".html", ".txt"):
                for match in TEMPLATE_REFERENCE.finditer(path.read_text()):
                    if match.group(1) in forbidden:
                        found.append(f"{relative}: {match.group(0)}")
    assert found == []


def test_the_check_would_catch_an_area_import():
    tree = ast.parse("from tongxin.voice import demo\nfrom ..grid.home import x\n")
    assert list(_imports(tree, "tongxin.core")) == ["tongxin.voice", "tongxin.grid.home"]
    template = '{% include "grid/home_panel.html" %}<a href="{% url \'voice:inbox\' %}">'
    assert [m.group(1) for m in TEMPLATE_REFERENCE.finditer(template)] == ["grid", "voice"]


def test_every_area_is_registered_with_what_it_offers():
    names = [a.name for a in registry.areas()]
    # In the order of INSTALLED_APPS, core first; areas added later join the lists.
    installed = [c.label for c in apps.get_app_configs()]
    assert names == [label for label in installed if label in names]
    assert names[:2] == ["core", "people"]
    assert {"voice", "hazards", "grid", "care"} <= set(names)
    for area in registry.areas():
        for item in area.menu:
            reverse(item.url_name)
    for _area, export in registry.exports():
        reverse(export.url_name)
    demo = [a.name for a in registry.demo_areas()]
    assert [n for n in demo if n in ("voice", "hazards", "grid", "care")] == [
        "voice",
        "hazards",
        "grid",
        "care",
    ]
    assert {
        ("voice", "cases"),
        ("hazards", "hazards"),
        ("care", "ledger"),
        ("care", "assistance"),
    } <= {(a.name, e.name) for a, e in registry.exports()}
    figures = registry.figures()
    for key, figure in figures.items():
        assert key.split(".")[0] in names
        assert figure.label and figure.unit


def test_seed_demo_offers_a_no_flag_per_area(capsys):
    with pytest.raises(SystemExit):
        call_command("seed_demo", "--help")
    text = capsys.readouterr().out
    for flag in ("--no-voice", "--no-hazards", "--no-grid", "--no-care"):
        assert flag in text


def test_a_figure_key_may_be_registered_once():
    area = registry.areas()[2]
    clash = registry.Area(name="clash", label="clash", figures=area.figures[:1])
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(clash)
    assert "clash" not in {a.name for a in registry.areas()}


@pytest.mark.django_db
def test_shared_aggregates_equal_queryset_aggregate_in_one_query(cast):
    from tongxin.care.models import Assistance

    people = Person.objects.filter(is_active=True)
    wanted = [
        (people, {"n": Count("pk"), "party": Count("pk", filter=Q(political_status="member"))}),
        (people.filter(unit=cast.crew_a1), {"n": Count("pk")}),
        (Person.objects.none(), {"n": Count("pk")}),  # never sent to the database
        (Assistance.objects.all(), {"total": Sum("amount"), "n": Count("pk")}),
    ]
    home = registry.Home(person=cast.zhao_secretary, today=timezone.localdate())
    rows = [home.aggregate(qs, **aggs) for qs, aggs in wanted]
    with CaptureQueriesContext(connection) as captured:
        values = [dict(row) for row in rows]
    assert len(captured) == 1
    assert values == [qs.aggregate(**aggs) for qs, aggs in wanted]
    assert values[2] == {"n": 0}


@pytest.mark.django_db
def test_home_panels_leave_out_those_with_nothing_to_say(cast):
    shown = [p.key for p, _ctx in registry.home_panels(cast.wang_worker, timezone.localdate())]
    # A worker with no care items owned sees no care panel; people's card is there.
    assert "care" not in shown
    assert shown[-1] == "people"
