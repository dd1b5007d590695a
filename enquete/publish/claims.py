"""Claims: the sentences the report states about ledger figures.

A closed question gives "13 van 23 centrumgemeenten erkennen …". A figure counted from coded
open answers is a spontaneous mention, not a yes/no question, so it reads "Twee
centrumgemeenten noemen …": the others did not say no, they did not say it. Every number in
a claim is marked when its figure is provisional (a concept build).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup, escape

from enquete.analysis import comparison
from enquete.codebook import Figure
from enquete.publish.page_text import literal
from enquete.publish.provisional import is_final, provisional
from enquete.text.number_words import in_words as number_in_words

BASE_SHORT = {
    "valid_answer": "centrumgemeenten met een geldig antwoord op de vraag",
    "theme_respondents": "centrumgemeenten die het thema bereikten",
    "parent_counted": "centrumgemeenten die het bovenliggende knelpunt herkennen",
}

COUNTED_AS = {True: "zelf genoemd in een open antwoord", False: "antwoord op een gesloten vraag"}

# A count of a reconstruction that the published report does not give (ledger `in_report` = nee).
RECONSTRUCTED = comparison.RECONSTRUCTED  # one wording, in the analysis and on the pages
RECONSTRUCTED_NOTE = (
    "Reconstructie: het rapport noemt voor dit cijfer geen aantal (het spreekt bijvoorbeeld van "
    "‘een aantal gemeenten’). Het aantal komt uit de gereconstrueerde antwoorden, niet uit het rapport."
)

WORDS_UP_TO = 20  # Dutch style: counts up to twenty in words, larger ones in digits


def in_words(number: int) -> str:
    """A count as a sentence says it: 'geen', 'één' … 'twintig', then digits."""
    return number_in_words(number) if 0 <= number <= WORDS_UP_TO else str(number)


def sentence_start(text: str) -> str:
    """Capitalise a sentence's first word; Dutch writes 'Eén' at the start, not 'Één'."""
    if text.startswith("één"):
        return "Eén" + text[3:]
    return text[:1].upper() + text[1:]


def rule_name(base_rule: str) -> str:
    return base_rule.split("(")[0]


@dataclass(frozen=True)
class Claim:
    """A ledger row with the sentence the report states about it."""

    figure_id: str
    label: str
    kind: str
    count: int
    base: int
    base_rule: str
    sentence: str
    previous: str = ""
    mention: bool = False  # counted from coded open answers: a spontaneous mention
    final: bool = True  # False in a concept build, for figures with answers still to code
    inline: str = ""  # the sentence as part of another (lower-case start, no full stop)
    previous_said: str = ""  # the previous wave's figure as the sentence says it
    reconstructed: bool = False  # a reconstruction's count the published report does not give

    @property
    def rule_short(self) -> str:
        return BASE_SHORT[rule_name(self.base_rule)]

    @property
    def counted_as(self) -> str:
        return COUNTED_AS[self.mention]

    @property
    def count_text(self) -> Markup:
        marker = Markup(" (reconstructie)") if self.reconstructed else Markup("")
        return provisional(self.count, self.final) + marker

    @property
    def base_text(self) -> Markup:
        return provisional(self.base, self.final)


def mention_subject(count: int) -> str:
    """'twee centrumgemeenten', 'één centrumgemeente', 'geen centrumgemeente': a count of
    spontaneous mentions has no 'van 23' — the others did not say no, they did not say it."""
    noun = "centrumgemeente" if count <= 1 else "centrumgemeenten"
    return f"{in_words(count)} {noun}"


def claim_for(figure: Figure, row: pd.Series, previous: str = "", previous_mention: str = "") -> Claim:
    """The sentence for a ledger row, with the previous wave's figure beside it when there is one.

    A closed question gives "13 van 23 centrumgemeenten erkennen …"; a figure counted from
    coded open answers gives "Twee centrumgemeenten noemen …". A provisional number is marked.
    """
    count, base = int(row["count"]), int(row["base"])
    final = is_final(row)
    if figure.is_coded:
        number = mention_subject(count)
        previous_here = previous_mention or previous
    else:
        number = f"{'geen' if count == 0 else count} van {base} centrumgemeenten"
        previous_here = previous
    reconstructed = row.get("in_report", "") == "nee"
    asides = [part for part in (previous_here, RECONSTRUCTED if reconstructed else "") if part]
    aside = f" ({'; '.join(asides)})" if asides else ""
    rest = f" {literal(figure.sentence(count))}{aside}"  # the codebook's words, never markup
    inline = provisional(number, final) + escape(rest)
    sentence = provisional(sentence_start(number), final) + escape(rest) + Markup(".")
    return Claim(
        figure.id,
        figure.label,
        figure.kind,
        count,
        base,
        row["base_rule"],
        sentence,
        previous,
        mention=figure.is_coded,
        final=final,
        inline=inline,
        previous_said=previous_here,
        reconstructed=reconstructed,
    )


def previous_text(row: pd.Series | None, earlier: str) -> str:
    """How a figure stood in the earlier wave: 'in 2017: 13 van 23', or why it cannot be said."""
    if row is None:
        return ""
    if row["status"] in ("vergelijkbaar", "herformuleerd"):
        return f"in {earlier}: {row['count_a']} van {row['base_a']}"
    if row["status"] == "nieuw":
        return f"nieuw sinds {earlier}"
    return f"niet vergelijkbaar met {earlier}"
