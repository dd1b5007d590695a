"""Adding a wave is data and configuration only: the site gains it without a code change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import FIXTURES
from tests.projects import NO_PDF, copy_built

NEW_WAVE = """
  "2019":
    label: Testmeting 2019
    published: 2020-03-01
    codebook: codebook.yaml
    sources:
      - {file: 2019/online.csv, mode: online, date_column: submitdate, personal_columns: [naam]}
    coding: 2019/codering.csv
    examples: 2019/voorbeelden.csv
"""


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enquete", "--config", "config.yaml", "build", "--directory", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env=NO_PDF,  # no PDF: this is about the pages
    )


@pytest.fixture(scope="module")
def two_waves(shared_mini: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_built(shared_mini, tmp_path_factory.mktemp("waves") / "project")
    first = build(project)
    assert first.returncode == 0, first.stderr
    assert not (project / "site/vergelijking.html").exists()

    shutil.copytree(FIXTURES / "mini-wave", project / "2019")
    with (project / "config.yaml").open("a", encoding="utf-8") as config:
        config.write(NEW_WAVE)
    second = build(project)
    assert second.returncode == 0, second.stderr
    return project


def test_the_new_wave_becomes_the_report_and_the_old_one_is_archived(two_waves: Path) -> None:
    index = (two_waves / "site/index.html").read_text(encoding="utf-8")
    assert "Testmeting 2019" in index
    archived = (two_waves / "site/archief/2017/index.html").read_text(encoding="utf-8")
    assert "Testmeting 2017" in archived and "bewaard in het archief" in archived
    assert "zoals het is gepubliceerd" not in archived
    for page in ("toegang", "huisvesting", "voorbeelden", "downloads", "verantwoording", "aanpak"):
        assert (two_waves / f"site/archief/2017/{page}.html").is_file()


def test_theme_pages_show_the_previous_figure_beside_the_current_one(two_waves: Path) -> None:
    page = (two_waves / "site/toegang.html").read_text(encoding="utf-8")
    # 2019: Aastad and Ceeveen 1, Eewolde 2 -> 2 of 3; 2017: 2 of 3 (Ceeveen's 9 not valid).
    assert "2 van 3 centrumgemeenten herkennen A (in 2017: 2 van 3)." in page
    assert '<script src="assets/js/plotly-basic-4.1.1/plotly-basic.min.js">' in page
    archived = (two_waves / "site/archief/2017/toegang.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/js/plotly-basic-4.1.1/plotly-basic.min.js">' in archived


def test_the_comparison_page_and_table(two_waves: Path) -> None:
    table = pd.read_csv(two_waves / "analysis/vergelijking/2017-2019.csv", dtype=str).set_index("figure_id")
    # huisvesting.woning: 2017 1 of 3 (Aastad), 2019 2 of 3 (Ceeveen, Eewolde).
    assert table.loc["huisvesting.woning", ["count_a", "base_a", "count_b", "base_b"]].tolist() == [
        "1",
        "3",
        "2",
        "3",
    ]
    # panel: Aastad and Ceeveen answered both times; Aastad stopped, Ceeveen started.
    assert table.loc["huisvesting.woning", ["panel", "started", "stopped"]].tolist() == ["2", "1", "1"]
    assert table.loc["huisvesting.woning", "verdict"] == "geen duidelijke verandering"
    page = (two_waves / "site/vergelijking.html").read_text(encoding="utf-8")
    assert 'id="vergelijking-huisvesting"' in page
    assert "Vergelijking met de nulmeting" in page
    assert (two_waves / "site/downloads/vergelijking-2017-2019.xlsx").is_file()


@pytest.fixture(scope="module")
def three_waves(two_waves: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("waves3") / "project"
    shutil.copytree(two_waves, project, ignore=shutil.ignore_patterns(".snakemake"))
    shutil.copytree(FIXTURES / "mini-wave", project / "2021")
    with (project / "config.yaml").open("a", encoding="utf-8") as config:
        config.write(NEW_WAVE.replace("2019", "2021").replace("2020-03-01", "2022-03-01"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def test_a_third_wave_archives_both_earlier_ones_and_compares_with_the_nulmeting(three_waves: Path) -> None:
    assert "Testmeting 2021" in (three_waves / "site/index.html").read_text(encoding="utf-8")
    for year in ("2017", "2019"):
        assert (three_waves / f"site/archief/{year}/index.html").is_file()
    assert (three_waves / "site/archief/2019/vergelijking.html").is_file()
    assert not (three_waves / "site/archief/2017/vergelijking.html").exists()
    for pair in ("2017-2019", "2017-2021", "2019-2021"):
        assert (three_waves / f"analysis/vergelijking/{pair}.csv").is_file()
    page = (three_waves / "site/toegang.html").read_text(encoding="utf-8")
    assert "(in 2019: 2 van 3)" in page
    comparison = (three_waves / "site/vergelijking.html").read_text(encoding="utf-8")
    assert "met de nulmeting van 2017" in comparison
