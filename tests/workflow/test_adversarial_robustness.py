"""Adversarial robustness: what a careless or hostile user does to a working project.

Every refusal is checked the way a researcher meets it — `enquete build` (or `make report`)
in a built project — for its message (file, line or row, key or column, what was found),
its exit status 1, no traceback, and every output left byte for byte as it was. The kill
and concurrency cases run real builds and compare the result with a clean build.

Classes (issue 11): 2 formula cells in Excel exports, 4 killed and concurrent builds,
6 configuration files, 7 messages that name the place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from enquete.workflow.buildlock import one_build_at_a_time
from tests.conftest import PROJECT
from tests.workflow.test_end_to_end import checksums
from tests.workflow.test_failures import command, mini_project
from tests.xlsx_support import csv_as_xlsx, store_values

# ---------------------------------------------------------------- projects


def xlsx_project(target: Path, changed: bool = False, workbook: Path | None = None) -> Path:
    """The mini project with its online answers as an Excel export holding two formulas
    with their stored values: t_status of Aastad (=3-2 → 1) and an empty h_woning (="").
    Pass the `workbook` of another such project for the same bytes (a workbook records
    when it was written)."""
    project = mini_project(target)
    if workbook:
        shutil.copy2(workbook, project / "online.xlsx")
    else:
        formulas = {"E2": "=3-2", "H3": '=IF(1=1,"","x")'}
        csv_as_xlsx(project / "online.csv", project / "online.xlsx", formulas)
        store_values(project / "online.xlsx", {"E2": ("n", "1"), "H3": ("str", "")})
    (project / "online.csv").unlink()
    edit(project / "config.yaml", "file: online.csv", "file: online.xlsx")
    if changed:
        edit(project / "telefonisch.csv", "Krapte speelt niet.", "Krapte speelt niet!")
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command(project), capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = xlsx_project(tmp_path_factory.mktemp("adversarial") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="module")
def clean_changed(tmp_path_factory: pytest.TempPathFactory, built: Path) -> Path:
    """A clean build of the changed inputs, in a folder of its own."""
    target = tmp_path_factory.mktemp("clean") / "project"
    project = xlsx_project(target, changed=True, workbook=built / "online.xlsx")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A built project of the test's own (times kept, so nothing is out of date)."""
    return Path(shutil.copytree(built, tmp_path / "project", symlinks=True))


