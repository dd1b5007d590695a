"""The publication gate: nothing personal, identifying or executable leaves the build.

Before a new site replaces the old one — after its PDFs are printed — every published file is
read as a reader or a search engine could read it: the pages (text and the attributes a
browser shows), the search index, the sitemap, every download (CSV, every sheet of every
XLSX) and the text of every PDF. The shared matcher (`enquete.privacy.personal_data`) looks in it for
the contact persons, any e-mail address, phone number, postcode, BSN or IBAN, and the names of
the invited gemeenten in every spelling and derived form; the pages are also checked for
executable markup (`enquete.privacy.page_safety`), the pages, the search index and the PDFs
for links the allow-list refuses (`enquete.privacy.links`), the downloads for cells a
spreadsheet would evaluate (`enquete.privacy.spreadsheet_safety`). A hit stops the build,
naming the file (and the PDF page) and the string, and the previous site stays as it was.

A gemeente's name may appear only in a good example that this gemeente itself gave and
consented to publish under its name (`naam_publiceren` in the examples file): the consent
covers that gemeente's own name in that example's title, text and attribution line, never
another gemeente's name nor a contact detail in the same example. A name counts as inside the
example when the words around it on the published page are the example's own words (at least
five in a row, or the whole title), so the check also holds where the PDF breaks the example
over two pages.
"""

from __future__ import annotations

import bisect
import gzip
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd

from enquete.config import Config
from enquete.errors import Problem
from enquete.files import parsed_once
from enquete.privacy.links import ALLOWED, link_problems, pdf_link_problems, search_index_link_problems
from enquete.privacy.page_safety import SEARCH_INDEXES, unsafe_markup, unsafe_search_index
from enquete.privacy.pdf_text import pdf_text
from enquete.privacy.personal_data import GEMEENTE, WORD, Hit, Matcher, fold, population_names
from enquete.privacy.spreadsheet_safety import EXPECTED as NO_FORMULA
from enquete.privacy.spreadsheet_safety import spreadsheet_problems
from enquete.privacy.verdicts import Verdicts, fingerprint

ATTRIBUTION = "Genoemd door:"  # as templates/*.j2 print a consented name under its example
CONTEXT = 5  # words of an example's own text around a consented name
SHOWN_ATTRIBUTES = ("title", "alt", "content", "aria-label", "href", "src", "value", "placeholder")
NO_PERSONAL_DATA = "no contact details; gemeente names only in the gemeente's own consented example"


def words(text: str) -> list[str]:
    return [match.group(0) for match in WORD.finditer(fold(text).text)]


def population_matcher(population: pd.DataFrame) -> Matcher:
    """The gemeenten (with any other names they go by) and the contact persons."""
    return Matcher(population_names(population))


@parsed_once
def matcher_of_population_file(path: Path | str) -> Matcher:
    """The population's matcher, built once per process while the list is unchanged: compiling
    the names into one pattern is a quarter of a second, which every build of the watcher paid."""
    from enquete.ingest.population import population_table

    return population_matcher(population_table(path))


@dataclass
class Consents:
    """Per gemeente: the word lists of the examples it gave and consented to publish by name."""

    units: dict[str, list[list[str]]] = field(default_factory=dict)

    def covers(self, gemeente: str, page_words: list[str], first: int, last: int) -> bool:
        """Whether the name at page_words[first..last] stands in one of the gemeente's examples."""
        name = page_words[first : last + 1]
        for unit in self.units.get(gemeente, []):
            for at in range(len(unit) - len(name) + 1):
                if unit[at : at + len(name)] != name:
                    continue
                left = aligned(page_words[:first][::-1], unit[:at][::-1])
                right = aligned(page_words[last + 1 :], unit[at + len(name) :])
                if len(name) + left + right >= min(len(unit), CONTEXT):
                    return True
        return False


def aligned(page: list[str], unit: list[str]) -> int:
    count = 0
    while count < min(len(page), len(unit), CONTEXT) and page[count] == unit[count]:
        count += 1
    return count


