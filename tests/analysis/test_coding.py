"""Coding open answers: worksheets, coders' files, agreement worked out by hand, final codes."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from enquete.analysis.agreement import agreement
from enquete.analysis.coding import (
    WORKSHEET_COLUMNS,
    CoderFile,
    disagreements,
    final_codes,
    suggestion_quality,
    worksheet,
)
from enquete.codebook import load_codebook
from tests.conftest import FIXTURES

CODEBOOK = load_codebook(FIXTURES / "mini" / "codebook.yaml")
ANSWERS = pd.DataFrame(
    {
        "answer_id": [f"{i}.t_knelpunten" for i in range(10)],
        "question": ["t_knelpunten"] * 10,
        "theme": ["toegang"] * 10,
        "text": ["te weinig geld"] * 4 + ["anders"] * 6,
    }
)


def coder(name: str, geld: str, quotable: tuple[int, ...] = ()) -> CoderFile:
    """A coder who gives toegang.geld where `geld` has a 1 (one character per answer)."""
    codes = {
        f"{i}.t_knelpunten": frozenset({"toegang.geld"} if mark == "1" else set())
        for i, mark in enumerate(geld)
    }
    return CoderFile(name, codes, {f"{i}.t_knelpunten": i in quotable for i in range(10)})


# A: 1111000000, B: 1110100000 -> agree on 8 of 10.
# Cohen's kappa: p_o = 0.8; both coders say 1 four times: p_e = 0.4*0.4 + 0.6*0.6 = 0.52;
#   kappa = (0.8 - 0.52) / 0.48 = 0.58333.
# Krippendorff's alpha (nominal): 20 values, 8 ones and 12 zeros; 4 disagreeing pairs;
#   alpha = 1 - (n - 1) * 4 / (2 * 8 * 12) = 1 - 19 * 4 / 192 = 0.60417.
FIRST, SECOND = coder("anna", "1111000000", (0,)), coder("bram", "1110100000")


def test_agreement_kappa_and_alpha_match_the_hand_calculation() -> None:
    row = agreement([FIRST, SECOND], ANSWERS, CODEBOOK).set_index("code").loc["toegang.geld"]
    assert row["answers"] == 10 and row["disagreements"] == 2
    assert row["agreement"] == pytest.approx(0.8)
    assert row["kappa"] == pytest.approx(0.58333, abs=1e-4)
    assert row["alpha"] == pytest.approx(0.60417, abs=1e-4)


def test_agreement_is_undefined_not_perfect_when_nobody_uses_a_code() -> None:
    row = agreement([FIRST, SECOND], ANSWERS, CODEBOOK).set_index("code").loc["toegang.status.detail"]
    assert row["disagreements"] == 0 and row["agreement"] == 1.0
    assert math.isnan(row["kappa"]) and math.isnan(row["alpha"])


def test_final_codes_need_agreement_or_reconciliation() -> None:
    reconciliation = CoderFile("afstemming", {"3.t_knelpunten": frozenset({"toegang.geld"})}, {})
    final = final_codes([FIRST, SECOND], reconciliation, ANSWERS).set_index("answer_id")
    assert final.loc["0.t_knelpunten", "codes"] == ["toegang.geld"]  # both coders
    assert final.loc["3.t_knelpunten", "codes"] == ["toegang.geld"]  # settled by the reconciliation
    assert final.loc["4.t_knelpunten", "status"] == "onenigheid"  # only B, not settled
    assert bool(final.loc["0.t_knelpunten", "quotable"]) is True
    listed = disagreements([FIRST, SECOND], final.reset_index())
    assert listed[["answer_id", "anna", "bram", "final"]].values.tolist() == [
        ["3.t_knelpunten", "toegang.geld", "geen", "toegang.geld"],
        ["4.t_knelpunten", "geen", "toegang.geld", ""],
    ]


def test_an_answer_nobody_coded_is_not_final() -> None:
    half = CoderFile("anna", {"0.t_knelpunten": None}, {})
    final = final_codes([half], None, ANSWERS.head(1)).set_index("answer_id")
    assert final.loc["0.t_knelpunten", "status"] == "ongecodeerd"


def test_suggestion_precision_and_recall() -> None:
    # Keyword "geld" is in answers 0-3; the final codes (A and B agree) are on 0, 1 and 2.
    final = final_codes([FIRST, SECOND], None, ANSWERS)
    row = suggestion_quality(ANSWERS, final, CODEBOOK).set_index("code").loc["toegang.geld"]
    # settled answers: all but 3 and 4 (disagreements) -> suggested {0,1,2}, coded {0,1,2}
    assert (row["suggested"], row["coded"], row["suggested_and_coded"]) == (3, 3, 3)
    assert row["precision"] == 1.0 and row["recall"] == 1.0


def test_worksheet_has_the_columns_and_suggestions() -> None:
    sheet = worksheet(ANSWERS, CODEBOOK)
    assert list(sheet.columns) == WORKSHEET_COLUMNS
    assert sheet.loc[0, "suggesties"] == "toegang.geld" and sheet.loc[5, "suggesties"] == ""


@pytest.mark.slow
def test_the_worksheet_command_keeps_a_researchers_edits(mini: Path) -> None:
    def run() -> str:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "enquete",
                "--config",
                "config.yaml",
                "worksheet",
                "--wave",
                "2017",
                "--coder",
                "anna",
                "--out",
                "anna.xlsx",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "new worksheet with 6 answers" in run()
    workbook = openpyxl.load_workbook("anna.xlsx")
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header == WORKSHEET_COLUMNS
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["11.t_knelpunten"][4] == "toegang.geld; toegang.status.detail"  # keywords "detail", "geld"
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "11.t_knelpunten":
            row[6].value, row[7].value, row[8].value = "toegang.geld", "ja", "mijn opmerking"
    workbook.save("anna.xlsx")

    online = Path("online.csv")
    online.write_text(
        online.read_text(encoding="utf-8").replace(
            "13,Ceeveen,2017-10-05,Carla Cornelis,9,,",
            "13,Ceeveen,2017-10-05,Carla Cornelis,9,Nieuw antwoord,",
        ),
        encoding="utf-8",
    )
    assert "6 answers kept as they were, 1 new answers added" in run()
    rows = {
        row[0]: row
        for row in openpyxl.load_workbook("anna.xlsx").active.iter_rows(min_row=2, values_only=True)
    }
    assert rows["11.t_knelpunten"][6:9] == ("toegang.geld", "ja", "mijn opmerking")
    assert "13.t_knelpunten" in rows and len(rows) == 7


def test_quotes_are_anonymised_in_every_spelling() -> None:
    from enquete.privacy.anonymise import safe_quotes

    population = pd.read_csv(FIXTURES / "mini" / "population.csv", dtype=str)
    quotes = pd.DataFrame(
        {
            "answer_id": ["1.t_knelpunten", "2.t_knelpunten"],
            "text": [
                "In Beedorp belde Anna Aalders (06-11111111, a.aalders@aastad.example.nl).",
                "Geen namen hier.",
            ],
        }
    )
    safe = safe_quotes(quotes, population, CODEBOOK)
    assert safe["text"].tolist() == [
        "In [gemeente] belde [persoon] ([telefoon], [e-mail]).",
        "Geen namen hier.",
    ]
    shouting = pd.DataFrame(
        {
            "answer_id": ["3.t_knelpunten"],
            "text": ["Zo gaat het in BEEDORP, zegt a. aalders (+31 6 1111 1111)."],
        }
    )
    assert safe_quotes(shouting, population, CODEBOOK)["text"].tolist() == [
        "Zo gaat het in [gemeente], zegt [persoon] ([telefoon])."
    ]


@pytest.mark.slow
def test_uncoded_answers_allow_only_a_concept_build(tmp_path: Path) -> None:
    from tests.workflow.test_failures import build, command, mini_project

    project = mini_project(tmp_path / "project")
    codes = project / "codering.csv"
    codes.write_text(
        codes.read_text(encoding="utf-8").replace("T01.h_knelpunten,geen,,\n", ""), encoding="utf-8"
    )
    refused = build(project)
    assert refused.returncode == 1
    assert (
        "column 'huisvesting.krapte': figures depend on open answers that are not finally coded"
        in refused.stderr
    )
    assert "open answers without final codes: 1" in refused.stderr and "make concept" in refused.stderr

    draft = subprocess.run([*command(project), "--concept"], capture_output=True, text=True, check=False)
    assert draft.returncode == 0, draft.stderr
    for page in ("index.html", "toegang.html", "verantwoording.html"):
        assert "Dit is een concept" in (project / "site" / page).read_text(encoding="utf-8"), page
    accountability = (project / "site/verantwoording.html").read_text(encoding="utf-8")
    assert "Nog te coderen" in accountability and "T01" in accountability
    assert "T01.h_knelpunten" not in accountability and "huisvesting.krapte" not in accountability
    # every provisional number is marked, for the eye and for a screen reader
    housing = (project / "site/huisvesting.html").read_text(encoding="utf-8")
    hidden = '<span class="visueel-verborgen"> (voorlopig)</span>'
    marked = f'<mark class="voorlopig">Eén centrumgemeente{hidden}</mark>'
    assert marked + " noemt krapte" in housing
    assert f'<mark class="voorlopig">1{hidden}</mark></td>' in housing  # in the table too
    assert '<mark class="voorlopig">' not in (project / "site/toegang.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_low_agreement_can_be_made_an_error(tmp_path: Path) -> None:
    from tests.workflow.test_failures import build, mini_project

    project = mini_project(tmp_path / "project")
    second = project / "codering-bram.csv"
    text = (project / "codering.csv").read_text(encoding="utf-8")
    second.write_text(
        text.replace("11.t_knelpunten,toegang.status.detail;toegang.geld", "11.t_knelpunten,geen"),
        encoding="utf-8",
    )
    (project / "codering-afstemming.csv").write_text(
        "answer_id,codes,citeerbaar,opmerking\n11.t_knelpunten,toegang.status.detail;toegang.geld,ja,besproken\n",
        encoding="utf-8",
    )
    config = project / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "    coding: codering.csv\n",
            "    coding:\n      coders: {anna: codering.csv, bram: codering-bram.csv}\n"
            "      reconciliation: codering-afstemming.csv\n",
        )
        + "coding: {min_kappa: 0.9, below_min_kappa: error, min_uses: 1}\n",
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 1
    assert "column 'toegang.geld': agreement between coders below the minimum" in result.stderr