def refusal(project: Path) -> str:
    """Run the build; it must refuse with status 1, no traceback, and touch no output."""
    before = checksums(project)
    result = run_build(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    assert checksums(project) == before
    assert not (project / ".enquete-previous").exists()
    return " ".join(result.stderr.split())


# ------------------------------------------------- class 2: formula cells


@pytest.mark.slow
def test_stored_formula_values_are_read_as_the_values(built: Path) -> None:
    answers = pd.read_csv(built / "processed/2017/gesloten_antwoorden.csv", dtype=str)
    assert len(answers) > 0
    figures = pd.read_csv(built / "analysis/2017/figures.csv", dtype=str).set_index("figure_id")
    assert (figures.loc["toegang.status", "count"], figures.loc["toegang.status", "base"]) == ("2", "3")


FORMULA_CASES = {
    "no stored value (openpyxl)": (
        {"E3": "=1+1"},
        None,
        "online.xlsx, sheet 'Blad1', cell E3: formula without a computed value; found '=1+1'; "
        "expected a value",
    ),
    "a SUM without value": (
        {"H4": "=SUM(E2:E4)"},
        None,
        "online.xlsx, sheet 'Blad1', cell H4: formula without a computed value; found '=SUM(E2:E4)'",
    ),
    "an error value": (
        {"E3": "=1/0"},
        {"E3": ("e", "#DIV/0!")},
        "online.xlsx, sheet 'Blad1', cell E3: formula whose value is an error (#DIV/0!); found '=1/0'",
    ),
    "a placeholder value with recalculation requested (xlsxwriter)": (
        {"E3": "=1+1"},
        {"E3": ("n", "0")},
        "cell E3: formula whose stored value was never computed (the file asks to be recalculated)",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", FORMULA_CASES, ids=list(FORMULA_CASES))
def test_a_formula_without_its_value_is_refused_naming_sheet_and_cell(project: Path, case: str) -> None:
    formulas, values, expected = FORMULA_CASES[case]
    csv_as_xlsx(PROJECT / "tests/fixtures/mini/online.csv", project / "online.xlsx", formulas)
    if values:
        store_values(project / "online.xlsx", values, recalculate_on_open="never computed" in expected)
    message = refusal(project)
    assert expected in message
    assert "save it again" in message and "paste values" in message


# ------------------------------------------- class 7: encoding, messages


@pytest.mark.slow
def test_cp1252_bytes_in_a_utf8_csv_are_named_by_row_and_column(project: Path) -> None:
    text = "id,gemeente,datum,contactpersoon,t_status,t_knelpunten,t_voorbeelden,h_woning,h_knelpunten\n"
    text += "T01,Deemond,2017-10-09,Dirk Dekker,1,Geen caf\u00e9 in de buurt.,,2,"
    text += "\u201cKrapte\u201d speelt niet.\n"
    (project / "telefonisch.csv").write_bytes(text.encode("cp1252"))
    message = refusal(project)
    assert "telefonisch.csv, row 2, column 't_knelpunten': is not valid utf-8 text (byte 0xE9)" in message
    assert "found 'Geen caf\ufffd in de buurt.'" in message
    assert "row 2, column 'h_knelpunten': is not valid utf-8 text (byte 0x93)" in message
    assert "encoding: cp1252" in message


@pytest.mark.slow
def test_an_encoding_error_after_a_multiline_cell_names_row_and_line(project: Path) -> None:
    lines = [
        "id,gemeente,datum,contactpersoon,t_status,t_knelpunten,t_voorbeelden,h_woning,h_knelpunten",
        'T01,Deemond,2017-10-09,Dirk Dekker,1,"Een detail,\nover twee regels.",,2,na\u00efef',
    ]
    (project / "telefonisch.csv").write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    assert "line 3, row 2, column 'h_knelpunten'" in refusal(project)


@pytest.mark.slow
def test_make_report_reports_the_builds_own_status(project: Path) -> None:
    """make exits 2 for any failed recipe; its last line carries the build's status (1: refused)."""
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(PROJECT / name, project / name)
        os.utime(project / name, (0, 0))  # older than the installed environment: make installs nothing
    (project / "config").mkdir()
    shutil.copy2(project / "config.yaml", project / "config/config.yaml")
    edit(project / "config/config.yaml", "published: 2018-10-01", "published: 2018-09-31")
    before = checksums(project)
    result = subprocess.run(
        ["make", "--no-print-directory", "report", f"VENV={PROJECT / '.venv'}"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "key 'waves/2017/published': date that does not exist; found '2018-09-31'" in result.stderr
    assert "report] Error 1" in result.stderr
    assert checksums(project) == before


# --------------------------------------------- class 6: configuration files

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9 if previous else ['lol'] * 9)}]\n"
    for previous, name in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=True)
)
OUTSIDE = "/tmp/elders/population.csv"

