"""The paged documents printed to PDF: the report of a wave and its technical annex.

The site's print page (`printversie.html`) is one long web page inside the site's theme. A
report on paper needs more: a cover, a contents list with page numbers, a running header,
chapters that start on a new page, tables that fit the page. Browsers do not do page
numbers in a contents list (CSS `target-counter`) nor running headers with the chapter
(`string-set`), so the documents are laid out by paged.js (templates/assets/js/pagedjs-*,
MIT licence), the polyfill of the W3C paged-media specifications that R's pagedown uses,
inside the same Chromium that draws the plotly charts.

This module turns the article of the staged print page into two such documents, as text:
the report, and the annex that takes the technical sections of the Verantwoording
(software versions, file hashes, agreement between the coders), which a reader of the
report does not need and a reviewer finds in a file of its own. The documents use only the
site's own fonts, stylesheet and scripts (`assets/css/fonts.css`, `printversie.css`,
`printversie.js`), served from the staging folder like every other file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

REPORT, ANNEX = "rapport", "bijlage"
CHAPTER = re.compile(r'<h1 id="hoofdstuk-([a-z0-9_-]+)">(.*?)</h1>', re.S)
SECTION = re.compile(r'<h2 id="([^"]+)">')
# Sections of the Verantwoording that go to the annex (ids as the print page numbers them:
# a name used twice on the page gets a suffix such as `_1`).
ANNEX_SECTIONS = re.compile(
    r"(herkomst-van-de-cijfers|codering-van-de-open-antwoorden|nog-te-coderen)(_\d+)?"
)
ACCOUNT = "verantwoording"
NOTICE = re.compile(r'<div class="admonition[^"]*">.*?</div>', re.S)
SUBTITLE = re.compile(r"<p><em>(.*?)</em></p>", re.S)
SCRIPT = re.compile(r'<script src="([^"]*plotly[^"]*)"></script>')
TAG = re.compile(r"<[^>]+>")


class PrintPageError(ValueError):
    """The staged print page is not the page the render step writes."""


@dataclass(frozen=True)
class Chapter:
    anchor: str
    title: str  # HTML
    html: str


def layout_version() -> str:
    """A digest of this module, part of the printer's identity: a change to how the documents
    are made reprints the PDFs (the stylesheet and scripts they load are recorded as served)."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def article(page: str) -> str:
    start = page.find("<article")
    end = page.rfind("</article>")
    if start < 0 or end < 0:
        raise PrintPageError("the print page has no <article> element")
    return page[page.index(">", start) + 1 : end]


def chapters_of(body: str) -> tuple[str, list[Chapter]]:
    """The part before the first chapter (title, notice) and the chapters, in order."""
    found = list(CHAPTER.finditer(body))
    if not found:
        raise PrintPageError("the print page has no chapter headings (h1 id='hoofdstuk-…')")
    chapters = []
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(body)
        chapters.append(Chapter(match.group(1), match.group(2).strip(), body[match.start() : end]))
    return body[: found[0].start()], chapters


def split_account(chapter: Chapter) -> tuple[Chapter, list[str]]:
    """The Verantwoording without its technical sections, and those sections."""
    parts = SECTION.split(chapter.html)  # [before, id, section, id, section, ...]
    kept, moved = [parts[0]], []
    for index in range(1, len(parts), 2):
        section = f'<h2 id="{parts[index]}">{parts[index + 1]}'
        (moved if ANNEX_SECTIONS.fullmatch(parts[index]) else kept).append(section)
    return Chapter(chapter.anchor, chapter.title, "".join(kept)), moved


def cover(front: str, meta: dict, part: str) -> str:
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", front, re.S)
    title = TAG.sub("", heading.group(1)).strip() if heading else escape(meta["title"])  # HTML text
    subtitle = SUBTITLE.search(front)
    notices = "".join(NOTICE.findall(front))  # concept, archive, reconstruction or fiction
    kind = "Technische bijlage bij het rapport" if part == ANNEX else "Rapport"
    return (
        '<section class="omslag">'
        f'<p class="omslag-soort">{kind}</p>'
        f'<h1 class="omslag-titel">{title}</h1>'
        + (f'<p class="omslag-ondertitel">{subtitle.group(1)}</p>' if subtitle else "")
        + f'<p class="omslag-datum">{escape(meta.get("date", ""))}</p>'
        + notices
        + "</section>"
    )


def contents(chapters: list[Chapter]) -> str:
    """The contents list; printversie.css adds each chapter's page (paged.js `target-counter`)."""
    items = "".join(
        f'<li><a href="#hoofdstuk-{chapter.anchor}">'
        f'<span class="inhoud-titel">{chapter.title}</span></a></li>'
        for chapter in chapters
    )
    heading = '<h2 id="inhoud-kop">Inhoud</h2>'
    return f'<nav class="inhoud" aria-labelledby="inhoud-kop">{heading}<ol>{items}</ol></nav>'


def annex_reference(annex_pdf: str) -> str:
    return (
        '<p class="naar-bijlage">De herkomst van de cijfers (software, versies en controlegetallen van de '
        "bestanden) en de codering van de open antwoorden, met de overeenstemming tussen de codeurs, staan "
        f"in de technische bijlage bij dit rapport: het bestand {escape(annex_pdf)} op de pagina Downloads "
        "van de website.</p>"
    )


def documents(page: str, meta: dict) -> dict[str, str]:
    """The report and the annex of one print page, as HTML documents for paged.js."""
    front, chapters = chapters_of(article(page))
    script = SCRIPT.search(page)
    if script is None:
        raise PrintPageError("the print page does not load plotly.js")
    assets = script.group(1).split("assets/js/")[0] + "assets/"
    report, annex_sections = [], []
    for chapter in chapters:
        if chapter.anchor == ACCOUNT:
            chapter, moved = split_account(chapter)
            annex_sections += moved
            if moved:
                chapter = Chapter(
                    chapter.anchor, chapter.title, chapter.html + annex_reference(meta["annex"])
                )
        report.append(chapter)
    annex_chapter = Chapter(
        "bijlage", "Technische bijlage", '<h1 id="hoofdstuk-bijlage">Technische bijlage</h1>'
    )
    annex = [Chapter(annex_chapter.anchor, annex_chapter.title, annex_chapter.html + "".join(annex_sections))]
    return {
        REPORT: document(front, report, meta, REPORT, assets, script.group(0)),
        ANNEX: document(front, annex, meta, ANNEX, assets, script.group(0)),
    }


def document(front: str, chapters: list[Chapter], meta: dict, part: str, assets: str, plotly: str) -> str:
    title = meta["title"] + (" — technische bijlage" if part == ANNEX else "")
    body = "".join(
        f'<section class="hoofdstuk" id="sectie-{chapter.anchor}">{chapter.html}</section>'
        for chapter in chapters
    )
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{assets}css/fonts.css">\n'
        f'<link rel="stylesheet" href="{assets}css/printversie.css">\n'
        f'<script src="{assets}js/printversie.js"></script>\n'
        f'<script src="{assets}js/pagedjs-0.4.3/paged.polyfill.js"></script>\n'
        f"{plotly}\n</head>\n"
        f'<body class="deel-{part}">\n'
        f"{cover(front, meta, part)}\n{contents(chapters)}\n{body}\n</body>\n</html>\n"
    )
