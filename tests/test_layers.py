"""The package's import structure: imports point down the layers of ARCHITECTURE.md, there is
no import cycle, and no import hides inside a function (but for optional extras).

Layers, lowest first (a module may import its own layer and those below, never above):

0. shared types: findings, claims, rules, document, context, results, the version;
1. text, corpus, data, configuration, storage (signatures, archive, baseline files) and the
   decisions that read only those (suppressions, selection, scoring);
2. checks;
3. the engine and its executors;
4. reporters;
5. the command line and the package's entry points.

Imports under `if TYPE_CHECKING:` are for annotations only and are not imports at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "auditor"

LAYERS: list[tuple[str, ...]] = [
    ("auditor._version", "auditor.findings", "auditor.claim", "auditor.rules", "auditor.corpus.document",
     "auditor.context", "auditor.results", "auditor.unionfind", "auditor.files"),
    ("auditor.outdir", "auditor.workspace", "auditor.shuffle", "auditor.regex", "auditor.text", "auditor.corpus", "auditor.data", "auditor.config", "auditor.signatures", "auditor.archive",
     "auditor.baseline", "auditor.suppressions", "auditor.selection", "auditor.scoring", "auditor.textstat_offline"),
    ("auditor.checks",),
    ("auditor.engine", "auditor.executors", "auditor.budget"),
    ("auditor.report",),
    ("auditor.cli", "auditor.__main__", "auditor"),
]
# Function-level imports are allowed only for optional extras (not installed by default).
OPTIONAL_EXTRAS = ("dask", "distributed", "psycopg")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The layer of the longest prefix that names the module."""
    best, best_len = -1, -1
    for index, names in enumerate(LAYERS):
        for name in names:
            prefix = name != "auditor" and module.startswith(name + ".")  # the package itself: exact only
            if (module == name or prefix) and len(name) > best_len:
                best, best_len = index, len(name)
    if best < 0:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")
    return best


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """Absolute names of the auditor modules an import statement loads."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "auditor"]
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
        for _ in range(node.level - 1):
            package = package.rsplit(".", 1)[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    if base.split(".")[0] != "auditor":
        return []
    out = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        out.append(candidate if candidate in MODULES else base)
    return out


def imports(module: str) -> tuple[set[str], list[tuple[int, str]]]:
    """(auditor modules imported at run time, function-level imports as (line, name))."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    runtime: set[str] = set()
    nested: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub, in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                targets = _resolve(module, child)
                runtime.update(targets)
                if in_function:
                    names = [a.name for a in child.names] if isinstance(child, ast.Import) else [child.module or "."]
                    if not any(n.split(".")[0] in OPTIONAL_EXTRAS for n in names):
                        nested.append((child.lineno, ", ".join(names)))
                continue
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    runtime.discard(module)
    return runtime, nested


GRAPH = {m: imports(m)[0] for m in MODULES}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    mine = layer_of(module)
    upward = sorted(t for t in GRAPH[module] if layer_of(t) > mine)
    assert not upward, f"{module} (layer {mine}) imports from higher layers: {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_imports_inside_functions(module):
    _runtime, nested = imports(module)
    assert not nested, f"{module} imports inside functions: {nested}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_what_it_is_for(module):
    docstring = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    assert docstring and len(docstring.split()) >= 5, f"{module} has no opening docstring saying its job"


def test_no_import_cycle():
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(GRAPH.get(node, ())):
            if target not in GRAPH:
                continue
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_checker_sees_an_upward_import():
    """The test above must be able to fail: a check importing the engine is caught."""
    fake = ast.parse("from ..engine import run_audit\n")
    node = fake.body[0]
    assert _resolve("auditor.checks.farm", node) == ["auditor.engine"]
    assert layer_of("auditor.engine") > layer_of("auditor.checks.farm")
