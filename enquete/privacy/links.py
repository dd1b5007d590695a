"""One allow-list of link targets, for the sanitiser of researcher text and the publication gate.

A published page may point to:

- `http://…`, `https://…` with a host, and `mailto:…` — the outside world a reader may visit;
- an anchor on the same page (`#respons`);
- a file of the report itself: a relative or root-relative path (`toegang.html`,
  `../../downloads/cijfers-2019.csv`, `/index.html` on the 404 page) that, resolved from the
  page's own folder, stays inside the site and names a file the built site holds (or a folder
  with its `index.html`). "Own" is decided by the site's file list, not by a pattern.

Everything else is refused: other schemes (`javascript:`, `data:`, `file:`, `vbscript:`),
protocol-relative targets (`//evil.example/…`, also as `\\\\evil.example` or `/\\evil`),
`http:` without a host, paths that climb out of the site (`../../raw/population.csv`) or name
a file the site does not have (`/etc/passwd`). A value is judged the way a browser reads it
(WHATWG URL): leading and trailing control characters and spaces are dropped, tabs and line
breaks inside are removed (`java⇥script:`), a backslash counts as a slash, the scheme's case
does not matter; the path is judged percent-decoded. Entities are decoded by the HTML parser
before a value gets here.

Researcher text is written before the site exists, so its sanitiser allows only what the
text's Markdown can name of the report: a page of the same wave by file name (`toegang.md`
becomes `toegang.html`, optionally with an anchor); the gate checks that the page exists.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Set
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from enquete.privacy.page_safety import search_documents

ALLOWED_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite", "background"}
    | {"ping", "longdesc", "usemap", "manifest", "codebase", "archive", "lowsrc", "dynsrc", "icon"}
    | {"profile", "classid", "itemtype"}
)
LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})  # "url 2x, url 640w"
EDGES = "".join(map(chr, range(0x21))) + "\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff"
INSIDE = re.compile(r"[\t\n\r\u00ad\u200b-\u200d\u2060\ufeff]")
ASCII_WHITESPACE = re.compile(r"[\t\n\f\r ]+")  # what HTML splits a srcset on
DESCRIPTOR = re.compile(r"[0-9]+(?:\.[0-9]+)?[wxh]")  # "2x", "640w"
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
PAGE_LINK = re.compile(r"^([a-z0-9_-]+)\.(?:md|html)(#[\w-]*)?$", re.IGNORECASE)
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)
ALLOWED = "http(s) or mailto, an anchor, or a file of this site"


@dataclass(frozen=True)
class Target:
    """A link target as a browser reads it, and what kind it is."""

    kind: str  # "external", "anchor", "path" or "refused"
    url: str  # the value after the browser's clean-up; for "path" the decoded path
    why: str = ""


def browser_form(value: str) -> str:
    """The value as a browser's URL parser sees it: edges trimmed, tabs and line breaks gone,
    a backslash a slash."""
    return INSIDE.sub("", value.strip(EDGES)).replace("\\", "/")


def target(value: str) -> Target:
    """Which kind of target a link value is, judged on its browser form."""
    url = browser_form(value)
    scheme = SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name not in ALLOWED_SCHEMES:
            return Target("refused", url, f"scheme '{name}:' is not allowed")
        if name == "mailto":
            return Target("external", url)
        if not urlsplit(url).netloc or not url[len(name) + 1 :].startswith("//"):
            return Target("refused", url, f"'{name}:' without a host")
        return Target("external", url)
    if url.startswith("//"):
        return Target("refused", url, "protocol-relative link to another host")
    if url == "" or url.startswith(("#", "?")):
        return Target("anchor", url)
    path = unquote(urlsplit(url).path)
    if "\x00" in path or "\\" in path:
        return Target("refused", url, "path with a control character or backslash")
    return Target("path", path)


def researcher_link(value: str) -> str | None:
    """A researcher's link as the page gets it, or None when the allow-list drops it.

    External links stay; a link to a report page by its file name (`toegang.md`,
    `toegang.html#respons`) points to the page the site writes (`toegang.html`). Anchors are
    for the caller (footnotes); every other relative target is dropped, as the text cannot
    know the site's files.
    """
    found = target(value)
    if found.kind == "external":
        return found.url
    page = PAGE_LINK.match(browser_form(value))
    if found.kind == "path" and page:
        return f"{page.group(1)}.html{page.group(2) or ''}"
    return None


def own_file(path: str, page: str, files: Set[str]) -> bool:
    """Whether a decoded path, resolved from `page` (site-relative, posix), names a site file;
    a path that climbs above the site's root is never one."""
    parts = [] if path.startswith("/") else page.split("/")[:-1]
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return False
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    name = "/".join(parts)
    folder_index = posixpath.join(name, "index.html") if name else "index.html"
    if path.endswith("/") or not name:
        return folder_index in files
    return name in files or folder_index in files


