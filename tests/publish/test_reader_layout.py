"""The demo site as a policy reader sees it on a laptop (1280 px) and a phone (390 px).

The comparison page must not scroll sideways: no element sticks out of the viewport unless it
sits in a container that visibly scrolls (one that takes keyboard focus, as assets/js/rapport.js
gives every wide table), and at laptop width its tables fit without scrolling at all. Its
charts are drawn within their own width. The caution that a small difference is no
demonstrable change is said once per theme, not after every figure. Every page's header and
sidebar name the page's own wave, and on a phone the header still shows it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from enquete.publish.browser import LAUNCH_ARGS
from tests.browser_support import chromium_or_skip, serve
from tests.projects import copy_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SMALL_CHANGE = "geen aantoonbare verandering"

# Elements of the page (header and text column) that stick out of the viewport, each unless an
# ancestor is a visibly scrollable container: it scrolls sideways, fits the viewport itself and
# takes keyboard focus. The closed search panel and the navigation drawer are not looked at.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => {
    const style = getComputedStyle(element);
    return ["auto", "scroll"].includes(style.overflowX) && element.scrollWidth > element.clientWidth
      && element.getBoundingClientRect().right <= width + 1 && element.getAttribute("tabindex") === "0";
  };
  const inside = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (scrolls(parent)) return true;
    }
    return false;
  };
  const unseen = (element) => {  // inside a visually hidden box (1 px, clipped: for screen readers)
    for (let parent = element; parent; parent = parent.parentElement) {
      const box = parent.getBoundingClientRect();
      if (getComputedStyle(parent).overflow === "hidden" && box.width <= 1 && box.height <= 1) return true;
    }
    return false;
  };
  const found = [];
  for (const root of document.querySelectorAll(".md-header, .md-content")) {
    for (const element of root.querySelectorAll("*")) {
      if (element.closest("svg")) continue;  // a chart's parts: its own test below
      if (element.closest(".md-search")) continue;  // the closed search panel, laid out unseen
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if ((box.right > width + 1 || box.left < -1) && !inside(element) && !unseen(element)) {
        const name = `${element.tagName.toLowerCase()}.${element.className}`;
        found.push(`${name} ${Math.round(box.left)}–${Math.round(box.right)}`);
      }
    }
  }
  const page = document.scrollingElement;
  return {scrollWidth: page.scrollWidth, clientWidth: page.clientWidth, found: found.slice(0, 20)};
}"""

# Comparison tables whose own box scrolls sideways (a laptop must not need that).
SCROLLING_TABLES = """() => Array.from(document.querySelectorAll(".vergelijking-tabel")).filter((box) =>
  Array.from(box.querySelectorAll("*")).concat([box]).some((e) => e.scrollWidth > e.clientWidth + 1
    && ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
).map((box) => box.querySelector("caption").textContent)"""

# Per chart: its width, the width of the SVG drawn in it, and any text drawn outside it.
CHARTS = """() => Array.from(document.querySelectorAll(".plotly-graph-div")).map((chart) => {
  const box = chart.getBoundingClientRect();
  const svg = chart.querySelector("svg.main-svg").getBoundingClientRect();
  const outside = Array.from(chart.querySelectorAll("text")).filter((text) => {
    const t = text.getBoundingClientRect();
    return t.width > 0 && (t.right > box.right + 1 || t.left < box.left - 1);
  }).map((text) => text.textContent);
  return {id: chart.id, width: box.width, svg: svg.width, right: box.right, outside: outside};
})"""

# The visible text of each theme section: from its h2 to the next.
SECTIONS = """() => {
  const result = {};
  let current = null;
  for (const element of document.querySelector(".md-content article").children) {
    if (element.tagName === "H2") { current = element.textContent.trim(); result[current] = ""; }
    else if (current) { result[current] += "\\n" + element.innerText; }
  }
  return result;
}"""

HEADER_WAVE = """() => {
  const wave = document.querySelector(".md-header__topic .kop-meting");
  if (!wave) return null;
  const box = wave.getBoundingClientRect();
  return {text: wave.textContent.trim(), left: box.left, right: box.right,
          width: document.documentElement.clientWidth, clipped: wave.scrollWidth > wave.clientWidth + 1};
}"""
SIDEBAR_TITLE = "() => document.querySelector('.md-nav--primary > .md-nav__title').textContent.trim()"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chromium_or_skip()
    project = copy_project(tmp_path_factory.mktemp("layout") / "project")
    result = subprocess.run(
        [sys.executable, "-m", "enquete", "build", "--directory", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"ENQUETE_CHROMIUM": "off"},  # no PDF: these tests read pages
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_or_skip()), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with serve(site) as address:
        yield address


