"""The Zensical-built site opened from disk (file://), in Debian's Chromium: no script errors,
the charts draw, and search finds a knelpunt through the offline index (`search.js`).

The same check for Material for MkDocs is in tests/test_browser.py.
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
from enquete.publish.engines import VARIABLE
from enquete.publish.pdf import CHARTS_DRAWN
from tests.browser_support import chromium_or_skip
from tests.projects import copy_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> Path:
    return chromium_or_skip()


@pytest.fixture(scope="module")
def site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    result = subprocess.run(
        [sys.executable, "-m", "enquete", "build", "--directory", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {VARIABLE: "zensical", "ENQUETE_CHROMIUM": "off"},  # the PDF is not read here
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'content="zensical-' in (project / "site/index.html").read_text(encoding="utf-8")
    return project / "site"


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def test_search_finds_a_knelpunt_opened_from_disk(site: Path, browser: Browser) -> None:
    """Zensical draws its own search dialog (the header's search button opens it). Its count
    line is English ("8 results"): one of the things it does not yet cover in Dutch."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto((site / "financien.html").as_uri())
    tab.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    tab.locator(".md-search__button").first.click()
    tab.wait_for_timeout(500)
    tab.keyboard.type("kostendelersnorm", delay=20)  # the dialog's field has the focus
    count = tab.get_by_text(re.compile(r"^\s*\d+ results?\s*$")).first
    count.wait_for(timeout=30_000)
    assert int(count.inner_text().split()[0]) > 0
    context.close()
    assert not errors, errors
