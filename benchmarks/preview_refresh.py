"""How long a saved text edit takes to reach the live preview (`enquete preview`).

Starts the preview on a free port (the report must have been built once: `make report`),
then saves a new sentence in the latest wave's `tekst/<year>/toegang.md` several times and
measures, each time, from the save to the moment the served page contains the sentence —
the moment MkDocs' live reload shows it in the browser. The text file is restored after.

    .venv/bin/python benchmarks/preview_refresh.py [--runs 10]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from enquete.config import load_config

TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, needle: str, deadline: float) -> float:
    """Poll until the page contains `needle`; the moment it did."""
    while time.perf_counter() < deadline:
        if needle in page_text(url):
            return time.perf_counter()
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {needle!r} within {TIMEOUT:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    year = load_config("config/config.yaml").latest.year
    text = Path("tekst") / year / "toegang.md"
    original = text.read_bytes() if text.exists() else None
    port = free_port()
    url = f"http://127.0.0.1:{port}/toegang.html"
    server = subprocess.Popen(
        [sys.executable, "-m", "enquete", "preview", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    times = []
    try:
        start = time.perf_counter()
        wait_for(url, "</html>", start + TIMEOUT)
        print(f"preview serving after {time.perf_counter() - start:.1f} s (first render and mkdocs serve)")
        for run in range(args.runs):
            sentence = f"Proefzin voor de meting van de preview, ronde {chr(ord('a') + run)}."
            base = original.decode("utf-8") if original else ""
            saved = time.perf_counter()
            text.parent.mkdir(parents=True, exist_ok=True)
            text.write_text(sentence + "\n\n" + base, encoding="utf-8")
            shown = wait_for(url, sentence, saved + TIMEOUT)
            times.append(shown - saved)
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait()
        if original is None:
            text.unlink(missing_ok=True)
        else:
            text.write_bytes(original)
    print(
        f"save → page updated, {len(times)} runs: median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s"
    )


if __name__ == "__main__":
    main()
