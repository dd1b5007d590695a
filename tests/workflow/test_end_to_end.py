"""The whole workflow on the demo data, in a temporary copy of the project, as a user runs it."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import PROJECT
from tests.projects import OUTPUTS, build, checksums, copy_built, copy_project

__all__ = ["build", "checksums", "copy_project"]  # as other test modules import them


@pytest.fixture(scope="module")
def built(shared_demo: Path) -> Path:
    return shared_demo


@pytest.fixture
def own_copy(shared_demo: Path, tmp_path: Path) -> Path:
    """The built demo in a folder of the test's own, for a test that builds again."""
    return copy_built(shared_demo, tmp_path / "project")


def page(project: Path, name: str) -> str:
    return (project / "site" / name).read_text(encoding="utf-8")


def test_the_site_has_every_page_of_both_waves(built: Path) -> None:
    wave_2017 = [
        "index.html",
        "aanpak.html",
        "toegang.html",
        "financien.html",
        "huisvesting.html",
        "begeleiding.html",
        "samenwerking.html",
        "voorbeelden.html",
        "downloads.html",
        "verantwoording.html",
        "downloads/cijfers-2017.csv",
        "downloads/cijfers-2017.xlsx",
    ]
    for name in wave_2017:
        assert (built / "site/archief/2017" / name).is_file(), name
        assert (built / "site" / name.replace("2017", "2019")).is_file(), name
    for name in ("vergelijking.html", "downloads/vergelijking-2017-2019.xlsx"):
        assert (built / "site" / name).is_file(), name
    assert 'lang="nl"' in page(built, "index.html")
    assert "Meting 2019 (fictief)" in page(built, "index.html")
    assert "Deze meting is fictief" in page(built, "toegang.html")


def test_a_page_links_an_archived_wave_once_not_all_its_pages(built: Path) -> None:
    # Every page listing every archived page made the site grow with waves times pages.
    for name in ("index.html", "toegang.html", "vergelijking.html"):
        assert page(built, name).count('href="archief/2017/') == 1, name
    assert 'href="aanpak.html"' in page(built, "archief/2017/toegang.html")  # its own wave's pages stay


def test_ledger_matches_every_reference_figure(built: Path) -> None:
    ledger = pd.read_csv(built / "analysis/2017/figures.csv", dtype=str, keep_default_na=False).set_index(
        "figure_id"
    )
    reference = pd.read_csv(
        PROJECT / "reference/nulmeting-2017-figures.csv", dtype=str, keep_default_na=False
    )
    for row in reference.itertuples():
        assert ledger.loc[row.figure_id, "count"] == row.count, row.figure_id
        if row.denominator:
            assert ledger.loc[row.figure_id, "base"] == row.denominator, row.figure_id
    backtest = pd.read_csv(built / "analysis/2017/backtest.csv", dtype=str)
    assert set(backtest["result"]) == {"gelijk"}
    assert len(backtest) == len(reference)


def test_theme_pages_state_the_counts_with_their_base(built: Path) -> None:
    toegang = page(built, "archief/2017/toegang.html")
    financien = page(built, "archief/2017/financien.html")
    assert "13 van 23 centrumgemeenten erkennen een knelpunt" in toegang
    assert "10 van 23 centrumgemeenten geven aan dat het afgeven van een beschikking" in toegang
    assert "12 van 22 centrumgemeenten herkennen knelpunten" in financien
    # a count of coded open answers is a mention, not "2 van 22"
    assert "Twee centrumgemeenten geven aan dat er problemen zijn met de kostendelersnorm" in financien
    assert (
        "2 van 22 centrumgemeenten geven aan dat er problemen zijn met de kostendelersnorm" not in financien
    )
    aanpak = page(built, "archief/2017/aanpak.html")
    for fragment in (
        "alle 35 centrumgemeenten",
        "22 centrumgemeenten hebben de vragenlijst online",
        "Eén centrumgemeente heeft telefonisch",
        "19 centrumgemeenten hebben de lijst compleet",
    ):
        assert fragment in aanpak


