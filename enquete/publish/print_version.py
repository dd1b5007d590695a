"""The print version: every chapter of a wave on one page, links between pages turned into
links between chapters; and the name of the PDF printed from it."""

import re

from markupsafe import Markup


def pdf_name(year: str) -> str:
    return f"rapport-{year}.pdf"


def annex_name(year: str) -> str:
    """The technical annex printed with the report: versions, file hashes, coder agreement."""
    return f"bijlage-{year}.pdf"


def chapter_anchor(page: str) -> str:
    return "hoofdstuk-" + page.removesuffix(".md")


def print_chapters(chapters: list[tuple[str, str, str]]) -> list[dict]:
    """The pages of a wave as chapters of one page: each heading an anchor, each link to a page
    that is also a chapter a link within the print version."""
    printed = {page for page, _, _ in chapters}

    def link(match: re.Match) -> str:
        page = match.group(1) + ".md"
        return f"](#{chapter_anchor(page)})" if page in printed else match.group(0)

    result = []
    for page, title, text in chapters:
        first, _, rest = text.partition("\n")
        heading = f"{first} {{#{chapter_anchor(page)}}}"
        body = re.sub(r"\]\(([a-z0-9_-]+)\.md\)", link, rest)
        result.append({"anchor": chapter_anchor(page), "title": title, "text": Markup(f"{heading}\n{body}")})
    return result
