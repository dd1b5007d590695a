"""Benchmark: how long the report build takes, cold and as a no-op rerun.

Run with `make benchmark`. It copies the project's inputs to a temporary directory (so the
working tree is untouched), then times:

- the cold build: `enquete build` with no previous outputs (set-up excluded);
- the no-op rerun: the same command again, when nothing has changed;
- the forced full rebuild: `enquete build --force`.

Each is run `--repeat` times (default 3) and the median and range are printed, with the
peak memory (max RSS) of the build process tree.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
INPUTS = ["Snakefile", "mkdocs.yml", "config", "codebook", "raw", "reference", "templates"]


def copy_inputs(target: Path) -> None:
    for name in INPUTS:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)


def timed_build(directory: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "enquete", "build", "--directory", str(directory), *extra],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def summary(label: str, seconds: list[float]) -> str:
    return (
        f"{label:<22} median {statistics.median(seconds):6.2f} s"
        f"   (min {min(seconds):.2f}, max {max(seconds):.2f}, n={len(seconds)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cold, noop, forced = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            directory = Path(folder) / "project"
            directory.mkdir()
            copy_inputs(directory)
            cold.append(timed_build(directory))
            noop.append(timed_build(directory))
            forced.append(timed_build(directory, "--force"))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(summary("cold build", cold))
    print(summary("no-op rerun", noop))
    print(summary("forced full rebuild", forced))
    print(f"peak memory of one step  {peak_mb:6.0f} MB (max RSS of the largest child process)")


if __name__ == "__main__":
    main()
