"""`enquete build --watch`: one process that builds again after every edit."""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from enquete.workflow.watch import WATCHING
from tests.conftest import PROJECT
from tests.projects import command, environment, mini_project


class Watcher:
    """The watcher as a researcher runs it, with its output read line by line."""

    def __init__(self, project: Path, *, pdf: bool = False) -> None:
        self.process = subprocess.Popen(
            [*command(project), "--watch"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # one stream keeps the order in which the lines were printed
            text=True,
            env=environment(pdf),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self.read, args=(self.process.stdout,), daemon=True).start()

    def read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def until_watching(self, timeout: float = 240) -> list[str]:
        """Everything printed up to the next 'Watching …' line."""
        return self.until(lambda line: line == WATCHING, timeout)

    def until(self, last: Callable[[str], bool], timeout: float = 240) -> list[str]:
        """Everything printed up to the first line that is `last`."""
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(seen)
                continue
            seen.append(line)
            if last(line):
                return seen
        raise AssertionError("no such line within the time:\n" + "\n".join(seen))


@pytest.mark.slow
def test_an_edit_reaches_the_site_and_a_bad_one_keeps_it(tmp_path: Path) -> None:
    project = mini_project(tmp_path / "project")
    watcher = Watcher(project)
    try:
        assert any(line.startswith("Built in") for line in watcher.until_watching())
        examples = project / "voorbeelden.csv"
        examples.write_text(
            examples.read_text(encoding="utf-8").replace("Voorbeeld Aastad", "Herzien voorbeeld Aastad"),
            encoding="utf-8",
        )
        output = watcher.until_watching()
        assert "Changed: voorbeelden.csv" in output
        assert any(line.startswith("Built in") for line in output)
        page = (project / "site/voorbeelden.html").read_text(encoding="utf-8")
        assert "Herzien voorbeeld Aastad" in page

        coding = project / "codering.csv"
        coding.write_text(coding.read_text(encoding="utf-8") + "11.t_voorbeelden,toegang.onbekend,,\n")
        output = watcher.until_watching()
        assert any("unknown code" in line for line in output)
        assert any("are as they were before it" in line for line in output)
        assert (project / "site/voorbeelden.html").read_text(encoding="utf-8") == page
        assert watcher.process.poll() is None, "the watcher waits for the next edit"

        coding.write_text(
            coding.read_text(encoding="utf-8").replace("11.t_voorbeelden,toegang.onbekend,,\n", "")
        )
        restored = watcher.until_watching()  # back to what the site was built from
        assert any(line.startswith(("Built in", "Nothing to rebuild")) for line in restored)
        shutil.copytree(PROJECT / "config", project / "config", ignore=shutil.ignore_patterns("config.yaml"))
        text = project / "tekst/2017/aanleiding.md"  # a new file in a new folder
        text.parent.mkdir(parents=True)
        text.write_text("De enquête is gehouden onder de centrumgemeenten van deze test.\n", encoding="utf-8")
        output = watcher.until_watching()
        assert any(line.startswith("Changed:") and "tekst/2017/aanleiding.md" in line for line in output)
        assert any(line.startswith("Built in") for line in output)
        assert "onder de centrumgemeenten van deze test" in (project / "site/aanleiding.html").read_text(
            encoding="utf-8"
        )
    finally:
        watcher.process.send_signal(signal.SIGTERM)
        assert watcher.process.wait(timeout=30) is not None
