"""The report as a PDF: Chromium prints each wave's print version on A4.

Why Chromium and not a pure-Python renderer such as WeasyPrint: the charts are drawn by
plotly.js, and only a browser runs it; a PDF without its charts is not the report. The
site step therefore prints `printversie.html` with the Chromium the operating system
installs, before the new site replaces the old one. Without Chromium the render step plans
no PDF and the pages say so (see `enquete.publish.browser`).

Offline and the same on every run, wherever the project lives:

- the pages are served to the browser from the staging folder under a fixed, unreachable
  origin (`http://rapport.invalid/`), every other request is refused, so the PDF neither
  depends on nor contains the build directory or the network;
- the page printed is not the print page itself but the paged document made from it
  (`enquete.publish.print_document`): paged.js lays it out on A4 pages with a cover, a
  contents list with page numbers and a running header, in the fonts the site ships; a
  table that still does not fit its page stops the print with a message;
- each wave gives two PDFs: the report, and its technical annex (`bijlage-<year>.pdf`);
- Chromium stamps the current time into every PDF and numbers tagged table cells by DOM
  node; both are made fixed (`normalise`), so two prints are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from enquete.errors import InputError, Problem
from enquete.files import write_atomically
from enquete.publish.browser import LAUNCH_ARGS, find_chromium, missing_message
from enquete.publish.pdf_cache import CACHE, MISSING, cached_pdf, printer_identity, remember, sha256
from enquete.publish.print_document import REPORT, PrintPageError, documents, layout_version

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

PDF_PLAN = "pdf.json"  # next to report/mkdocs.yml: which print pages become which PDF
ORIGIN = "http://rapport.invalid"
A4_TEXT_WIDTH = 658  # CSS px: 210 mm paper minus 2 × 18 mm margins, at 96 px per inch
MARGINS = {"top": "18mm", "right": "18mm", "bottom": "20mm", "left": "18mm"}
FOOTER = (
    '<div style="width: 100%; margin: 0 18mm; font-size: 8pt; color: #333; '
    'font-family: system-ui, sans-serif; display: flex; justify-content: space-between;">'
    '<span class="title"></span><span>pagina <span class="pageNumber"></span> van '
    '<span class="totalPages"></span></span></div>'
)
LAYOUTS = 4  # a page holding only a stray line is laid out again, at most this often
LAID_OUT = "() => document.documentElement.dataset.opgemaakt === 'ja'"  # set by printversie.js
CHARTS_DRAWN = """() => document.fonts.status === "loaded" && Array.from(
    document.querySelectorAll(".plotly-graph-div")).every((chart) => chart.querySelector("svg.main-svg"))"""
# Files of the whole site that a printed page never shows: the theme's search (of either
# engine) fetches its index, which changes with every page of every wave. Served while
# printing, they would make each wave's PDF a stale cache entry whenever any other page
# changed, and print it again.
SITE_WIDE = frozenset(
    {
        "search/search_index.json",
        "search/search_index.js",
        "search.json",
        "search.js",
        "sitemap.xml",
        "sitemap.xml.gz",
    }
)
NODE_IDS = re.compile(rb"\(node([0-9]{8})\)")
DATES = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)[0-9]{14}\+00'00'")


def read_plan(plan_file: Path) -> list[dict]:
    """The render step's plan: each PDF with its print page (none without Chromium)."""
    return json.loads(plan_file.read_text(encoding="utf-8")) if plan_file.is_file() else []


def make_pdfs(site: Path, plan_file: Path, cache: Path = CACHE, only_cached: bool = False) -> list[Path]:
    """Every page in the render step's plan as its PDF inside `site`: printed, or unchanged.

    A PDF whose print page, assets, plan entry and printer are byte for byte those of an
    earlier print is taken from the cache (`enquete.publish.pdf_cache`); the rest are printed by
    one Chromium, started only when there is something to print. With `only_cached` the rest
    are left out (they follow the site, `enquete.publish.pdf_follow_up`); the PDFs placed are
    returned.
    """
    plan = read_plan(plan_file)
    if not plan:
        return []
    chromium = find_chromium()
    if chromium is None:
        raise InputError(
            [Problem(str(plan_file), "the report's PDF is planned but Chromium is missing")],
            remedy=f"{missing_message()}, then run the build again.",
        )
    printer = printer_identity(chromium) | {"layout": layout_version()}
    to_print = []
    for item in plan:
        data = cached_pdf(cache, site, item, printer)
        if data is None:
            to_print.append(item)
        else:
            write_atomically(site / item["pdf"], data)
    if only_cached:
        return [site / item["pdf"] for item in plan if item not in to_print]
    from playwright.sync_api import Error

    try:
        with ThreadPoolExecutor(max_workers=1) as thread:  # see print_all
            thread.submit(print_all, chromium, site, to_print, cache, printer).result()
    except Error as error:
        raise InputError(
            [Problem(str(chromium), "Chromium could not print the report's PDF", found=str(error)[:600])],
            remedy="the previous site is left as it was; repair or reinstall Chromium "
            "(apt-get install chromium), or build without the PDF: ENQUETE_CHROMIUM=off make report.",
        ) from error
    return [site / item["pdf"] for item in plan]


