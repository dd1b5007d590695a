"""The site as ministry readers use it: in a browser.

Debian's Chromium, driven by Playwright, opens every page of the demo site from a local web
server, at desktop and at phone width: no script errors, every chart draws its bars, axe-core
finds no WCAG 2.1 A/AA violation (at either width), every link resolves, and every page stays
under the weight budget. Opened from disk (file://) the charts draw and search finds a
knelpunt. The print version and the PDF hold every chapter. Screenshots and the measured page
weights are kept in test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from enquete.publish.browser import LAUNCH_ARGS
from enquete.publish.pdf import A4_TEXT_WIDTH, CHARTS_DRAWN
from tests.browser_support import chromium_or_skip, serve
from tests.conftest import PROJECT

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

ARTIFACTS = PROJECT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
BUDGET = 1_500_000  # bytes transferred per page, everything the page loads included
AXE = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
       "resultTypes": ["violations"]}  # fmt: skip
THEMES = ["toegang", "financien", "huisvesting", "begeleiding", "samenwerking"]

CHARTS = """() => Array.from(document.querySelectorAll(".plotly-graph-div")).map((chart) => ({
    id: chart.id,
    svg: chart.querySelectorAll("svg.main-svg").length,
    bars: Array.from(chart.querySelectorAll(".barlayer .point path"))
        .filter((bar) => bar.getBBox().width > 0).length,
    points: chart.querySelectorAll(".scatterlayer .point").length,
    width: chart.getBoundingClientRect().width,
    label: chart.closest("[role=img]") ? chart.closest("[role=img]").getAttribute("aria-label") : "",
}))"""
LINKS = "() => Array.from(document.querySelectorAll('a[href]')).map((link) => link.href)"
IDS = "() => Array.from(document.querySelectorAll('[id], a[name]')).map((e) => e.id || e.name)"


@dataclass
class Visit:
    """What one page showed and loaded, at one width."""

    page: str
    errors: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    transferred: int = 0  # bytes over the network, compressed as a web server sends them
    uncompressed: int = 0  # the same files as they are on disk (what file:// reads)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def chromium() -> Path:
    return chromium_or_skip()


@pytest.fixture(scope="module")
def site(chromium: Path, shared_demo: Path) -> Path:
    return shared_demo / "site"


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def pages_of(site: Path) -> list[str]:
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))


def screenshot_path(width: str, page: str) -> Path:
    path = ARTIFACTS / "screenshots" / width / (page.replace("/", "__").removesuffix(".html") + ".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def visit(
    browser: Browser, site: Path, url: str, page: str, viewport: dict, width: str, *, measure: bool
) -> Visit:
    """Open a page in a fresh browser context (an empty cache) and record what happened."""
    from axe_playwright_python.sync_playwright import Axe

    result = Visit(page)
    context = browser.new_context(viewport=viewport, locale="nl-NL", is_mobile=width == "phone")
    tab = context.new_page()
    requests = []
    tab.on("pageerror", lambda error: result.errors.append(f"script error: {error}"))
    tab.on("console", lambda message: result.errors.append(f"console: {message.text}")
           if message.type == "error" else None)  # fmt: skip
    tab.on("requestfailed", lambda request: result.errors.append(f"failed: {request.url}"))
    tab.on("requestfinished", lambda request: requests.append(request))
    response = tab.goto(url + page, wait_until="load")
    if response is None or response.status != 200:
        result.errors.append(f"status {response.status if response else 'none'}")
    tab.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    if measure:
        tab.wait_for_load_state("networkidle")
        for request in requests:
            sizes = request.sizes()
            result.transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            result.uncompressed += (site / unquote(urlsplit(request.url).path).lstrip("/")).stat().st_size
        result.links = tab.evaluate(LINKS)
        result.ids = set(tab.evaluate(IDS))
    result.violations = Axe().run(tab, options=AXE).response["violations"]
    result.charts = tab.evaluate(CHARTS)
    tab.screenshot(path=screenshot_path(width, page), full_page=page != "printversie.html")
    context.close()
    return result


@pytest.fixture(scope="module")
def visits(site: Path, browser: Browser) -> dict[str, dict[str, Visit]]:
    """Every page at desktop width (with links and weight) and at phone width, each with axe."""
    found: dict[str, dict[str, Visit]] = {"desktop": {}, "phone": {}}
    with serve(site) as url:
        for page in pages_of(site):
            found["desktop"][page] = visit(browser, site, url, page, DESKTOP, "desktop", measure=True)
            found["phone"][page] = visit(browser, site, url, page, PHONE, "phone", measure=False)
    write_weights(site, found["desktop"])
    return found


def write_weights(site: Path, desktop: dict[str, Visit]) -> None:
    """test-artifacts/page-weights.csv: what each page transferred (docs/privacy-and-publication.md)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "page-weights.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["page", "transferred_bytes", "uncompressed_bytes", "charts"])
        for page, result in sorted(desktop.items()):
            writer.writerow([page, result.transferred, result.uncompressed, len(result.charts)])


def test_every_page_opens_without_errors(visits: dict[str, dict[str, Visit]]) -> None:
    problems = [f"{width} {page}: {error}" for width, results in visits.items()
                for page, result in results.items() for error in result.errors]  # fmt: skip
    assert not problems, "\n".join(problems)
    assert len(visits["desktop"]) >= 25


