"""The rule of the spine (ARCHITECTURE.md): every workflow runs on core.timeline. No area
keeps a transition runner or an event model of its own — a new one fails here, by name.

Three checks: every transition table is core.timeline's and is run by a `Workflow`;
every event-shaped model (actor, action, from_state, to_state) is a `TimelineEvent`;
and no area code locks a row and then writes its state or checks and bumps its version
by hand (what `Workflow.begin`/`finish` do), read from the source itself.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from django.apps import apps

import tongxin
from tongxin.core.timeline import TimelineEvent, Transition, Workflow

ROOT = Path(tongxin.__file__).parent
# The spine itself; demo seeders (demo.py or a demo/ package) write finished rows in
# bulk, versions included.
NOT_AREAS = {"core"}
SKIPPED_FILES = {"demo.py"}
# Left on purpose, each with its reason. Keep this short: an entry that no longer
# matches anything fails the last test, so the list only shrinks.
EXEMPT = {
    # Records whether a handled proposal was adopted: an edit with the form's version,
    # not a step between states; voice's, and moved with voice's own work.
    "voice/services/proposals.py::proposal_adopt",
}
EVENT_FIELDS = {"actor", "action", "from_state", "to_state"}


def area_modules(root: Path = ROOT):
    """(relative path, parsed module) for every area source file."""
    for path in sorted(root.glob("*/**/*.py")):
        rel = path.relative_to(root)
        skipped = {"migrations", "demo"} & set(rel.parts) or rel.name in SKIPPED_FILES
        if rel.parts[0] in NOT_AREAS or skipped:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _attribute_targets(node: ast.AST) -> list[ast.Attribute]:
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    else:
        return []
    flat = [e for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
    return [e for e in flat if isinstance(e, ast.Attribute)]


def _compared(node: ast.AST) -> list[ast.Attribute]:
    if not isinstance(node, ast.Compare):
        return []
    return [side for side in (node.left, *node.comparators) if isinstance(side, ast.Attribute)]


def hand_rolled_runners(root: Path = ROOT) -> dict[str, list[str]]:
    """{"area/module.py::function": [what it does by hand]} for functions that bump a
    version (only the runner does), or lock a row (`select_for_update`) and then write
    its state or compare its version."""
    found: dict[str, list[str]] = {}
    for rel, module in area_modules(root):
        for fn in ast.walk(module):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            locks = any(
                isinstance(n, ast.Attribute) and n.attr == "select_for_update" for n in ast.walk(fn)
            )
            hits = []
            for node in ast.walk(fn):
                for target in _attribute_targets(node):
                    if target.attr == "version":
                        hits.append(f"line {node.lineno}: sets .version")
                    elif target.attr == "state" and locks:
                        hits.append(f"line {node.lineno}: sets .state of a locked row")
                if locks and any(side.attr == "version" for side in _compared(node)):
                    hits.append(f"line {node.lineno}: compares .version of a locked row")
            if hits:
                found[f"{rel.as_posix()}::{fn.name}"] = sorted(set(hits))
    return found


def _module_name(rel: Path) -> str:
    return "tongxin." + ".".join(rel.with_suffix("").parts)


def _transition_tables():
    """(module name, table name, table) for every module-level *TRANSITIONS in an area."""
    for rel, module in area_modules():
        names = [
            t.id
            for node in module.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for t in ([node.target] if isinstance(node, ast.AnnAssign) else node.targets)
            if isinstance(t, ast.Name) and t.id.endswith("TRANSITIONS")
        ]
        if names:
            loaded = importlib.import_module(_module_name(rel))
            for name in names:
                yield loaded.__name__, name, getattr(loaded, name)


def _workflows() -> list[Workflow]:
    flows = []
    for rel, module in area_modules():
        uses = any(
            isinstance(n, ast.Name) and n.id in ("Workflow", "partial") for n in ast.walk(module)
        )
        if uses:
            loaded = importlib.import_module(_module_name(rel))
            flows += [v for v in vars(loaded).values() if isinstance(v, Workflow)]
    return flows


def test_every_transition_table_is_core_timelines_and_is_run_by_a_workflow():
    tables = list(_transition_tables())
    assert tables, "no transition table found: is the scan looking in the right place?"
    run = {id(flow.transitions) for flow in _workflows()}
    for module, name, value in tables:
        assert isinstance(value, dict) and value, f"{module}.{name} is not a table"
        for step in value.values():
            assert isinstance(step, Transition), f"{module}.{name}: {step!r} is not a Transition"
        assert id(value) in run, f"{module}.{name} is run by no core.timeline Workflow"


def test_every_event_shaped_model_is_a_timeline_event():
    offenders = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("tongxin.")
        and not model.__module__.startswith("tongxin.core.")
        and EVENT_FIELDS <= {f.name for f in model._meta.get_fields()}
        and not issubclass(model, TimelineEvent)
    ]
    assert offenders == [], f"event models of their own (subclass TimelineEvent): {offenders}"


def test_no_area_locks_and_checks_a_row_by_hand():
    found = {k: v for k, v in hand_rolled_runners().items() if k not in EXEMPT}
    assert found == {}, (
        "hand-written transition runners (use the area's core.timeline Workflow: "
        f"flow.begin/finish or flow.run): {found}"
    )


def test_the_exemptions_still_name_something():
    assert EXEMPT <= set(hand_rolled_runners()), "an exemption was fixed: remove it from EXEMPT"
