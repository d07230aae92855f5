"""The import graph: records at the bottom import nothing above them, and no module is
imported, directly or through others, by a module it imports."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import lawtext

PACKAGE = Path(lawtext.__file__).parent
MODULES = {m.name for m in pkgutil.walk_packages([str(PACKAGE)], "lawtext.")} | {"lawtext"}


def _file(module: str) -> Path:
    parts = module.split(".")[1:]
    path = PACKAGE.joinpath(*parts)
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _imports(module: str) -> set[str]:
    """lawtext modules that ``module`` imports, anywhere in it except under TYPE_CHECKING."""
    tree = ast.parse(_file(module).read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and ast.unparse(node.test) == "TYPE_CHECKING" for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lawtext"):
            subs = {f"{node.module}.{a.name}" for a in node.names} & MODULES
            found |= subs or {node.module}
    return found - {module}


GRAPH = {m: _imports(m) for m in MODULES}


def test_records_import_nothing_above_them() -> None:
    assert GRAPH["lawtext.model"] == set()
    assert GRAPH["lawtext.errors"] == set()


def test_the_import_graph_has_no_cycle() -> None:
    graph = {m: deps for m, deps in GRAPH.items() if m != "lawtext"}  # the package's own lazy re-exports
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " → ".join((*path[path.index(module):], module))
        if module in done:
            return
        for dep in graph.get(module, ()):
            if dep != "lawtext":
                visit(dep, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