def opened(browser: Browser, url: str, page: str, width: str) -> tuple[Page, object]:
    context = browser.new_context(viewport=WIDTHS[width], locale="nl-NL", is_mobile=width == "phone")
    tab = context.new_page()
    tab.goto(url + page, wait_until="load")
    tab.wait_for_load_state("networkidle")
    return tab, context


@pytest.mark.parametrize("width", WIDTHS)
def test_the_comparison_page_does_not_scroll_sideways(browser: Browser, url: str, width: str) -> None:
    tab, context = opened(browser, url, "vergelijking.html", width)
    try:
        tab.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        tab.evaluate("() => window.dispatchEvent(new Event('resize'))")  # rapport.js marks wide tables
        tab.wait_for_timeout(300)
        measured = tab.evaluate(OVERFLOW)
        assert measured["scrollWidth"] <= measured["clientWidth"], measured
        assert measured["found"] == [], measured["found"]
        assert tab.locator(".vergelijking-tabel table").count() >= 10  # two per theme
        if width == "desktop":
            assert tab.evaluate(SCROLLING_TABLES) == []
        charts = tab.evaluate(CHARTS)
        assert len(charts) == 5
        for chart in charts:
            assert chart["svg"] <= chart["width"] + 1, chart
            assert chart["right"] <= WIDTHS[width]["width"], chart
            assert chart["outside"] == [], chart
    finally:
        context.close()


def test_the_small_change_caution_is_said_at_most_once_per_theme(browser: Browser, url: str) -> None:
    tab, context = opened(browser, url, "vergelijking.html", "desktop")
    try:
        sections = tab.evaluate(SECTIONS)
    finally:
        context.close()
    themes = ["Toegang", "Financiële situatie cliënt", "Huisvesting", "Begeleiding en nazorg"]
    themes += ["Samenwerking en overleg"]
    assert set(themes) <= set(sections)
    for title, text in sections.items():
        assert text.count(SMALL_CHANGE) <= 1, title
        assert "kwamen er 1 bij" not in text and "vielen er 1 af" not in text, title
        assert "Iets minder" not in text or "naar 0)" not in text, title
    assert sum(text.count(SMALL_CHANGE) for text in sections.values()) >= 1  # said, not dropped


@pytest.mark.parametrize(
    ("page", "wave"),
    [("index.html", "Meting 2019 (fictief)"), ("vergelijking.html", "Meting 2019 (fictief)")]
    + [
        (f"archief/2017/{name}", "Nulmeting 2017")
        for name in ("index.html", "toegang.html", "verantwoording.html")
    ],
)
@pytest.mark.parametrize("width", WIDTHS)
def test_header_and_sidebar_name_the_pages_own_wave(
    browser: Browser, url: str, page: str, wave: str, width: str
) -> None:
    tab, context = opened(browser, url, page, width)
    try:
        header = tab.evaluate(HEADER_WAVE)
        sidebar = tab.evaluate(SIDEBAR_TITLE)
    finally:
        context.close()
    assert header is not None and header["text"] == wave, header
    assert header["left"] >= 0 and header["right"] <= header["width"] and not header["clipped"], header
    assert sidebar.endswith(wave), sidebar
    other = "Nulmeting 2017" if wave != "Nulmeting 2017" else "Meting 2019"
    assert other not in sidebar, sidebar


SUMMARY_LISTS = """() => Array.from(document.querySelectorAll(".md-content article p + ul")).map((list) => ({
  heading: list.previousElementSibling.textContent.trim(),
  items: Array.from(list.children).map((item) => item.textContent.trim()),
}))"""


@pytest.mark.parametrize("page", ["index.html", "archief/2017/index.html"])
def test_the_summary_lists_no_figure_under_a_heading_it_contradicts(
    browser: Browser, url: str, page: str
) -> None:
    tab, context = opened(browser, url, page, "desktop")
    try:
        lists = [found for found in tab.evaluate(SUMMARY_LISTS) if found["heading"].endswith("rond:")]
    finally:
        context.close()
    assert lists and lists[0]["heading"] == "De centrumgemeenten noemen vooral problemen rond:"
    for found in lists:
        for item in found["items"]:
            share = re.search(r"(\d+) van (\d+) centrumgemeenten", item)
            assert share, item
            count, base = int(share.group(1)), int(share.group(2))
            if "vooral" in found["heading"]:
                assert count / base > 0.25, (found["heading"], item)
            else:
                assert found["heading"].startswith(("Een klein deel", "Geen centrumgemeente")), found
                assert count / base <= 0.25, (found["heading"], item)
    if page.startswith("archief/2017"):  # the case a reader found
        small = [found for found in lists if found["heading"].startswith("Een klein deel")]
        assert small and any("2 van 20" in item for item in small[0]["items"]), lists
