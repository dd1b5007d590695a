"""The gate re-reads only what changed, and never trusts a verdict another gate gave."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import enquete.privacy.gate as gate_module
from enquete.privacy.gate import Consents, Gate, population_matcher
from enquete.privacy.verdicts import Verdicts, fingerprint

POPULATION = pd.DataFrame(
    {
        "gemeente": ["Eewolde", "Deemond"],
        "contactpersoon": ["Eva Evers", "Dirk Dekker"],
        "email": ["e.evers@eewolde.nl", "d.dekker@deemond.nl"],
    }
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for number in range(3):
        (site / f"pagina-{number}.html").write_text(f"<p>Pagina {number} zonder namen.</p>", encoding="utf-8")
    return site


def gate_with_memory(cache: Path, population: pd.DataFrame = POPULATION) -> Gate:
    gate = Gate(population_matcher(population), Consents())
    gate.verdicts = Verdicts(fingerprint(gate.fingerprint()), cache)
    return gate


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose text the gate reads, in order."""
    read: list[str] = []
    original = gate_module.published_text

    def noting(path: Path):
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(gate_module, "published_text", noting)
    return read


def test_a_second_scan_reads_only_the_changed_file(site: Path, tmp_path: Path, monkeypatch) -> None:
    read = reads(monkeypatch)
    assert gate_with_memory(tmp_path / "cache")(site) == []
    assert len(read) == 3
    read.clear()
    (site / "pagina-1.html").write_text("<p>Nu anders, nog steeds zonder namen.</p>", encoding="utf-8")
    assert gate_with_memory(tmp_path / "cache")(site) == []
    assert read == ["pagina-1.html"]


def test_a_file_with_a_problem_is_refused_on_every_scan(site: Path, tmp_path: Path) -> None:
    (site / "pagina-2.html").write_text("<p>Bel Eva Evers.</p>", encoding="utf-8")
    for _ in range(2):
        problems = gate_with_memory(tmp_path / "cache")(site)
        assert [problem.file for problem in problems] == ["pagina-2.html"]


def test_a_renamed_file_is_scanned_for_its_new_name(site: Path, tmp_path: Path) -> None:
    assert gate_with_memory(tmp_path / "cache")(site) == []
    (site / "pagina-0.html").rename(site / "eewolde.html")
    problems = gate_with_memory(tmp_path / "cache")(site)
    assert [problem.file for problem in problems] == ["eewolde.html"]


def test_a_gate_that_knows_other_names_scans_everything_again(site: Path, tmp_path: Path) -> None:
    (site / "pagina-0.html").write_text("<p>Met dank aan Zaza Zwart.</p>", encoding="utf-8")
    assert gate_with_memory(tmp_path / "cache")(site) == []
    more = pd.concat([POPULATION, pd.DataFrame({"gemeente": ["Zeewijk"], "contactpersoon": ["Zaza Zwart"]})])
    problems = gate_with_memory(tmp_path / "cache", more.fillna(""))(site)
    assert [problem.file for problem in problems] == ["pagina-0.html"]


def test_a_damaged_memory_means_a_full_scan(site: Path, tmp_path: Path, monkeypatch) -> None:
    gate = gate_with_memory(tmp_path / "cache")
    gate(site)
    gate.verdicts.file.write_text("{niet: json", encoding="utf-8")
    read = reads(monkeypatch)
    assert gate_with_memory(tmp_path / "cache")(site) == []
    assert len(read) == 3


def test_the_fingerprint_follows_the_code_of_the_checks(monkeypatch) -> None:
    before = fingerprint([])
    monkeypatch.setattr("enquete.privacy.verdicts.code_of_the_checks", lambda: b"another check")
    assert fingerprint([]) != before
