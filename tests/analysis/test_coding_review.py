"""Coding that contradicts its evidence is listed for review; agreement is judged only where
the coefficient means something."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.analysis.agreement import agreement, meaningful
from enquete.analysis.coding import CoderFile, final_codes
from enquete.analysis.coding_review import OPEN, SETTLED, open_reviews, review_list, write_review_workbook
from enquete.codebook import load_codebook
from tests.conftest import FIXTURES
from tests.workflow.test_failures import build, mini_project

CODEBOOK = load_codebook(FIXTURES / "mini" / "codebook.yaml")
# the mini codebook's keyword rules on t_knelpunten: "geld" -> toegang.geld, "detail" -> toegang.status.detail
TEXTS = ["te weinig geld", "een detail", "geld en detail", "iets anders", "=geld()"]
CODES = ["toegang.geld", "toegang.status.detail"]


def answers_of(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "answer_id": [f"{i}.t_knelpunten" for i in range(len(texts))],
            "question": ["t_knelpunten"] * len(texts),
            "theme": ["toegang"] * len(texts),
            "text": texts,
        }
    )


def coder(name: str, given: list[frozenset[str] | None]) -> CoderFile:
    codes = {f"{i}.t_knelpunten": codes for i, codes in enumerate(given)}
    return CoderFile(name, codes, {})


code_sets = st.one_of(st.none(), st.frozensets(st.sampled_from(CODES)))


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.sampled_from(TEXTS), min_size=1, max_size=8),
    data=st.data(),
)
def test_an_answer_is_listed_exactly_when_a_suggested_code_was_given_by_no_coder(
    texts: list[str], data: st.DataObject
) -> None:
    answers = answers_of(texts)
    first = data.draw(st.lists(code_sets, min_size=len(texts), max_size=len(texts)))
    second = data.draw(st.lists(code_sets, min_size=len(texts), max_size=len(texts)))
    decided = data.draw(st.sets(st.integers(0, len(texts) - 1)))
    files = [coder("anna", first), coder("bram", second)]
    reconciliation = CoderFile("afstemming", {f"{i}.t_knelpunten": frozenset() for i in decided}, {})
    final = final_codes(files, reconciliation, answers)
    listed = review_list(answers, files, reconciliation, final, CODEBOOK)
    expected = set()
    for i, text in enumerate(texts):
        given_by = [codes for codes in (first[i], second[i]) if codes is not None]
        if not given_by:
            continue  # not coded yet: to code, not to review
        suggested = {code for code, word in zip(CODES, ("geld", "detail"), strict=True) if word in text}
        expected |= {(f"{i}.t_knelpunten", code) for code in suggested - frozenset().union(*given_by)}
    assert set(zip(listed["answer_id"], listed["voorgestelde code"], strict=True)) == expected
    for row in listed.itertuples():
        assert row.status == (SETTLED if int(row.answer_id.split(".")[0]) in decided else OPEN)
    assert open_reviews(listed) == len(set(listed.loc[listed["status"] == OPEN, "answer_id"]))


def test_the_review_sheet_keeps_a_formula_like_answer_as_text(tmp_path: Path) -> None:
    answers = answers_of(["=geld()"])
    files = [coder("anna", [frozenset()]), coder("bram", [frozenset()])]
    final = final_codes(files, None, answers)
    listed = review_list(answers, files, None, final, CODEBOOK)
    assert listed["codes van de codeurs"].tolist() == ["anna: geen; bram: geen"]
    write_review_workbook(listed, tmp_path / "te_controleren.xlsx", 1_600_000_000)
    sheet = openpyxl.load_workbook(tmp_path / "te_controleren.xlsx")["Te controleren"]
    cell = sheet["D2"]
    assert cell.value == "=geld()" and cell.data_type == "s" and cell.quotePrefix


@given(
    uses=st.lists(st.integers(0, 40), min_size=2, max_size=4),
    extra=st.integers(0, 40),
    minimum=st.integers(1, 10),
)
def test_a_coefficient_is_judged_only_when_every_coder_gave_and_withheld_the_code_often_enough(
    uses: list[int], extra: int, minimum: int
) -> None:
    answers = max(uses) + extra
    judged = meaningful(uses, answers, minimum)
    assert judged == all(used >= minimum and answers - used >= minimum for used in uses)


def test_a_code_one_coder_used_once_is_not_judged_but_a_common_one_is() -> None:
    answers = answers_of(["geld"] * 6 + ["anders"] * 6)
    first = [frozenset({"toegang.geld"})] * 6 + [frozenset()] * 6
    second = [frozenset({"toegang.geld"})] * 5 + [frozenset()] * 7
    rows = agreement([coder("a", first), coder("b", second)], answers, CODEBOOK).set_index("code")
    assert rows.loc["toegang.geld", "meaningful"] == "ja"
    assert (rows.loc["toegang.geld", "coded_by_first"], rows.loc["toegang.geld", "coded_by_second"]) == (6, 5)
    once = [frozenset({"toegang.status.detail"})] + [frozenset()] * 11
    rows = agreement([coder("a", once), coder("b", [frozenset()] * 12)], answers, CODEBOOK).set_index("code")
    assert rows.loc["toegang.status.detail", "kappa"] == 0.0
    assert rows.loc["toegang.status.detail", "meaningful"] == "nee"


def two_coders(project: Path, second_text: str, extra_config: str = "") -> None:
    """Give the mini project a second coder (and a reconciliation) with the given coding file."""
    (project / "codering-bram.csv").write_text(second_text, encoding="utf-8")
    config = project / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "    coding: codering.csv\n",
            "    coding:\n      coders: {anna: codering.csv, bram: codering-bram.csv}\n"
            "      reconciliation: codering-afstemming.csv\n",
        )
        + extra_config,
        encoding="utf-8",
    )


@pytest.mark.slow
def test_a_rare_difference_is_no_kappa_warning_and_the_page_says_niet_zinvol(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    text = (project / "codering.csv").read_text(encoding="utf-8")
    both = "11.t_knelpunten,toegang.status.detail;toegang.geld"
    two_coders(project, text.replace(both, "11.t_knelpunten,geen"))
    (project / "codering-afstemming.csv").write_text(
        "answer_id,codes,citeerbaar,opmerking\n11.t_knelpunten,toegang.status.detail;toegang.geld,ja,besproken\n",
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "below coding.min_kappa" not in result.stdout
    assert "not judged (a coder gave or withheld the code fewer than 5 times" in result.stdout
    page = (project / "site/verantwoording.html").read_text(encoding="utf-8")
    assert "niet zinvol" in page and "Lage overeenstemming" not in page
    assert "Gegeven door codeur 1" in page
    assert "<th>Knelpunt</th>" not in page  # the codes are knelpunten, solutions and wishes


@pytest.mark.slow
def test_a_keyword_no_coder_followed_is_listed_until_it_is_decided(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    coding = project / "codering.csv"
    rows = list(csv.DictReader(coding.open(encoding="utf-8")))
    geld = next(row for row in rows if row["codes"] == "toegang.geld")
    changed = coding.read_text(encoding="utf-8").replace(
        f"{geld['answer_id']},{geld['codes']},", f"{geld['answer_id']},geen,", 1
    )
    two_coders(project, changed)
    coding.write_text(changed, encoding="utf-8")
    header = "answer_id,codes,citeerbaar,opmerking\n"
    (project / "codering-afstemming.csv").write_text(header, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    # "Krapte speelt niet." (T01) matches the keyword "krapte" while `geen` is right: listed too
    listed_ids = f"({geld['answer_id']}, T01.h_knelpunten)"
    assert f"2017: 2 coded answers contain a keyword of a code no coder gave {listed_ids}" in result.stdout
    assert "Coding review (keyword suggests a code no coder gave), answers open: 2017: 2" in result.stdout
    sheet = openpyxl.load_workbook(project / "analysis/2017/te_controleren.xlsx")["Te controleren"]
    assert [row[4].value for row in sheet.iter_rows(min_row=2)] == ["toegang.geld", "huisvesting.krapte"]

    (project / "codering-afstemming.csv").write_text(
        "answer_id,codes,citeerbaar,opmerking\n"
        f"{geld['answer_id']},toegang.geld,,trefwoord klopt\n"
        "T01.h_knelpunten,geen,,trefwoord past toevallig\n",
        encoding="utf-8",
    )
    again = build(project)
    assert again.returncode == 0, again.stderr
    assert "answers open: 2017: 0" in again.stdout
    listed = pd.read_csv(project / "analysis/2017/te_controleren.csv", dtype=str)
    assert listed["status"].tolist() == [SETTLED, SETTLED]


def test_the_demo_wishes_for_housing_and_transfers_are_counted() -> None:
    """Both coders code the 2019 wishes with their support codes, and no keyword is left unheeded."""
    root = Path(__file__).parents[2]
    for name in ("codering-codeur1.csv", "codering-codeur2.csv"):
        sheet = pd.read_csv(root / "raw/2019" / name, dtype=str, keep_default_na=False).set_index("answer_id")
        assert sheet.loc["R19-004.h_ondersteuning", "codes"] == "huisvesting.steun.sociale_woningbouw"
        assert sheet.loc["R19-015.h_ondersteuning", "codes"] == "huisvesting.steun.sociale_woningbouw"
        assert sheet.loc["R19-003.s_ondersteuning", "codes"] == "samenwerking.steun.maatwerkafspraken"


@pytest.mark.slow
def test_the_demo_coders_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    """Regenerating the demo gives the committed raw/ coder files, byte for byte."""
    import shutil
    import sys

    root = Path(__file__).parents[2]
    copy = tmp_path / "demo"
    for part in ("scripts", "codebook", "config", "raw", "enquete", "reference"):
        shutil.copytree(root / part, copy / part)
    for script in ("make_demo_data.py", "make_demo_data_2019.py", "make_demo_coders.py"):
        done = subprocess.run(
            [sys.executable, f"scripts/{script}"],
            cwd=copy,
            capture_output=True,
            text=True,
            check=False,
            env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 0, done.stderr
    for year in ("2017", "2019"):
        for name in ("codering-codeur1.csv", "codering-codeur2.csv", "codering-afstemming.csv"):
            assert (copy / "raw" / year / name).read_bytes() == (root / "raw" / year / name).read_bytes()
