"""Nothing half-done after a fault: a kill at any write, a file swapped behind the build's back,
an error in a preview refresh.

The kill tests run the real command in a child process that SIGKILLs itself at its n-th
file-system change (tests/kill_at_write.py) and try every n: after each kill the files are
as they were before or as a finished run leaves them, and the command then runs again and
finishes.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, PROJECT

SOURCE_TEXT = PROJECT / "tekst" / "2017"  # the demo's eight text files
NEW = ("tekst", "nieuw", "--wave", "2019")


def run(project: Path, *arguments: str, kill_at: int = 0) -> subprocess.CompletedProcess:
    """`enquete --config config.yaml <arguments>` in `project`, killed at write `kill_at`."""
    environment = os.environ | {
        "ENQUETE_TEST_KILL_AT": str(kill_at),
        "PYTHONPATH": os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")]),
        "ENQUETE_CHROMIUM": "off",
    }
    return subprocess.run(
        [sys.executable, "-m", "tests.kill_at_write", "--config", "config.yaml", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


def writes(result: subprocess.CompletedProcess) -> int:
    assert result.returncode == 0, result.stderr
    return int(result.stderr.rsplit("writes: ", 1)[1])


def state(folder: Path, hidden: bool = False) -> dict[str, bytes | None]:
    """What a folder holds: every file's bytes, every folder as None (hidden names left out
    unless asked: they are the commands' own temporary files)."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not hidden and any(part.startswith(".") for part in relative.parts):
            continue
        found[str(relative)] = path.read_bytes() if path.is_file() else None
    return found


def text_project(target: Path) -> Path:
    shutil.copytree(FIXTURES / "mini", target)
    shutil.copytree(SOURCE_TEXT, target / "tekst" / "2017")
    return target


# --- enquete tekst nieuw -------------------------------------------------------------------


def prepare(project: Path, prior: str, copies: list[str]) -> None:
    """The state before the run: no 2019 folder, an empty one, or a start cut off halfway by
    an earlier version (some unchanged copies, no origin record)."""
    target = project / "tekst" / "2019"
    if prior in ("empty", "partial"):
        target.mkdir()
    for name in copies:
        shutil.copy2(project / "tekst" / "2017" / name, target / name)


def completed_text(tmp_path: Path) -> dict[str, bytes | None]:
    done = text_project(tmp_path / "done")
    assert run(done, *NEW).returncode == 0
    return state(done / "tekst")


@pytest.mark.slow
@pytest.mark.parametrize("prior", ["absent", "empty", "partial"])
def test_tekst_nieuw_killed_at_any_write_leaves_before_or_done_and_runs_again(
    tmp_path: Path, prior: str
) -> None:
    copies = ["aanleiding.md", "aanpak.md", "begeleiding.md"] if prior == "partial" else []
    completed = completed_text(tmp_path)
    probe = text_project(tmp_path / "probe")
    prepare(probe, prior, copies)
    total = writes(run(probe, *NEW))
    assert total >= 8  # at least one write per copied file: every moment in between is tried
    for kill_at in range(1, total + 1):
        project = text_project(tmp_path / f"kill-{kill_at}")
        prepare(project, prior, copies)
        before = state(project / "tekst")
        killed = run(project, *NEW, kill_at=kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr)
        after = state(project / "tekst")
        if prior == "partial":  # already unfinished before: still only unchanged copies, or done
            unfinished = {
                name: data
                for name, data in after.items()
                if name.startswith("2019/") and data != before.get(name)
            }
            assert after == completed or all(
                data == (project / "tekst/2017" / Path(name).name).read_bytes()
                for name, data in unfinished.items()
            ), kill_at
        else:
            assert after in (before, completed), kill_at
        again = run(project, *NEW)
        assert again.returncode == 0, (kill_at, again.stderr)
        assert state(project / "tekst", hidden=True) == completed, kill_at  # no leftovers either
        shutil.rmtree(project)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    present=st.sets(st.sampled_from(sorted(p.name for p in SOURCE_TEXT.glob("*.md"))), min_size=1),
    edited=st.booleans(),
    data=st.data(),
)
def test_an_unfinished_start_is_completed_and_an_edited_text_is_never_overwritten(
    tmp_path_factory: pytest.TempPathFactory, present: set[str], edited: bool, data: st.DataObject
) -> None:
    project = text_project(tmp_path_factory.mktemp("text") / "project")
    prepare(project, "partial", sorted(present))
    if edited:
        name = data.draw(st.sampled_from(sorted(present)))
        path = project / "tekst/2019" / name
        path.write_text(path.read_text(encoding="utf-8") + "Een eigen zin.\n", encoding="utf-8")
    before = state(project / "tekst")
    result = run(project, *NEW)
    if edited:
        assert result.returncode == 1 and "already holds text" in result.stderr
        assert state(project / "tekst") == before
    else:
        assert result.returncode == 0, result.stderr
        assert (project / "tekst/2019/herkomst.yaml").is_file()
        for source in SOURCE_TEXT.glob("*.md"):
            assert (project / "tekst/2019" / source.name).read_bytes() == source.read_bytes()


