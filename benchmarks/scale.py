"""Benchmark: how the build grows with waves and respondents, in time and peak memory per step.

Run with `make benchmark-scale`. For each size it generates a project in a temporary folder
(`benchmarks/scale_data.py`: all 342 gemeenten invited, the demo's questionnaire, `n`
responses per wave), then runs the build's steps one by one, as the Snakefile does —
`ingest` and `figures` per wave, `compare` of each wave with the nulmeting and with the
wave before, `manifest`, `render`, `site` — and measures each step command: wall time, and
the peak memory (max RSS) of that process from `os.wait4`. PDFs are left out
(`ENQUETE_CHROMIUM=off`): printing is Chromium's work per wave, not the pipeline's.

It prints one table per size and step, then the growth: CPU seconds per added wave and per
added 100 respondents between consecutive sizes. Linear growth shows as equal increments.
CPU time is reported because it barely changes when other work shares the machine; the
wall time is printed too.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from scale_data import FIRST_YEAR, POPULATION, make_project

STEPS = ["ingest", "figures", "compare", "manifest", "render", "site"]
DEFAULT_SIZES = [(1, 35), (1, 150), (1, 300), (5, 300), (10, 300)]


@dataclass
class Measured:
    """Time and peak memory of one step kind over a build (times summed, memory the maximum).

    `seconds` is the wall time; `cpu` the processor time (user + system) the step used, which
    does not grow when other work shares the machine, so the growth is read from it."""

    seconds: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    runs: int = 0

    def add(self, seconds: float, cpu: float, peak_mb: float) -> None:
        self.seconds += seconds
        self.cpu += cpu
        self.peak_mb = max(self.peak_mb, peak_mb)
        self.runs += 1


@dataclass
class Size:
    waves: int
    respondents: int
    steps: dict[str, Measured] = field(default_factory=lambda: {step: Measured() for step in STEPS})

    @property
    def total(self) -> float:
        return sum(m.seconds for m in self.steps.values())

    @property
    def cpu(self) -> float:
        return sum(m.cpu for m in self.steps.values())

    @property
    def peak_mb(self) -> float:
        return max(m.peak_mb for m in self.steps.values())


def run_step(project: Path, *arguments: str) -> tuple[float, float, float]:
    """One `enquete` step as its own process: wall seconds, CPU seconds and its max RSS in MB."""
    environment = {**os.environ, "ENQUETE_CHROMIUM": "off"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "enquete", "--config", "config/config.yaml", *arguments],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    errors = process.stderr.read().decode() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"enquete {' '.join(arguments)} failed in {project}:\n{errors}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux: kilobytes


def comparisons(years: list[str]) -> list[tuple[str, str]]:
    """As the Snakefile: each wave with the nulmeting and with the wave before it."""
    pairs = {(years[0], year) for year in years[1:]} | set(itertools.pairwise(years))
    return sorted(pairs)


def build(project: Path, size: Size) -> None:
    years = [str(year) for year in range(FIRST_YEAR, FIRST_YEAR + size.waves)]
    for year in years:
        size.steps["ingest"].add(*run_step(project, "ingest", "--wave", year))
    for year in years:
        size.steps["figures"].add(*run_step(project, "figures", "--wave", year))
    for earlier, later in comparisons(years):
        size.steps["compare"].add(*run_step(project, "compare", "--earlier", earlier, "--later", later))
    size.steps["manifest"].add(*run_step(project, "manifest"))
    size.steps["render"].add(*run_step(project, "render"))
    size.steps["site"].add(*run_step(project, "site"))


def measure(waves: int, respondents: int) -> Size:
    size = Size(waves, respondents)
    with tempfile.TemporaryDirectory(prefix="enquete-scale-") as folder:
        project = Path(folder)
        make_project(project, waves, respondents)
        build(project, size)
    return size


def table(sizes: list[Size]) -> str:
    """Markdown: one row per size; per step its CPU seconds and peak memory."""
    header = "| waves × responses | " + " | ".join(STEPS) + " | CPU total | wall total | peak memory |"
    rule = "| --- |" + " ---: |" * (len(STEPS) + 3)
    rows = [
        f"| {s.waves} × {s.respondents} | "
        + " | ".join(f"{s.steps[step].cpu:.1f} s, {s.steps[step].peak_mb:.0f} MB" for step in STEPS)
        + f" | {s.cpu:.1f} s | {s.total:.1f} s | {s.peak_mb:.0f} MB |"
        for s in sizes
    ]
    return "\n".join([header, rule, *rows])


def increment(a: Size, b: Size, units: float, label: str) -> str:
    """CPU seconds that size b adds to size a per unit, in total and per step."""
    per_step = ", ".join(f"{step} {(b.steps[step].cpu - a.steps[step].cpu) / units:+.2f}" for step in STEPS)
    return f"{label}: {(b.cpu - a.cpu) / units:.2f} s CPU  ({per_step})"


def growth(sizes: list[Size]) -> list[str]:
    """CPU seconds added per wave (most responses) and per 100 responses (one wave)."""
    most = max(s.respondents for s in sizes)
    by_waves = sorted((s for s in sizes if s.respondents == most), key=lambda s: s.waves)
    by_respondents = sorted((s for s in sizes if s.waves == 1), key=lambda s: s.respondents)
    lines = [
        increment(a, b, b.waves - a.waves, f"per added wave, {a.waves} → {b.waves} waves")
        for a, b in itertools.pairwise(by_waves)
    ]
    lines += [
        increment(
            a,
            b,
            (b.respondents - a.respondents) / 100,
            f"per 100 responses, {a.respondents} → {b.respondents}",
        )
        for a, b in itertools.pairwise(by_respondents)
    ]
    return lines


def parse_size(text: str) -> tuple[int, int]:
    waves, respondents = text.lower().split("x")
    if not 1 <= int(respondents) <= POPULATION:
        raise argparse.ArgumentTypeError(f"responses per wave must be 1 to {POPULATION}")
    return int(waves), int(respondents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sizes",
        nargs="*",
        type=parse_size,
        default=DEFAULT_SIZES,
        help="sizes as WAVESxRESPONSES (default: 1x35 1x150 1x300 5x300 10x300)",
    )
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"population: {POPULATION} gemeenten; PDFs left out (ENQUETE_CHROMIUM=off)")
    sizes = []
    for waves, respondents in args.sizes:
        sizes.append(measure(waves, respondents))
        print(
            f"  measured {waves} × {respondents}: {sizes[-1].cpu:.1f} s CPU, {sizes[-1].total:.1f} s wall",
            flush=True,
        )
    print()
    print(table(sizes))
    print()
    print("\n".join(growth(sizes)))


if __name__ == "__main__":
    main()