def link_problem(value: str, page: str, files: Set[str]) -> str | None:
    """Why a link value on `page` is not allowed, or None when it is."""
    found = target(value)
    if found.kind in ("external", "anchor"):
        return None
    if found.kind == "refused":
        return found.why
    if own_file(found.url, page, files):
        return None
    return "points outside the site or to a file the site does not have"


def link_values(tag: str, attrs: list[tuple[str, str | None]]) -> Iterator[tuple[str, str]]:
    """(attribute, value) for every link target in one start tag."""
    attributes = dict(attrs)
    for name, value in attrs:
        if value is None:
            continue
        if name in URL_ATTRIBUTES:
            yield name, value
        elif name in LIST_ATTRIBUTES:  # every token that is not a descriptor is judged as a URL,
            for candidate in value.split(","):  # so a control character cannot hide the real one
                for token in ASCII_WHITESPACE.split(candidate):
                    if token and not DESCRIPTOR.fullmatch(token):
                        yield name, token
        elif (
            name == "content" and tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh"
        ):
            refresh = REFRESH_URL.search(value)
            if refresh:
                yield name, refresh.group(1)


class LinkCollector(HTMLParser):
    """Every link target in a page, with the tag and attribute it stands in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value) for name, value in link_values(tag, attrs)]


def link_problems(html_text: str, page: str, files: Set[str]) -> list[tuple[str, str]]:
    """(what, found) for every link on one page (site-relative path `page`) the list refuses."""
    collector = LinkCollector()
    collector.feed(html_text)
    collector.close()
    problems = []
    for tag, name, value in collector.found:
        why = link_problem(value, page, files)
        if why:
            problems.append((f"link that is not allowed ({why})", f"<{tag} {name}={value!r}>"))
    return problems


def search_index_link_problems(index_text: str, files: Set[str]) -> list[tuple[str, str]]:
    """The search index's result locations and the links in its HTML, as from each result's page."""
    problems = []
    for document in search_documents(index_text):
        location = str(document.get("location", ""))
        page = urlsplit(browser_form(location)).path or "index.html"
        why = link_problem(location, "index.html", files)
        if why:
            problems.append((f"search result that is not allowed ({why})", location))
        for field in ("title", "text"):
            problems += link_problems(str(document.get(field, "")), page, files)
    return problems


PDF_ACTIONS_REFUSED = ("/Launch", "/GoToR", "/GoToE", "/JavaScript", "/ImportData", "/SubmitForm")


def pdf_link_problems(path: Path, origin: str, files: Set[str]) -> list[tuple[str, str, str]]:
    """(page, what, found) for each link of a PDF the list refuses. The print version's own
    links come out of the browser as absolute URLs under `origin`; they must name site files."""
    from pypdf import PdfReader

    problems = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            kind = str(action.get("/S", ""))
            if kind in PDF_ACTIONS_REFUSED:
                problems.append((f"PDF page {number}", f"PDF link action {kind} is not allowed", kind))
            elif kind == "/URI":
                uri = str(action.get("/URI", ""))
                own = uri.startswith(origin + "/")
                why = link_problem(uri[len(origin) :] if own else uri, "index.html", files)
                if why:
                    problems.append((f"PDF page {number}", f"link that is not allowed ({why})", uri))
    return problems
