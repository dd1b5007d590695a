"""Work that must stay linear: 342 gemeenten, hundreds of quotes, many pages.

Each test pairs the behaviour (what is found, refused or reported) with a size at which the
old quadratic or regex-per-item code took minutes; the time bounds are loose on purpose.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from enquete.codebook import load_codebook
from enquete.errors import InputError
from enquete.ingest.examples import read_examples
from enquete.ingest.population import read_population
from enquete.privacy.anonymise import safe_quotes
from enquete.privacy.gate import Gate, consents, population_matcher
from tests.conftest import FIXTURES

CODEBOOK = load_codebook(FIXTURES / "mini" / "codebook.yaml")


def big_population(size: int = 342) -> pd.DataFrame:
    names = [f"Plaats{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(size)]
    return pd.DataFrame(
        {
            "gemeente_id": [f"GM{i:04d}" for i in range(size)],
            "gemeente": names,
            "provincie": ["Utrecht"] * size,
            "contactpersoon": [f"Persoon {name}" for name in names],
            "email": [f"info@{name.lower()}.example.nl" for name in names],
            "telefoon": [f"06-{10_000_000 + i}" for i in range(size)],
        }
    )


def test_quotes_among_342_gemeenten_are_anonymised_quickly_and_a_name_left_over_is_named() -> None:
    population = big_population()
    quotes = pd.DataFrame(
        {
            "answer_id": [f"{i}.t_knelpunten" for i in range(600)],
            "text": [f"In Plaatsab en bij Persoon Plaatsac ging het mis ({i})." for i in range(600)],
        }
    )
    start = time.perf_counter()
    safe = safe_quotes(quotes, population, CODEBOOK)
    assert time.perf_counter() - start < 15  # a regex compiled per quote and name: minutes
    assert safe["text"].iloc[0] == "In [gemeente] en bij [persoon] ging het mis (0)."
    shouting = quotes.head(1).assign(text="Zo gaat het in PLAATSAB en plaatsac.")
    assert safe_quotes(shouting, population, CODEBOOK)["text"].iloc[0] == (
        "Zo gaat het in [gemeente] en [gemeente]."
    )


def test_the_matcher_reports_overlapping_names_in_any_case() -> None:
    population = pd.DataFrame(
        {"gemeente": ["Den Haag", "Haag", "Ede"], "contactpersoon": ["Jan de Wit", "", ""]}
    )
    matcher = population_matcher(population)
    assert {hit.name for hit in matcher.find("in den haag, bij JAN DE WIT")} >= {"Den Haag", "Jan de Wit"}
    assert matcher.find("Bede en Edeveen") == []  # whole words only


def site_of(folder: Path, pages: int, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(pages):
        page = folder / f"pagina-{number}.html"
        page.write_text(
            f"<html><body><p>{text} {'Gewone tekst. ' * 2000}</p></body></html>", encoding="utf-8"
        )
    return folder


def scan(site: Path, population: pd.DataFrame, examples: pd.DataFrame | None = None) -> list[str]:
    """What the publication gate finds in a site, as the site step runs it."""
    matcher = population_matcher(population)
    gemeente_of = dict(zip(population["gemeente_id"], population["gemeente"], strict=True))
    allowed = consents([] if examples is None else [examples], gemeente_of, matcher)
    return [problem.found for problem in Gate(matcher, allowed)(site)]


def test_the_gate_scans_many_pages_for_342_gemeenten_quickly(tmp_path: Path) -> None:
    population = big_population()
    site = site_of(tmp_path, 60, "Niets bijzonders.")
    start = time.perf_counter()
    assert scan(site, population) == []
    assert time.perf_counter() - start < 20  # 1,368 regexes over every page: minutes


@pytest.mark.parametrize(
    "written",
    ["PERSOON PLAATSAB", "persoon plaatsab", "INFO@PLAATSAB.EXAMPLE.NL", "Persoon Plaatsab"],
)
def test_the_gate_still_finds_contact_details_in_any_case(tmp_path: Path, written: str) -> None:
    site = site_of(tmp_path, 1, f"Contact: {written}.")
    assert any(written.lower() in str(found).lower() for found in scan(site, big_population()))


def test_a_gemeente_name_outside_its_consented_example_is_still_found(tmp_path: Path) -> None:
    population = big_population()
    examples = pd.DataFrame(
        {
            "respondent": ["GM0001"],
            "title": ["Plan van Plaatsab"],
            "text": ["Plaatsab werkt samen met de opvang in de regio."],
            "name": ["Plaatsab"],
        }
    )
    page = "Plan van Plaatsab Plaatsab werkt samen met de opvang in de regio. Genoemd door: Plaatsab"
    assert scan(site_of(tmp_path / "a", 1, page), population, examples) == []
    other = site_of(tmp_path / "b", 1, page + " en ook Plaatsab elders")
    assert [str(found) for found in scan(other, population, examples)] != []


def test_a_population_of_342_with_a_name_twice_in_another_case_names_both_rows(tmp_path: Path) -> None:
    population = big_population()
    population.loc[200, "gemeente"] = population.loc[5, "gemeente"].upper()
    path = tmp_path / "population.csv"
    population.to_csv(path, index=False)
    key = tmp_path / "sleutel.txt"
    key.write_text("een geheime sleutel van de test\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_population(path, key)
    message = raised.value.message()
    assert "row 7, column 'gemeente': value used twice" in message
    assert "row 202, column 'gemeente': value used twice" in message
    population.loc[200, "gemeente"] = "Anders"
    population.to_csv(path, index=False)
    assert len(read_population(path, key).names) == 342


def test_an_example_listed_twice_is_named_once(tmp_path: Path) -> None:
    answers = pd.DataFrame(
        {
            "answer_id": [f"{i}.t_voorbeelden" for i in range(400)],
            "respondent": [f"G-{i}" for i in range(400)],
            "theme": ["toegang"] * 400,
            "question": ["t_voorbeelden"] * 400,
            "section": ["voorbeelden"] * 400,
            "text": ["Een voorbeeld."] * 400,
        }
    )
    rows = [f"{i}.t_voorbeelden,{i + 1},Titel {i}," for i in range(400)] + ["7.t_voorbeelden,401,Nog eens,"]
    path = tmp_path / "voorbeelden.csv"
    path.write_text("answer_id,volgorde,titel,naam_publiceren\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_examples(str(path), answers)
    assert raised.value.message().count("answer listed twice") == 1
    assert "found '7.t_voorbeelden'" in raised.value.message()
