"""A build with nothing to do is answered from the last build's record, and only then."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.workflow.up_to_date import RECORD, forget_build, inputs_now, nothing_to_do, record_build
from tests.projects import build_mini as build
from tests.projects import mini_project

SUMMARY = ["Configuration and codebooks are valid: waves 2017.", "Nothing to rebuild: no input changed."]


def project(root: Path) -> None:
    """Inputs, the two folders listed by name, and outputs, as a build leaves them."""
    for name, text in {
        "Snakefile": "rule all:\n",
        "config.yaml": "waves: {}\n",
        "raw/2017/antwoorden.csv": "id,a\n1,2\n",
        "tekst/2017/toegang.md": "Tekst.\n",
        "templates/thema.md.j2": "{{ x }}\n",
        "analysis/2017/figures.csv": "figure_id\nf1\n",
        "site/index.html": "<p>rapport</p>\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


INPUTS = ["config.yaml", "raw/2017/antwoorden.csv", "tekst/2017/toegang.md", "templates/thema.md.j2"]


def same_size_back_dated(path: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        target = root / path
        old = target.stat()
        data = bytearray(target.read_bytes())
        data[0] = ord("X") if data[0] != ord("X") else ord("Y")
        target.write_bytes(bytes(data))
        os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))  # `touch -d` to the old time

    return change


def swapped(path: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:  # the same bytes, moved into place: another inode
        target = root / path
        shutil.copy2(target, root / "kopie")
        os.replace(root / "kopie", target)

    return change


def touched(path: str) -> Callable[[Path], None]:
    return lambda root: os.utime(root / path)


def added(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).write_text("nieuw\n", encoding="utf-8")


def removed(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


CHANGES = st.one_of(
    st.sampled_from(INPUTS).map(same_size_back_dated),
    st.sampled_from(INPUTS).map(swapped),
    st.sampled_from([*INPUTS, "analysis/2017/figures.csv", "site/index.html"]).map(touched),
    st.sampled_from(["tekst/2017/nieuw.md", "templates/nieuw.md.j2", "site/extra.html"]).map(added),
    st.sampled_from([*INPUTS[1:], "analysis/2017/figures.csv", "site/index.html"]).map(removed),
)


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    project(tmp_path)
    record_build("config.yaml", False, inputs_now(INPUTS), SUMMARY)
    return tmp_path


def test_nothing_changed_gives_the_last_summary(recorded: Path) -> None:
    assert nothing_to_do("config.yaml", False) == SUMMARY


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=CHANGES)
def test_any_change_of_an_input_or_an_output_goes_to_snakemake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None]
) -> None:
    monkeypatch.chdir(tmp_path)  # restored after the test; each example has a folder of its own
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    os.chdir(root)
    project(root)
    record_build("config.yaml", False, inputs_now(INPUTS), SUMMARY)
    assert nothing_to_do("config.yaml", False) == SUMMARY
    change(root)
    assert nothing_to_do("config.yaml", False) is None


def test_other_options_a_forgotten_or_damaged_record_go_to_snakemake(
    recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert nothing_to_do("config.yaml", True) is None  # --concept
    monkeypatch.setenv("ENQUETE_ENGINE", "zensical")  # the site step reruns for another engine
    assert nothing_to_do("config.yaml", False) is None
    monkeypatch.delenv("ENQUETE_ENGINE")
    assert nothing_to_do("andere.yaml", False) is None
    RECORD.write_text("{ kapot", encoding="utf-8")
    assert nothing_to_do("config.yaml", False) is None
    forget_build()
    assert not RECORD.exists() and nothing_to_do("config.yaml", False) is None


def test_the_record_describes_the_inputs_as_the_build_started(recorded: Path) -> None:
    """A file saved while the build ran is not taken for the one its outputs came from."""
    before = inputs_now(INPUTS)
    (recorded / "tekst/2017/toegang.md").write_text("Opgeslagen tijdens de bouw.\n", encoding="utf-8")
    record_build("config.yaml", False, before, SUMMARY)
    assert nothing_to_do("config.yaml", False) is None


def test_a_real_rerun_skips_snakemake_and_an_edit_does_not(tmp_path: Path) -> None:
    mini = mini_project(tmp_path / "project")
    first = build(mini)
    assert first.returncode == 0, first.stderr
    again = build(mini)
    assert again.returncode == 0 and again.stderr == ""  # no Snakemake: not even its DAG
    assert again.stdout.splitlines()[1] == "Nothing to rebuild: no input changed since the last build."
    assert again.stdout.splitlines()[2:] == first.stdout.splitlines()[-len(again.stdout.splitlines()) + 2 :]
    (mini / "site" / "index.html").unlink()
    rebuilt = build(mini)
    assert rebuilt.returncode == 0 and "Building the site" in rebuilt.stderr
    assert (mini / "site" / "index.html").is_file()
