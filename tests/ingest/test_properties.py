"""Property tests: whatever bytes or cells arrive, the result is valid output or our own error."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.codebook import load_codebook
from enquete.config import Source
from enquete.errors import InputError
from enquete.ingest.population import Population
from enquete.ingest.readers import RawTable, read_response_file
from enquete.ingest.validation import normalise_source
from tests.conftest import FIXTURES

CODEBOOK = load_codebook(FIXTURES / "mini" / "codebook.yaml")
POPULATION = Population(
    names={"CG01": "Aastad", "CG02": "Beedorp"}, pseudonyms={"CG01": "G-1", "CG02": "G-2"}
)
SOURCE = Source(file="online.csv", mode="online", date_column="submitdate")
COLUMNS = [
    "id",
    "gemeente",
    "submitdate",
    "t_status",
    "t_knelpunten",
    "t_voorbeelden",
    "h_woning",
    "h_knelpunten",
]
# In CI the examples are fixed (derandomize), so a submission's result does not depend on luck;
# locally every run explores new examples.
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

cells = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1", "2", "9", "1.0", " 1 ", "Aastad", "aastad", "2017-10-02", "", "NaT"]),
)


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".sav", ".xlsx"]))
def test_any_bytes_are_read_or_refused_clearly(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"antwoorden{suffix}"
    path.write_bytes(data)
    try:
        table = read_response_file(path)
    except InputError as error:
        assert "antwoorden" in error.message()
    else:
        assert isinstance(table, RawTable)


@SETTINGS
@given(rows=st.lists(st.fixed_dictionaries({column: cells for column in COLUMNS}), min_size=0, max_size=6))
def test_any_cells_become_valid_answers_or_a_clear_refusal(rows: list[dict]) -> None:
    table = RawTable(frame=pd.DataFrame(rows, columns=COLUMNS, dtype=object))
    try:
        result = normalise_source(table, SOURCE, CODEBOOK, POPULATION)
    except InputError as error:
        assert error.problems and all(p.file == "online.csv" for p in error.problems)
    else:
        assert set(result["gemeente_id"]) <= {"CG01", "CG02"}
        for question in ("t_status", "h_woning"):
            assert all(pd.isna(code) or int(code) in (1, 2, 9) for code in result[question])
        assert result["response_id"].is_unique


yaml_like = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=8),
        st.floats(allow_nan=False).filter(lambda f: not math.isinf(f)),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(text=st.one_of(st.text(max_size=200), yaml_like.map(repr)))
def test_any_codebook_text_loads_or_is_refused_clearly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_codebook(path)
    except InputError as error:
        assert "codebook.yaml" in error.message()
