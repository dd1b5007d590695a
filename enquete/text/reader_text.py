"""Researcher text as the reader reads it: the checks' one view of a part.

The page shows a part after Markdown: emphasis marks gone, `&nbsp;` a space, `\\*` a star, a
link its words, a footnote at the end of the section. A check that read the Markdown source
would miss a count typed as `1&#51; gemeenten` or hidden in a link's title, and would read
`**13**` as something else than '13'. So every text check reads the part as Python-Markdown
renders it for the page (the same extensions), taken from the HTML: the text of every
element, each link title and image alt text as a unit of its own, footnotes included; the
footnote numbers and back links that Markdown adds are left out. Each block (paragraph, list
item, heading, table cell, footnote) is separated from the next by a blank line.

To name the line of each finding, every non-blank source line gets an invisible marker at its
end (a character of Unicode plane 16 that stands for the line) before rendering; every
character of the reader's text takes the line of the first marker after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown

from enquete.text.references import Rendered

LINE_BASE = 0x100000  # supplementary private use area B: one character per source line
LAST_LINE = 0x10FFFD
MAX_LINES = LAST_LINE - LINE_BASE + 1
BLOCKS = {"p", "li", "ul", "ol", "blockquote", "div", "pre", "hr", "table", "thead", "tbody", "tfoot"}
BLOCKS |= {"tr", "td", "th", "caption", "dl", "dt", "dd", "section", "article", "figure", "figcaption"}
BLOCKS |= {f"h{level}" for level in range(1, 7)}
HIDDEN = {"script", "style", "template", "head", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
GENERATED = {"footnote-ref", "footnote-backref"}  # Markdown's footnote numbers and back links
READ_ATTRIBUTES = ("title", "alt")
# Lines that a marker at their end would change the meaning of: rules, setext underlines,
# link reference definitions.
UNMARKED = re.compile(r"^ {0,3}(?:(?:[-*_]\s*){3,}|=+\s*|\[(?!\^)[^\]]*\]:.*)$")
TRAILING = re.compile(r"\s*$")


MAX_BRACKETS = 32  # Markdown reads nested [ ] in quadratic time; no text needs more than a few


class TextTooLarge(ValueError):
    """A part that cannot be rendered for the checks: more lines than the line markers can
    name, or brackets nested deeper than Markdown reads in reasonable time."""

    def __init__(self, what: str, line: int = 0) -> None:
        super().__init__(what)
        self.what = what
        self.line = line


def bracket_depth(text: str, first_line: int) -> tuple[int, int]:
    """How deeply unescaped square brackets nest, and the line where that depth is reached."""
    level = deepest = 0
    line = where = first_line
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            level += 1
            if level > deepest:
                deepest, where = level, line
        elif char == "]":
            level = max(0, level - 1)
        elif char == "\n":
            line += 1
    return deepest, where


@dataclass
class ReaderText(Rendered):
    """A part as the reader reads it, with references as their markers and the line of each
    character in the file."""

    lines: list[int] = field(default_factory=list)
    strong: list[tuple[int, int]] = field(default_factory=list)  # spans set in bold

    def line_at(self, position: int, first_line: int = 1) -> int:
        if not self.lines:
            return first_line
        return self.lines[min(max(position, 0), len(self.lines) - 1)]

    def is_bold(self, start: int, end: int) -> bool:
        """Whether the text from start to end is set in bold as a whole."""
        return any(first <= start and end <= last for first, last in self.strong)


def reader_text(rendered: Rendered, first_line: int) -> ReaderText:
    """The part as the page renders it; raises `TextTooLarge`, or RecursionError on Markdown
    nested beyond Python-Markdown's reach (the caller refuses both)."""
    deepest, line = bracket_depth(rendered.text, first_line)
    if deepest > MAX_BRACKETS:
        raise TextTooLarge(f"has square brackets nested {deepest} deep (at most {MAX_BRACKETS})", line)
    annotated, file_lines = with_line_markers(rendered, first_line)
    html = markdown.markdown(
        annotated,
        extensions=["footnotes", "sane_lists"],
        output_format="html",
    )
    reader = ReaderParser(file_lines, first_line)
    reader.feed(html)
    reader.close()
    text, lines = reader.finish()
    return ReaderText(text, rendered.references, rendered.extra_lines, lines, reader.strong)


