"""One normalisation of names: the population, the answers and the gate agree on which
names are the same, and a population with two rows for one name is refused by file, rows
and names."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.errors import InputError
from enquete.ingest.population import population_table, read_population
from enquete.names import clean_name, name_key
from tests.conftest import FIXTURES, PROJECT

SPACES = st.text(alphabet=" \t\u00a0\u2007\u202f", max_size=3)
DEMO_NAMES = [
    row["gemeente"] for row in csv.DictReader((PROJECT / "raw/population.csv").open(encoding="utf-8"))
]


@st.composite
def variants(draw: st.DrawFn, name: str) -> str:
    """The same name as another tool or hand might type it."""
    text = name
    if draw(st.booleans()):
        text = draw(st.sampled_from([str.upper, str.lower, str.title, str.swapcase]))(text)
    text = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)
    if draw(st.booleans()):
        text = text.replace("'", "\u2019")
    if draw(st.booleans()) and " " in text:
        text = text.replace(" ", draw(st.sampled_from(["  ", "\u00a0", " \t"])), 1)
    return draw(SPACES) + text + draw(SPACES)


def write_population(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["gemeente_id", "gemeente", "provincie", "contactpersoon", "email", "telefoon"])
        writer.writerows(rows)
    return path


def demo_rows() -> list[list[str]]:
    with (PROJECT / "raw/population.csv").open(encoding="utf-8") as file:
        return [list(row.values()) for row in csv.DictReader(file)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_name_twice_in_any_form_is_refused_naming_the_file_the_rows_and_the_names(
    tmp_path: Path, data: st.DataObject
) -> None:
    rows = demo_rows()
    at = data.draw(st.integers(0, len(rows) - 1))
    twin = data.draw(variants(rows[at][1]))
    rows.append(["CG99", twin, "Flevoland", "Iemand Anders", "i.anders@example.nl", "06-12345678"])
    path = write_population(tmp_path / "population.csv", rows)
    with pytest.raises(InputError) as raised:
        read_population(path, PROJECT / "raw/pseudoniem-sleutel.txt")
    message = raised.value.message()
    assert str(path) in message or "population.csv" in message
    first, last = f"row {at + 2}, column 'gemeente'", f"row {len(rows) + 1}, column 'gemeente'"
    assert first in message and last in message
    assert repr(rows[at][1]) in message and repr(twin) in message
    assert len(raised.value.problems) == 2  # the two rows, nothing else


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_form_of_a_name_finds_its_gemeente(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from([*DEMO_NAMES, "'s-Hertogenbosch", "Súdwest-Fryslân"]))
    variant = data.draw(variants(name))
    assert name_key(variant) == name_key(name)
    assert clean_name(variant).casefold() == clean_name(name).casefold() or "\u2019" in variant
    assert unicodedata.is_normalized("NFC", clean_name(variant))
    assert clean_name(variant) == clean_name(variant).strip() and "  " not in clean_name(variant)


@given(st.sampled_from(DEMO_NAMES), st.sampled_from(DEMO_NAMES))
def test_different_gemeenten_stay_different(one: str, other: str) -> None:
    assert (name_key(one) == name_key(other)) == (one == other)


def test_the_demo_population_with_almere_typed_with_a_space_keeps_35_gemeenten(tmp_path: Path) -> None:
    rows = demo_rows()
    assert rows[0][1] == "Almere"
    rows[0][1] = " Almere\u00a0 "  # alone, it is Almere: the 35 stay 35, under the clean name
    path = write_population(tmp_path / "population.csv", rows)
    population = read_population(path, PROJECT / "raw/pseudoniem-sleutel.txt")
    assert len(population.names) == 35 and population.names[rows[0][0]] == "Almere"
    assert population_table(path)["gemeente"].iloc[0] == "Almere"


@pytest.mark.slow
def test_an_answer_names_its_gemeente_in_any_form(tmp_path: Path) -> None:
    """Ingest on the small project: the answers type the population's names differently."""
    project = shutil.copytree(FIXTURES / "mini", tmp_path / "project")
    online = project / "online.csv"
    online.write_text(
        online.read_text(encoding="utf-8").replace("\n11,Aastad,", "\n11,\u00a0AASTAD ,"), encoding="utf-8"
    )
    population = project / "population.csv"
    population.write_text(
        population.read_text(encoding="utf-8").replace(",Beedorp,", ",Beedorp  ,"), encoding="utf-8"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "enquete",
            "--config",
            "config.yaml",
            "ingest",
            "--wave",
            "2017",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    twice = population.read_text(encoding="utf-8") + "CG09,beedorp,Utrecht,X Y,x@y.nl,06-1\n"
    population.write_text(twice, encoding="utf-8")
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "enquete",
            "--config",
            "config.yaml",
            "ingest",
            "--wave",
            "2017",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1
    assert "population.csv, row 3, column 'gemeente': value used twice; found 'Beedorp  '" in refused.stderr
    assert "row" in refused.stderr and "'beedorp'" in refused.stderr and "Traceback" not in refused.stderr
