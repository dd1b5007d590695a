"""A wave's pages are reused only when everything they were rendered from is the same."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from enquete.publish.render_cache import CACHE, canonical, render_once

LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.text(max_size=3).map(Markup)
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=3), inner, max_size=3),
        st.frozensets(st.text(max_size=3), max_size=3),
    ),
    max_leaves=10,
)


@given(VALUES, VALUES)
def test_values_written_out_alike_are_the_same_value(first: object, second: object) -> None:
    if canonical(first) == canonical(second):
        assert first == second and type(first) is type(second)
    json.dumps(canonical(first))  # plain JSON data


@given(st.lists(st.text(max_size=4), unique=True, max_size=6))
def test_the_order_of_a_set_or_a_dict_does_not_count(items: list[str]) -> None:
    assert canonical(set(items)) == canonical(set(reversed(items)))
    assert canonical(dict.fromkeys(items, 1)) == canonical(dict.fromkeys(reversed(items), 1))


def test_markup_and_text_differ() -> None:
    """A template escapes one and not the other: the pages differ."""
    assert canonical(Markup("<b>x</b>")) != canonical("<b>x</b>")


class Wave:
    """A stand-in for one wave's render: reads an analysis file and a text, writes two pages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.renders = 0

    def __call__(self) -> list:
        self.renders += 1
        figures = (self.root / "analysis" / "2017" / "figures.csv").read_text(encoding="utf-8")
        out = self.root / "report" / "docs" / "archief" / "2017"
        (out / "downloads").mkdir(parents=True, exist_ok=True)
        (out / "index.md").write_text(f"# Samenvatting\n\n{figures}", encoding="utf-8")
        (out / "downloads" / "cijfers.csv").write_bytes(figures.encode() + b"\n")
        print("wave 2017: a warning", file=sys.stderr)
        return [("Samenvatting", "archief/2017/index.md")]


def pages(root: Path) -> dict[str, bytes]:
    docs = root / "report" / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def render(root: Path, wave: Wave, arguments: object = ("config",)) -> list:
    docs = root / "report" / "docs"
    if docs.exists():
        import shutil

        shutil.rmtree(docs)  # as render_report does before every render
    return render_once("2017", arguments, root / "templates", docs / "archief" / "2017", wave)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "analysis" / "2017").mkdir(parents=True)
    (tmp_path / "analysis" / "2017" / "figures.csv").write_text("figure_id\nf1\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "thema.md.j2").write_text("{{ x }}\n", encoding="utf-8")
    return tmp_path


def test_an_unchanged_wave_is_written_from_the_cache_with_its_warnings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wave = Wave(project)
    first = render(project, wave)
    rendered = pages(project)
    assert render(project, wave) == first and wave.renders == 1
    assert pages(project) == rendered
    assert capsys.readouterr().err == "wave 2017: a warning\n" * 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(st.text(alphabet="abc,\n1", min_size=1, max_size=8), min_size=1, max_size=4))
def test_after_any_edit_of_a_file_it_read_the_pages_are_those_of_a_fresh_render(
    project: Path, contents: list[str]
) -> None:
    cached = Wave(project)
    for text in contents:
        (project / "analysis" / "2017" / "figures.csv").write_text(text, encoding="utf-8")
        render(project, cached)
        incremental = pages(project)
        fresh = Wave(project)
        fresh()
        assert pages(project) == incremental


def test_other_arguments_templates_files_or_code_render_anew(project: Path) -> None:
    wave = Wave(project)
    render(project, wave)
    render(project, wave, arguments=("another configuration",))
    assert wave.renders == 2
    (project / "templates" / "thema.md.j2").write_text("{{ y }}\n", encoding="utf-8")  # never opened
    render(project, wave, arguments=("another configuration",))
    assert wave.renders == 3
    (project / "analysis" / "2017" / "backtest.csv").write_text("x\n", encoding="utf-8")  # appeared
    render(project, wave, arguments=("another configuration",))
    assert wave.renders == 4
    for record in (CACHE / "files").iterdir():
        record.write_bytes(b"damaged")
    render(project, wave, arguments=("another configuration",))
    assert wave.renders == 5


def test_a_render_that_writes_elsewhere_is_not_kept(project: Path) -> None:
    wave = Wave(project)

    def elsewhere() -> list:
        (project / "analysis" / "extra.csv").write_text("x\n", encoding="utf-8")
        return wave()

    render(project, elsewhere)
    render(project, elsewhere)
    assert wave.renders == 2


def test_arguments_it_cannot_write_out_render_every_time(project: Path) -> None:
    wave = Wave(project)
    render(project, wave, arguments=(object(),))
    render(project, wave, arguments=(object(),))
    assert wave.renders == 2


def test_pages_no_record_names_are_dropped(project: Path) -> None:
    wave = Wave(project)
    for text in ("figure_id\nf1\n", "figure_id\nf2\n", "figure_id\nf3\n"):
        (project / "analysis" / "2017" / "figures.csv").write_text(text, encoding="utf-8")
        render(project, wave)
    kept = {blob.read_bytes() for blob in (CACHE / "files").iterdir()}
    assert kept == set(pages(project).values())  # the last render's pages, nothing older