def test_the_2019_report_compares_with_the_nulmeting(built: Path) -> None:
    toegang = page(built, "toegang.html")
    assert "verblijfsstatus (in 2017: 13 van 23)." in toegang
    assert "niet vergelijkbaar met 2017" in page(built, "begeleiding.html")
    comparison = page(built, "vergelijking.html")
    for theme in ("toegang", "financien", "huisvesting", "begeleiding", "samenwerking"):
        assert f'id="vergelijking-{theme}"' in comparison
    assert "waarschijnlijk minder centrumgemeenten" in comparison
    assert "Minder centrumgemeenten dan in 2017 geven aan dat het afgeven van een beschikking" in comparison
    assert "Afgeven van een beschikking</strong> — waarschijnlijk afgenomen" not in comparison
    assert "Wachtlijsten in de jeugdzorg</strong> (nieuw)" in comparison
    assert "(vervallen)" in comparison


def test_each_theme_page_has_a_chart_with_caption_and_table(built: Path) -> None:
    for theme in ("toegang", "financien", "huisvesting", "begeleiding", "samenwerking"):
        html = page(built, f"{theme}.html")
        assert f'id="grafiek-{theme}"' in html
        assert "<figcaption" in html and "<table>" in html
        # knelpunten, solutions and national wishes each have a chart of their own
        knelpunten, _, rest = html.partition('<h2 id="welke-oplossingen')
        solutions, _, support = rest.partition('<h2 id="welke-landelijke-ondersteuning')
        assert f'id="grafiek-{theme}-ondersteuning"' in support
        assert f"grafiek-{theme}-ondersteuning" not in knelpunten + solutions
        assert f'id="grafiek-{theme}-oplossingen"' not in knelpunten + support
        assert (built / f"site/downloads/grafiek-{theme}-ondersteuning-2019.xlsx").is_file()
        assert 'aria-label="Staafdiagram, ' in support and "gewenste landelijke ondersteuning" in support
        assert html.count('src="assets/js/plotly-basic-4.1.1/plotly-basic.min.js"') == 1
    # the partial bundle (bar and scatter), not the full plotly.js of 4-5 MB
    assert (built / "site/assets/js/plotly-basic-4.1.1/plotly-basic.min.js").stat().st_size < 1_300_000
    assert not (built / "site/assets/js/plotly.min.js").exists()


def test_all_25_good_examples_are_published(built: Path) -> None:
    html = page(built, "archief/2017/voorbeelden.html")
    reference = pd.read_csv(
        PROJECT / "reference/nulmeting-2017-voorbeelden.csv", dtype=str, keep_default_na=False
    )
    assert len(reference) == 25
    for title in reference["title"]:
        assert title.replace("'", "&#39;") in html or title in html, title
    assert "droegen 25 goede voorbeelden aan" in html


def test_no_contact_details_anywhere_in_the_outputs(built: Path) -> None:
    population = pd.read_csv(built / "raw/population.csv", dtype=str)
    needles = [*population["contactpersoon"], *population["email"], *population["telefoon"]]
    for name in OUTPUTS:
        for path in (built / name).rglob("*"):
            if path.is_file() and path.suffix in {".csv", ".md", ".html", ".json", ".yml", ".js", ".xml"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                found = [needle for needle in needles if needle in text]
                assert not found, f"{path}: {found}"


def test_no_page_loads_anything_from_the_internet(built: Path) -> None:
    pattern = re.compile(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)
    for path in (built / "site").rglob("*.html"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path
    for path in (built / "site").rglob("*.css"):
        assert "fonts.googleapis" not in path.read_text(encoding="utf-8"), path


@pytest.mark.slow
def test_rerun_does_nothing_and_forced_rerun_is_byte_identical(own_copy: Path) -> None:
    before = checksums(own_copy)
    again = build(own_copy, pdf=True)
    assert again.returncode == 0
    assert "Nothing to rebuild: no input changed since the last build." in again.stdout
    forced = build(own_copy, "--force", pdf=True)
    assert forced.returncode == 0, forced.stderr
    assert checksums(own_copy) == before


@pytest.mark.slow
def test_a_corrupt_raw_file_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "raw/2017/enquete_online.sav").write_bytes(b"dit is geen SPSS-bestand")
    result = build(project)
    assert result.returncode != 0
    assert "raw/2017/enquete_online.sav: cannot be read as an SPSS .sav file" in result.stderr
    assert "Traceback" not in result.stderr.split("Input refused")[1].split("What to do")[0]


@pytest.mark.slow
def test_a_missing_raw_file_is_named_before_anything_runs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "raw/2017/telefonisch.csv").unlink()
    result = build(project)
    assert result.returncode != 0
    assert "raw/2017/telefonisch.csv: response file is missing" in result.stderr


