"""The publication gate: nothing personal or identifying leaves the build.

Before a new site replaces the old one, every generated page, search index and download is
scanned for the contact persons' names, e-mail addresses and phone numbers, for any e-mail
address or Dutch phone number at all, and for the names of the invited gemeenten. A
gemeente's name may appear only inside a good example whose publication with that name was
consented to (recorded as `naam_publiceren` in the examples file). A hit stops the build,
naming the page and the string, and the previous site stays as it was.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd

from enquete.errors import Problem

ATTRIBUTION = "Genoemd door:"  # as templates/*.j2 print a consented name under its example
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w-])(?:\+31[\s-]?|0)(?:\d[\s-]?){8,9}\d?(?![\w-])")


# Characters outside ASCII that Python's case-insensitive matching equates with an ASCII
# letter (dotted capital I, dotless small i, long s, Kelvin sign): mapped before lowering,
# so that the quick test in `could_occur` never misses what the pattern would find.
ASCII_LOOKALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def lowered_form(text: str) -> str:
    return text.translate(ASCII_LOOKALIKES).lower()


@dataclass(frozen=True)
class Needle:
    kind: str
    text: str
    pattern: re.Pattern[str]

    def could_occur(self, text: str, lowered: str) -> bool:
        """A quick test the pattern can only match when it passes: a plain substring search.

        Scanning with every needle's pattern took most of the site step (a pattern per contact
        person, e-mail address, phone number and gemeente, over every page and download). A
        match of the pattern contains the needle's text itself (case-sensitive needles), or
        its lowercase form in the lowered text (ASCII needles); other needles always scan.
        """
        if not self.pattern.flags & re.IGNORECASE:
            return self.text in text
        return not self.text.isascii() or self.text.lower() in lowered


def needles(population: pd.DataFrame) -> list[Needle]:
    """What must never be published: contact details and gemeente names."""
    found: list[Needle] = []
    for column, kind in (
        ("contactpersoon", "contactpersoon"),
        ("email", "e-mailadres"),
        ("telefoon", "telefoonnummer"),
        ("gemeente", "gemeentenaam"),
    ):
        for value in sorted({str(v).strip() for v in population[column] if str(v).strip()}):
            pattern = re.compile(
                rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE if kind != "gemeentenaam" else 0
            )
            found.append(Needle(kind, value, pattern))
    return found


def allowed_patterns(examples: list[pd.DataFrame], gemeenten: list[str]) -> dict[str, list[re.Pattern[str]]]:
    """Per gemeente name: the consented examples (title, text, attribution line) it may appear in.

    An example published with a consented name (`naam_publiceren`, e.g. "Almere" or
    "Haarlem (initiatiefvoorstel D66 en VVD)") allows that gemeente's name in its own title, text
    and attribution — not any other gemeente's name, nor any contact detail.
    """
    snippets: dict[str, set[str]] = {}
    for frame in examples:
        for row in frame.itertuples():
            consent = str(row.name).strip()
            for gemeente in gemeenten:
                if gemeente in consent and re.search(rf"(?<!\w){re.escape(gemeente)}(?!\w)", consent):
                    snippets.setdefault(gemeente, set()).update(
                        {str(row.title), str(row.text), f"{ATTRIBUTION} {consent}"}
                    )
    return {
        gemeente: [
            re.compile(r"\s*".join(re.escape(word) for word in snippet.split()))
            for snippet in sorted(texts, key=len, reverse=True)
            if snippet.split()
        ]
        for gemeente, texts in snippets.items()
    }


class TextExtractor(HTMLParser):
    """All text of a page, script contents and attribute values included."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = ("title", "alt", "content", "aria-label", "href")
        self.parts.extend(value for name, value in attrs if value and name in shown)


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def published_text(path: Path) -> str:
    """The text a reader (or a search engine) can get out of one published file."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        extractor = TextExtractor()
        extractor.feed(path.read_text(encoding="utf-8", errors="replace"))
        text = " ".join(extractor.parts)
    elif suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = (row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
        text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    elif suffix in (".json", ".js") and path.parent.name == "search":
        raw = path.read_text(encoding="utf-8")
        raw = raw[raw.index("{") :] if "{" in raw else raw
        try:
            text = " ".join(strings_in(json.loads(raw)))
        except json.JSONDecodeError:
            text = raw
    elif suffix in (".csv", ".txt", ".md", ".xml"):
        text = path.read_text(encoding="utf-8", errors="replace")
    else:
        return ""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def scan_site(
    site: Path, forbidden: list[Needle], allowed: dict[str, list[re.Pattern[str]]]
) -> list[Problem]:
    """Every forbidden string on every page; a gemeente's name only inside its consented examples."""
    problems: list[Problem] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        if "assets" in path.relative_to(site).parts:
            continue  # the theme's and the site's own static files, not generated from data
        text = published_text(path)
        page = str(path.relative_to(site))
        hits = {("e-mailadres", match.group(0)) for match in EMAIL.finditer(text)}
        hits |= {("telefoonnummer", match.group(0).strip()) for match in PHONE.finditer(text)}
        lowered = lowered_form(text)
        for needle in forbidden:
            scanned = text
            for pattern in allowed.get(needle.text, []) if needle.kind == "gemeentenaam" else []:
                scanned = pattern.sub(" ", scanned)
            if needle.could_occur(scanned, lowered if scanned is text else lowered_form(scanned)):
                hits |= {(needle.kind, match.group(0)) for match in needle.pattern.finditer(scanned)}
        problems += [
            Problem(
                page,
                f"{kind} on a published page",
                found=found,
                expected="no contact details; gemeente names only in consented good examples",
            )
            for kind, found in sorted(hits)
        ]
    return problems
