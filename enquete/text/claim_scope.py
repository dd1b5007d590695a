"""Where a claim in researcher text gets its figure: the sentences, their references, plain text.

The checks on claims of change (`change_words.py`) and on wave years (`wave_years.py`) read a
rendered part (every reference one marker character) sentence by sentence, as the reader
does. A claim is read against the reference nearest to it in its own sentence. A sentence
without references of its own borrows them in two cases a reader also does: when it points
back ('Dat is de duidelijkste verbetering.') it takes the sentence before it in the same
paragraph or list item, and when it is the bold lead of a paragraph or list item
('**De jeugdzorg is een nieuw aandachtspunt.** De wachtlijsten …') it takes the rest of that
block.

The checks read the part as the reader reads it (`reader_text.py`: Markdown rendered,
entities and links resolved). Words are matched on plain text: any entity left resolved,
emphasis marks dropped, then the project's one normalisation (`typed_counts.normalise`: case,
spaces, dashes, soft hyphens, apostrophes, Unicode forms), with a map back to the characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from enquete.text.reader_text import ReaderText
from enquete.text.references import EARLIER_FORMS, Reference, Rendered
from enquete.text.text_checks import BLOCK_START, SENTENCE_END, masked, split_at
from enquete.text.typed_counts import normalise

ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
EMPHASIS = {"*", "_"}
HYPHENS = {"\u2010": "-", "\u2011": "-"}
POINTING = re.compile(r"^(?:dat|dit|die|deze|daarmee|daarbij|daardoor|zo|hiermee|hierbij)(?!\w)")
BULLET = re.compile(r"^(?:[-*+]|\d+[.)])[ \t]+")


@dataclass(frozen=True)
class ClaimSentence:
    """A sentence of a rendered part: its span, the references it is read against, its own."""

    start: int
    end: int
    own: tuple[tuple[int, int], ...]  # (position, reference index) of its own markers
    scope: tuple[tuple[int, int], ...]  # the markers its claims are read against


def plain(text: str) -> tuple[str, list[int]]:
    """`text` as the reader reads it, lower-case and normalised, with each character's origin."""
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    for match in ENTITY.finditer(text):
        add_plain(text, position, match.start(), chars, origin)
        resolved = html.unescape(match.group(0))
        if resolved != match.group(0):
            chars.append(resolved)
            origin.append(match.start())
        else:
            add_plain(text, match.start(), match.end(), chars, origin)
        position = match.end()
    add_plain(text, position, len(text), chars, origin)
    folded, back = normalise("".join(chars))
    return folded, [origin[index] for index in back]


def add_plain(text: str, start: int, end: int, chars: list[str], origin: list[int]) -> None:
    for index in range(start, end):
        char = text[index]
        if char in EMPHASIS:
            continue
        chars.append(HYPHENS.get(char, char))
        origin.append(index)


def claim_sentences(rendered: Rendered) -> list[ClaimSentence]:
    """Every sentence of a rendered part with the references its claims are read against."""
    text = rendered.text
    result: list[ClaimSentence] = []
    for block_start, block_end in split_at(BLOCK_START, text, 0, len(text)):
        spans = [
            (start, end)
            for start, end in split_at(SENTENCE_END, text, block_start, block_end)
            if text[start:end].strip()
        ]
        block_markers = tuple(markers_in(rendered, block_start, block_end))
        previous: tuple[tuple[int, int], ...] = ()
        for number, (start, end) in enumerate(spans):
            own = tuple(markers_in(rendered, start, end))
            scope = own
            if not own:
                lead = plain(BULLET.sub("", text[start:end].strip()))[0]
                if POINTING.match(lead):
                    scope = previous
                elif number == 0 and bold_lead(rendered, start, end):
                    scope = block_markers
            result.append(ClaimSentence(start, end, own, scope))
            previous = own or previous
    return result


def bold_lead(rendered: Rendered, start: int, end: int) -> bool:
    """A sentence set in bold as the lead of its block: in the reader's text (`ReaderText`),
    set in bold as a whole; in Markdown source, between '**'."""
    if isinstance(rendered, ReaderText):
        piece = rendered.text[start:end]
        lead = len(piece) - len(piece.lstrip())
        return rendered.is_bold(start + lead, start + len(piece.rstrip()))
    return is_bold_lead(rendered.text[start:end])


def is_bold_lead(piece: str) -> bool:
    """A sentence set in bold as the lead of its paragraph or list item: '**Kop.**'."""
    stripped = BULLET.sub("", piece.strip())
    return stripped.startswith(("**", "__")) and stripped.endswith(("**", "__"))


def markers_in(rendered: Rendered, start: int, end: int) -> list[tuple[int, int]]:
    return [
        (position, index)
        for position in range(start, end)
        if (index := rendered.marker_index(rendered.text[position])) is not None
    ]


def nearest(start: int, end: int, markers: tuple[tuple[int, int], ...]) -> int:
    """The reference closest to the words at [start, end) (the one after them on a tie)."""

    def distance(marker: tuple[int, int]) -> tuple[int, int]:
        position = marker[0]
        return (position - end, 0) if position >= end else (start - position, 1)

    return min(markers, key=distance)[1]


def is_earlier(reference: Reference) -> bool:
    """Whether the reference shows an earlier wave's figure (vorige, nulmeting and their forms)."""
    return reference.function in EARLIER_FORMS


def masked_text(rendered: Rendered) -> str:
    """The rendered part with references as one invisible character and link targets blanked."""
    return masked(rendered)


def sentence_plain(masked_part: str, sentence: ClaimSentence) -> tuple[str, list[int]]:
    """A sentence's plain text (from `masked_text`), with each character's position in the part."""
    folded, origin = plain(masked_part[sentence.start : sentence.end])
    return folded, [sentence.start + index for index in origin]


def typed(rendered: Rendered, start: int, end: int) -> str:
    """The words at [start, end) as the page shows them."""
    return " ".join(rendered.filled(rendered.text[start:end]).split())
