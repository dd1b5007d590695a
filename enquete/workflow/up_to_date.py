"""A build with nothing to do, answered without Snakemake: the record of the last good build.

Asking Snakemake whether anything is out of date costs more than a second before it has looked
at a file: importing it, parsing its command line and the Snakefile, building the DAG of every
wave's jobs, then reading the configuration and validating the codebooks. When nothing changed
since the last build, all of that only confirms what the files already say.

So a successful build ends by recording what it was made from and what it made, in
`.enquete-cache/build.json`: every input the build reads (the configuration's `Config.inputs`,
the Snakefile, the site settings, the package's code and schemas) with its SHA-256 and its
file status (size, modification and change time, inode), the listing of the folders whose
files are inputs by being there (`tekst/`, `templates/`), the status of every output file, the
command's options (and `ENQUETE_ENGINE`, which reruns the site step) and the versions of
Python and Snakemake. The next build compares: when
every input has the same status and the same bytes, no input appeared or vanished, and every
output is the file the last build left, Snakemake would find nothing to do, and the build
says so at once, with the summary of those same outputs. Anything else — one byte, one
`touch`, a file swapped with `mv` (another inode), a deleted page, another option — and the
build goes to Snakemake as before. A build that goes to Snakemake removes the record first;
only a successful one writes it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from enquete.files import write_atomically

RECORD = Path(".enquete-cache") / "build.json"
OUTPUTS = ("processed", "analysis", "report", "site")
LISTED = ("tekst", "templates")  # folders whose files are inputs because they are there
PACKAGE = Path(__file__).resolve().parent.parent


def status(path: Path, changed: bool = True) -> list[int] | None:
    """What tells a file apart without reading it; None when it is not there.

    An input's change time counts too (no user can set it back, unlike the modification
    time); an output's does not: keeping outputs as hard links during a build changes it.
    """
    try:
        found = path.stat()
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns, found.st_ino, *([found.st_ctime_ns] if changed else [])]


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def listing(folder: str) -> list[str]:
    return sorted(path.as_posix() for path in Path(folder).rglob("*"))


def output_status() -> dict[str, list[int] | None]:
    files = sorted(path for name in OUTPUTS for path in Path(name).rglob("*") if path.is_file())
    return {path.as_posix(): status(path, changed=False) for path in files}


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {"python": sys.version, "executable": sys.executable, "snakemake": version("snakemake")}


def options_of(config_file: str, concept: bool) -> dict[str, object]:
    """The command's options, and the environment variables a rule reruns for (the engine)."""
    from enquete.publish.engines import VARIABLE

    return {"config": config_file, "concept": bool(concept), VARIABLE: os.environ.get(VARIABLE)}


def code_files() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *(PACKAGE / "schemas").glob("*.json")])


def inputs_now(inputs: Iterable[str]) -> dict[str, object]:
    """The inputs as a build starts: the record must describe what its outputs were made
    from, not a file the researcher saved while it ran."""
    files = sorted({*inputs, "Snakefile", *(str(path) for path in code_files())})
    return {
        "inputs": {path: [status(Path(path)), sha256(Path(path))] for path in files},
        "listings": {folder: listing(folder) for folder in LISTED},
    }


def record_build(config_file: str, concept: bool, before: dict[str, object], summary: list[str]) -> None:
    """After a successful build: what it was made from (`before`) and what it made."""
    record = {
        "options": options_of(config_file, concept),
        "versions": versions(),
        **before,
        "outputs": output_status(),
        "summary": summary,
    }
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(RECORD, (json.dumps(record, indent=0, sort_keys=True) + "\n").encode())


def forget_build() -> None:
    """Before Snakemake runs: whatever it does, the old record no longer describes the outputs."""
    RECORD.unlink(missing_ok=True)


def nothing_to_do(config_file: str, concept: bool) -> list[str] | None:
    """The summary of the last build when nothing changed since (see the module's docstring);
    None when Snakemake must decide."""
    try:
        record = json.loads(RECORD.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("options") != options_of(config_file, concept):
        return None
    inputs = record.get("inputs", {})
    if not inputs or any(status(Path(path)) != known for path, (known, _) in inputs.items()):
        return None
    if record.get("listings") != {folder: listing(folder) for folder in LISTED}:
        return None
    if record.get("outputs") != output_status() or record.get("versions") != versions():
        return None
    if any(sha256(Path(path)) != digest for path, (_, digest) in inputs.items()):
        return None
    summary = record.get("summary")
    return summary if isinstance(summary, list) and all(isinstance(line, str) for line in summary) else None
