"""An edit's build publishes exactly the site a cold build of the same inputs publishes."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT

INPUTS = ["Snakefile", "mkdocs.yml", "config", "codebook", "raw", "reference", "templates", "tekst"]
RECORDS = Path(".enquete-cache") / "render"


def copy_inputs(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for name in INPUTS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        else:
            shutil.copy2(source / name, target / name)
    return target


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enquete", "build", "--directory", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"ENQUETE_CHROMIUM": "off"},  # the pages are compared, not PDFs
    )


def tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def retitle_example(project: Path) -> None:
    path = project / "raw" / "2019" / "voorbeelden.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[0]["titel"] += " (herzien)"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def recorded(project: Path) -> dict[str, int]:
    return {path.name[:4]: path.stat().st_mtime_ns for path in (project / RECORDS).glob("*.json")}


def test_edits_of_the_latest_wave_reuse_the_archive_and_publish_what_a_cold_build_does(
    tmp_path: Path,
) -> None:
    project = copy_inputs(PROJECT, tmp_path / "incremental")
    cold = build(project)
    assert cold.returncode == 0, cold.stderr
    first = recorded(project)
    assert set(first) == {"2017", "2019"}

    text = project / "tekst" / "2019" / "toegang.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nDeze zin is toegevoegd.\n", encoding="utf-8")
    edited = build(project)
    assert edited.returncode == 0, edited.stderr
    after_text = recorded(project)
    assert after_text["2017"] == first["2017"]  # the archive was not rendered again
    assert after_text["2019"] != first["2019"]
    assert "Deze zin is toegevoegd." in (project / "site" / "toegang.html").read_text(encoding="utf-8")

    retitle_example(project)
    again = build(project)
    assert again.returncode == 0, again.stderr
    assert recorded(project)["2017"] == first["2017"]

    fresh = copy_inputs(project, tmp_path / "cold")
    result = build(fresh)
    assert result.returncode == 0, result.stderr
    for name in ("site", "report"):
        assert tree(project / name) == tree(fresh / name), f"{name}/ differs from a cold build's"