CONFIG_CASES: dict[str, tuple[str, str, str]] = {
    "impossible date": (
        "published: 2018-10-01",
        "published: 2020-02-30",
        "config.yaml, line 7, key 'waves/2017/published': date that does not exist; found '2020-02-30'",
    ),
    "29 February of a common year": (
        "published: 2018-10-01",
        "published: 2019-02-29",
        "key 'waves/2017/published': date that does not exist; found '2019-02-29'",
    ),
    "month 13": (
        "published: 2018-10-01",
        "published: 2018-13-01",
        "date that does not exist; found '2018-13-01'",
    ),
    "date in words": (
        "published: 2018-10-01",
        "published: 1 oktober 2018",
        "line 7, key 'waves/2017/published': the configuration does not match its schema",
    ),
    "duplicate top-level key": (
        "title: Testrapport",
        "title: Testrapport\ntitle: Ander rapport",
        "config.yaml, line 2, key 'title': key given twice in the same mapping",
    ),
    "duplicate key in a wave": (
        "    codebook: codebook.yaml",
        "    codebook: codebook.yaml\n    published: 2019-01-01",
        "line 9, key 'published': key given twice in the same mapping",
    ),
    "duplicate key in a flow mapping": (
        "mode: online,",
        "mode: online, mode: telefonisch,",
        "line 10, key 'mode': key given twice",
    ),
    "a wave given twice, once quoted": (
        'waves:\n  "2017":',
        'waves:\n  2017: {}\n  "2017":',
        "line 6, key '2017': key given twice",
    ),
    "an alias": (
        "title: Testrapport",
        "naam: &naam Testrapport\ntitle: *naam",
        "config.yaml, line 2: YAML aliases are not allowed in the configuration; found '*naam'",
    ),
    "an alias bomb": ("title: Testrapport", BOMB + "title: Testrapport", "YAML aliases are not allowed"),
    "a merge key": (
        "    sources:",
        "    x: &bron {mode: online}\n    sources:\n      - <<: *bron\n        file: telefonisch.csv",
        "line 11: YAML aliases are not allowed in the configuration; found '*bron'",
    ),
    "a tab for indentation": (
        "    codebook: codebook.yaml",
        "\tcodebook: codebook.yaml",
        "config.yaml, line 8, column 1: the configuration is not valid YAML: found character '\\t' "
        "that cannot start any token; found '\\tcodebook: codebook.yaml'; expected spaces for indentation",
    ),
    "an unclosed quote": (
        "label: Testmeting 2017",
        'label: "Testmeting 2017',
        "config.yaml, line 14, column 1: the configuration is not valid YAML: found unexpected end of "
        "stream (while scanning a quoted scalar, which starts at line 6, column 12); "
        "found ' label: \"Testmeting 2017'",
    ),
    "an absolute population path": (
        "population: population.csv",
        f"population: {OUTSIDE}",
        f"line 2, key 'population': path lies outside the project; found '{OUTSIDE}'",
    ),
    "a source outside the project via ..": (
        "file: telefonisch.csv",
        "file: ../../elders/telefonisch.csv",
        "key 'waves/2017/sources/1/file': path lies outside the project; "
        "found '../../elders/telefonisch.csv'",
    ),
    "a .. that escapes after a folder": (
        "examples: voorbeelden.csv",
        "examples: raw/../../voorbeelden.csv",
        "key 'waves/2017/examples': path lies outside the project",
    ),
    "a Windows drive path": (
        "coding: codering.csv",
        "coding: 'C:\\data\\codering.csv'",
        "key 'waves/2017/coding': path lies outside the project",
    ),
    "an absolute codebook": (
        "codebook: codebook.yaml",
        f"codebook: {PROJECT / 'tests/fixtures/mini/codebook.yaml'}",
        "key 'waves/2017/codebook': path lies outside the project",
    ),
    "an unknown encoding": (
        "mode: online,",
        "mode: online, encoding: utf-9,",
        "line 10, key 'waves/2017/sources/0/encoding': unknown text encoding; found 'utf-9'",
    ),
    "a number in words": (
        "title: Testrapport",
        "title: Testrapport\npublication: {min_cell: drie}",
        "line 2, key 'publication/min_cell': the configuration does not match its schema: 'drie' is not of "
        "type 'integer'; found 'drie'",
    ),
    "a limit that is not a number": (
        "title: Testrapport",
        "title: Testrapport\ncoding: {min_kappa: .nan}",
        "line 2, key 'coding/min_kappa': number that is not finite; found 'nan'",
    ),
    "an unknown nulmeting": (
        "title: Testrapport",
        'title: Testrapport\nnulmeting: "2016"',
        "line 2, key 'nulmeting': the nulmeting is not one of the waves; found '2016'; expected 2017",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", CONFIG_CASES, ids=list(CONFIG_CASES))
def test_a_configuration_mistake_is_refused_naming_line_and_key(project: Path, case: str) -> None:
    old, new, expected = CONFIG_CASES[case]
    Path(OUTSIDE).parent.mkdir(exist_ok=True)
    shutil.copy2(project / "population.csv", OUTSIDE)  # the file exists: only its place is wrong
    edit(project / "config.yaml", old, new)
    started = time.monotonic()
    message = refusal(project)
    assert expected in message
    assert time.monotonic() - started < 30  # an alias bomb is refused before it expands


@pytest.mark.slow
def test_a_configuration_in_cp1252_names_line_and_column(project: Path) -> None:
    text = (project / "config.yaml").read_text(encoding="utf-8").replace("Testrapport", "Rapport café")
    (project / "config.yaml").write_bytes(text.encode("cp1252"))
    message = refusal(project)
    assert "config.yaml, line 1, column 19: the configuration is not valid utf-8 text (byte 0xE9)" in message
    assert "found 'title: Rapport caf\ufffd'" in message


CODEBOOK_CASES = {
    "duplicate figure field": (
        "    label: Knelpunt A\n",
        "    label: Knelpunt A\n    label: Knelpunt B\n",
        "codebook.yaml, line 21, key 'label': key given twice in the same mapping in the codebook",
    ),
    "one code given as 1 and as '1'": (
        'values: {1: "Ja",',
        'values: {1: "Ja", "1": "Nee",',
        "codebook.yaml, line 8, key '1': key given twice",
    ),
    "an alias": ('version: "test.1"', 'version: &v "test.1"\nv2: *v', "line 3: YAML aliases are not allowed"),
    "a tab": ("    kind: herkenning\n", "\tkind: herkenning\n", "codebook.yaml, line 19, column 1"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", CODEBOOK_CASES, ids=list(CODEBOOK_CASES))
def test_a_codebook_mistake_is_refused_naming_line_and_key(project: Path, case: str) -> None:
    old, new, expected = CODEBOOK_CASES[case]
    edit(project / "codebook.yaml", old, new)
    assert expected in refusal(project)


@pytest.mark.slow
def test_no_absolute_path_is_published(built: Path) -> None:
    """No path of this build's machine in any output. A vendored library (a folder with its
    LICENSE) is published as its makers built it, so there only this build's own folders count:
    paged.js names its makers' CI folder (/home/gitlab-runner/…) and a URL with /tmp/ in it."""
    own = [str(built), str(built.resolve()), str(PROJECT)]
    places = [*own, "/tmp/", "/home/", "/root/"]
    for folder in ("site", "analysis", "report"):
        for path in (built / folder).rglob("*"):
            if path.is_file() and path.suffix != ".pdf":
                text = path.read_bytes().decode("utf-8", errors="replace")
                vendored = (path.parent / "LICENSE").is_file() and path.suffix == ".js"
                assert not [place for place in (own if vendored else places) if place in text], path


@pytest.mark.slow
def test_a_configuration_file_outside_the_project_is_not_published(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elders.yaml"
    shutil.copy2(project / "config.yaml", outside)
    manifest = project / "analysis/manifest.json"
    before = manifest.read_bytes() if manifest.exists() else None
    result = subprocess.run(
        [sys.executable, "-m", "enquete", "--config", str(outside), "manifest"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "elders.yaml: file lies outside the project" in result.stderr
    assert str(tmp_path) not in result.stderr
    assert (manifest.read_bytes() if manifest.exists() else None) == before  # nothing written


# --------------------------------------- class 4: killed and concurrent builds


def descendants(root: int) -> dict[int, str]:
    """Every process started by `root`, directly or not, with its command line. (Chromium
    runs in a process group of its own, so the build's group does not find it.)"""
    parents, commands = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            line = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
        commands[int(stat.parent.name)] = line
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = commands.get(pid, "")
                frontier.append(pid)
    return found


def kill_everything(build: subprocess.Popen) -> None:
    """kill -9 the build's process group and whatever it started elsewhere (a power cut)."""
    started = descendants(build.pid)
    os.killpg(build.pid, signal.SIGKILL)
    for pid in started:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    build.wait()


class BuildWatcher:
    """A build started in the background, with what it printed so far (read on a thread)."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.process = subprocess.Popen(
            command(project),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        for line in self.process.stdout or []:
            self.lines.append(line)

    def said(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))


# The steps run inside the build's own process, so a moment is told by what the build says
# and the files it stages, or by the browser it starts to print the PDF.
MOMENTS: dict[str, Callable[[BuildWatcher], bool]] = {
    "ingest": lambda build: build.said("reading, validating and pseudonymising"),
    "site": lambda build: build.said("Building the site") and (build.project / ".site.new").exists(),
    "pdf": lambda build: any(
        "chrom" in line.split(" ")[0] for line in descendants(build.process.pid).values()
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("moment", MOMENTS)
def test_a_build_killed_at_any_moment_is_recovered_by_the_next(
    project: Path, clean_changed: Path, moment: str
) -> None:
    if moment == "pdf" and not (project / "report/pdf.json").read_text().strip("[]\n "):
        pytest.skip("no PDF planned: Chromium is not installed")
    edit(project / "telefonisch.csv", "Krapte speelt niet.", "Krapte speelt niet!")
    build = BuildWatcher(project)
    deadline = time.monotonic() + 240
    while not MOMENTS[moment](build):
        assert build.process.poll() is None and time.monotonic() < deadline, (
            f"the build never reached {moment}"
        )
        time.sleep(0.01)
    kill_everything(build.process)
    assert list((project / ".snakemake/locks").glob("*.lock")), "Snakemake's lock is left behind"

    again = run_build(project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "unlock" not in again.stdout + again.stderr
    assert "interrupted" in again.stdout
    assert checksums(project) == checksums(clean_changed)
    assert not (project / ".enquete-previous").exists()


@pytest.mark.slow
def test_a_second_build_says_another_is_running_and_touches_nothing(project: Path) -> None:
    # The running build kept the outputs and holds Snakemake's lock: neither may be touched.
    shutil.copytree(project / "processed", project / ".enquete-previous/processed")
    (project / ".enquete-previous/complete").touch()
    (project / ".snakemake/locks").mkdir(exist_ok=True)
    (project / ".snakemake/locks/0.output.lock").write_text("processed/2017/codes.csv\n")
    edit(project / "telefonisch.csv", "Krapte speelt niet.", "Krapte speelt niet!")
    before = checksums(project)
    with one_build_at_a_time(project):
        result = run_build(project)
    assert result.returncode == 1
    assert f"Another build is running in {project.resolve()} (process {os.getpid()})" in result.stderr
    assert "Traceback" not in result.stderr
    assert checksums(project) == before
    assert (project / ".enquete-previous/complete").exists()
    assert (project / ".snakemake/locks/0.output.lock").exists()


@pytest.mark.slow
def test_two_builds_at_once_one_builds_the_other_refuses(project: Path, clean_changed: Path) -> None:
    edit(project / "telefonisch.csv", "Krapte speelt niet.", "Krapte speelt niet!")
    builds = [
        subprocess.Popen(command(project), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(build.pid, *build.communicate(timeout=600), build.returncode) for build in builds]
    assert sorted(status for *_, status in results) == [0, 1]
    winner = next(pid for pid, *_, status in results if status == 0)
    refused = next(err for _, _, err, status in results if status == 1)
    assert f"Another build is running in {project.resolve()} (process {winner})" in refused
    assert checksums(project) == checksums(clean_changed)


@pytest.mark.slow
def test_a_stale_snakemake_lock_without_a_build_is_cleared(project: Path) -> None:
    (project / ".snakemake/locks").mkdir(exist_ok=True)
    (project / ".snakemake/locks/0.output.lock").write_text("site/index.html\n")
    (project / ".enquete-build.lock").write_text("999999\n")  # written by a build that died
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "unlock" not in result.stdout + result.stderr
    assert not (project / ".snakemake/locks").exists()


def test_a_restore_killed_halfway_is_completed_without_loss(tmp_path: Path) -> None:
    from enquete.workflow.safekeeping import KEPT, keep_outputs, restore_outputs

    for name in ("processed", "analysis", "site"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.csv").write_text(f"oud {name}\n")
    keep_outputs(tmp_path)
    (tmp_path / "report").mkdir()  # created by the build that was killed: must go
    for name in ("processed", "analysis", "site"):
        (tmp_path / name / "a.csv").unlink()  # Snakemake removes outputs before a job
        (tmp_path / name / "b.csv").write_text("half nieuw\n")
    # The restore itself is killed after it put back processed/ and removed analysis/:
    shutil.rmtree(tmp_path / "processed")
    (tmp_path / KEPT / "processed").rename(tmp_path / "processed")
    shutil.rmtree(tmp_path / "analysis")

    assert restore_outputs(tmp_path)
    for name in ("processed", "analysis", "site"):
        assert [p.name for p in (tmp_path / name).iterdir()] == ["a.csv"]
        assert (tmp_path / name / "a.csv").read_text() == f"oud {name}\n"
    assert not (tmp_path / "report").exists() and not (tmp_path / KEPT).exists()
    assert not restore_outputs(tmp_path)
