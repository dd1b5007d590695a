"""A writer's live preview: `enquete preview` (or `make preview`).

Serves the report at http://127.0.0.1:8000 with `mkdocs serve` (enquete/workflow/preview_server.py)
and watches `tekst/`. A saved
text file is checked and rendered on its own — no Snakemake run, no charts, no downloads —
and only its parts are replaced in the page's Markdown, between the markers a preview render
leaves around each part; MkDocs then rebuilds that page (`--dirty`) and reloads the browser.
A text that the build would refuse (a typed count, a quantifier that does not fit) is
reported in the terminal and the page keeps its last good text.

The preview works in its own folder (`.preview/`), never in report/ or site/: what the
preview shows is never published by a later `make report`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from enquete.codebook import Codebook, load_codebook
from enquete.config import Config, load_config
from enquete.errors import InputError, Problem
from enquete.publish.render import render_report, wave_folder
from enquete.tables import write_atomically
from enquete.text.researcher_text import TEXT_ROOT
from enquete.text.wave_text import load_texts, part_marker

PREVIEW = Path(".preview")
POLL_SECONDS = 0.05


class Preview:
    """The preview's copy of the report, and re-rendering one page's text into it."""

    def __init__(self, config: Config, analysis: Path, templates: Path, root: Path = PREVIEW) -> None:
        self.config = config
        self.codebooks: dict[str, Codebook] = {y: load_codebook(w.codebook) for y, w in config.waves.items()}
        self.analysis = analysis
        self.templates = templates
        self.root = root
        self.report = root / "report"

    def render_all(self) -> None:
        """The whole report once, with the text parts marked (also after a new chapter file)."""
        for year in self.config.years:
            if not (self.analysis / year / "figures.csv").is_file():
                raise InputError(
                    [Problem(str(self.analysis / year), "has no ledger", expected="a built report")],
                    remedy="run `make report` once; the preview then shows text edits without a rebuild.",
                )
        self.root.mkdir(exist_ok=True)
        shutil.copy2("mkdocs.yml", self.root / "mkdocs.yml")
        render_report(self.config, self.codebooks, self.analysis, self.templates, self.report, preview=True)

    def refresh(self, changed: Path) -> str:
        """Re-render the page of a changed text file; returns what was done, for the terminal."""
        year, page = changed.parent.name, changed.stem
        if year not in self.config.waves:
            return f"{changed}: not a wave of the configuration; ignored."
        target = self.report / "docs" / wave_folder(self.config, year) / f"{page}.md"
        if not target.is_file() or not changed.exists():  # a chapter comes or goes: a new navigation
            self.render_all()
            return f"{changed}: chapter added or removed, report re-rendered."
        text = load_texts(self.config, self.codebooks, self.analysis, False, [year], preview=True)[year]
        markdown = target.read_text(encoding="utf-8")
        start, end = part_marker(page, "KEY"), part_marker(page, "KEY", end=True)
        parts = re.compile(
            re.escape(start).replace("KEY", r"(\S+)") + ".*?" + re.escape(end).replace("KEY", r"\1"), re.S
        )
        markdown = parts.sub(lambda part: str(text.part(page, part.group(1))), markdown)
        write_atomically(target, markdown.encode("utf-8"))
        return f"{changed}: page updated."


def text_files(root: Path = TEXT_ROOT) -> dict[Path, float]:
    """Every text file with its modification time (the quantifier table too)."""
    files = {path: path.stat().st_mtime_ns for path in root.rglob("*.md")} if root.is_dir() else {}
    tables = (Path("config/kwantoren.yaml"), Path("config/veranderwoorden.yaml"))
    return files | {table: table.stat().st_mtime_ns for table in tables if table.is_file()}


def serve(config_file: str, port: int, analysis: Path, templates: Path) -> None:
    """Render once, start `mkdocs serve`, and keep the pages in step with the text files."""
    preview = Preview(load_config(config_file), analysis, templates)
    preview.render_all()
    address = f"127.0.0.1:{port}"
    config = str(preview.report / "mkdocs.yml")
    server = subprocess.Popen([sys.executable, "-m", "enquete.workflow.preview_server", config, address])
    print(f"Preview on http://127.0.0.1:{port}/ — save a file in tekst/ to see it; Ctrl+C stops.", flush=True)
    seen = text_files()
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = text_files()
            changed = {p for p in now if seen.get(p) != now[p]} | {p for p in seen if p not in now}
            for path in sorted(changed):
                print(refreshed(preview, path), flush=True)
            seen = now
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()


def refreshed(preview: Preview, path: Path) -> str:
    """One refresh, with the text's problems shown instead of stopping the preview."""
    try:
        if path.suffix == ".yaml":
            preview.render_all()
            return f"{path}: quantifier table changed, report re-rendered."
        return preview.refresh(path)
    except InputError as error:
        return f"{path}: not shown, the build would refuse it:\n{error.message()}"
