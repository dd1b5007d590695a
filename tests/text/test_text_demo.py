"""New data moves a figure past a quantifier's threshold: the build refuses the old sentence.

On a copy of the demo project: a 2019 text whose 'een minderheid' fits
begeleiding.wachtlijsten_jeugdzorg (10 van 22); one telephone answer changed in the raw data
makes it 11 van 22, which is not a minority; the build refuses naming file, line and figure
and leaves the site as it was. With the sentence rewritten the build passes, and
`enquete diff` lists the sentence whose figure changed.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workflow.test_end_to_end import copy_project

TEXT = """## Tegen welke knelpunten lopen gemeenten aan?

Een minderheid van de centrumgemeenten ({{ cijfer("begeleiding.wachtlijsten_jeugdzorg") }}) noemt
de wachtlijsten in de jeugdzorg.

De wachtlijsten in de jeugdzorg noemen {{ aantal("begeleiding.wachtlijsten_jeugdzorg") }} centrumgemeenten.
"""
PAGE = "site/begeleiding.html"


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enquete", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"ENQUETE_CHROMIUM": "off"},  # no PDF: this is about the text
    )


def change_answer(path: Path, respondent: str, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    fields = list(rows[0])
    for row in rows:
        if row["id"] == respondent:
            assert row[column] != value
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.slow
def test_new_data_that_breaks_a_quantifier_stops_the_build_and_diff_lists_the_sentence(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    text = project / "tekst/2019/begeleiding.md"
    text.parent.mkdir(parents=True)
    text.write_text(TEXT, encoding="utf-8")
    first = run(project, "build", "--directory", ".")
    assert first.returncode == 0, first.stderr
    assert "Een minderheid van de centrumgemeenten (10 van 22) noemt" in (project / PAGE).read_text("utf-8")
    before = tmp_path / "before"
    for name in ("processed", "analysis", "report"):
        shutil.copytree(project / name, before / name)
    shown = (project / PAGE).read_bytes()

    # A telephone respondent now names the waiting lists: 11 van 22.
    change_answer(project / "raw/2019/telefonisch.csv", "T01", "b_wachtlijsten", "1")
    refused = run(project, "build", "--directory", ".")
    assert refused.returncode == 1
    assert (
        "tekst/2019/begeleiding.md, line 3: 'Een minderheid van de centrumgemeenten' does not fit "
        "begeleiding.wachtlijsten_jeugdzorg = 11 van 22 (50 %)"
    ) in refused.stderr
    assert (project / PAGE).read_bytes() == shown

    text.write_text(TEXT.replace("Een minderheid van de", "Een deel van de"), encoding="utf-8")
    second = run(project, "build", "--directory", ".")
    assert second.returncode == 0, second.stderr
    diff = run(project, "diff", str(before), ".")
    assert diff.returncode == 1, diff.stderr
    assert "Zinnen met gewijzigde cijfers" in diff.stdout
    assert (
        "tekst/2019/begeleiding.md, regel 6: aantal(begeleiding.wachtlijsten_jeugdzorg) = 10 → 11 — "
        "‘De wachtlijsten in de jeugdzorg noemen 11 centrumgemeenten.’"
    ) in diff.stdout