def test_the_verantwoording_shows_the_coders_agreement(built: Path) -> None:
    for name in ("verantwoording.html", "archief/2017/verantwoording.html"):
        html = page(built, name)
        assert "Codering van de open antwoorden" in html
        assert "Cohens kappa" in html and "Krippendorffs alpha" in html
        assert "Samenwerking vrouwenopvang en werk en inkomen" in html  # the label, not the id
    differing = pd.read_csv(built / "analysis/2017/onenigheden.csv")
    assert len(differing) == 6  # the demo's two coders differ on six answers, all reconciled
    assert set(differing["status"]) == {"definitief"}


def test_the_2017_national_support_sections_show_the_reports_wishes(built: Path) -> None:
    for theme, fragments in {
        "toegang": ["Drie centrumgemeenten willen dat het Rijk een landelijke oplossing biedt"],
        "financien": [
            "Drie centrumgemeenten willen dat cliënten eerder toeslagen kunnen ontvangen",
            "Eén centrumgemeente vraagt om landelijke kwaliteitseisen",
        ],
        "huisvesting": ["Eén centrumgemeente roept op sociale woningbouw te stimuleren"],
        "begeleiding": ["Drie centrumgemeenten vinden dat de wachtlijsten in de jeugdzorg"],
        "samenwerking": ["Eén centrumgemeente wil landelijke maatwerkafspraken"],
    }.items():
        html = page(built, f"archief/2017/{theme}.html")
        support = html.partition('<h2 id="welke-landelijke-ondersteuning')[2]
        for fragment in fragments:
            assert fragment in support, (theme, fragment)
        assert "geen cijfers of citaten" not in html
        assert "zelf genoemd in een open antwoord" in support
        assert "niet het aantal dat het ermee oneens was" in support


def test_reader_pages_show_no_rule_ids_figure_ids_or_english_words(built: Path) -> None:
    from tests.reader_text import forbidden_on_page, reader_pages, visible_text

    figure_ids: set[str] = set()
    for year in ("2017", "2019"):
        ledger = pd.read_csv(built / f"analysis/{year}/figures.csv", dtype=str, keep_default_na=False)
        figure_ids |= set(ledger["figure_id"])
    pages = reader_pages(built / "site")
    assert len(pages) >= 25
    problems = {}
    for path in pages:
        found = forbidden_on_page(visible_text(path.read_text(encoding="utf-8")), figure_ids)
        if found:
            problems[str(path.relative_to(built / "site"))] = found
    assert not problems, problems
    # the downloads keep the ids, for those who reuse the numbers
    assert "toegang.verblijfsstatus" in (built / "site/downloads/cijfers-2019.csv").read_text(
        encoding="utf-8-sig"
    )


def test_an_archived_page_names_its_own_wave(built: Path) -> None:
    archived = page(built, "archief/2017/toegang.html")
    header = archived.partition('data-md-component="header-title"')[2].partition("</header>")[0]
    assert "Nulmeting 2017" in header and "Meting 2019" not in header
    assert "<title>2. Toegang - Knelpunten in de vrouwenopvang — Nulmeting 2017</title>" in archived
    assert "Meting 2019 (fictief)" in page(built, "toegang.html").partition("</header>")[0]
    assert "zoals het is gepubliceerd" not in archived
    assert "Reconstructie" in archived and "bewaard in het archief" in archived
    # a page with front matter of its own keeps it (the print version stays out of search)
    assert "exclude: true" not in page(built, "archief/2017/printversie.html")


def test_the_summary_lists_only_knelpunten(built: Path) -> None:
    summary = page(built, "archief/2017/index.html").partition("noemen vooral problemen rond")[2]
    summary = summary.partition("Sommige centrumgemeenten")[0]
    assert "6 van 18 centrumgemeenten erkennen dat er knelpunten zijn rond samenwerking" in summary
    assert "samenwerking goed loopt" not in summary


