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
import contextlib
import functools
import json
from pathlib import Path

import enquete
from enquete.files import write_atomically

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


MEMO = Path(".enquete-cache") / "imports.json"  # per file, by its status: parsed once, not per build


class Memo:
    """The imports found in each file by earlier builds, kept while the file is unchanged.

    Parsing every module of the package with `ast` costs a fifth of a second on each build;
    a file with the same size, modification and change time and inode has the same imports.
    """

    def __init__(self) -> None:
        self.known: dict[str, list] = {}
        self.changed = False
        try:
            loaded = json.loads(MEMO.read_text(encoding="utf-8"))
            self.known = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            pass

    @staticmethod
    def status(path: Path) -> list[int]:
        found = path.stat()
        return [found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino]

    def imports(self, path: Path) -> frozenset[str]:
        status = self.status(path)
        entry = self.known.get(str(path))
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == status:
            return frozenset(entry[1])
        found = parsed_imports(path)
        self.known[str(path)] = [status, sorted(found)]
        self.changed = True
        return found

    def save(self) -> None:
        if self.changed:
            with contextlib.suppress(OSError):  # a folder it cannot write to: parse next time
                MEMO.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(MEMO, (json.dumps(self.known, sort_keys=True) + "\n").encode())
            self.changed = False


@functools.cache
def memo() -> Memo:
    return Memo()


@functools.cache
def imported_modules(path: Path) -> frozenset[str]:
    """The package's modules one file imports, anywhere in it (`from x import y` may name a
    module y of package x: both count)."""
    return memo().imports(path)


def parsed_imports(path: Path) -> frozenset[str]:
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
    memo().save()
    return sorted(str(module_file(module)) for module in seen)
