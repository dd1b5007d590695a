"""Whether a built page (or the search index's HTML) can run anything the site did not ship.

Respondent and researcher text is escaped where it lands; this check is the net under that
rule, used by the publication gate on every page and by the tests. A page may run only the
site's own scripts: files under `assets/` of the site itself, the theme's few inline start-up
scripts and the inline calls that draw the charts. Anything else is refused: a script from
elsewhere or with unknown inline code, an event attribute (`onclick=`, also when written with
attr_list as `{: onclick=… }`), a `javascript:`, `vbscript:` or `data:text/html` URL in any
attribute, `srcdoc`, and frames, objects and embeds.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

# Inline scripts of the theme (mkdocs-material, and Zensical's classic theme, which also
# restores the reader's colour palette) and of plotly's chart calls, by their start.
OWN_INLINE_SCRIPTS = (
    "__md_scope=new URL(",
    'var palette=__md_get("__palette");',
    "var target=document.getElementById(location.hash.slice(1))",
    "window.PLOTLYENV=window.PLOTLYENV",
)
DATA_SCRIPT_TYPES = ("application/json",)
FORBIDDEN_TAGS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base")
DANGEROUS_URL = re.compile(r"^(?:javascript|vbscript|data:text/html|data:image/svg)", re.IGNORECASE)
CHART_LINK = re.compile(r"<a\b[^>]*(?:javascript|vbscript)\s*:", re.IGNORECASE)  # plotly draws <a href>
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2060\ufeff]+")


def dangerous_value(value: str) -> bool:
    """A URL-like value a browser would execute, however it is spaced or cased."""
    return bool(DANGEROUS_URL.match(INVISIBLE.sub("", value)))


class SafetyCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.script: dict[str, str | None] | None = None
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(("event attribute on a published page", f"<{tag} {name}={value!r}>"))
            elif name == "srcdoc":
                self.found.append(("srcdoc attribute on a published page", f"<{tag} srcdoc>"))
            elif value and dangerous_value(value):
                self.found.append(("executable URL on a published page", f"<{tag} {name}={value!r}>"))
        if tag in FORBIDDEN_TAGS:
            self.found.append((f"<{tag}> on a published page", f"<{tag}>"))
        if tag == "script":
            self.script = dict(attrs)
            self.script_text = []
            source = self.script.get("src")
            if source is not None and not own_asset(source):
                self.found.append(("script from outside the site's assets", source))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self.script is None:
            return
        text = "".join(self.script_text).strip()
        kind = (self.script.get("type") or "").lower()
        if self.script.get("src") is None and text:
            if kind in DATA_SCRIPT_TYPES:
                pass  # data, not code
            elif not text.startswith(OWN_INLINE_SCRIPTS):
                self.found.append(("inline script that is not the site's own", text[:120]))
            elif CHART_LINK.search(text.replace("\\u003c", "<").replace("\\u003e", ">")):
                self.found.append(("executable link inside a chart's data", text[:120]))
        self.script = None


def own_asset(source: str) -> bool:
    """A relative URL into the site's assets folder: no scheme, no host, no way up and out."""
    source = source.strip()
    if re.match(r"^[a-z][a-z0-9+.\-]*:|^//", source, re.IGNORECASE):
        return False
    parts = [part for part in source.split("?")[0].split("/") if part not in ("", ".", "..")]
    return bool(parts) and parts[0] == "assets"


def unsafe_markup(html_text: str) -> list[tuple[str, str]]:
    """(what, found) for everything executable in one page that is not the site's own."""
    check = SafetyCheck()
    check.feed(html_text)
    check.close()
    return check.found


# The search index as each site engine writes it: Material for MkDocs (search/, with the .js
# copy of its offline plugin) and Zensical (at the site's root, the same two forms).
SEARCH_INDEXES = frozenset({"search_index.json", "search_index.js", "search.json", "search.js"})


def search_documents(index_text: str) -> list[dict]:
    """The index's entries: `docs` in Material for MkDocs' index, `items` in Zensical's."""
    data = json.loads(index_text[index_text.index("{") :].rstrip().removesuffix(";"))
    return list(data.get("docs", data.get("items", [])))


def unsafe_search_index(index_text: str) -> list[tuple[str, str]]:
    """The search index holds each section's HTML, which the search box shows: same check."""
    found: list[tuple[str, str]] = []
    for document in search_documents(index_text):
        for field in ("title", "text"):
            found += unsafe_markup(str(document.get(field, "")))
    return found
