"""The site name and the navigation's titles as text, under any site engine.

They come from the configuration (title, wave labels) and the codebook (theme titles). Both
engines (Material for MkDocs and Zensical) print `site_name` and the navigation titles of
mkdocs.yml unescaped in most places, so the render stage writes them into the generated
mkdocs.yml already HTML-escaped (`escaped_settings`): whatever the engine does, `<i>` there
is shown as the characters `<i>`, never as markup. No engine hook or plugin is needed.

The few places where a theme escapes those values once more (a `title` or `aria-label`
attribute written with `| e`) would then show `&lt;i&gt;` to the reader. `repair_pages`, run by
the site step over the built HTML for either engine, turns exactly those doubly escaped
titles back into singly escaped ones; `live_titles` then checks that no title reaches any
page as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from markupsafe import escape

# Named references an engine may use for the characters of an escaped title.
NAMED = {"&": ("amp",), "<": ("lt",), ">": ("gt",), '"': ("quot",), "'": ("apos",), "/": ("sol",)}


def escaped(text: str) -> str:
    """The HTML text that shows `text` literally."""
    return str(escape(text))


def escaped_navigation(entries: list) -> list:
    """mkdocs.yml's `nav` with every title escaped; pages and sections keep their shape."""
    result = []
    for entry in entries:
        if isinstance(entry, dict):
            result.append(
                {
                    escaped(title): escaped_navigation(value) if isinstance(value, list) else value
                    for title, value in entry.items()
                }
            )
        else:
            result.append(entry)
    return result


def escaped_settings(settings: dict) -> dict:
    """The generated mkdocs.yml's settings with the site name, navigation titles and the
    report's title (`extra.titel`, for the header) as text."""
    result = dict(settings)
    if "site_name" in result:
        result["site_name"] = escaped(result["site_name"])
    if "nav" in result:
        result["nav"] = escaped_navigation(result["nav"])
    if "titel" in result.get("extra", {}):
        result["extra"] = result["extra"] | {"titel": escaped(result["extra"]["titel"])}
    return result


def titles_of(settings: dict) -> list[str]:
    """The site name and every navigation title of escaped settings, as the reader reads them."""
    found = [html.unescape(settings["site_name"])] if "site_name" in settings else []

    def walk(entries: list) -> Iterator[str]:
        for entry in entries:
            if isinstance(entry, dict):
                for title, value in entry.items():
                    yield html.unescape(title)
                    if isinstance(value, list):
                        yield from walk(value)

    found += walk(settings.get("nav", []))
    return sorted(set(found))


def any_encoding(text: str) -> str:
    """A pattern for every way HTML can write `text`: each character as itself or as a
    character reference. A bare `&` is left out: in HTML it would start a reference."""
    parts = []
    for char in text:
        forms = [f"&#0*{ord(char)};", f"&#[xX]0*{ord(char):x};"]
        forms += [f"&{name};" for name in NAMED.get(char, ())]
        if char != "&":
            forms.append(re.escape(char))
        parts.append("(?:" + "|".join(forms) + ")")
    return "".join(parts)


@cache
def doubly_escaped(title: str) -> re.Pattern[str] | None:
    """How a page writes `title` when it was escaped twice; None if escaping leaves it as is."""
    once = escaped(title)
    if once == title:
        return None
    return re.compile(any_encoding(once), re.IGNORECASE)


def repair(page: str, titles: list[str]) -> str:
    """The page with each doubly escaped title written once escaped (longest titles first, so
    a title that contains another is repaired whole)."""
    for title in sorted(titles, key=len, reverse=True):
        pattern = doubly_escaped(title)
        if pattern is not None:
            page = pattern.sub(html.escape(title, quote=True).replace("\\", "\\\\"), page)
    return page


def repair_pages(site: Path, titles: list[str]) -> None:
    """Every built page repaired in place; a page that needs nothing is not rewritten."""
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        repaired = repair(text, titles)
        if repaired != text:
            path.write_text(repaired, encoding="utf-8")


def live_titles(site: Path, titles: list[str]) -> list[tuple[str, str]]:
    """(page, title) for each title with markup characters that a built page holds as raw
    HTML: there it would be markup, not text."""
    risky = [title for title in titles if "<" in title]
    found = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [(path.relative_to(site).as_posix(), title) for title in risky if title in text]
    return found