def with_line_markers(rendered: Rendered, first_line: int) -> tuple[str, list[int]]:
    """The source with a marker at the end of each non-blank line (and before a reference that
    spans lines, after which the text is on a later line), and the line each marker stands for."""
    out: list[str] = []
    marker_lines: list[int] = []
    line_number = first_line

    def marker() -> str:
        if len(marker_lines) == MAX_LINES:
            raise TextTooLarge(f"has more than {MAX_LINES} lines")
        marker_lines.append(line_number)
        return chr(LINE_BASE + len(marker_lines) - 1)

    for line in rendered.text.split("\n"):
        unmarked = not line.strip() or UNMARKED.match(line)
        cut = TRAILING.search(line).start()
        chars: list[str] = []
        for char in line[:cut]:
            index = rendered.marker_index(char)
            extra = (
                rendered.extra_lines[index] if index is not None and index < len(rendered.extra_lines) else 0
            )
            if extra and not unmarked:
                chars.append(marker())
            chars.append(char)
            line_number += extra
        if not unmarked:
            chars.append(marker())
        out.append("".join(chars) + line[cut:])
        line_number += 1
    return "\n".join(out), marker_lines


class ReaderParser(HTMLParser):
    """Collects the text a reader reads from rendered Markdown, with the line of each character."""

    def __init__(self, file_lines: list[int], first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.file_lines = file_lines
        self.chars: list[str] = []
        self.lines: list[int] = []
        self.pending = 0  # characters from here on wait for the marker of their line
        self.last_line = first_line
        self.hidden: list[str] = []  # open elements whose text the reader does not read
        self.bold: list[int] = []
        self.strong: list[tuple[int, int]] = []
        self.attributes: list[tuple[str, int]] = []  # (title or alt text, position)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        generated = bool(classes & GENERATED)
        if self.hidden or tag in HIDDEN or generated:
            if tag not in VOID:
                self.hidden.append(tag)
            return
        if tag in BLOCKS:
            self.block()
        elif tag == "br":
            self.add(" ")
        if tag in ("strong", "b"):
            self.bold.append(len(self.chars))
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and value.strip():
                self.attributes.append((value, len(self.chars)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag in self.hidden:
                del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag) :]
            return
        if tag in BLOCKS:
            self.block()
        if tag in ("strong", "b") and self.bold:
            self.strong.append((self.bold.pop(), len(self.chars)))

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.add(data)

    def add(self, data: str) -> None:
        for char in data:
            code = ord(char)
            if LINE_BASE <= code <= LAST_LINE:
                self.mark(self.file_lines[code - LINE_BASE])
            else:
                self.chars.append(" " if char in "\n\r\t" else char)

    def mark(self, line: int) -> None:
        """The characters since the last marker are on this line."""
        self.lines += [line] * (len(self.chars) - len(self.lines))
        self.pending = len(self.chars)
        self.last_line = line

    def block(self) -> None:
        """A blank line between blocks, once."""
        if self.chars and "".join(self.chars[-2:]) != "\n\n":
            self.chars += "\n\n"

    def finish(self) -> tuple[str, list[int]]:
        """The text with each title and alt text appended as a block, and every line."""
        self.mark(self.last_line)
        for value, position in self.attributes:
            line = self.lines[position] if position < len(self.lines) else self.last_line
            self.block()
            self.chars += [char for char in value if not LINE_BASE <= ord(char) <= LAST_LINE]
            self.lines += [line] * (len(self.chars) - len(self.lines))
        self.lines += [self.last_line] * (len(self.chars) - len(self.lines))
        return "".join(self.chars), self.lines
