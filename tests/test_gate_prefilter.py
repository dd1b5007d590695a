"""The gate's quick substring test never lets through what its patterns would find."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.gate import Needle, lowered_form, needles, scan_site

# Letters that case-insensitive matching treats specially, and the word boundaries around them.
ALPHABET = "abkisAKIS \u0130\u0131\u017f\u212a\u00eb\u00df-.@+0123"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=6)


def every_hit(text: str, needle: Needle) -> set[str]:
    return {match.group(0) for match in needle.pattern.finditer(text)}


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=60), value=words)
def test_a_needle_that_matches_always_passes_the_quick_test(text: str, value: str) -> None:
    for flags in (0, re.IGNORECASE):
        needle = Needle("x", value, re.compile(rf"(?<!\\w){re.escape(value)}(?!\\w)", flags))
        if every_hit(text, needle):
            assert needle.could_occur(text, lowered_form(text)), (text, value, flags)


def test_a_contact_written_with_a_lookalike_capital_is_still_stopped(tmp_path: Path) -> None:
    population = pd.DataFrame(
        {"gemeente": ["Beekdorp"], "contactpersoon": ["Kees Visser"], "email": ["k@x.nl"], "telefoon": ["x"]}
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "pagina.html").write_text("<p>Gesproken met \u212aEES V\u0130SSER.</p>", encoding="utf-8")
    problems = scan_site(site, needles(population), {})
    assert [(p.what, p.found) for p in problems] == [
        ("contactpersoon on a published page", "\u212aEES V\u0130SSER")
    ]
