"""The checks on rendered researcher text, sentence by sentence.

A sentence is the unit a reader takes a claim from: 'Een meerderheid van de centrumgemeenten
(13 van 23) herkent …'. Each sentence is checked for typed counts and for quantifiers that
do not fit the reference nearest to them; every sentence with its references is kept for the
text's figure list (`tekst-cijfers.csv`), which `enquete diff` and a new wave's text compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from enquete.text.quantifiers import QuantifierTable, QuantifierUse, share_text
from enquete.text.references import Reference, Rendered
from enquete.text.researcher_text import Fragment, TextProblem
from enquete.text.typed_counts import NOUN, REFERENCE, normalise, typed_counts

MARKER_CLASS = "[\U000f0000-\U000ffffd]"
# A sentence ends at . ! ? (with closing quotes or brackets) before a capital, a digit, a
# quote or a reference; a paragraph, list item, heading or footnote always starts a new one.
SENTENCE_END = re.compile(rf"(?<=[.!?])(?:\[\^[^\]\s]*\]|[\"'’”)\]])*\s+(?=[A-ZÀ-Ý0-9‘“'\"(]|{MARKER_CLASS})")
BLOCK_START = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#|\[\^))")
FOLLOWING_NOUN = re.compile(rf"^(?:\s+\S+){{0,4}}?\s+{NOUN}(?!\w)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: where it starts, its text and the references in it."""

    file: str
    line: int
    template: str  # as written, references in their {{ … }} form
    text: str  # as the page shows it
    references: tuple[Reference, ...]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence in the rendered text."""
    spans = []
    for block in split_at(BLOCK_START, text, 0, len(text)):
        spans += split_at(SENTENCE_END, text, *block)
    return [(start, end) for start, end in spans if text[start:end].strip()]


def split_at(pattern: re.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, position = [], start
    for match in pattern.finditer(text, start, end):
        spans.append((position, match.start()))
        position = match.end()
    return [*spans, (position, end)]


def sentences(fragment: Fragment, rendered: Rendered) -> list[Sentence]:
    result = []
    for start, end in sentence_spans(rendered.text):
        lead = len(rendered.text[start:end]) - len(rendered.text[start:end].lstrip())
        piece = rendered.text[start + lead : end].rstrip()
        refs = tuple(rendered.references[i] for i in marker_indices(rendered, piece))
        result.append(
            Sentence(
                fragment.file,
                rendered.line_at(start + lead, fragment.first_line),
                " ".join(rendered.template_form(piece).split()),
                " ".join(rendered.filled(piece).split()),
                refs,
            )
        )
    return result


def marker_indices(rendered: Rendered, text: str) -> list[int]:
    return [i for i in map(rendered.marker_index, text) if i is not None]


def masked(rendered: Rendered) -> str:
    """The text with every reference as the one reference character, at the same positions."""
    return re.sub(MARKER_CLASS, REFERENCE, rendered.text)


def typed_count_problems(
    fragment: Fragment, rendered: Rendered, table: QuantifierTable | None = None
) -> list[TextProblem]:
    """Every typed number of the part (a number inside a quantifier, 'een op de drie', is the
    quantifier's, which `quantifier_problems` checks)."""
    text = masked(rendered)
    skip = [(use.start, use.end) for use in table.find(text)] if table else []
    return [
        TextProblem(
            fragment.file,
            TYPED[found.kind][0],
            row=rendered.line_at(found.start, fragment.first_line),
            found=" ".join(rendered.filled(rendered.text[found.start : found.end]).split()),
            expected=TYPED[found.kind][1],
        )
        for found in typed_counts(text, skip)
    ]


TYPED = {
    "count": (
        "a count is typed, not referenced",
        'a reference to a ledger figure, e.g. {{ aantal("toegang.verblijfsstatus") }} centrumgemeenten, '
        "{{ woorden(…) }} or {{ cijfer(…) }} (years, laws, dates, money and durations may be typed)",
    ),
    "percentage": (
        "a percentage is typed, not referenced",
        'a reference, e.g. {{ procent("toegang.verblijfsstatus") }}',
    ),
    "fraction": (
        "a fraction is typed, not referenced",
        'a reference, e.g. {{ cijfer("toegang.verblijfsstatus") }}',
    ),
}


def quantifier_problems(fragment: Fragment, rendered: Rendered, table: QuantifierTable) -> list[TextProblem]:
    """Each quantifier that does not fit the reference nearest to it in its sentence, and each
    quantifier about the respondents in a sentence without a reference (an unbound share)."""
    problems = []
    for start, end in sentence_spans(rendered.text):
        piece = rendered.text[start:end]
        markers = [
            (i, index) for i, index in enumerate(map(rendered.marker_index, piece)) if index is not None
        ]
        for use in table.find(masked_piece(piece)):
            row = rendered.line_at(start + use.start, fragment.first_line)
            if not markers:
                if use.about_respondents:
                    problems.append(unbound(fragment, piece, use, rendered, row))
                continue
            reference = rendered.references[nearest(use, markers)]
            value = reference.value
            if not reference.valid or use.quantifier.fits(value.count, value.base):
                continue
            figure = reference.figure_id + (" (vorige meting)" if reference.function == "vorige" else "")
            shown = share_text(value.count, value.base)
            claim = f"'{quoted(piece, use, rendered)}' does not fit {figure} = {shown}"
            problems.append(TextProblem(fragment.file, claim, row=row))
    return problems


def unbound(fragment: Fragment, piece: str, use: QuantifierUse, rendered: Rendered, row: int) -> TextProblem:
    return TextProblem(
        fragment.file,
        f"'{quoted(piece, use, rendered)}' claims a share of the respondents, "
        "but its sentence has no reference",
        row=row,
        found=" ".join(rendered.filled(piece).split()),
        expected="a reference to the figure in the same sentence, e.g. 'De meeste centrumgemeenten "
        '({{ cijfer("toegang.verblijfsstatus") }}) …\', '
        "or words that claim no share (een aantal, veel, sommige)",
    )


def masked_piece(piece: str) -> str:
    return re.sub(MARKER_CLASS, REFERENCE, piece)


def nearest(use: QuantifierUse, markers: list[tuple[int, int]]) -> int:
    """The reference closest to the quantifier (after it on a tie)."""

    def distance(marker: tuple[int, int]) -> tuple[int, int]:
        position = marker[0]
        gap = position - use.end if position >= use.end else use.start - position
        return gap, 0 if position >= use.end else 1

    return min(markers, key=distance)[1]


def quoted(piece: str, use: QuantifierUse, rendered: Rendered) -> str:
    """The quantifier as typed, with the gemeente noun it goes with ('de meeste centrumgemeenten')."""
    words = piece[use.start : use.end]
    rest = masked_piece(piece[use.end :])
    plain, origin = normalise(rest)
    noun = FOLLOWING_NOUN.match(plain)
    if noun and REFERENCE not in noun.group(0):
        words += rest[: origin[noun.end() - 1] + 1]
    return " ".join(rendered.filled(words).split())
