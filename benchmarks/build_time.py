"""Benchmark: the report build against the floor, in one run.

Run with `make benchmark`. The *floor* is what any build of this report must pay at least,
measured on the same machine in the same run:

- importing pandas, pyreadstat, plotly, jinja2 and openpyxl in a fresh Python;
- `mkdocs build` of the very pages the build generates (`report/mkdocs.yml`);
- Snakemake's dry run of the workflow (everything still to do).

The project's cases, each in a fresh temporary copy of the project's inputs — the demo as
it ships, researcher text under `tekst/` included (the working tree is never
touched) — timed as a researcher runs them (`enquete build`, the command
behind `make report`):

- cold build without PDFs (`ENQUETE_CHROMIUM=off`) and with them;
- no-op rerun;
- one good example edited (`raw/<latest>/voorbeelden.csv`), one answer edited (a closed
  answer in `raw/<latest>/telefonisch.csv`, chosen so that the researcher's text still holds),
  one researcher text edited (`tekst/<latest>/toegang.md`), one template edited
  (`templates/aanpak.md.j2`), each rebuilt with PDFs;
- the same four edits while `enquete build --watch` runs: from saving the file until the
  watcher has published the new site (which goes live before the PDFs it must print anew),
  and until those PDFs have followed it.

Each is repeated `--repeat` times (default 3); the table shows the median wall-clock time,
its range and its ratio to the floor, the median CPU time (user + system, the command and
every process it started, Chromium included) and its ratio to the floor's, and whether
each aim is met. The machine's load average is printed too: on a shared machine other
processes stretch the wall-clock times, much less the CPU times.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
INPUTS = ["Snakefile", "mkdocs.yml", "config", "codebook", "raw", "reference", "templates", "tekst"]
OUTPUTS = ["processed", "analysis", "report", "site", ".snakemake", ".enquete-cache"]
FLOOR_IMPORTS = "import pandas, pyreadstat, plotly, jinja2, openpyxl"
LATEST = "2019"


def copy_inputs(target: Path) -> None:
    target.mkdir(parents=True)
    for name in INPUTS:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)


CPU: dict[str, list[float]] = {}  # per case: CPU seconds (user + system) of the command and its children


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], directory: Path, label: str = "", **environment: str) -> float:
    """Wall-clock seconds of one command; its CPU seconds are noted under `label`."""
    start, cpu = time.perf_counter(), children_cpu()
    result = subprocess.run(
        command, cwd=directory, env=os.environ | environment, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {directory}:\n{result.stdout}\n{result.stderr}")
    if label:
        CPU.setdefault(label, []).append(children_cpu() - cpu)
    return seconds


def build(directory: Path, label: str, **environment: str) -> float:
    return timed([sys.executable, "-m", "enquete", "build"], directory, label, **environment)


def clean(directory: Path) -> None:
    for name in OUTPUTS:
        shutil.rmtree(directory / name, ignore_errors=True)


def edit_example(directory: Path) -> None:
    """A researcher retitles one good example."""
    path = directory / "raw" / LATEST / "voorbeelden.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[0]["titel"] += " (herzien)"
    write_rows(path, rows)


EDITED: list[str] = []  # the telephone answer the answer edit changes, once chosen


def edit_answer(directory: Path) -> None:
    """A typing error in a telephone interview corrected: one closed answer changes."""
    path = directory / "raw" / LATEST / "telefonisch.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    # One more gemeente recognises the knelpunt (13 instead of 12 of 23 still is "ruim de
    # helft", as the researcher's text says, so a real build accepts the edit); the next edit
    # of the same copy takes it back.
    if not EDITED:
        EDITED.append(next(row["id"] for row in rows if row["t_verblijfsstatus"] == "2"))
    row = next(row for row in rows if row["id"] == EDITED[0])
    row["t_verblijfsstatus"] = "1" if row["t_verblijfsstatus"] == "2" else "2"
    write_rows(path, rows)


def edit_text(directory: Path) -> None:
    """The researcher adds a sentence to the latest wave's *Toegang* text."""
    path = directory / "tekst" / LATEST / "toegang.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nDeze zin is toegevoegd.\n", encoding="utf-8")


def edit_template(directory: Path) -> None:
    """A sentence added to the *Aanpak* chapter, which every wave's report has."""
    path = directory / "templates" / "aanpak.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\nDeze zin is toegevoegd.\n", encoding="utf-8")


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "one good example edited": edit_example,
    "one answer edited": edit_answer,
    "one text edited": edit_text,
    "one template edited": edit_template,
}


def one_round(folder: Path, times: dict[str, list[float]]) -> None:
    EDITED.clear()  # a fresh copy of the demo
    project = folder / "project"
    copy_inputs(project)
    python = sys.executable

    def measure(label: str, command: list[str], **environment: str) -> None:
        times[label].append(timed(command, project, label, **environment))

    measure(FLOOR[0], [python, "-c", FLOOR_IMPORTS])
    measure(FLOOR[2], [python, "-m", "snakemake", "--dry-run", "--cores", "2", "--quiet"])
    times["cold build without PDFs"].append(build(project, "cold build without PDFs", ENQUETE_CHROMIUM="off"))
    measure(
        FLOOR[1],
        [python, "-m", "mkdocs", "build", "--quiet", "-f", "report/mkdocs.yml", "-d", str(folder / "mk")],
    )
    clean(project)
    for label in ("cold build with PDFs", "no-op rerun"):
        times[label].append(build(project, label))
    for label, edit in EDITS.items():
        edit(project)
        times[label].append(build(project, label))
    watched_edits(project, times)