def test_the_build_ignores_a_killed_starts_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`.2019.tmp` is no wave's text: the build's list of text inputs leaves it out."""
    from enquete.config import load_config
    from enquete.text.wave_claims import unconfigured_text

    project = tmp_path / "project"
    shutil.copytree(PROJECT / "config", project / "config")
    (project / "tekst/.2019.tmp").mkdir(parents=True)
    (project / "tekst/.2019.tmp/toegang.md").write_text("# Toegang\n", encoding="utf-8")
    (project / "tekst/2019").mkdir()
    (project / "tekst/2019/toegang.md").write_text("# Toegang\n", encoding="utf-8")
    monkeypatch.chdir(project)
    texts = [
        item.path for item in load_config("config/config.yaml").inputs() if item.path.startswith("tekst")
    ]
    assert texts == ["tekst/2019/toegang.md"]

    (tmp_path / "tekst/.2019.tmp").mkdir(parents=True)
    (tmp_path / "tekst/2017").mkdir()
    lines = unconfigured_text(["2017"], tmp_path / "tekst")
    assert len(lines) == 1 and "afgebroken `enquete tekst nieuw`" in lines[0]


# --- enquete worksheet ---------------------------------------------------------------------


def worksheet_prior(project: Path, prior: str, name: str) -> None:
    """Before the run: no worksheet; a coder's worksheet with work in it and one answer not
    yet on it; or that, plus the half-written temporary file a kill of an older version left."""
    if prior == "new":
        return
    assert run(project, "worksheet", "--wave", "2017", "--coder", "t", "--out", name).returncode == 0
    path = project / name
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["codes"], rows[0]["opmerking"] = "toegang.status.detail", "zelf gecodeerd"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:-1])  # the last answer comes back as a new one
    if prior == "half-written":
        (project / f".{name}.tmp").write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prior", "name"),
    [
        ("new", "codering-t.xlsx"),
        ("new", "codering-t.csv"),
        ("extend", "codering-t.csv"),
        ("half-written", "codering-t.csv"),
    ],
)
def test_worksheet_killed_at_any_write_leaves_before_or_done_and_runs_again(
    tmp_path: Path, prior: str, name: str
) -> None:
    arguments = ("worksheet", "--wave", "2017", "--coder", "t", "--out", name)
    done = shutil.copytree(FIXTURES / "mini", tmp_path / "done")
    worksheet_prior(done, prior, name)
    first = run(done, *arguments)
    total = writes(first)
    completed = state(done)
    if prior != "new":  # the coder's work kept, the missing answer added
        assert "5 answers kept as they were, 1 new answers added" in first.stdout
        assert "zelf gecodeerd" in (done / name).read_text(encoding="utf-8")
    for kill_at in range(1, total + 1):
        project = shutil.copytree(FIXTURES / "mini", tmp_path / f"kill-{kill_at}")
        worksheet_prior(project, prior, name)
        before = state(project)
        killed = run(project, *arguments, kill_at=kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr)
        assert state(project) in (before, completed), kill_at
        left = (project / f".{name}.tmp").exists()
        again = run(project, *arguments)
        assert again.returncode == 0, (kill_at, again.stderr)
        assert ("left by an interrupted run, removed" in again.stdout) == left, kill_at
        assert state(project, hidden=True) == completed, kill_at  # the temporary file is gone
