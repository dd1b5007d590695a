"""The wave of a number is never wrong: a typed year beside a reference must be its wave's.

Text is copied from wave to wave (`enquete tekst nieuw`). 'In 2017 was dat
{{ vorige("x") }}' is true in 2019 and false in 2021, when `vorige` is the 2019 figure; 'Bij
de nulmeting was dat {{ vorige("x") }}' likewise. The reference forms `vorige_jaar`,
`in_vorige`, `nulmeting`, `nulmeting_jaar` and `in_nulmeting` render the year with the
number, so copied text keeps meaning what it said; a year typed by hand is checked.

In a sentence with references, a typed year that is one of the configured waves (and the word
*nulmeting*, which names the first wave) is read one of two ways:

- after a word that compares ('dan in 2017', 'net als in 2017', 'sinds de nulmeting'), it
  names the wave the sentence compares with: the wave of its references to an earlier wave,
  or, without such a reference, the previous wave;
- otherwise it labels the reference nearest to it, and must be that reference's wave.

A year that names a publication ('het rapport van 2017', '‘Vrouwen in de knel’ (2017)') is
left alone.
"""

from __future__ import annotations

import re

from enquete.text.claim_scope import claim_sentences, is_earlier, masked_text, nearest, sentence_plain, typed
from enquete.text.references import Figures, Rendered
from enquete.text.researcher_text import Fragment, TextProblem

YEAR = re.compile(r"(?<![\w.,/-])(?:19|20)\d\d(?![\w/-]|[.,]\d)")
NULMETING = re.compile(r"(?<!\w)nulmeting(?:en)?(?!\w)")
CONNECTIVE = r"(?:\s+(?:in|bij|tijdens|de|het|van|met|uit|op|dat|die))*"
COMPARING_BEFORE = re.compile(
    r"(?:^|[^\w])(?:dan|als|sinds|vanaf|tegenover|evenals|zoals|ten opzichte van|t\.o\.v\.|vergeleken met"
    rf"|in vergelijking met|vergelijking met){CONNECTIVE}\s*$"
)
PUBLICATION_BEFORE = re.compile(
    r"(?:^|[^\w])(?:rapport|rapporten|brief|kamerbrief|wet|wmo|onderzoek|publicatie|jaarverslag|advies)"
    r"(?:\s+(?:van|uit|in))?\s*$|['’”]\s*\(\s*$"
)
FORMS_HINT = (
    'the year from the reference: {{ vorige_jaar("…") }} or {{ in_vorige("…") }} for the previous '
    'wave, {{ nulmeting("…") }}, {{ nulmeting_jaar("…") }} or {{ in_nulmeting("…") }} for the nulmeting'
)


def wave_year_problems(fragment: Fragment, rendered: Rendered, figures: Figures) -> list[TextProblem]:
    """Each typed wave year (or 'nulmeting') that names another wave than its reference's."""
    return [problem for problem, _ in wave_year_findings(fragment, rendered, figures)]


def wave_year_findings(
    fragment: Fragment, rendered: Rendered, figures: Figures
) -> list[tuple[TextProblem, int]]:
    """Each mislabelled wave year with the index of the reference it stands beside (which a
    concept build marks)."""
    if not figures.year:
        return []  # figures not tied to a wave (a unit test's): nothing to compare
    years = set(figures.configured_years) | {figures.year, figures.previous_year} - {""}
    first = figures.earlier["nulmeting"].year or figures.year
    masked_part = masked_text(rendered)
    problems = []
    for sentence in claim_sentences(rendered):
        if not sentence.own:
            continue
        folded, origin = sentence_plain(masked_part, sentence)
        named = [(m.start(), m.end(), m.group(0)) for m in YEAR.finditer(folded) if m.group(0) in years]
        named += [(m.start(), m.end(), first) for m in NULMETING.finditer(folded) if first]
        for begin, finish, year in sorted(named):
            before = folded[:begin]
            if PUBLICATION_BEFORE.search(before[-40:]):
                continue
            start, end = origin[begin], origin[finish - 1] + 1
            what = wrong_wave(year, before, start, end, sentence.own, rendered, figures)
            if what:
                problem = TextProblem(
                    fragment.file,
                    f"'{typed(rendered, start, end)}' names the wave {year}, but {what}",
                    row=rendered.line_at(start, fragment.first_line),
                    expected=FORMS_HINT,
                )
                problems.append((problem, nearest(start, end, sentence.own)))
    return problems


def wrong_wave(
    year: str,
    before: str,
    start: int,
    end: int,
    markers: tuple[tuple[int, int], ...],
    rendered: Rendered,
    figures: Figures,
) -> str:
    """Why the year is the wrong one for its place, or ''."""
    if COMPARING_BEFORE.search(before[-60:]):
        earlier = [
            rendered.references[index] for _, index in markers if is_earlier(rendered.references[index])
        ]
        compared = {reference.value.year for reference in earlier} or {figures.previous_year}
        if year in compared:
            return ""
        what = " and ".join(sorted(compared - {""})) or "no earlier wave"
        return f"the sentence compares with {what}"
    reference = rendered.references[nearest(start, end, markers)]
    if reference.value.year == year:
        return ""
    return f"the reference nearest to it, {reference.source}, shows the {reference.value.year} figure"
