"""The layout's rules, read from the source: no import cycle (imports inside functions count), no module over
450 lines, no private name imported from another module (tests aside)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("summarizer", "eval")
MAX_LINES = 450


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in sorted((REPO / package).rglob("*.py"))}


def runtime_imports(path: Path, modules: dict[str, Path]) -> list[tuple[str, list[str]]]:
    """``(module imported, names)`` for every import the code runs, at any depth; ``if TYPE_CHECKING:`` blocks left out."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - child.level + 1] if child.level else []
                target = ".".join(base + ([child.module] if child.module else []))
                submodules = [alias.name for alias in child.names if f"{target}.{alias.name}" in modules]
                found.extend((f"{target}.{name}", []) for name in submodules)  # "from package import module"
                names = [alias.name for alias in child.names if alias.name not in submodules]
                if names:
                    found.append((target, names))
            elif isinstance(child, ast.Import):
                found.extend((alias.name, []) for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return [(target, names) for target, names in found if target in modules]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan's algorithm), or a module importing itself."""
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            connect(node)
    return groups


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules importing it runs: each imported module and the packages above it (importing
    ``a.b.c`` runs ``a/b/__init__.py`` first), less the importer's own packages, which were run before it."""
    def packages(name: str) -> set[str]:
        parts = name.split(".")
        return {".".join(parts[:n]) for n in range(1, len(parts))} & set(modules)

    graph = {}
    for name, path in modules.items():
        targets = {target for target, _ in runtime_imports(path, modules)}
        graph[name] = (targets | {package for target in targets for package in packages(target)}) - packages(name) - {name}
    return graph


def test_no_import_cycle_counting_imports_inside_functions_and_package_inits():
    assert cycles(import_graph(project_modules())) == []


@pytest.mark.parametrize("package", ["summarizer.ingest", "summarizer.translate", "summarizer.events", "summarizer.select",
                                     "summarizer.write", "summarizer.check", "summarizer.output", "summarizer.runtime",
                                     "summarizer.languages", "summarizer.frontends", "summarizer.config"])
def test_each_package_imports_first_in_a_fresh_interpreter(package):
    done = subprocess.run([sys.executable, "-c", f"import {package}"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_cycle_finder_finds_a_cycle_through_an_import_inside_a_function():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_is_over_450_lines():
    long = {name: n for name, path in project_modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_private_name_is_imported_from_another_module():
    modules = project_modules()
    private = [(name, target, imported) for name, path in modules.items()
               for target, names in runtime_imports(path, modules)
               for imported in names if imported.startswith("_") and not imported.startswith("__")]
    assert private == []