def consents(examples: list[pd.DataFrame], gemeente_of: dict[str, str], matcher: Matcher) -> Consents:
    """The consented examples: `naam_publiceren` names the gemeente that gave the example.

    "Haarlem (initiatiefvoorstel D66 en VVD)" from Haarlem covers Haarlem; "Amsterdam" under an
    example Almere gave covers nobody, nor does an organisation's name.
    """
    result = Consents()
    for frame in examples:
        for row in frame.itertuples():
            consent = " ".join(str(row.name).split())
            own = gemeente_of.get(str(row.respondent), "")
            named = {hit.name for hit in matcher.find(consent) if hit.kind == GEMEENTE}
            if consent and own in named:
                for text in (str(row.title), str(row.text), f"{ATTRIBUTION} {consent}"):
                    result.units.setdefault(own, []).append(words(text))
    return result


class TextExtractor(HTMLParser):
    """All text of a page, script contents and the attribute values a browser shows included."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.extend(value for name, value in attrs if value and name in SHOWN_ATTRIBUTES)


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def published_text(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for each part a reader can get out of one published file."""
    suffix = "".join(path.suffixes[-2:]).lower() if path.name.endswith(".gz") else path.suffix.lower()
    if suffix in (".html", ".htm"):
        extractor = TextExtractor()
        extractor.feed(path.read_text(encoding="utf-8", errors="replace"))
        yield "", plain(" ".join(extractor.parts))
    elif suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            cells = (str(cell) for row in rows for cell in row if cell is not None)
            yield f"sheet '{sheet.title}'", plain(" ".join([sheet.title, *cells]))
        workbook.close()
    elif suffix == ".pdf":
        yield from pdf_text(path)
    elif suffix in (".json", ".js"):
        raw = path.read_text(encoding="utf-8", errors="replace")
        try:
            yield "", plain(" ".join(strings_in(json.loads(raw[raw.index("{") :]))))
        except (ValueError, json.JSONDecodeError):
            yield "", plain(raw)
    elif suffix == ".xml.gz":
        yield "", plain(gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"))
    else:  # CSV, XML, text: read as text, whatever the name says
        yield "", plain(path.read_bytes().decode("utf-8", errors="replace"))


def plain(text: str) -> str:
    """Markup removed and entities decoded, as a reader sees the text."""
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def executable(path: Path) -> list[tuple[str, str]]:
    """Executable markup in a page, or in the HTML the search index holds."""
    if path.suffix.lower() in (".html", ".htm"):
        return unsafe_markup(path.read_text(encoding="utf-8", errors="replace"))
    if path.name in SEARCH_INDEXES:
        return unsafe_search_index(path.read_text(encoding="utf-8", errors="replace"))
    return []


def links(path: Path, site: Path, files: frozenset[str]) -> list[tuple[str, str, str]]:
    """(place, what, found) for each link in a page, the search index or a PDF that the
    allow-list refuses (`enquete.privacy.links`)."""
    page = path.relative_to(site).as_posix()
    if path.suffix.lower() in (".html", ".htm"):
        text = path.read_text(encoding="utf-8", errors="replace")
        return [("", what, found) for what, found in link_problems(text, page, files)]
    if path.name in SEARCH_INDEXES:
        text = path.read_text(encoding="utf-8", errors="replace")
        return [("", what, found) for what, found in search_index_link_problems(text, files)]
    if path.suffix.lower() == ".pdf":
        from enquete.publish.pdf import ORIGIN

        return pdf_link_problems(path, ORIGIN, files)
    return []


class Gate:
    """Scans a staged site; returns every problem, or none when it may be published.

    With `verdicts`, a file the same gate passed before, byte for byte, is not read again.
    """

    def __init__(self, matcher: Matcher, allowed: Consents, verdicts: Verdicts | None = None) -> None:
        self.matcher = matcher
        self.allowed = allowed
        self.verdicts = verdicts

    def __call__(self, site: Path, expected: Iterable[str] = ()) -> list[Problem]:
        """`expected`: files that will be published beside these but are not there yet (the
        PDFs that follow a watched build's site); a link to one of them is not a broken link."""
        problems: list[Problem] = []
        passes: list[str] = []
        paths = sorted(p for p in site.rglob("*") if p.is_file())
        files = frozenset(path.relative_to(site).as_posix() for path in paths) | frozenset(expected)
        listing = "\n".join(sorted(files)).encode()  # a link's verdict depends on the files there
        for path in paths:
            if "assets" in path.relative_to(site).parts:
                continue  # the theme's and the site's own static files, not generated from data
            page = str(path.relative_to(site))
            key = Verdicts.key(page, path.read_bytes() + b"\0" + listing) if self.verdicts else ""
            if self.verdicts and self.verdicts.passed(key):
                passes.append(key)
                continue
            found = self.scan(path, page, site, files)
            if not found:
                passes.append(key)
            problems += found
        if self.verdicts:
            self.verdicts.remember(passes)
        return problems

    def scan(self, path: Path, page: str, site: Path, files: frozenset[str]) -> list[Problem]:
        """Every problem of one published file: its name, its text, its markup, its links
        (judged against the site's `files`), its cells."""
        problems = [
            Problem(page, f"{kind} in a published file's name", found=name, expected=NO_PERSONAL_DATA)
            for kind, name in sorted({(hit.kind, hit.describe()) for hit in self.leaks(page)})
        ]
        for where, text in published_text(path):
            place = f"{page}, {where}" if where else page
            problems += [
                Problem(place, f"{kind} on a published page", found=found, expected=NO_PERSONAL_DATA)
                for kind, found in sorted({(hit.kind, hit.describe()) for hit in self.leaks(text)})
            ]
        problems += [
            Problem(page, what, found=found, expected="no executable markup from data or text")
            for what, found in executable(path)
        ]
        problems += [
            Problem(page, what, place=place or None, found=found, expected=ALLOWED)
            for place, what, found in links(path, site, files)
        ]
        problems += [
            Problem(page, what, place=place or None, found=found, expected=NO_FORMULA)
            for place, what, found in spreadsheet_problems(path)
        ]
        return problems

    def fingerprint(self) -> list[object]:
        """What the gate knows, for `verdicts.fingerprint`: its names and its consents."""
        entries = sorted((form, repr(entry)) for form, entry in self.matcher.entries.items())
        return [entries, sorted((name, units) for name, units in self.allowed.units.items())]

    def leaks(self, text: str) -> list[Hit]:
        """The hits in a text that no consent covers."""
        hits = self.matcher.find(text)
        if not any(hit.kind == GEMEENTE for hit in hits):
            return hits
        folded = fold(text)
        spans = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(folded.text)]
        starts = [folded.origin[start] for start, _, _ in spans]
        page_words = [word for _, _, word in spans]
        leaking = []
        for hit in hits:
            if hit.kind == GEMEENTE:
                first = bisect.bisect_left(starts, hit.start)
                last = bisect.bisect_left(starts, hit.end) - 1
                if self.allowed.covers(hit.name, page_words, first, last):
                    continue
            leaking.append(hit)
        return leaking


def gate_for(config: Config, analysis: Path) -> Gate:
    """The gate of this build: the population's names and contacts, the consented examples of
    every wave, and the memory of what it passed before (`enquete.privacy.verdicts`)."""
    from enquete.ingest.population import read_population
    from enquete.tables import read_csv

    invited = read_population(config.population, config.pseudonym_key)
    gemeente_of = {pseudonym: invited.names[gid] for gid, pseudonym in invited.pseudonyms.items()}
    matcher = matcher_of_population_file(config.population)
    examples = [read_csv(analysis / year / "voorbeelden.csv") for year in config.years]
    gate = Gate(matcher, consents(examples, gemeente_of, matcher))
    gate.verdicts = Verdicts(fingerprint(gate.fingerprint()))
    return gate
