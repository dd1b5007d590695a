"""The paged documents made from a print page: every chapter in the report, in order, each
once; the Verantwoording's technical sections in the annex and nowhere else; a print page
that is not the render step's refused with a message. Tested on generated print pages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enquete.publish.print_document import ANNEX, REPORT, PrintPageError, documents

META = {
    "title": "Knelpunten — Meting 2019",
    "date": "Gepubliceerd op 2 maart 2020",
    "annex": "bijlage-2019.pdf",
}
ANCHOR = st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True).filter(lambda name: name != "verantwoording")
TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ëé’", min_size=1, max_size=30).map(str.strip).filter(bool)
TECHNICAL = ["herkomst-van-de-cijfers", "codering-van-de-open-antwoorden", "nog-te-coderen"]
ORDINARY = ["methode", "privacy", "controle-met-het-gepubliceerde-rapport"]


def print_page(chapters: list[tuple[str, str]], sections: list[str]) -> str:
    account = '<h1 id="hoofdstuk-verantwoording">Verantwoording</h1><p>Inleiding.</p>' + "".join(
        f'<h2 id="{section}">{section}</h2><p>tekst van {section}</p>' for section in sections
    )
    body = "".join(
        f'<h1 id="hoofdstuk-{anchor}">{title}</h1><p>over {title}</p>' for anchor, title in chapters
    )
    return (
        '<html><body><article class="md-content__inner md-typeset">'
        "<h1>Knelpunten</h1><p><em>Enquête — Meting 2019</em></p>"
        '<div class="admonition warning"><p class="admonition-title">Fictieve gegevens</p>'
        "<p>Fictief.</p></div>"
        '<script src="assets/js/plotly-basic-4.1.1/plotly-basic.min.js"></script>'
        f"{body}{account}</article></body></html>"
    )


@given(
    st.lists(st.tuples(ANCHOR, TEXT), min_size=1, max_size=6, unique_by=lambda chapter: chapter[0]),
    st.lists(st.sampled_from(TECHNICAL + ORDINARY), unique=True),
    st.sampled_from(["", "_1", "_2"]),
)
def test_each_chapter_is_in_the_report_once_and_the_technical_sections_only_in_the_annex(
    chapters: list[tuple[str, str]], sections: list[str], suffix: str
) -> None:
    sections = [section + suffix if section in TECHNICAL else section for section in sections]
    made = documents(print_page(chapters, sections), META)
    report, annex = made[REPORT], made[ANNEX]
    found = re.findall(r'<section class="hoofdstuk" id="sectie-([^"]+)">', report)
    assert found == [anchor for anchor, _ in chapters] + ["verantwoording"]
    contents = re.findall(r'<a href="#hoofdstuk-([^"]+)">', report.split("</nav>")[0])
    assert contents == found  # the contents list names every chapter, in order
    for section in sections:
        technical = section.rsplit("_", 1)[0] in TECHNICAL or section in TECHNICAL
        assert (f"tekst van {section}<" in annex) == technical
        assert (f"tekst van {section}<" in report) != technical
    assert ("bijlage-2019.pdf" in report) == any(s.rsplit("_", 1)[0] in TECHNICAL for s in sections)
    for document in made.values():
        assert '<html lang="nl">' in document and "Fictieve gegevens" in document.split("</section>")[0]
        assert 'src="assets/js/pagedjs-0.4.3/paged.polyfill.js"' in document


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("<html><body><p>geen artikel</p></body></html>", "no <article>"),
        ("<article><h1>Titel</h1><p>geen hoofdstukken</p></article>", "no chapter headings"),
        ('<article><h1 id="hoofdstuk-a">A</h1></article>', "does not load plotly.js"),
    ],
)
def test_a_print_page_the_render_step_did_not_write_is_refused_with_the_reason(
    page: str, message: str
) -> None:
    with pytest.raises(PrintPageError, match=message):
        documents(page, META)
