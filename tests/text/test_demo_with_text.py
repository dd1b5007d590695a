"""The demo as a researcher publishes it: data *and* text (tekst/), read as a reader reads it.

The end-to-end tests build the demo without its text, to see every generated sentence; these
build it with the text, where the researcher's voice and the generated one meet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import PROJECT
from tests.workflow.test_end_to_end import build, copy_project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("demo-text") / "project")
    shutil.copytree(PROJECT / "tekst", project / "tekst")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def page(project: Path, name: str) -> str:
    return (project / "site" / name).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_demo_pages_say_each_thing_once(built: Path) -> None:
    aanpak = page(built, "aanpak.html")
    assert "telefonisch gereageerd" not in aanpak  # the researcher's Het veldwerk says it
    assert aanpak.count("centrumgemeenten deden dat") == 1
    assert "gedeeltelijk: zij stopten" not in aanpak
    assert "alle centrumgemeenten die zijn uitgenodigd" not in aanpak
    findings = page(built, "huisvesting.html").partition('id="wat-vonden-de-rapporten"')[2]
    findings = findings.partition('id="tegen-welke-knelpunten')[0]
    assert "De rapporten van 2017 blijven de maatlat" in findings
    assert "Er zijn te weinig sociale huurwoningen" not in findings


@pytest.mark.slow
def test_the_2019_wishes_and_solutions_pages_say_only_what_is_true(built: Path) -> None:
    housing = page(built, "huisvesting.html")
    support = housing.partition('id="welke-landelijke-ondersteuning')[2]
    assert "Sociale woningbouw stimuleren en faciliteren: 2 van 23" in support  # the chart's text
    solutions = housing.partition('id="welke-oplossingen')[2].partition('id="welke-landelijke')[0]
    assert "gecodeerd" not in solutions and "geen cijfers" not in solutions
    cooperation = page(built, "samenwerking.html").partition('id="welke-landelijke-ondersteuning')[2]
    assert "Landelijke maatwerkafspraken voor overdracht buiten de regio: 1 van 21" in cooperation


@pytest.mark.slow
def test_the_2017_text_uses_the_reports_words_for_counts_it_does_not_give(built: Path) -> None:
    ledger = pd.read_csv(built / "analysis/2017/figures.csv", dtype=str, keep_default_na=False)
    beyond = set(ledger.loc[ledger["in_report"] == "nee", "figure_id"])
    sentences = pd.read_csv(built / "report/tekst/2017/tekst-cijfers.csv", dtype=str, keep_default_na=False)
    assert len(sentences) > 20  # the text is there, with its references
    used = " ".join(sentences["sjabloon"])
    assert sorted(figure for figure in beyond if f'"{figure}"' in used) == []
    support = page(built, "archief/2017/financien.html").partition('id="welke-landelijke-ondersteuning')[2]
    assert "Een aantal centrumgemeenten wil daarom dat gemeenten onderling" in support
    assert "3 (reconstructie)" in support  # the table still shows the reconstruction's count, marked


@pytest.mark.slow
def test_the_comparison_says_which_nulmeting_counts_the_report_did_not_give(built: Path) -> None:
    from enquete.tables import read_csv

    ledger = read_csv(built / "analysis/2017/figures.csv").set_index("figure_id")
    comparison = read_csv(built / "analysis/vergelijking/2017-2019.csv")
    compared = comparison[comparison["count_a"] != ""]
    assert len(compared) > 0
    for row in compared.itertuples():
        marked = "Het cijfer van 2017 is een reconstructie: het rapport noemt geen aantal." in row.explanation
        assert marked == (ledger.loc[row.figure_id, "in_report"] == "nee"), row.figure_id
    assert compared["explanation"].str.contains("reconstructie").any()
    table = page(built, "vergelijking.html")
    assert "(reconstructie)" in table
    assert "Reconstructie: het rapport noemt voor dit cijfer geen aantal" in table