def watched_edits(project: Path, times: dict[str, list[float]]) -> None:
    """The same edits while `enquete build --watch` runs: from saving the file to the new site
    going live, and to the PDFs that follow it."""
    watcher = subprocess.Popen(
        [sys.executable, "-m", "enquete", "build", "--watch"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        until_watching(watcher)
        for label, edit in EDITS.items():
            start = time.perf_counter()
            edit(project)
            live, done = until_watching(watcher)
            if live is None:
                raise SystemExit(f"the watcher published no site after: {label}")
            times[f"{label}, watching"].append(live - start)
            times[f"{label}, watching, PDFs too"].append(done - start)
    finally:
        watcher.terminate()
        watcher.wait()


def until_watching(watcher: subprocess.Popen) -> tuple[float | None, float]:
    """When the watcher said the new site is live (its "Open … in a browser." line), if it did,
    and when it is watching again, its PDFs followed."""
    from enquete.workflow.watch import WATCHING

    live = None
    for line in watcher.stdout:
        if live is None and line.startswith("Open ") and line.rstrip().endswith("in a browser."):
            live = time.perf_counter()
        if line.rstrip("\n") == WATCHING:
            return live, time.perf_counter()
    raise SystemExit("the watcher stopped")


FLOOR = [
    "import pandas, pyreadstat, plotly, jinja2, openpyxl",
    "mkdocs build of the generated pages",
    "Snakemake dry run",
]
EDIT_AIM = ("≤ 3 s and ≤ 1.5 × floor CPU", lambda m: m.wall <= 3 and m.cpu <= 1.5 * m.cpu_floor)
WATCH_AIM = ("≤ 1 s", lambda m: m.wall <= 1)
AIMS = (
    {
        "cold build without PDFs": ("≤ 2 × floor", lambda m: m.wall <= 2 * m.floor),
        "cold build with PDFs": ("≤ 1.5 × without PDFs", lambda m: m.wall <= 1.5 * m.without_pdfs),
        "no-op rerun": ("≤ 1 s", lambda m: m.wall <= 1),
    }
    | {label: EDIT_AIM for label in EDITS}
    | {f"{label}, watching": WATCH_AIM for label in EDITS}
)


@dataclass(frozen=True)
class Measured:
    """One case's medians beside the floor's, which is what an aim is judged against."""

    wall: float
    cpu: float
    floor: float
    cpu_floor: float
    without_pdfs: float


def table(times: dict[str, list[float]]) -> str:
    median = {label: statistics.median(seconds) for label, seconds in times.items()}
    floor = sum(median[label] for label in FLOOR)
    cpu_floor = sum(statistics.median(CPU[label]) for label in FLOOR)
    lines = [
        "| case | median | range | × floor | CPU | CPU × floor | aim |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label in FLOOR:
        lines.append(row(label, times[label], median[label] / floor, cpu_floor, ""))
    lines.append(
        f"| **floor** (sum of the three) | **{floor:.2f} s** | | 1.0 | **{cpu_floor:.2f} s** | 1.0 | |"
    )
    for label, seconds in times.items():
        if label in FLOOR:
            continue
        aim = ""
        if label in AIMS:
            text, met = AIMS[label]
            cpu = statistics.median(CPU[label]) if label in CPU else float("inf")
            verdict = met(Measured(median[label], cpu, floor, cpu_floor, median["cold build without PDFs"]))
            aim = f"{text}: {'met' if verdict else 'NOT met'}"
        lines.append(row(label, seconds, median[label] / floor, cpu_floor, aim))
    return "\n".join(lines)


def row(label: str, seconds: list[float], ratio: float, cpu_floor: float, aim: str) -> str:
    spread = f"{min(seconds):.2f}–{max(seconds):.2f}" if len(seconds) > 1 else ""
    cpu = "– | –"  # the watcher's CPU time is not split per edit
    if label in CPU:
        cpu = f"{statistics.median(CPU[label]):.2f} s | {statistics.median(CPU[label]) / cpu_floor:.1f}"
    return f"| {label} | {statistics.median(seconds):.2f} s | {spread} | {ratio:.1f} | {cpu} | {aim} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {label: [] for label in FLOOR}
    cases = ["cold build without PDFs", "cold build with PDFs", "no-op rerun", *EDITS]
    cases += [f"{label}, watching{part}" for label in EDITS for part in ("", ", PDFs too")]
    times |= {label: [] for label in cases}
    load = [os.getloadavg()[0]]
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            one_round(Path(folder), times)
        load.append(os.getloadavg()[0])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average (1 min) during the run: {min(load):.1f}–{max(load):.1f}; "
        f"median of {args.repeat} runs"
    )
    print(table(times))


if __name__ == "__main__":
    main()
