"""The researcher's text files, `tekst/<year>/<page>.md`, split into the parts of the pages.

One file per page, every file optional (the agreed format is in docs/researcher.md, *Writing the
report's text*): `aanleiding.md` (chapter 1), `aanpak.md` (additions to Aanpak en respons),
`<theme id>.md` (an introduction, then the four section headings of a theme page) and
`tot-slot.md` (the closing chapter). A theme file's `##` headings must be the page's own:
another heading, or one used twice, stops the build naming the file and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from enquete.config import TEXT_FOLDER
from enquete.errors import InputError, Problem, display_path

TEXT_ROOT = Path(TEXT_FOLDER)
ORIGIN_FILE = "herkomst.yaml"  # written by `enquete tekst nieuw` (text_origin.py)

# The four sections of a theme page: key → heading, in page order.
SECTIONS = {
    "rapporten": "Wat vonden de rapporten?",
    "knelpunten": "Tegen welke knelpunten lopen gemeenten aan?",
    "oplossingen": "Welke oplossingen en goede voorbeelden zijn er?",
    "ondersteuning": "Welke landelijke ondersteuning is gewenst?",
}
CHAPTERS = ("aanleiding", "aanpak", "tot-slot")  # free Markdown pages
INTRO = "intro"
BODY = "tekst"
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class Fragment:
    """A part of a file shown in one place of a page, with the line it starts on."""

    file: str
    first_line: int
    source: str

    @property
    def empty(self) -> bool:
        return not self.source.strip()


@dataclass
class PageText:
    """The researcher's text for one page: fragments by part (intro, a section key, or tekst)."""

    page: str
    file: str
    parts: dict[str, Fragment] = field(default_factory=dict)


class TextProblem(Problem):
    """A problem in a text file, said the way an editor counts: 'tekst/2021/toegang.md, line 4: …'."""

    def describe(self) -> str:
        text = f"{self.file}, line {self.row}: {self.what}" if self.row else f"{self.file}: {self.what}"
        if self.found is not None:
            text += f"; found {self.found!r}"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        return text


def heading_key(text: str) -> str:
    """A heading as compared: case, spaces (also non-breaking) and a final '?' do not matter."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u00ad", "")
    return " ".join(folded.split()).rstrip(" ?")


SECTION_KEYS = {heading_key(heading): key for key, heading in SECTIONS.items()}


MAX_BYTES = 2_000_000  # a page's text is a few dozen kilobytes; beyond this it is not text


def read_text_file(path: Path) -> str:
    """A text file as UTF-8 (a BOM is dropped); anything else is refused naming the line."""
    if path.stat().st_size > MAX_BYTES:
        raise InputError(
            [
                TextProblem(
                    display_path(path),
                    f"is {path.stat().st_size} bytes long",
                    expected=f"a page's text of at most {MAX_BYTES} bytes",
                )
            ],
            remedy="split the text, or remove what does not belong in the report.",
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            [TextProblem(display_path(path), "is not UTF-8", row=line, expected="a UTF-8 text file")],
            remedy="save the file as UTF-8 (in most editors: Save as, encoding UTF-8).",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def wave_files(year: str, pages: list[str], root: Path = TEXT_ROOT) -> dict[str, Path]:
    """The text files of a wave by page; a file that belongs to no page is refused."""
    files, problems = wave_files_found(year, pages, root)
    if problems:
        raise InputError(problems, remedy=UNKNOWN_FILE_REMEDY)
    return files


UNKNOWN_FILE_REMEDY = "rename the file to one of the pages, or move it out of the wave's text folder."


def wave_files_found(year: str, pages: list[str], root: Path) -> tuple[dict[str, Path], list[Problem]]:
    """The text files of a wave by page, and a problem for each file that belongs to no page."""
    folder = root / year
    if not folder.is_dir():
        return {}, []
    files = {path.stem: path for path in sorted(folder.iterdir()) if path.is_file()}
    files.pop(Path(ORIGIN_FILE).stem, None)
    unknown = [path for name, path in files.items() if name not in pages or path.suffix != ".md"]
    expected = ", ".join(f"{page}.md" for page in pages)
    problems: list[Problem] = [
        TextProblem(display_path(p), "is not a page of the report", expected=expected) for p in unknown
    ]
    return {name: path for name, path in files.items() if path not in unknown}, problems


def read_wave_text(year: str, theme_ids: list[str], root: Path = TEXT_ROOT) -> dict[str, PageText]:
    """Every page text of a wave, split into its parts; all problems reported at once."""
    texts, problems = read_wave_text_found(year, theme_ids, root)
    if problems:
        raise InputError(problems, remedy=HEADING_REMEDY)
    return texts


HEADING_REMEDY = "a theme file's ## headings are the page's sections: " + "; ".join(
    f"'## {heading}'" for heading in SECTIONS.values()
)


def read_wave_text_found(
    year: str, theme_ids: list[str], root: Path = TEXT_ROOT
) -> tuple[dict[str, PageText], list[Problem]]:
    """Every page text of a wave that can be read, and every problem found reading them (a
    file that is no page, not UTF-8 or too long; a heading that is not a section): the
    other files are still read, so that one problem does not hide the others."""
    pages = [*CHAPTERS, *theme_ids]
    texts: dict[str, PageText] = {}
    files, problems = wave_files_found(year, pages, root)
    for page, path in files.items():
        shown = display_path(path)
        try:
            lines = read_text_file(path).split("\n")
        except InputError as error:
            problems += error.problems
            continue
        if page in CHAPTERS:
            texts[page] = PageText(page, shown, {BODY: Fragment(shown, 1, "\n".join(lines))})
        else:
            text, found = split_theme(page, shown, lines)
            texts[page], problems = text, problems + found
    return texts, problems


def split_theme(page: str, shown: str, lines: list[str]) -> tuple[PageText, list[Problem]]:
    """A theme file as its introduction and sections; `###` headings stay inside a section."""
    starts: list[tuple[str, int]] = [(INTRO, 0)]
    problems: list[Problem] = []
    fenced = False
    for number, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else HEADING.match(line)
        if not heading or len(heading.group(1)) > 2:
            continue
        key = SECTION_KEYS.get(heading_key(heading.group(2))) if len(heading.group(1)) == 2 else None
        if key is None or key in dict(starts):
            what = "heading used twice" if key else "heading is not a section of a theme page"
            expected = "each section heading once" if key else "one of " + ", ".join(SECTIONS.values())
            problems.append(TextProblem(shown, what, row=number + 1, found=line.strip(), expected=expected))
            continue
        starts.append((key, number + 1))
    text = PageText(page, shown)
    ends = [start - 1 for _, start in starts[1:]] + [len(lines)]  # a part ends at the next heading
    for (key, start), end in zip(starts, ends, strict=True):
        text.parts[key] = Fragment(shown, start + 1, "\n".join(lines[start:end]))
    return text, problems