def print_all(chromium: Path, site: Path, plan: list[dict], cache: Path, printer: dict) -> None:
    """Print the planned pages with one Chromium, and remember what each was printed from.

    Runs in a thread of its own: the build runs its steps inside Snakemake's asyncio loop,
    and Playwright's synchronous API refuses to run in a thread that has one.
    """
    if not plan:
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        try:
            for item in plan:
                served: dict[str, str] = {}
                printed = print_paged(browser, site, item, served)
                data = normalise(printed, item["epoch"])
                write_atomically(site / item["pdf"], data)
                remember(cache, item, printer, served, data)
        finally:
            browser.close()


def print_paged(browser: Browser, site: Path, item: dict, served: dict[str, str]) -> bytes:
    """One planned PDF: the part (report or annex) of the print page, laid out by paged.js."""
    page_path = item["page"]
    source = (site / page_path).read_bytes()
    served[page_path] = sha256(source)
    try:
        laid_out = documents(source.decode("utf-8"), item)[item.get("part", REPORT)]
    except PrintPageError as error:
        raise InputError([Problem(str(site / page_path), str(error))]) from error
    context = browser.new_context(
        viewport={"width": A4_TEXT_WIDTH, "height": 1000}, locale="nl-NL", service_workers="block"
    )
    try:
        context.route("**/*", lambda route: serve(route, site, served, {page_path: laid_out}))
        page = context.new_page()
        page.emulate_media(media="print")
        pushed: list[int] = []
        for _ in range(LAYOUTS):
            page.goto(f"{ORIGIN}/{page_path}?duw={','.join(map(str, pushed))}", wait_until="load")
            page.wait_for_function(LAID_OUT, timeout=120_000)
            strays = [
                block for block in page.evaluate("() => window.rapportLosseRegels()") if block not in pushed
            ]
            if not strays:
                break
            pushed = sorted(pushed + strays)
        too_wide = page.evaluate("() => window.rapportTeBreed()")
        if too_wide:
            raise InputError(
                [Problem(item["pdf"], "a table is wider than the page", found=table) for table in too_wide],
                remedy="shorten the table's headers or split it into two tables.",
            )
        return page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=True)
    finally:
        context.close()


def print_page(browser: Browser, site: Path, page_path: str, title: str, served: dict[str, str]) -> bytes:
    """A page of its own as it is, on A4 with page numbers in the footer (the questionnaire)."""
    context = browser.new_context(
        viewport={"width": A4_TEXT_WIDTH, "height": 1000}, locale="nl-NL", service_workers="block"
    )
    try:
        context.route("**/*", lambda route: serve(route, site, served))
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(f"{ORIGIN}/{page_path}", wait_until="load")
        page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
        page.evaluate("(title) => { document.title = title; }", title)  # the PDF's title
        return page.pdf(
            format="A4",
            margin=MARGINS,
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            tagged=True,
            outline=True,
        )
    finally:
        context.close()


def serve(route: Route, site: Path, served: dict[str, str], documents: dict[str, str] | None = None) -> None:
    """Answer the browser from the site folder, noting what it read; anything else is refused.

    `documents` are pages made while printing (the paged report made from the print page):
    served instead of the file of that name, and recorded by the file they were made from."""
    url = urlsplit(route.request.url)
    if f"{url.scheme}://{url.netloc}" != ORIGIN:
        route.abort()
        return
    path = (site / unquote(url.path).lstrip("/")).resolve()
    if not path.is_relative_to(site.resolve()):
        route.fulfill(status=404, body="")
        return
    relative = path.relative_to(site.resolve()).as_posix()
    if documents and relative in documents:
        route.fulfill(status=200, body=documents[relative], content_type="text/html; charset=utf-8")
        return
    if relative in SITE_WIDE:
        route.fulfill(status=404, body="")  # not shown on paper; unrecorded, so no reprint follows it
        return
    if not path.is_file():
        served[relative] = MISSING
        route.fulfill(status=404, body="")
        return
    body = path.read_bytes()
    served[relative] = sha256(body)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=body, content_type=kind)


def normalise(data: bytes, epoch: int) -> bytes:
    """The PDF with its creation and modification dates set to `epoch` (UTC), and the node
    numbers of its tagged tables in order.

    Only digits change, never their number, so the PDF keeps its length and the byte offsets
    in its cross-reference table stay valid. Chromium writes no document id or other clock
    value: with these fixed, two prints of the same page are identical.
    """
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y%m%d%H%M%S").encode()
    dated = DATES.sub(lambda match: match.group(1) + stamp + b"+00'00'", data)
    # A tagged PDF names each table header cell after its DOM node (`/ID (node00000272)`,
    # and `/Headers` points to it); the browser's node numbers vary from print to print.
    # They are renumbered in order of appearance, with as many digits, so the length stays.
    numbers: dict[bytes, bytes] = {}

    def renumber(match: re.Match) -> bytes:
        old = match.group(1)
        new = numbers.setdefault(old, str(len(numbers) + 1).zfill(len(old)).encode())
        return b"(node" + new + b")"

    return NODE_IDS.sub(renumber, dated)
