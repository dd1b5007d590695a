"""A writer's live preview: `enquete preview` (or `make preview`).

Serves the report at http://127.0.0.1:8000 with `mkdocs serve` (enquete/workflow/preview_server.py)
and watches `tekst/`. A saved
text file is checked and rendered on its own — no Snakemake run, no charts, no downloads —
and only its parts are replaced in the page's Markdown, between the markers a preview render
leaves around each part; MkDocs then rebuilds that page (`--dirty`) and reloads the browser.
A text that the build would refuse (a typed count, a quantifier that does not fit) is
reported in the terminal and the page keeps its last good text, with a notice at its top
that says so (in Dutch, for the researcher) until the next good save. Any other error in a
refresh is handled the same way: the preview never stops because one refresh failed.

The preview works in its own folder (`.preview/`), never in report/ or site/: what the
preview shows is never published by a later `make report`.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from enquete.codebook import Codebook, load_codebook
from enquete.config import TEXT_FOLDER, WORD_TABLES, Config, load_config
from enquete.errors import InputError, Problem
from enquete.publish.render import render_report, wave_folder
from enquete.tables import write_atomically
from enquete.text.wave_text import load_texts, part_marker

PREVIEW = Path(".preview")
POLL_SECONDS = 0.05
NOTICE_START, NOTICE_END = "<!-- voorbeeld: melding -->", "<!-- voorbeeld: einde melding -->"
NOTICE = re.compile(re.escape(NOTICE_START) + ".*?" + re.escape(NOTICE_END) + "\n*", re.S)
NOTICE_STYLE = "border:3px solid #b3261e;background:#fdecea;color:#1f1f1f;padding:.6em 1em;margin:0 0 1.5em"


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
        markdown = parts.sub(lambda part: str(text.part(page, part.group(1))), without_notice(markdown))
        write_atomically(target, markdown.encode("utf-8"))
        return f"{changed}: page updated."

    def pages_of(self, changed: Path) -> list[Path]:
        """The preview pages a change shows on: its own page, or every page (a quantifier
        table, a chapter that came or went, or a file of no page)."""
        year, page = changed.parent.name, changed.stem
        if changed.suffix == ".md" and year in self.config.waves:
            target = self.report / "docs" / wave_folder(self.config, year) / f"{page}.md"
            if target.is_file():
                return [target]
        return sorted((self.report / "docs").rglob("*.md"))

    def show_notice(self, changed: Path, notice: str) -> None:
        """Put a notice at the top of the pages of a change that could not be shown; the
        page's last good content stays below it."""
        for target in self.pages_of(changed):
            markdown = without_notice(target.read_text(encoding="utf-8"))
            write_atomically(target, with_notice(markdown, notice).encode("utf-8"))


def without_notice(markdown: str) -> str:
    return NOTICE.sub("", markdown)


def with_notice(markdown: str, notice: str) -> str:
    """The notice after the page's title (MkDocs takes the title from the first heading)."""
    lines = markdown.splitlines(keepends=True)
    at = 1 if lines and lines[0].startswith("# ") else 0
    return "".join([*lines[:at], "\n" if at else "", notice, *lines[at:]])


def notice_html(changed: Path, details: str, unexpected: bool) -> str:
    """The notice as HTML (raw HTML passes through Markdown untouched): what happened, in Dutch."""
    if unexpected:
        headline = "Er ging iets onverwacht mis bij het bijwerken van deze pagina."
        advice = (
            "De voorbeeldweergave draait door. Sla het bestand nog eens op om het opnieuw te proberen; "
            "blijft de melding, dan staat in de terminal wat er misging."
        )
    else:
        headline = "Deze wijziging staat nog niet op de pagina: de bouw zou de tekst weigeren."
        advice = "Verbeter de tekst en sla het bestand op; dan verdwijnt deze melding."
    return (
        f'{NOTICE_START}\n<div class="voorbeeld-melding" role="alert" style="{NOTICE_STYLE}">\n'
        f"<p><strong>Niet bijgewerkt.</strong> {headline} U ziet hieronder de laatste versie die wel "
        f"lukte. Gewijzigd bestand: <code>{html.escape(str(changed))}</code>.</p>\n"
        f"<p>{advice}</p>\n<pre>{html.escape(details)}</pre>\n</div>\n{NOTICE_END}\n\n"
    )


def text_files(config: Config) -> dict[Path, tuple[int, int]]:
    """The researcher's text and the word tables — from the build's one list of inputs
    (`Config.inputs`, read afresh so that a new file counts) — with each file's modification
    time and size; a file removed while it is looked at is simply absent."""
    tables = {path for path, _ in WORD_TABLES}
    paths = [
        Path(item.path)
        for item in config.inputs()
        if (item.path.startswith(f"{TEXT_FOLDER}/") and item.path.endswith(".md")) or item.path in tables
    ]
    files = {}
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            continue
        files[path] = (status.st_mtime_ns, status.st_size)
    return files


def serve(config_file: str, port: int, analysis: Path, templates: Path) -> None:
    """Render once, start `mkdocs serve`, and keep the pages in step with the text files."""
    preview = Preview(load_config(config_file), analysis, templates)
    preview.render_all()
    address = f"127.0.0.1:{port}"
    config = str(preview.report / "mkdocs.yml")
    server = subprocess.Popen([sys.executable, "-m", "enquete.workflow.preview_server", config, address])
    print(f"Preview on http://127.0.0.1:{port}/ — save a file in tekst/ to see it; Ctrl+C stops.", flush=True)
    seen = text_files(preview.config)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = text_files(preview.config)
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
    """One refresh, with its problems shown (in the terminal and on the page) instead of
    stopping the preview: the page keeps its last good content."""
    try:
        if path.suffix == ".yaml":
            preview.render_all()
            return f"{path}: quantifier table changed, report re-rendered."
        return preview.refresh(path)
    except InputError as error:
        report, notice = f"{path}: not shown, the build would refuse it:\n{error.message()}", error.message()
        unexpected = False
    except Exception as error:  # a bug, or a file gone while it was read: the preview goes on
        notice = f"{type(error).__name__}: {error}"
        report, unexpected = f"{path}: not shown, unexpected error: {notice}", True
    try:
        preview.show_notice(path, notice_html(path, notice, unexpected))
    except Exception as error:  # the notice is a courtesy; the terminal has the message
        report += f"\n(the notice could not be put on the page: {type(error).__name__}: {error})"
    return report
