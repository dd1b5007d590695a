"""The text a reader sees on a built page: what the page says, and what a screen reader reads.

Shared by the tests that make sure reader pages never show the build's own vocabulary:
base-rule ids, figure ids, or English words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# Elements whose content is not shown as text.
HIDDEN = {"script", "style", "template", "noscript", "svg"}
# Attributes a screen reader reads out.
READ_ATTRIBUTES = ("aria-label", "alt", "title")

BASE_RULE_IDS = (
    "valid_answer",
    "theme_respondents",
    "parent_counted",
    "population",
    "respondents",
    "invited",
)
# English words of the build's vocabulary that have no place in a Dutch report ("kind" and
# "of" are left out: they are Dutch words too).
ENGLISH_WORDS = (
    "the", "and", "base", "figure", "figures", "count", "rule", "theme", "themes", "valid",
    "answer", "answers", "coded", "none", "null", "nan", "true", "false", "yes", "source",
    "label", "reached", "missing", "unknown", "error", "warning", "page", "question", "total",
    "complete", "partial", "online only", "verdict", "change", "clear", "probably",
)  # fmt: skip


class VisibleText(HTMLParser):
    """Collects the text of a page outside hidden elements, plus the attributes read aloud."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def forbidden_on_page(text: str, figure_ids: set[str]) -> list[str]:
    """Every base-rule id, figure id and English word the text contains."""
    found = [rule for rule in BASE_RULE_IDS if re.search(rf"\b{rule}\b", text)]
    found += sorted(figure_id for figure_id in figure_ids if figure_id in text)
    found += [
        word for word in ENGLISH_WORDS if re.search(rf"(?<![\w/.-]){re.escape(word)}(?![\w/.-])", text, re.I)
    ]
    return found


def reader_pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "assets" not in path.parts)
