"""The demo built with both site engines: Material for MkDocs (the default) and Zensical.

One build with the default engine, then one with ENQUETE_ENGINE=zensical, which reruns only
the site step. Each site passes the publication gate and the page checks (language, one
heading 1 and no skipped heading level, alt texts, links, Dutch words, the archived wave's
header); two Zensical builds are byte-identical.
"""

from __future__ import annotations

import filecmp
import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from enquete.config import load_config
from enquete.errors import InputError
from enquete.privacy.gate import gate_for
from enquete.privacy.links import link_problems
from enquete.privacy.page_safety import unsafe_search_index
from enquete.publish.engines import VARIABLE, chosen_engine, run_zensical
from tests.projects import copy_project
from tests.reader_text import forbidden_on_page, reader_pages, visible_text

ENGINES = ("mkdocs", "zensical")
NO_PDF = os.environ | {"ENQUETE_CHROMIUM": "off"}


def build(project: Path, engine: str | None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in NO_PDF.items() if key != VARIABLE}
    if engine:
        environment[VARIABLE] = engine
    return subprocess.run(
        [sys.executable, "-m", "enquete", "build", "--directory", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    project = copy_project(tmp_path_factory.mktemp("engines") / "project")
    result = build(project, None)
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(project / "site", project.parent / "site-mkdocs")
    result = build(project, "zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    return project, {"mkdocs": project.parent / "site-mkdocs", "zensical": project / "site"}


def generator(site: Path) -> str:
    found = re.search(r'<meta name="generator" content="([^"]*)"', (site / "index.html").read_text("utf-8"))
    return found.group(1) if found else ""


def test_the_variable_switches_the_engine_and_reruns_the_site_step(demo) -> None:
    _, sites = demo
    assert generator(sites["zensical"]).startswith("zensical-")
    assert not generator(sites["mkdocs"]).startswith("zensical")
    assert (sites["zensical"] / "search.json").is_file()  # Zensical's index, read by the gate
    assert (sites["mkdocs"] / "search/search_index.json").is_file()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_gate_passes_the_site_of_each_engine(demo, engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    project, sites = demo
    monkeypatch.chdir(project)
    gate = gate_for(load_config(project / "config/config.yaml"), project / "analysis")
    assert gate(sites[engine]) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_the_page_checks_pass_on_the_site_of_each_engine(demo, engine: str) -> None:
    project, sites = demo
    site = sites[engine]
    files = frozenset(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
    figure_ids: set[str] = set()
    for year in ("2017", "2019"):
        ledger = pd.read_csv(project / f"analysis/{year}/figures.csv", dtype=str, keep_default_na=False)
        figure_ids |= set(ledger["figure_id"])
    pages = [path for path in reader_pages(site) if path.name != "404.html"]
    assert len(pages) >= 24
    problems: dict[str, list] = {}
    for path in pages:
        name = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")
        found: list = []
        if not re.search(r'<html[^>]*\blang="nl"', text):
            found.append("no lang=nl")
        article = text.partition("<article")[2].partition("</article>")[0]
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", article)]
        chapters = path.name == "printversie.html"  # the whole report: one heading 1 per chapter
        if levels[:1] != [1] or (levels.count(1) != 1 and not chapters):
            found.append(f"headings {levels[:5]}")
        found += [f"h{b} after h{a}" for a, b in itertools.pairwise(levels) if b > a + 1]
        found += [
            f"img without alt: {tag[:60]}" for tag in re.findall(r"<img\b[^>]*>", text) if " alt=" not in tag
        ]
        found += link_problems(text, name, files)
        found += forbidden_on_page(visible_text(text), figure_ids)
        if found:
            problems[name] = found
    assert not problems, problems
    archived = (site / "archief/2017/toegang.html").read_text(encoding="utf-8")
    header = archived.partition('data-md-component="header-title"')[2].partition("</header>")[0]
    assert "Nulmeting 2017" in header and "Meting 2019" not in header


def test_two_zensical_builds_are_byte_identical(demo, tmp_path: Path) -> None:
    project, _ = demo
    epoch = load_config(project / "config/config.yaml").latest.source_date_epoch
    for name in ("first", "second"):
        assert run_zensical(project / "report/mkdocs.yml", tmp_path / name, epoch) is None
    comparison = filecmp.dircmp(tmp_path / "first", tmp_path / "second")
    differing: list[str] = []

    def walk(node: filecmp.dircmp, prefix: str) -> None:
        differing.extend(prefix + name for name in node.diff_files + node.left_only + node.right_only)
        for name, child in node.subdirs.items():
            walk(child, f"{prefix}{name}/")

    walk(comparison, "")
    assert differing == []
    left = sorted(p.relative_to(tmp_path / "first") for p in (tmp_path / "first").rglob("*") if p.is_file())
    assert all((tmp_path / "first" / p).read_bytes() == (tmp_path / "second" / p).read_bytes() for p in left)
    assert not (project / "report/.cache").exists() and not (project / "report/.zensical.yml").exists()


def test_an_unknown_engine_is_refused_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VARIABLE, "hugo")
    with pytest.raises(InputError, match=rf"{VARIABLE}.*unknown site engine.*hugo.*mkdocs or zensical"):
        chosen_engine("mkdocs")
    monkeypatch.setenv(VARIABLE, " Zensical ")
    assert chosen_engine("mkdocs") == "zensical"
    monkeypatch.delenv(VARIABLE)
    assert chosen_engine("zensical") == "zensical" and chosen_engine() == "mkdocs"


def test_the_configuration_names_the_engine_and_refuses_another(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    text = (FIXTURES / "mini/config.yaml").read_text(encoding="utf-8")
    assert "publication:" not in text  # the key is added here, once
    for value, works in (("zensical", True), ("mkdocs", True), ("hugo", False)):
        shutil.copytree(FIXTURES / "mini", tmp_path / value)
        (tmp_path / value / "config.yaml").write_text(f"{text}\npublication:\n  engine: {value}\n", "utf-8")
        if works:
            assert load_config(tmp_path / value / "config.yaml").engine == value
        else:
            with pytest.raises(InputError, match="engine"):
                load_config(tmp_path / value / "config.yaml")


def test_the_gate_reads_the_search_index_of_zensical() -> None:
    entry = '{"location": "a.html", "title": "x", "text": "<script>1</script>"}'
    index = f'var __index = {{"config": {{}}, "items": [{entry}]}}'
    assert unsafe_search_index(index) == [("inline script that is not the site's own", "1")]
    assert unsafe_search_index(index.replace("<script>1</script>", "tekst")) == []
