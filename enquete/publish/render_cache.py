"""Render a wave's pages again only when something they were rendered from has changed.

The render stage writes every wave's pages, charts and downloads, yet an edit usually touches
one wave: a researcher's text of 2019, an example of 2019, a telephone answer of 2019. The
archived waves would be rendered again to the same bytes. Like `enquete.publish.pdf_cache`,
we remember for each wave exactly what its pages were made from, and reuse them only when all
of it is byte for byte the same:

- what the wave's render is called with — the configuration, the codebook, the researcher's
  checked text, the part of the manifest its pages show, whether PDFs are planned and whether
  this is a concept — written out as canonical JSON (a value it cannot write out means: no
  reuse);
- the package's code (every module of it: an edit of any of them renders anew), every file under
  `templates/`, and the names of every file under `analysis/` and `tekst/` (an optional file
  that appears, a back test say, changes the pages without being read before);
- every file the render actually opened or listed, recorded as it happened (Python's audit
  events `open`, `os.scandir` and `os.listdir` in the rendering thread), with its SHA-256.

The pages it wrote, and what it printed on stderr, are kept in `.enquete-cache/render/`; a
reuse writes the very same files and prints the same lines. Anything else — one byte of an
input, another template, other code, a missing or damaged cache entry, a file written outside
the wave's folder — renders the wave anew. `make clean` empties the cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import io
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from enquete.files import write_atomically

CACHE = Path(".enquete-cache") / "render"
LISTED = ("analysis", "tekst", "templates")  # folders whose file names are part of the key
MISSING = ""
PACKAGE = Path(__file__).resolve().parent.parent


class Uncacheable(Exception):
    """A value that cannot be written out canonically: the wave is rendered, not reused."""


def canonical(value: object) -> object:
    """`value` as plain JSON data that is equal exactly when the values are equal."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):  # Markup is a str that a template does not escape: keep the type
        return value if type(value) is str else [type(value).__name__, str(value)]
    if isinstance(value, Path):
        return ["Path", value.as_posix()]
    if isinstance(value, enum.Enum):
        return [type(value).__qualname__, canonical(value.value)]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return [type(value).__name__, value.isoformat()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        attributes = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        attributes |= getattr(value, "__dict__", {})
        fields = {name: canonical(item) for name, item in sorted(attributes.items())}
        return [type(value).__qualname__, fields]
    if isinstance(value, dict):
        items = [[canonical(key), canonical(item)] for key, item in value.items()]
        return ["dict", sorted(items, key=lambda pair: json.dumps(pair, sort_keys=True))]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [canonical(item) for item in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(json.dumps(canonical(item), sort_keys=True) for item in value)]
    raise Uncacheable(type(value).__qualname__)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_of(path: str) -> str:
    """A file's SHA-256, a folder's sorted names, or MISSING."""
    target = Path(path)
    try:
        if target.is_dir():
            return "dir:" + sha256("\n".join(sorted(os.listdir(target))).encode())
        return sha256(target.read_bytes())
    except OSError:
        return MISSING


class Reads:
    """The files one thread opens or lists while recording (relative to the project)."""

    active: ClassVar[dict[int, Reads]] = {}  # by thread: Snakemake runs jobs in threads
    hooked = False

    def __init__(self, outputs: Path) -> None:
        self.outputs = outputs.resolve()
        self.root = Path.cwd().resolve()
        self.paths: dict[str, list[int] | None] = {}  # each file's status when first read
        self.written_elsewhere: list[str] = []

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        recording = cls.active.get(threading.get_ident())
        if recording is None or event not in ("open", "os.scandir", "os.listdir") or not args:
            return
        path = args[0]
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, (str, os.PathLike)):
            return
        mode = args[1] if event == "open" and len(args) > 1 and isinstance(args[1], str) else "r"
        recording.note(Path(os.fspath(path) or "."), writing=any(flag in mode for flag in "wax+"))

    def note(self, path: Path, writing: bool) -> None:
        full = (self.root / path).resolve() if not path.is_absolute() else path.resolve()
        if full.is_relative_to(self.outputs):
            return  # the wave's own pages
        if not full.is_relative_to(self.root):
            return  # Python and the libraries: pinned in the lock file; the package: in the key
        relative = full.relative_to(self.root).as_posix()
        if relative.startswith(".enquete-cache"):
            return
        if writing:
            self.written_elsewhere.append(relative)
        elif relative not in self.paths:
            self.paths[relative] = status(full)

    def unchanged(self) -> bool:
        """Whether every file read is still as it was read: else the record would pair the
        pages of its old content with the digest of a version saved while they were rendered."""
        return all(status(self.root / path) == known for path, known in self.paths.items())

    @contextlib.contextmanager
    def recording(self) -> Iterator[Reads]:
        if not Reads.hooked:
            sys.addaudithook(Reads.hook)
            Reads.hooked = True
        Reads.active[threading.get_ident()] = self
        try:
            yield self
        finally:
            Reads.active.pop(threading.get_ident(), None)


