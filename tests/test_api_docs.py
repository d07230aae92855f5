"""The API reference (docs/design.md §8): pdoc builds a page for every module, and every
public name has a docstring to put on it."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from functools import cached_property
from pathlib import Path
from types import ModuleType

import pdoc

import lawtext

SUBPACKAGES = ("lawtext.compare", "lawtext.data", "lawtext.extract", "lawtext.ingest", "lawtext.structure")




def _modules() -> list[ModuleType]:
    """``lawtext`` and every module below it."""
    return [lawtext, *(importlib.import_module(m.name) for m in pkgutil.walk_packages(lawtext.__path__, "lawtext."))]


def _pdoc_specs() -> list[str]:
    """What to hand pdoc: ``lawtext`` plus the submodules it would skip, those of a package
    whose ``__all__`` does not name them (as ``make api`` does)."""
    specs = ["lawtext"]
    for module in _modules()[1:]:
        parent, _, short = module.__name__.rpartition(".")
        if short not in getattr(importlib.import_module(parent), "__all__", [short]):
            specs.append(module.__name__)
    return specs


def _documented(obj: object) -> bool:
    doc = (getattr(obj, "__doc__", None) or "").strip()
    if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and doc.startswith(f"{obj.__name__}("):
        return False  # the signature dataclasses write when the class has no docstring
    return bool(doc)


def _members(cls: type) -> list[tuple[str, object]]:
    """Public methods and properties defined in ``cls`` itself, as the functions behind them."""
    found = []
    for name, attr in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(attr, (staticmethod, classmethod)):
            attr = attr.__func__
        elif isinstance(attr, property):
            attr = attr.fget
        elif isinstance(attr, cached_property):
            attr = attr.func
        if inspect.isfunction(inspect.unwrap(attr)):
            found.append((name, attr))
    return found


def undocumented() -> list[str]:
    """Every module, and every public function, class, method and property defined in a
    lawtext module, that has no docstring."""
    missing = []
    for module in _modules():
        if not _documented(module):
            missing.append(module.__name__)
        for name, obj in vars(module).items():
            target = inspect.unwrap(obj) if callable(obj) else obj  # functools.cache keeps the function inside
            if name.startswith("_") or not (inspect.isfunction(target) or inspect.isclass(target)):
                continue
            if target.__module__ != module.__name__:
                continue  # imported from elsewhere: checked where it is defined
            qualified = f"{module.__name__}.{name}"
            if not _documented(target):
                missing.append(qualified)
            if inspect.isclass(target):
                missing += [f"{qualified}.{m}" for m, member in _members(target) if not _documented(member)]
    return missing


def test_pdoc_builds_a_page_for_every_module(tmp_path: Path) -> None:
    pdoc.pdoc(*_pdoc_specs(), output_directory=tmp_path)
    pages = {p.relative_to(tmp_path).with_suffix("").as_posix().replace("/", ".") for p in tmp_path.rglob("*.html")}
    assert {"lawtext", *SUBPACKAGES} <= pages
    assert {m.__name__ for m in _modules()} <= pages
    assert "read_bytes" in (tmp_path / "lawtext" / "reader.html").read_text(encoding="utf-8")


def test_every_public_name_has_a_docstring() -> None:
    missing = undocumented()
    assert not missing, "public names without a docstring:\n  " + "\n  ".join(missing)
