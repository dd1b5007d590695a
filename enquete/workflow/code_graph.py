"""Which of the package's modules a stage runs: the files its rule depends on.

A rule that depends on every `.py` file reruns after any edit of the code, even one in a
module the rule never loads (editing `workflow/diff.py` used to rebuild every wave). The
modules a stage can run are the ones its own module imports, directly or through others, at
the top of a file or inside a function: read from the source with `ast`, not by importing,
so the Snakefile stays quick to parse. Only imports of the `enquete` package count; the
libraries are pinned in the lock file and recorded in the manifest.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import enquete

PACKAGE = Path(enquete.__file__).resolve().parent
ROOT = PACKAGE.name  # "enquete"


def module_file(module: str) -> Path | None:
    """The file of a module of the package (a package's `__init__.py`), or None."""
    parts = module.split(".")
    if parts[0] != ROOT:
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_name(path: Path) -> str:
    relative = path.resolve().relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def imported_modules(path: Path) -> frozenset[str]:
    """The package's modules one file imports, anywhere in it (`from x import y` may name a
    module y of package x: both count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(name for name in found if module_file(name) is not None)


def parents(module: str) -> list[str]:
    """A module's packages, whose `__init__.py` runs before it."""
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def code_of(*modules: str) -> list[str]:
    """Every file of the package that importing `modules` can run, sorted."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        if module in seen or module_file(module) is None:
            continue
        seen.add(module)
        todo += parents(module)
        todo += imported_modules(module_file(module))
    return sorted(str(module_file(module)) for module in seen)