def test_every_chart_draws_its_bars(site: Path, visits: dict[str, dict[str, Visit]]) -> None:
    problems = []
    for width, results in visits.items():
        limit = (DESKTOP if width == "desktop" else PHONE)["width"]
        for page, result in results.items():
            expected = (site / page).read_text(encoding="utf-8").count('class="plotly-graph-div"')
            if len(result.charts) != expected:
                problems.append(f"{width} {page}: {len(result.charts)} of {expected} charts drawn")
            for chart in result.charts:
                marks = chart["bars"] if chart["id"].startswith("grafiek-") else chart["points"]
                if not chart["svg"] or not marks:
                    problems.append(f"{width} {page}: {chart['id']} has no bars or points")
                if chart["width"] > limit:
                    problems.append(f"{width} {page}: {chart['id']} is wider than the screen")
                if not re.search(r"\d+ van \d+", chart["label"]):
                    problems.append(f"{width} {page}: {chart['id']} has no text alternative with numbers")
    assert not problems, "\n".join(problems)
    theme_page = visits["desktop"]["toegang.html"].charts
    # knelpunten, solutions and national support each have a chart of their own
    assert [chart["id"] for chart in theme_page] == [
        "grafiek-toegang",
        "grafiek-toegang-oplossingen",
        "grafiek-toegang-ondersteuning",
    ]
    assert {chart["id"] for chart in visits["desktop"]["vergelijking.html"].charts} == {
        f"vergelijking-{theme}" for theme in THEMES
    }


def test_axe_finds_no_wcag_violations_on_any_page(visits: dict[str, dict[str, Visit]]) -> None:
    problems = [
        f"{width} {page}: {violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["html"][:120] for node in violation["nodes"][:3])
        for width, results in visits.items()
        for page, result in results.items()
        for violation in result.violations
    ]
    assert not problems, "\n".join(problems)


def test_every_link_resolves(site: Path, visits: dict[str, dict[str, Visit]]) -> None:
    problems = []
    desktop = visits["desktop"]
    for page, result in desktop.items():
        for link in result.links:
            parts = urlsplit(link)
            if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
                continue  # the site links nowhere else; a link elsewhere is not followed offline
            target = unquote(parts.path).lstrip("/") or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (site / target).is_file():
                problems.append(f"{page}: {link} → no such file")
            elif parts.fragment and target in desktop and parts.fragment not in desktop[target].ids:
                problems.append(f"{page}: {link} → no element with that id")
    assert not problems, "\n".join(problems)
    assert sum(len(result.links) for result in desktop.values()) > 100


def test_every_page_weighs_less_than_the_budget(visits: dict[str, dict[str, Visit]]) -> None:
    heavy = {page: result.transferred for page, result in visits["desktop"].items()
             if not 0 < result.transferred < BUDGET}  # fmt: skip
    assert not heavy, heavy


def test_charts_draw_and_search_finds_a_knelpunt_opened_from_disk(site: Path, browser: Browser) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto((site / "financien.html").as_uri())
    tab.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    assert tab.locator("#grafiek-financien .barlayer .point").count() > 0
    tab.locator("label.md-search__icon, .md-search__input").first.click()
    tab.locator("input.md-search__input").press_sequentially("kostendelersnorm", delay=20)  # as typed
    results = tab.locator(".md-search-result__item")
    results.first.wait_for(timeout=30_000)
    found = " ".join(results.all_inner_texts())
    assert "Financiële situatie cliënt" in found
    tab.screenshot(path=screenshot_path("desktop", "zoeken-kostendelersnorm-file"))
    context.close()
    assert not errors, errors


def test_the_print_version_holds_every_chapter_and_fits_a4(site: Path, browser: Browser) -> None:
    html = (site / "printversie.html").read_text(encoding="utf-8")
    for chapter in ["index", "aanpak", *THEMES, "voorbeelden", "vergelijking", "verantwoording"]:
        assert f'id="hoofdstuk-{chapter}"' in html, chapter
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH, "height": 1000}, locale="nl-NL")
    tab = context.new_page()
    tab.emulate_media(media="print")
    tab.goto((site / "printversie.html").as_uri())
    tab.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    charts = tab.evaluate(CHARTS)
    # every chart of the wave: up to three per theme page and one per theme of the comparison
    expected = html.count('class="plotly-graph-div"')
    assert expected >= 15 and len(charts) == expected
    assert all(chart["width"] <= A4_TEXT_WIDTH for chart in charts)
    assert not tab.locator(".md-header").is_visible() and not tab.locator(".md-sidebar").first.is_visible()
    context.close()


def test_the_pdf_holds_every_chapter_on_a4(site: Path) -> None:
    from pypdf import PdfReader

    pdf = site / "downloads/rapport-2019.pdf"
    assert (site / "archief/2017/downloads/rapport-2017.pdf").is_file()
    reader = PdfReader(pdf)
    assert reader.metadata.title == "Knelpunten in de vrouwenopvang — Meting 2019 (fictief)"
    assert reader.metadata.creation_date.year == 2020  # the publication date, not the clock
    a4 = (595.3, 841.9)  # points: 210 × 297 mm
    sizes = {(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages}
    assert all(abs(width - a4[0]) < 1.5 and abs(height - a4[1]) < 1.5 for width, height in sizes), sizes
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for title in ["Samenvatting", "Aanpak en respons", "2. Toegang", "3. Financiële situatie cliënt",
                  "4. Huisvesting", "5. Begeleiding en nazorg", "6. Samenwerking en overleg",
                  "Goede voorbeelden", "Vergelijking met de nulmeting", "Verantwoording"]:  # fmt: skip
        assert title in outline, title
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "13 van 23" in text and "Toegang" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # a tagged PDF
    html = (site / "downloads.html").read_text(encoding="utf-8")
    assert 'href="downloads/rapport-2019.pdf"' in html
