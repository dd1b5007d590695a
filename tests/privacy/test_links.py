"""The link allow-list: generated variants of hostile targets are dropped by the sanitiser of
researcher text and refused by the gate on any page and in any URL attribute; the report's own
links (relative, root-relative, anchors, http(s), mailto) pass.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.privacy.links import link_problem, link_problems, researcher_link, target
from enquete.text.references import Rendered
from enquete.text.text_html import researcher_html
from tests.conftest import PROJECT

FILES = frozenset(
    {"index.html", "toegang.html", "404.html", "downloads.html", "downloads/cijfers-2019.csv"}
    | {"archief/2017/index.html", "archief/2017/toegang.html", "archief/2017/downloads/cijfers-2017.csv"}
    | {"assets/css/rapport.css", "assets/js/rapport.js", "search/search_index.json"}
)
PAGES = sorted(name for name in FILES if name.endswith(".html"))
HOSTILE = [
    "//evil.example/x",
    "//evil.example",
    "///evil.example/x",
    "../../raw/population.csv",
    "../raw/population.csv",
    "../../../etc/passwd",
    "/etc/passwd",
    "/raw/population.csv",
    "raw/population.csv",
    "javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/png;base64,AAAA",
    "file:///etc/passwd",
    "ftp://evil.example/x",
    "http:evil.example",
    "https:/evil.example",
    "https:///evil.example",
    "blob:https://evil.example/x",
]
SCHEMES = ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,x", "file:///etc/passwd"]
EDGE = ["", " ", "\t", "\n", "\x01", "\x00", "\x1f", "\u00ad", "\u200b", "\ufeff", " \t\n "]
INSIDE = ["\t", "\n", "\r"]
URL_PLACES = [
    ("a", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("form", "action"),
    ("button", "formaction"),
    ("svg:a", "xlink:href"),
    ("object", "data"),
    ("video", "poster"),
    ("blockquote", "cite"),
    ("link", "href"),
    ("iframe", "src"),
    ("a", "ping"),
]


def random_case(draw: st.DrawFn, text: str) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c for c in text)


@st.composite
def hostile_target(draw: st.DrawFn) -> str:
    """A hostile target written the way an attacker varies it, as a browser would still follow it."""
    value = draw(st.sampled_from(HOSTILE))
    if draw(st.booleans()):
        value = random_case(draw, value)
    if draw(st.booleans()):  # a browser reads a backslash as a slash
        value = "".join("\\" if c == "/" and draw(st.booleans()) else c for c in value)
    if draw(st.booleans()):  # tabs and line breaks inside are dropped by the browser
        at = draw(st.integers(0, len(value)))
        value = value[:at] + draw(st.sampled_from(INSIDE)) + value[at:]
    if value.startswith(("..", "/", "r")) and draw(st.booleans()):  # percent-encoded path
        value = "".join(quote(c, safe="") if c in "./" and draw(st.booleans()) else c for c in value)
    return draw(st.sampled_from(EDGE)) + value + draw(st.sampled_from(EDGE))


def in_attribute(draw: st.DrawFn, value: str) -> str:
    """The value as it stands in HTML: plain, or with some characters as entities."""
    if draw(st.booleans()):
        return html.escape(value, quote=True)
    return "".join(f"&#{ord(c)};" if draw(st.booleans()) or c in '"<>&' else c for c in value)


@settings(max_examples=400, deadline=None)
@given(hostile_target(), st.sampled_from(URL_PLACES), st.sampled_from(PAGES), st.data())
def test_the_gate_refuses_every_hostile_target_in_every_url_attribute(
    value: str, place: tuple[str, str], page: str, data: st.DataObject
) -> None:
    tag, attribute = place
    written = in_attribute(data.draw, value)
    page_html = f'<html><body><{tag} {attribute}="{written}">x</{tag}></body></html>'
    found = link_problems(page_html, page, FILES)
    assert found, page_html  # (a srcset split at its commas may give more than one)
    assert all(what.startswith("link that is not allowed") for what, _ in found), found


@settings(max_examples=400, deadline=None)
@given(hostile_target())
def test_the_sanitiser_drops_every_hostile_target_from_researcher_text(value: str) -> None:
    markdown_link = f"Zie [de bron](<{value}>) en <a href='{html.escape(value)}'>deze</a>."
    shown = str(researcher_html(Rendered(markdown_link, [], []), "t", lambda _: ""))
    assert researcher_link(value) in (None, *(f"https://evil.example{path}" for path in ("", "/x"))), value
    # Markdown reads a backslash escape first: what stays must be a plain http(s) link
    hrefs = re.findall(r'href="([^"]*)"', shown)
    assert all(target(html.unescape(href)).kind == "external" for href in hrefs), shown
    assert all(html.unescape(href).lower().startswith("https://evil.example") for href in hrefs), shown
    assert "Zie" in shown, shown


@st.composite
def own_link(draw: st.DrawFn) -> tuple[str, str]:
    """(page, link) from a page to a file of the site, as MkDocs and the templates write it."""
    page = draw(st.sampled_from(PAGES))
    wanted = draw(st.sampled_from(sorted(FILES)))
    relative = posixpath.relpath(wanted, posixpath.dirname(page) or ".")
    link = "/" + wanted if draw(st.booleans()) else relative  # root-relative, as on the 404 page
    if wanted.endswith("index.html") and draw(st.booleans()):
        link = link.removesuffix("index.html") or "./"
    if draw(st.booleans()):
        link += draw(st.sampled_from(["#respons", "#hoofdstuk-toegang", "?v=1", "#"]))
    return page, link


@settings(max_examples=300, deadline=None)
@given(own_link())
def test_links_to_the_sites_own_files_pass(case: tuple[str, str]) -> None:
    page, link = case
    assert link_problem(link, page, FILES) is None, case


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["http", "https", "HTTPS", "Http"]),
    st.sampled_from(["www.movisie.nl", "rijksoverheid.nl", "a.b.example"]),
    st.sampled_from(["", "/", "/publicaties/rapport?x=1#y"]),
    st.sampled_from(PAGES),
)
def test_http_https_and_mailto_pass(scheme: str, host: str, path: str, page: str) -> None:
    url = f"{scheme}://{host}{path}"
    assert link_problem(url, page, FILES) is None
    assert researcher_link(url) == url
    assert link_problem("mailto:info@movisie.nl", page, FILES) is None
    assert link_problem(f"#{host}", page, FILES) is None


def test_a_page_link_in_researcher_text_points_to_the_page_the_site_writes() -> None:
    shown = str(
        researcher_html(Rendered("[Toegang](toegang.md#respons) en [a](aanpak.md)", [], []), "t", str)
    )
    assert 'href="toegang.html#respons"' in shown and 'href="aanpak.html"' in shown


def test_a_page_the_site_does_not_have_is_refused_and_climbing_out_is_refused() -> None:
    assert link_problem("bestaat-niet.html", "index.html", FILES)
    assert link_problem("../index.html", "index.html", FILES)  # above the site's root
    assert link_problem("../../../index.html", "archief/2017/index.html", FILES)
    assert link_problem("../../index.html", "archief/2017/index.html", FILES) is None
    assert link_problem("%2e%2e/%2e%2e/index.html", "archief/2017/index.html", FILES) is None
    assert link_problem("%2e%2e/%2e%2e/%2e%2e/etc/passwd", "archief/2017/index.html", FILES)


PLANTED_LINKS = (
    "\n\nZie [de bron](//evil.example/x), [het bestand](../../raw/population.csv), [dit](/etc/passwd),\n"
    "[dat](<\\\\evil.example\\x>), [de toegang](toegang.md) en [Movisie](HTTPS://www.movisie.nl).\n"
)
# Researcher text may hold no typed number at all (the text checks refuse it before the gate
# runs), so the numbers are planted in a good example and a contact's name in the text.
PLANTED_DATA = {
    "tekst/2019/financien.md": "\n\nVraag het na bij Marieke Bosmans team.\n",
    "raw/2019/voorbeelden.csv": " (Kerkweg 12, 1234 AB; rekening NL91 ABNA 0417 1643 00; BSN 123.456.782)",
}


@pytest.mark.slow
def test_a_demo_with_planted_links_and_personal_data_publishes_none_of_them(tmp_path: Path) -> None:
    """The demo (with its researcher text) and planted links, a postcode, an IBAN, a possessive
    contact name and a BSN: the gate refuses naming each file; without the personal data the
    demo builds, the links neutralised and the page links kept, and no page holds a refused link."""
    from tests.workflow.test_end_to_end import copy_project

    project = copy_project(tmp_path / "demo")
    shutil.copytree(PROJECT / "tekst", project / "tekst")
    (project / "tekst/2019/toegang.md").write_text(
        (PROJECT / "tekst/2019/toegang.md").read_text(encoding="utf-8") + PLANTED_LINKS, encoding="utf-8"
    )
    finance = project / "tekst/2019/financien.md"
    finance.write_text(
        finance.read_text(encoding="utf-8") + PLANTED_DATA["tekst/2019/financien.md"], encoding="utf-8"
    )
    examples = project / "raw/2019/voorbeelden.csv"
    original_examples = examples.read_text(encoding="utf-8")
    rows = original_examples.split("\n")
    rows[1] = rows[1].replace(
        ",1,Beschikking door de opvang,",
        f',1,"Beschikking door de opvang{PLANTED_DATA["raw/2019/voorbeelden.csv"]}",',
    )
    examples.write_text("\n".join(rows), encoding="utf-8")
    env = os.environ | {"ENQUETE_CHROMIUM": "off"}
    build = [sys.executable, "-m", "enquete", "build", "--directory", str(project)]
    refused = subprocess.run(build, capture_output=True, text=True, check=False, env=env)
    assert refused.returncode != 0
    for found in (
        "'1234 AB'",
        "'NL91 ABNA 0417 1643 00'",
        "'123.456.782'",
        "'Marieke Bosmans (Marieke Bosman)'",
    ):
        assert found in refused.stderr + refused.stdout, found
    assert "voorbeelden.html: BSN on a published page" in refused.stderr + refused.stdout
    assert "financien.html: contactpersoon on a published page" in refused.stderr + refused.stdout
    assert "Traceback" not in refused.stderr
    finance.write_text((PROJECT / "tekst/2019/financien.md").read_text(encoding="utf-8"), encoding="utf-8")
    examples.write_text(original_examples, encoding="utf-8")
    built = subprocess.run(build, capture_output=True, text=True, check=False, env=env)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    page = (site / "toegang.html").read_text(encoding="utf-8")
    assert "evil.example" not in page and "population.csv" not in page and "/etc/passwd" not in page
    assert 'href="toegang.html"' in page and 'href="HTTPS://www.movisie.nl"' in page
    files = frozenset(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        assert link_problems(path.read_text(encoding="utf-8"), name, files) == [], name