@pytest.mark.slow
def test_the_build_closes_with_what_it_made_and_its_warnings(own_copy: Path) -> None:
    built = own_copy
    lines = build(built, pdf=True).stdout.splitlines()
    assert "Waves: 2019 (the report), 2017 (archief/2017/)" in lines
    ledgers = {year: len(pd.read_csv(built / f"analysis/{year}/figures.csv")) for year in ("2017", "2019")}
    assert any(
        line.startswith(f"Figures: {sum(ledgers.values())} in the ledgers (2017: {ledgers['2017']}, ")
        for line in lines
    )
    agreement = {
        year: pd.read_csv(built / f"analysis/{year}/overeenstemming.csv", dtype=str, keep_default_na=False)
        for year in ("2017", "2019")
    }
    low = [
        (year, row)
        for year, table in agreement.items()
        for row in table.itertuples()
        if row.kappa and float(row.kappa) < 0.6
    ]
    assert low, "the demo data has coders who disagree"
    for year, row in low:
        # each low kappa of the demo is on a code a coder gave once or twice: not judged, no alarm
        assert row.meaningful == "nee" and min(int(row.coded_by_first), int(row.coded_by_second)) < 5
        assert not any(line.startswith(f"  - {year}: coders' agreement on {row.code}") for line in lines)
    for year, table in agreement.items():
        rare = int((table["meaningful"] == "nee").sum())
        assert any(
            line.startswith(f"Agreement {year}: {len(table) - rare} codes judged; {rare} not")
            for line in lines
        )
    assert "Coding review (keyword suggests a code no coder gave), answers open: 2017: 0, 2019: 0" in lines
    assert lines[-1] == f"Open {built}/site/index.html in a browser."


def test_the_2019_housing_and_transfer_wishes_are_counted_and_no_page_says_not_coded(built: Path) -> None:
    for name, stated, label in (
        (
            "huisvesting.html",
            "Twee centrumgemeenten roepen op sociale woningbouw te stimuleren",
            "Sociale woningbouw",
        ),
        (
            "samenwerking.html",
            "Eén centrumgemeente wil landelijke maatwerkafspraken",
            "Landelijke maatwerkafspraken",
        ),
    ):
        support = page(built, name).partition('<h2 id="welke-landelijke-ondersteuning')[2]
        assert stated in support, name
        unmentioned = support.partition("geen centrumgemeente:")[2].partition("</ul>")[0]
        assert label not in unmentioned, name
    for path in sorted((built / "site").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "niet gecodeerd" not in text and "Daarom staan hier geen cijfers" not in text, path


def test_the_reconstruction_marks_every_count_the_report_does_not_give(built: Path) -> None:
    ledger = pd.read_csv(built / "analysis/2017/figures.csv", dtype=str, keep_default_na=False)
    reference = pd.read_csv(built / "reference/nulmeting-2017-figures.csv", dtype=str)
    beyond = ledger[~ledger["figure_id"].isin(reference["figure_id"])]
    assert set(ledger.loc[ledger["in_report"] == "nee", "figure_id"]) == set(beyond["figure_id"])
    assert set(ledger.loc[ledger["in_report"] == "ja", "figure_id"]) == set(reference["figure_id"])
    assert (beyond["kind"] == "ondersteuning").sum() == 10  # the support wishes the report only describes
    later = pd.read_csv(built / "analysis/2019/figures.csv", dtype=str, keep_default_na=False)
    assert set(later["in_report"]) == {""}  # no reference: nothing to mark
    support = page(built, "archief/2017/samenwerking.html").partition('id="welke-landelijke-ondersteuning')[2]
    assert "3 (reconstructie)" in support and "het rapport noemt voor dit cijfer geen aantal" in support
    accountability = page(built, "archief/2017/verantwoording.html")
    assert (
        f"Deze reconstructie bevat ook {len(beyond)} cijfers die verder gaan dan het rapport"
        in accountability
    )
    download = (built / "site/archief/2017/downloads/cijfers-2017.csv").read_text(encoding="utf-8-sig")
    assert "In het rapport" in download.splitlines()[0]
