"""`enquete wave draft` proposes a new wave's configuration from the delivered file's own
metadata, and the build with that configuration, once reviewed, gets the figures right."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.codebook import load_codebook
from enquete.ingest.draft_match import Column, Delivered, match_columns
from tests.conftest import FIXTURES
from tests.projects import mini_project

NAN = float("nan")
LABELS = [  # the survey tool's variable labels: its own column names, the codebook's texts
    ("Respons_ID", "Respons-ID"),
    ("Q0", "Centrumgemeente"),
    ("Datum", "Datum en tijd verzonden"),
    ("Naam", "Naam invuller"),
    ("Q1", "Herkent u A?"),
    ("Q2", "Toelichting?"),
    ("Q3", "Voorbeeld?"),
    ("Q4", "herkent u B"),
    ("Q5", "Toelichting?"),
    ("Q9", "Opmerkingen over de vragenlijst"),
]


def write_export(path: Path) -> None:
    """Planted: t_status Ja, Ja, 'Wil ik niet zeggen' (8, declared missing), Nee, Ja -> 3 of 4;
    h_woning with the tool's own codes 5 Ja, 6 Nee, 7 Weet niet: Ja, Nee, Ja, Weet niet, - -> 2 of 3."""
    frame = pd.DataFrame(
        {
            "Respons_ID": [101.0, 102.0, 103.0, 104.0, 105.0],
            "Q0": [1.0, 2.0, 3.0, 4.0, 5.0],
            "Datum": ["2019-10-01", "2019-10-02", "", "2019-10-04", "2019-10-05"],
            "Naam": ["Anna Aalders", "Bert Bakker", "Carla Cornelis", "Dirk Dekker", "Eva Eerden"],
            "Q1": [1.0, 1.0, 8.0, 2.0, 1.0],
            "Q2": ["Te weinig geld.", "", "Geld.", "", "Niets bijzonders."],
            "Q3": ["Een voorbeeld.", "", "", "", ""],
            "Q4": [5.0, 6.0, 5.0, 7.0, NAN],
            "Q5": ["Krapte.", "", "", "", ""],
            "Q9": ["Lange vragenlijst", "", "", "", ""],
        }
    )
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[label for _, label in LABELS],
        variable_value_labels={
            "Q0": {1.0: "Aastad", 2.0: "Beedorp", 3.0: "Ceeveen", 4.0: "Deemond", 5.0: "Eewolde"},
            "Q1": {1.0: "Ja", 2.0: "Nee", 8.0: "Wil ik niet zeggen"},
            "Q4": {5.0: "Ja", 6.0: "Nee", 7.0: "Weet niet"},
        },
        missing_ranges={"Q1": [8.0]},
    )


