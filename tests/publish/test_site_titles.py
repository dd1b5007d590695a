"""The site name and navigation titles are text under any engine: escaped in the generated
mkdocs.yml, repaired where a theme escaped them twice, refused where one would be markup."""

from __future__ import annotations

import html
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from enquete.publish.site_titles import escaped, escaped_settings, live_titles, repair, titles_of

PIECES = ["<i>", "</i>", "<script>", "</script>", "&amp;", "&lt;", "&#60;", "&", "<", ">", '"', "'", "/", "—"]
titles = st.lists(
    st.sampled_from(PIECES) | st.text(alphabet="ab é;#x", max_size=4), min_size=1, max_size=8
).map("".join)


def minijinja_escape(text: str) -> str:
    """How Zensical's templates escape (`/` too, quotes as named references)."""
    return html.escape(text, quote=True).replace("/", "&#x2f;")


@given(titles, titles, titles)
def test_generated_settings_hold_every_title_escaped_and_give_them_back(
    site: str, page: str, section: str
) -> None:
    settings = {"site_name": site, "nav": [{page: "a.md"}, {section: [{page: "b/a.md"}, "c.md"]}]}
    written = escaped_settings(settings)
    assert written["site_name"] == escaped(site)
    assert "<" not in str(written) and all(">" not in key for key in written["nav"][0])
    assert written["nav"][1][escaped(section)][1] == "c.md"  # shape and pages kept
    assert titles_of(written) == sorted({site, page, section})


@given(titles, st.sampled_from([html.escape, minijinja_escape, escaped]))
def test_a_title_escaped_twice_is_repaired_to_once_and_once_stays(title: str, escape) -> None:
    once = escaped(title)
    twice = escape(once)
    page = f'<a title="{twice}">x</a><span>{twice}</span><p>{once}</p>'
    repaired = repair(page, [title])
    for value in (repaired.split('"')[1], repaired.split("<span>")[1].split("</span>")[0]):
        assert html.unescape(value) == title
    assert repaired.endswith(f"<p>{once}</p>")  # a correctly escaped title is left alone
    assert repair(repaired, [title]) == repaired


@given(titles)
def test_a_title_escaped_once_is_left_as_it_is(title: str) -> None:
    assert repair(f"<nav>{escaped(title)}</nav>", [title]) == f"<nav>{escaped(title)}</nav>"


def test_a_live_title_is_refused_page_by_page(tmp_path: Path) -> None:
    title = "Rapport <i>schuin</i> & <script>alert(1)</script>"
    (tmp_path / "archief").mkdir()
    (tmp_path / "index.html").write_text(f"<nav>{title}</nav>", encoding="utf-8")
    (tmp_path / "archief/a.html").write_text(f"<nav>{escaped(title)}</nav>", encoding="utf-8")
    assert live_titles(tmp_path, [title, "Gewoon"]) == [("index.html", title)]
