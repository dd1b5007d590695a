"""Researcher Markdown as the page shows it: rendered by Python-Markdown, sanitised by nh3.

The text is rendered as one Markdown document per part (so a footnote may be referenced
anywhere in its section), then cleaned by nh3 to the few tags the agreed format needs: no
script, no event attribute, no style, no `javascript:` URL can survive, whatever was typed.

MkDocs must not read the result a second time (it would interpret what nh3 let through as
Markdown), yet its table of contents and the print version's anchors need the headings. So
the sanitised HTML is split at its headings: each heading goes to the page as a Markdown
heading with every character escaped, and each stretch between headings as one single-line
`<div class="onderzoekstekst" markdown="0">` block, which Markdown passes through untouched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import nh3
from markupsafe import Markup, escape

from enquete.privacy.links import researcher_link
from enquete.text.references import Rendered

TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "sup", "div", "hr", "code"}
TAGS |= {f"h{level}" for level in range(1, 7)}
ATTRIBUTES = {"a": {"href", "title"}, "sup": {"id"}, "li": {"id"}, "ol": {"start"}}  # classes: CLASSES
CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
FOOTNOTE_ID = re.compile(r"^(#?)(fn|fnref):([\w-]+)$")


def researcher_html(
    rendered: Rendered, anchor: str, mark: Callable[[int], bool | str], footnotes_before: int = 0
) -> tuple[Markup, int]:
    """A part's Markdown for the page: headings as Markdown, the rest as sanitised HTML; and
    how many footnotes the page has up to and including this part.

    `anchor` makes footnote ids unique on the page (and in the print version), and the
    footnotes are numbered on after the page's `footnotes_before` (Markdown numbers each part
    from 1, and a page shows several parts); `mark(i)` says how reference i is marked in a
    concept build: True or 'voorlopig' for a provisional figure, another label ('te
    herschrijven') for a copied sentence whose figure moved, '' for none.
    """
    body = markdown.markdown(
        rendered.text,
        extensions=["footnotes", "sane_lists"],
        extension_configs={"footnotes": {"BACKLINK_TITLE": "Terug naar voetnoot %d in de tekst"}},
        output_format="html",
    )
    body, count = numbered_on(body, footnotes_before)
    clean = nh3.clean(
        body,
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=lambda tag, name, value: safe_attribute(tag, name, value, anchor),
    )
    blocks: list[str] = []
    position = 0
    for heading in HEADING.finditer(clean):
        blocks.append(html_block(clean[position : heading.start()], rendered, mark))
        blocks.append(markdown_heading(int(heading.group(1)), heading.group(2), rendered, mark))
        position = heading.end()
    blocks.append(html_block(clean[position:], rendered, mark))
    return Markup("\n\n".join(block for block in blocks if block)), footnotes_before + count


FOOTNOTE_NUMBER = re.compile(r'(<a class="footnote-ref" href="#fn:[^"]*">)(\d+)(</a>)')
BACKLINK_NUMBER = re.compile(r'(title="Terug naar voetnoot )(\d+)( in de tekst")')
FOOTNOTE_LIST = re.compile(r'(<div class="footnote">\s*<hr\s*/?>\s*<ol)>')


def numbered_on(body: str, before: int) -> tuple[str, int]:
    """Markdown's footnotes of one part numbered from `before` + 1, and how many there are."""
    count = body.count('<li id="fn:')
    if before and count:

        def shift(match: re.Match) -> str:
            return f"{match.group(1)}{int(match.group(2)) + before}{match.group(3)}"

        body = FOOTNOTE_NUMBER.sub(shift, body)
        body = BACKLINK_NUMBER.sub(shift, body)
        body = FOOTNOTE_LIST.sub(lambda match: f'{match.group(1)} start="{before + 1}">', body, count=1)
    return body, count


def safe_attribute(tag: str, name: str, value: str, anchor: str) -> str | None:
    """Only the footnotes' own ids, and links the allow-list keeps (`enquete.privacy.links`)."""
    if name == "id" or (name == "href" and value.startswith("#")):
        footnote = FOOTNOTE_ID.match(value)
        return f"{footnote.group(1)}{anchor}-{footnote.group(2)}-{footnote.group(3)}" if footnote else None
    if name == "href":
        return researcher_link(value)  # the allow-list: http(s), mailto or a page of the report
    return value


def html_block(fragment: str, rendered: Rendered, mark: Callable[[int], bool | str]) -> str:
    text = " ".join(fragment.split())
    if not text:
        return ""
    return f'<div class="onderzoekstekst" markdown="0">{with_values(text, rendered, mark)}</div>'


def with_values(text: str, rendered: Rendered, mark: Callable[[int], bool | str]) -> str:
    """Markers replaced by their values; a provisional one marked for eye and screen reader."""
    out = []
    for char in text:
        index = rendered.marker_index(char)
        if index is None:
            out.append(char)
            continue
        value = str(escape(rendered.references[index].text))
        label = mark_label(mark(index))
        if label:
            value = f'<mark class="{label.replace(" ", "-")}">{value} <small>({label})</small></mark>'
        out.append(value)
    return "".join(out)


def mark_label(mark: bool | str) -> str:
    return "voorlopig" if mark is True else mark or ""


def markdown_heading(level: int, inner: str, rendered: Rendered, mark: Callable[[int], bool | str]) -> str:
    """A heading as literal Markdown text (h1 becomes h2: the page title is the build's)."""
    from enquete.publish.page_text import literal

    words = html.unescape(re.sub(r"<[^>]+>", "", inner))
    shown = "".join(heading_char(char, rendered, mark) for char in words)
    return f"{'#' * max(level, 2)} {escape(literal(shown))}"  # escaped again: no tag from &lt;


def heading_char(char: str, rendered: Rendered, mark: Callable[[int], bool | str]) -> str:
    index = rendered.marker_index(char)
    if index is None:
        return char
    label = mark_label(mark(index))
    return rendered.value_of(char) + (f" ({label})" if label else "")