def enquete(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "ENQUETE_CHROMIUM": "off"}
    return subprocess.run(
        [sys.executable, "-m", "enquete", "--config", "config.yaml", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def review(project: Path, block: str) -> None:
    """The documented review step: the files into place, every REVIEW decided."""
    draft = project / "draft/2019"
    (project / "codebook").mkdir()
    shutil.copy2(draft / "codebook-2019.yaml", project / "codebook/codebook-2019.yaml")
    shutil.copy2(draft / "crosswalk-2019.yaml", project / "codebook/crosswalk-2019.yaml")
    shutil.copy2(draft / "voorbeelden.csv", project / "raw/2019/voorbeelden.csv")
    (project / "raw/2019/codering-codeur1.csv").write_text(
        "answer_id,codes,citeerbaar,opmerking\n"
        "101.t_knelpunten,toegang.geld,,\n103.t_knelpunten,toegang.geld,,\n105.t_knelpunten,geen,,\n"
        "101.t_voorbeelden,geen,,\n101.h_knelpunten,huisvesting.krapte,,\n",
        encoding="utf-8",
    )
    decided = (
        block.replace('"JJJJ-MM-DD"', "2020-03-01")
        .replace("        # REVIEW, unmatched", '        system_columns: ["Q9"]\n        # REVIEW, unmatched')
        .replace("codeur1: raw/2019/codering-codeur1.xlsx", "codeur1: raw/2019/codering-codeur1.csv")
        .replace("        codeur2: raw/2019/codering-codeur2.xlsx\n", "")
    )
    lines = decided.splitlines()
    with (project / "config.yaml").open("a", encoding="utf-8") as config:
        config.write("\n".join(lines[lines.index("waves:") + 1 :]) + "\n")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess, bytes]:
    project = mini_project(tmp_path_factory.mktemp("draft") / "project")
    (project / "raw/2019").mkdir(parents=True)
    write_export(project / "raw/2019/export.sav")
    config = (project / "config.yaml").read_bytes()
    result = enquete(project, "wave", "draft", "--year", "2019", "--file", "raw/2019/export.sav")
    assert result.returncode == 0, result.stderr
    return project, result, config


def test_the_draft_matches_the_columns_and_says_how_surely(drafted) -> None:
    project, result, config = drafted
    assert (project / "config.yaml").read_bytes() == config  # the configuration is not touched
    block = (project / "draft/2019/config-2019.yaml").read_text(encoding="utf-8")
    assert 'id_column: "Respons_ID"' in block and 'gemeente_column: "Q0"' in block
    assert 'date_column: "Datum"' in block and 'personal_columns: ["Naam"]' in block
    assert '"Q1": t_status  # its label matches the question text (1.00)\n' in block
    assert '"Q4": h_woning' in block and 'h_woning: {"Ja": 1, "Nee": 2, "Weet niet": 9}' in block
    assert '"Q2": t_knelpunten' in block and '"Q5": h_knelpunten' in block
    assert "matched by position (1) REVIEW" in block
    assert '#   "Q9": "Opmerkingen over de vragenlijst"' in block  # never guessed
    report = result.stdout
    assert (
        "| `Q9` | Opmerkingen over de vragenlijst | — | nothing in the codebook fits | **not matched** |"
        in report
    )
    assert "`Q1` (t_status): code 8 'Wil ik niet zeggen' → 9 'Weet niet / geen antwoord'" in report
    assert "column `Q9`: not matched — decide what it is." in report
    assert "figures: {}" in (project / "draft/2019/crosswalk-2019.yaml").read_text(encoding="utf-8")


def test_the_reviewed_draft_builds_the_planted_figures(drafted) -> None:
    project, _, _ = drafted
    block = (project / "draft/2019/config-2019.yaml").read_text(encoding="utf-8")
    review(project, block)
    check = enquete(project, "check")
    assert check.returncode == 0, check.stderr
    build = enquete(project, "build", "--directory", str(project))
    assert build.returncode == 0, build.stdout + build.stderr
    ledger = pd.read_csv(project / "analysis/2019/figures.csv", dtype=str).set_index("figure_id")
    assert ledger.loc["toegang.status", ["count", "base"]].tolist() == ["3", "4"]
    assert ledger.loc["huisvesting.woning", ["count", "base"]].tolist() == ["2", "3"]
    assert ledger.loc["toegang.geld", "count"] == "2"


def test_the_unreviewed_draft_is_refused(drafted, tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    shutil.copytree(drafted[0] / "raw/2019", project / "raw/2019")
    block = (drafted[0] / "draft/2019/config-2019.yaml").read_text(encoding="utf-8").splitlines()
    with (project / "config.yaml").open("a", encoding="utf-8") as config:
        config.write("\n".join(block[block.index("waves:") + 1 :]) + "\n")
    check = enquete(project, "check")
    assert check.returncode == 1 and "JJJJ-MM-DD" in check.stderr


CODEBOOK = load_codebook(FIXTURES / "mini/codebook.yaml")


@settings(max_examples=40, deadline=None)
@given(
    order=st.permutations(range(len(CODEBOOK.questions))),
    numbers=st.lists(st.integers(1, 999), min_size=5, max_size=5, unique=True),
    shout=st.booleans(),
)
def test_every_question_is_found_by_its_text_whatever_the_columns_are_called(
    order: list[int], numbers: list[int], shout: bool
) -> None:
    """Columns in any order under any name: unique texts by text, the two 'Toelichting?'
    questions by their order in the file."""
    questions = [CODEBOOK.questions[i] for i in order]
    columns = [
        Column(
            f"V{number}",
            question.text.upper() if shout else question.text.rstrip("?"),
            {1: "Ja", 2: "Nee", 9: "Weet niet"} if question.is_closed else {},
        )
        for number, question in zip(numbers, questions, strict=True)
    ]
    matches = match_columns(Delivered(Path("x.sav"), columns), CODEBOOK, set())
    found = {match.column.name: match.target for match in matches}
    expected = {f"V{n}": q.id for n, q in zip(numbers, questions, strict=True)}
    twins = [name for name, question in expected.items() if question in ("t_knelpunten", "h_knelpunten")]
    assert [found[name] for name in twins] == ["t_knelpunten", "h_knelpunten"]  # by position
    assert {k: v for k, v in found.items() if k not in twins} == {
        k: v for k, v in expected.items() if k not in twins
    }
    assert all(not match.values for match in matches)  # the codes are the codebook's: no values needed


def test_a_column_that_fits_no_question_is_not_matched() -> None:
    columns = [Column("V1", "Hoe tevreden bent u over de opvang?", {1: "Zeer", 2: "Niet"})]
    (match,) = match_columns(Delivered(Path("x.sav"), columns), CODEBOOK, set())
    assert match.target == ""


def test_phone_answers_saved_by_dutch_excel_are_drafted_with_their_encoding_and_separator(
    tmp_path: Path,
) -> None:
    project = mini_project(tmp_path / "project")
    (project / "raw/2019").mkdir(parents=True)
    lines = (project / "telefonisch.csv").read_text(encoding="utf-8").splitlines()
    text = "\r\n".join(line.replace(",", ";") for line in lines).replace("Een detail.", "Een détail.")
    (project / "raw/2019/telefonisch.csv").write_bytes((text + "\r\n").encode("cp1252"))
    result = enquete(project, "wave", "draft", "--year", "2019", "--file", "raw/2019/telefonisch.csv")
    assert result.returncode == 0, result.stderr
    block = (project / "draft/2019/config-2019.yaml").read_text(encoding="utf-8")
    assert "mode: telefonisch" in block
    assert "encoding: cp1252" in block and 'separator: ";"' in block
    assert 'id_column: "id"' in block and 'date_column: "datum"' in block
    assert 'personal_columns: ["contactpersoon"]' in block
    assert "\n        columns:" not in block  # the file uses the codebook's ids
