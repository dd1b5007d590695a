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


LINK_TARGET = re.compile(r"(?<=\])\([^)\s]*(?:\s+\"[^\"]*\")?\)|<(?:https?|mailto):[^>]*>")


def masked(rendered: Rendered) -> str:
    """The rendered text with every reference as the one reference character and link targets
    blanked ('…/13-gemeenten.pdf' is an address, not a count), all at the same positions."""
    text = re.sub(MARKER_CLASS, REFERENCE, rendered.text)
    return LINK_TARGET.sub(lambda link: " " * len(link.group(0)), text)


def typed_count_problems(fragment: Fragment, rendered: Rendered) -> list[TextProblem]:
    text = masked(rendered)
    return [
        TextProblem(
            fragment.file,
            "a count of gemeenten is typed, not referenced",
            row=rendered.line_at(found.start, fragment.first_line),
            found=" ".join(rendered.filled(rendered.text[found.start : found.end]).split()),
            expected='a reference to a ledger figure, e.g. {{ aantal("toegang.verblijfsstatus") }} '
            "centrumgemeenten or {{ cijfer(…) }}",
        )
        for found in typed_counts(text)
    ]


def quantifier_problems(fragment: Fragment, rendered: Rendered, table: QuantifierTable) -> list[TextProblem]:
    """Each quantifier that does not fit the reference nearest to it in its sentence."""
    problems = []
    for start, end in sentence_spans(rendered.text):
        piece = rendered.text[start:end]
        markers = [
            (i, index) for i, index in enumerate(map(rendered.marker_index, piece)) if index is not None
        ]
        if not markers:
            continue
        for use in table.find(masked_piece(piece)):
            reference = rendered.references[nearest(use, markers)]
            value = reference.value
            if use.quantifier.fits(value.count, value.base):
                continue
            figure = reference.figure_id + (" (vorige meting)" if reference.function == "vorige" else "")
            shown = share_text(value.count, value.base)
            claim = f"'{quoted(piece, use, rendered)}' does not fit {figure} = {shown}"
            problems.append(
                TextProblem(
                    fragment.file, claim, row=rendered.line_at(start + use.start, fragment.first_line)
                )
            )
    return problems


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