class Tee(io.TextIOBase):
    """What the render prints on stderr, printed as usual and kept for a later reuse."""

    def __init__(self, stream: object) -> None:
        self.stream = stream
        self.kept = io.StringIO()

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.stream.write(text)  # type: ignore[attr-defined]

    def flush(self) -> None:
        self.stream.flush()  # type: ignore[attr-defined]


def status(path: Path) -> list[int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns, found.st_ino]


def files_under(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}


def fixed_key(year: str, arguments: object, templates: Path) -> str:
    """What the wave's pages depend on besides the files its render opens."""
    modules = sorted(PACKAGE.rglob("*.py"))
    code = [(path.relative_to(PACKAGE).as_posix(), digest_of(str(path))) for path in modules]
    template_files = [(p.as_posix(), digest_of(str(p))) for p in sorted(templates.rglob("*")) if p.is_file()]
    names = {folder: sorted(p.as_posix() for p in Path(folder).rglob("*")) for folder in LISTED}
    known = [year, canonical(arguments), code, template_files, names]
    return sha256(json.dumps(known, sort_keys=True, ensure_ascii=False).encode())


def record_file(year: str, out: Path) -> Path:
    """One record per wave and folder: the live preview renders into a folder of its own and
    does not take the place of the build's record."""
    return CACHE / f"{year}-{sha256(out.as_posix().encode())[:12]}.json"


def reused(year: str, key: str, out: Path) -> list | None:
    """Write the pages kept for this wave when nothing they came from changed; their
    navigation, or None when the wave must be rendered."""
    try:
        record = json.loads(record_file(year, out).read_text(encoding="utf-8"))
        if record["key"] != key or any(digest_of(path) != known for path, known in record["reads"].items()):
            return None
        pages = {name: (CACHE / "files" / digest).read_bytes() for name, digest in record["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(sha256(data) != record["files"][name] for name, data in pages.items()):
        return None
    for name, data in pages.items():
        write_atomically(out / name, data)
    sys.stderr.write(record["stderr"])
    return [tuple(entry) for entry in record["nav"]]


def render_once(year: str, arguments: object, templates: Path, out: Path, render: Callable[[], list]) -> list:
    """The wave's pages from the cache when they are still current, else rendered and kept."""
    try:
        key = fixed_key(year, arguments, templates)
    except Uncacheable:
        return render()
    found = reused(year, key, out)
    if found is not None:
        return found
    if files_under(out):  # the render adds its pages to an empty folder; else nothing to tell apart
        return render()
    reads = Reads(out)
    tee = Tee(sys.stderr)
    with reads.recording(), contextlib.redirect_stderr(tee):
        nav = render()
    if not reads.written_elsewhere and reads.unchanged():
        remember(record_file(year, out), key, set(reads.paths), files_under(out), nav, tee.kept.getvalue())
    return nav


def remember(
    record_path: Path, key: str, paths: set[str], written: dict[str, bytes], nav: list, stderr: str
) -> None:
    files = {}
    for name, data in written.items():
        digest = sha256(data)
        blob = CACHE / "files" / digest
        if not blob.is_file():
            blob.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(blob, data)
        files[name] = digest
    record = {
        "key": key,
        "reads": {path: digest_of(path) for path in sorted(paths)},
        "files": files,
        "nav": [list(entry) for entry in nav],
        "stderr": stderr,
    }
    write_atomically(record_path, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode())
    prune()


def prune() -> None:
    """Drop the kept pages no record names any more: the cache holds the current waves only."""
    named: set[str] = set()
    for record in CACHE.glob("*.json"):
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
            named.update(json.loads(record.read_text(encoding="utf-8"))["files"].values())
    for blob in (CACHE / "files").iterdir():
        if blob.name not in named:
            blob.unlink(missing_ok=True)
