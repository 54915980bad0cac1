"""The services of the grown apps are packages, import no tasks and hide no cycle (issue 13, points 4 and 6).

Read from the source with `ast`, so the test sees imports inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("members", "finance", "governance", "ceds", "feasibility", "awards", "training")
MAX_LINES = 600
# The modules between which a cycle would be hidden by an import inside a function.
LAYER = ("services", "selectors", "tasks", "permissions", "conflicts", "certificates", "ballots", "recount",
         "verification", "tally", "integrity", "scoring")


def _python_files(app: str) -> list[Path]:
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts and "data" not in p.parts]


def _imports(path: Path) -> list[tuple[ast.AST, str, bool]]:
    """(node, absolute module imported, inside a function?) for each import of the file."""
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((child, alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = package.split(".")
                if child.level:
                    base = base[: len(base) - child.level + 1]
                    module = ".".join([*base, child.module] if child.module else base)
                else:
                    module = child.module or ""
                found.append((child, module, in_function))
                if child.module is None or child.level:
                    found.extend((child, f"{module}.{alias.name}", in_function) for alias in child.names)
            visit(child, nested)

    visit(tree, False)
    return found


def _node(module: str, app: str) -> str | None:
    parts = module.split(".")
    if parts[0] != app or len(parts) < 2 or parts[1] not in LAYER:
        return None
    return parts[1]


@pytest.mark.parametrize("app", APPS)
def test_no_python_file_of_the_app_is_over_600_lines(app):
    long = {str(p.relative_to(ROOT)): n for p in _python_files(app) if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


@pytest.mark.parametrize("app", APPS)
def test_services_are_a_package_that_imports_no_tasks_and_nothing_inside_functions(app):
    package = ROOT / app / "services"
    assert (package / "__init__.py").exists() and not (ROOT / app / "services.py").exists()
    for path in package.rglob("*.py"):
        for node, module, in_function in _imports(path):
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            assert not in_function, f"{where} imports {module} inside a function"
            assert module.split(".")[-1] != "tasks" and ".tasks." not in module, f"{where} imports {module}"


@pytest.mark.parametrize("app", APPS)
def test_tasks_import_at_top_level(app):
    if not (ROOT / app / "tasks.py").exists():
        pytest.skip(f"{app} has no tasks")
    inside = [f"{node.lineno}: {module}" for node, module, in_function in _imports(ROOT / app / "tasks.py") if in_function]
    assert inside == []


@pytest.mark.parametrize("app", APPS)
def test_services_selectors_tasks_and_rules_import_each_other_without_a_cycle(app):
    graph: dict[str, set[str]] = {}
    for path in _python_files(app):
        source = _node(".".join(path.relative_to(ROOT).with_suffix("").parts), app)
        if source is None:
            continue
        for _statement, module, _inside in _imports(path):
            target = _node(module, app)
            if target and target != source:
                graph.setdefault(source, set()).add(target)

    def cycle_from(start: str, node: str, seen: tuple[str, ...]) -> tuple[str, ...] | None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return (*seen, nxt)
            if nxt not in seen:
                found = cycle_from(start, nxt, (*seen, nxt))
                if found:
                    return found
        return None

    cycles = {" → ".join(c) for start in graph if (c := cycle_from(start, start, (start,)))}
    assert cycles == set()
