"""Projects for the tests to build: the demo (a copy of this project's inputs) and the mini fixture.

A build prints the PDFs only when asked (`pdf=True`): Chromium takes most of a build's time,
and only the tests that read a PDF need one. `shared_build` builds a project once for the
whole test session, for every xdist worker: the tests that only read the outputs share it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

PROJECT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
INPUTS = ["Snakefile", "mkdocs.yml", "config", "codebook", "raw", "reference", "templates"]
OUTPUTS = ["processed", "analysis", "report", "site"]
NO_PDF = os.environ | {"ENQUETE_CHROMIUM": "off"}


def environment(pdf: bool) -> dict[str, str]:
    """The environment of a build: Chromium found as usual with `pdf`, switched off without."""
    return dict(os.environ) if pdf else NO_PDF


def copy_project(target: Path) -> Path:
    """The demo's inputs copied to `target`, ready to build."""
    target.mkdir(parents=True)
    for name in INPUTS:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def build(directory: Path, *extra: str, pdf: bool = False) -> subprocess.CompletedProcess:
    """`enquete build` of the demo in `directory` (its config/config.yaml)."""
    return subprocess.run(
        [sys.executable, "-m", "enquete", "build", "--directory", str(directory), *extra],
        capture_output=True,
        text=True,
        check=False,
        env=environment(pdf),
    )


def checksums(directory: Path) -> dict[str, str]:
    """The SHA-256 of every output file, by its path in the project."""
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for name in OUTPUTS
        for path in sorted((directory / name).rglob("*"))
        if path.is_file()
    }


WORD_TABLES = ("config/kwantoren.yaml", "config/veranderwoorden.yaml")


def mini_project(target: Path, *, word_tables: bool = False) -> Path:
    """tests/fixtures/mini with the project's Snakefile, mkdocs.yml and templates, ready to build;
    with `word_tables`, also the project's quantifier and change-word tables, for tests of text."""
    shutil.copytree(FIXTURES / "mini", target)
    for name in ("Snakefile", "mkdocs.yml", *(WORD_TABLES if word_tables else ())):
        (target / name).parent.mkdir(exist_ok=True)
        shutil.copy2(PROJECT / name, target / name)
    shutil.copytree(PROJECT / "templates", target / "templates")
    return target


def command(project: Path) -> list[str]:
    """The command line that builds the mini project in `project` (its config.yaml)."""
    return [sys.executable, "-m", "enquete", "--config", "config.yaml", "build", "--directory", str(project)]


def build_mini(project: Path, *, pdf: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(command(project), capture_output=True, text=True, check=False, env=environment(pdf))


def copy_built(built: Path, target: Path) -> Path:
    """A built project of a test's own: file times kept, so Snakemake finds nothing out of date."""
    return Path(shutil.copytree(built, target, symlinks=True))


def shared_build(
    base: Path, name: str, make: Callable[[Path], subprocess.CompletedProcess]
) -> tuple[Path, dict[str, object]]:
    """The project `make` builds in `base/name/project`, built by the first worker that asks.

    `base` is the folder all xdist workers of a session share (the parent of each worker's
    base temporary folder); a file lock makes the others wait for that one build, and the
    build's status and output are kept beside it so that a failed build fails every test
    that needs it with the build's own message, without building again.
    """
    folder = base / name
    project = folder / "project"
    record = folder / "result.json"
    with FileLock(str(base / f"{name}.lock")):
        if not record.exists():
            if folder.exists():
                shutil.rmtree(folder)  # an earlier attempt that broke off midway
            folder.mkdir(parents=True)
            result = make(project)
            fields = {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}
            record.write_text(json.dumps(fields), encoding="utf-8")
    return project, json.loads(record.read_text(encoding="utf-8"))
