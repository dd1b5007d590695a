"""Any text, any character: control and format characters are handled where a table enters.

Generated texts with every class of character — C0 and C1 controls, bidirectional overrides,
invisible format characters, line and paragraph separators, noncharacters, emoji with
joiners, over-long cells — go through the one check every delivered table passes. What it
lets through must be writable by every writer (no IllegalCharacterError from openpyxl), what
it refuses is named by file, row, column and character. A build of a copy of the demo with
such an answer planted prints the project's message and nothing of Snakemake's internals.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.errors import InputError
from enquete.ingest.characters import MAX_CELL, REFUSED, REMOVED, checked_text
from enquete.ingest.readers import read_response_file
from enquete.tables import xlsx_bytes
from tests.workflow.test_end_to_end import checksums, copy_project

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
C0 = [chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"]
C1 = [chr(code) for code in range(0x7F, 0xA0)]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\U0010ffff"]
INVISIBLE = ["\u200b", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u061c", "\U000e0041"]
KEPT = [
    "\t",
    "\n",
    "\u200d",
    "\u200c",
    "\ufe0f",
    "👩\u200d👧",
    "é",
    "e\u0301",
    "ﷺ",
    "עברית",
    "中文",
    "\u00a0",
]
EPOCH = 1_538_395_200
REFUSED_CHARACTERS = C0 + C1 + BIDI + NONCHARACTERS

words = st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), max_size=12)


def row_numbers(index: int) -> int:
    return index + 2


def table(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"T{n}" for n in range(len(texts))], "t_knelpunten": list(texts)})


@SETTINGS
@given(words, st.sampled_from(REFUSED_CHARACTERS), words, st.integers(0, 3))
def test_a_control_character_is_refused_by_file_row_column_and_name(
    before: str, char: str, after: str, row: int
) -> None:
    texts = ["Gewoon antwoord."] * 4
    texts[row] = before + char + after
    with pytest.raises(InputError) as refused:
        checked_text(table(*texts), "raw/2019/telefonisch.csv", row_numbers)
    message = refused.value.message()
    assert f"raw/2019/telefonisch.csv, row {row + 2}, column 't_knelpunten': " in message
    assert f"U+{ord(char):04X}" in message
    assert f"first at character {len(before) + 1}" in message
    assert len(refused.value.problems) == 1


@SETTINGS
@given(
    st.lists(
        st.one_of(words, st.sampled_from(INVISIBLE + KEPT + ["\r\n", "\r", "\u2028", "\u2029"])), max_size=12
    )
)
def test_what_is_let_through_is_clean_and_every_writer_can_store_it(parts: list[str]) -> None:
    text = "".join(parts)
    stored = checked_text(table(text), "x.csv", row_numbers)["t_knelpunten"].iloc[0]
    assert not REFUSED.search(stored) and not REMOVED.search(stored)
    assert "\r" not in stored and "\u2028" not in stored and "\u2029" not in stored
    assert stored == re.sub("\r\n?|[\u2028\u2029]", "\n", REMOVED.sub("", text))
    for kept in KEPT:  # emoji joiners, combining marks and other scripts stay
        assert text.count(kept) <= stored.count(kept) or kept in ("\u200d", "\u200c")
    xlsx_bytes({"Tabel": pd.DataFrame({"tekst": [stored]})}, EPOCH)  # no IllegalCharacterError


@SETTINGS
@given(st.text(max_size=40))
def test_any_text_is_either_refused_or_storable(text: str) -> None:
    try:
        stored = checked_text(table(text), "x.csv", row_numbers)["t_knelpunten"].iloc[0]
    except InputError:
        assert REFUSED.search(text)
        return
    xlsx_bytes({"Tabel": pd.DataFrame({"tekst": [stored]})}, EPOCH)
    assert all(unicodedata.category(char) != "Cc" or char in "\t\n" for char in stored)


def test_a_cell_longer_than_a_spreadsheet_holds_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        checked_text(table("ok", "x" * 1_000_000), "raw/2019/telefonisch.csv", row_numbers)
    assert (
        "raw/2019/telefonisch.csv, row 3, column 't_knelpunten': text longer than a spreadsheet cell holds "
        "(1000000 characters)" in refused.value.message()
    )
    assert f"expected at most {MAX_CELL} characters in one cell" in refused.value.message()


def test_every_problem_of_a_file_is_listed_at_once_and_a_header_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "telefonisch.csv"
    path.write_text('id,"na\x07am",t\nT1,"a\x00b","c\u202ed"\nT2,ok,"e\x1bf"\n', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_response_file(path)
    places = [(problem.row, problem.column) for problem in refused.value.problems]
    assert places == [(1, "column 2"), (2, "na\x07am"), (2, "t"), (3, "t")]


def test_an_excel_export_is_checked_like_a_csv(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["id", "t_knelpunten"])
    book.active.append(["1001", "Wij zien \u202eeen probleem"])
    book.save(tmp_path / "online.xlsx")
    with pytest.raises(InputError) as refused:
        read_response_file(tmp_path / "online.xlsx")
    assert "row 2, column 't_knelpunten': character not allowed in text: U+202E (RIGHT-TO-LEFT OVERRIDE)" in (
        refused.value.message()
    )


# ------------------------------------------------------------- a build that refuses


@pytest.fixture(scope="module")
def refused_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    project = copy_project(tmp_path_factory.mktemp("control") / "project")
    phone = project / "raw/2019/telefonisch.csv"
    frame = pd.read_csv(phone, dtype=str, keep_default_na=False)
    frame.loc[0, "t_knelpunten"] = "Dat herkennen we\x00 nog \u202eniet"
    frame.loc[1, "t_knelpunten"] = "x" * 1_000_000
    frame.to_csv(phone, index=False, lineterminator="\n")
    result = subprocess.run(
        [sys.executable, "-m", "enquete", "build", "--directory", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ENQUETE_CHROMIUM": "off"},
    )
    return project, result


@pytest.mark.slow
def test_a_planted_control_character_gives_the_project_message_only(
    refused_build: tuple[Path, subprocess.CompletedProcess],
) -> None:
    project, result = refused_build
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert output.count("Input refused") == 1
    assert (
        "raw/2019/telefonisch.csv, row 2, column 't_knelpunten': characters not allowed in text: "
        "U+0000 (NULL), U+202E (RIGHT-TO-LEFT OVERRIDE), first at character 17" in output
    )
    assert (
        "raw/2019/telefonisch.csv, row 3, column 't_knelpunten': text longer than a spreadsheet cell"
        in output
    )
    for internal in (
        "Error in rule",
        "WorkflowError",
        "Traceback",
        "unexpected error",
        "    jobid:",
        "Removing output",
    ):
        assert internal not in output, internal
    assert "are as they were before it" in output
    assert not checksums(project)  # nothing was built, nothing half-built


@pytest.mark.slow
def test_snakemake_own_account_stays_in_its_log(
    refused_build: tuple[Path, subprocess.CompletedProcess],
) -> None:
    project, result = refused_build
    named = re.search(r"Snakemake's own account of the run: (\S+\.snakemake\.log)", result.stderr)
    assert named, result.stderr
    log = (project / named.group(1)).read_text(encoding="utf-8")
    assert "Error in rule ingest" in log and "WorkflowError" in log
