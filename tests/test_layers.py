"""Imports flow one way, from the bottom of the house to the top.

Layers, bottom to top (the README's Layout section says the same):

0. portal's foundation: small shared pieces that import no app (dates, sorting
   in the visitor's language, versions, history, scoping, the admin base, browse
   pages, filters, CSV streaming);
1. organizations; 2. accounts (who is looking); 3. events; 4. agreements;
5. search, and members (claims and requests); 6. api and demo; 7. portal's frame
   (settings, root URLs, home, about, privacy, feeds, sitemaps).

A module may import its own app and the layers below its own, never one above
(not inside a function either, nor through ``apps.get_model``), and the project's
modules never import one another in a circle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FOUNDATION = {
    "portal.admin_base",
    "portal.apps",
    "portal.browse",
    "portal.checks",
    "portal.compiled_reads",
    "portal.csv_export",
    "portal.dates",
    "portal.display",
    "portal.filters",
    "portal.formats",
    "portal.history",
    "portal.import_storage",
    "portal.localized",
    "portal.mail",
    "portal.migration_operations",
    "portal.migrations",
    "portal.models",
    "portal.page_cache",
    "portal.prefetched",
    "portal.publishing",
    "portal.rows",
    "portal.static_storage",
    "portal.query_text",
    "portal.scoping",
    "portal.signals",
    "portal.slug_urls",
    "portal.templatetags",
    "portal.versioning",
}
LAYERS = {
    "organizations": 1,
    "accounts": 2,
    "events": 3,
    "agreements": 4,
    "search": 5,
    "members": 5,
    "partners": 5,
    "api": 6,
    "demo": 6,
    "portal": 7,
}
APPS = set(LAYERS)


def layer(module):
    """(layer, group) of a project module; the group tells apart apps on one layer."""
    parts = module.split(".")
    for length in range(len(parts), 1, -1):
        if ".".join(parts[:length]) in FOUNDATION:
            return 0, "portal.foundation"
    return LAYERS[parts[0]], parts[0]


def project_modules():
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


DYNAMIC_IMPORTS = {"get_model", "import_module", "import_string", "__import__"}


def _call_name(call):
    return getattr(call.func, "attr", None) or getattr(call.func, "id", None)


def imported_modules(module, path):
    """Every project module ``module`` imports, anywhere in the file, with its line."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from portal import dates" imports the module portal.dates; "from
            # portal.dates import X" the module portal.dates (X is not a module).
            names = [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and _call_name(node) in DYNAMIC_IMPORTS:
            # import_module("x.y"), import_string(…), __import__(…), apps.get_model(…)
            # however the arguments are given: every string among them.
            values = [*node.args, *(keyword.value for keyword in node.keywords)]
            names = [
                v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)
            ]
        else:
            continue
        for name in names:
            if name.split(".")[0] in APPS:
                yield name, node.lineno


def imports_of(module, path, modules):
    """The project modules ``module`` imports, each with the line of its first import."""
    targets = {}
    for name, line in imported_modules(module, path):
        # The longest known module the name starts with ("portal.dates.X" → portal.dates).
        while name not in modules and "." in name:
            name = name.rpartition(".")[0]
        if name in modules and name != module:
            targets.setdefault(name, line)
    return targets


def import_graph():
    modules = dict(project_modules())
    return {module: imports_of(module, path, modules) for module, path in modules.items()}, modules


def upward_imports(graph, modules):
    found = []
    for module, targets in graph.items():
        level, group = layer(module)
        for target, line in targets.items():
            target_level, target_group = layer(target)
            if target_group != group and target_level >= level:
                path = modules[module].relative_to(ROOT)
                found.append(
                    f"{path}:{line}: {module} (layer {level}) imports {target} "
                    f"(layer {target_level})"
                )
    return found


def cycles(graph):
    """Each circle of imports once, as the list of its modules."""
    found, state, stack = [], {}, []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return found


def test_no_module_imports_a_higher_layer():
    graph, modules = import_graph()
    # The check reads the real tree: a graph it failed to read would pass vacuously.
    assert graph["organizations.models"].keys() >= {"organizations.querysets", "portal.dates"}
    assert upward_imports(graph, modules) == []


def test_no_modules_import_one_another_in_a_circle():
    graph, _modules = import_graph()
    assert cycles(graph) == []


def test_every_app_and_foundation_module_is_placed_in_a_layer():
    unplaced = []
    for module, _path in project_modules():
        try:
            layer(module)
        except KeyError:
            unplaced.append(module)
    assert unplaced == []
    on_disk = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert on_disk == APPS


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        # A lower app importing a higher one, at the top or inside a function.
        ("from agreements.models import Party\n", "organizations.querysets", 1),
        ("def f():\n    from events.models import Event\n", "organizations.views", 1),
        ("import search.querying\n", "agreements.filters", 1),
        ("from django.apps import apps\napps.get_model('agreements.Party')\n", "events.x", 1),
        ("apps.get_model(app_label='agreements', model_name='Party')\n", "events.x", 1),
        (
            "from importlib import import_module\nimport_module('agreements.models')\n",
            "events.x",
            1,
        ),
        ("__import__('events.models')\n", "organizations.x", 1),
        ("from ..agreements import models\n", "events.x", 1),
        # The foundation imports no app.
        ("from organizations.models import Contact\n", "portal.scoping", 1),
        # Downward, within an app, or into the foundation: allowed.
        ("from organizations.models import Contact\n", "agreements.models", 0),
        ("from portal.dates import DatePrecision\n", "organizations.models", 0),
        ("from events import calendar\n", "events.views", 0),
        ("from api.docs import api_docs\n", "portal.urls", 0),
        # Two apps on one layer do not import each other.
        ("from api import serializers\n", "demo.loaders", 1),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path, source, module, expected):
    path = tmp_path / "module.py"
    path.write_text(source)
    graph, modules = import_graph()
    graph[module] = imports_of(module, path, modules)
    modules[module] = ROOT / "module.py"
    found = [f for f in upward_imports(graph, modules) if f": {module} (layer" in f]
    assert len(found) == expected, found


def test_the_check_catches_a_circle():
    graph = {"events.a": {"events.b": 1}, "events.b": {"events.c": 1}, "events.c": {"events.a": 1}}
    assert cycles(graph) == [["events.a", "events.b", "events.c", "events.a"]]
