"""Words that claim a change ('toegenomen', 'de duidelijkste verbetering', 'gelijk gebleven',
'nieuw'), checked against the comparison's verdict on the figure they are about.

The comparison (`enquete/analysis/comparison.py`) gives each figure a verdict that does not
overclaim: *duidelijk toegenomen/afgenomen* only when no answer of the non-respondents could
undo it, *waarschijnlijk …* when the panel and the shares agree, else *geen duidelijke
verandering*. Researcher text must not claim more: the table `config/veranderwoorden.yaml`
declares what each word claims (a direction and a minimum certainty), and a word that does
not fit the verdict stops the build, naming file, line, figure and verdict.

'Beter' depends on the figure: for a knelpunt fewer gemeenten is the improvement. The table
says per kind of figure which way is better.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from enquete import config
from enquete.errors import display_path
from enquete.text.claim_scope import (
    ClaimSentence,
    claim_sentences,
    is_earlier,
    masked_text,
    nearest,
    plain,
    sentence_plain,
    typed,
)
from enquete.text.quantifiers import share_text
from enquete.text.references import EARLIER_FORMS, EarlierWave, Figures, Reference, Rendered, Value
from enquete.text.researcher_text import Fragment, TextProblem
from enquete.yamlfiles import Finding, read_validated_yaml

CHANGE_TABLE = Path(config.CHANGE_TABLE)
STRENGTHS = ("geen", "waarschijnlijk", "duidelijk")  # weakest first
DIRECTED = ("meer", "minder", "beter", "slechter", "veranderd")
# direction → what the words claim, by certainty (geen, waarschijnlijk, duidelijk)
CLAIMS = {
    "meer": ("more gemeenten", "probably more gemeenten", "clearly more gemeenten"),
    "minder": ("fewer gemeenten", "probably fewer gemeenten", "clearly fewer gemeenten"),
    "beter": ("an improvement", "a probable improvement", "a clear improvement"),
    "slechter": ("a deterioration", "a probable deterioration", "a clear deterioration"),
    "veranderd": ("a change", "a probable change", "a clear change"),
    "geen_verandering": ("no clear change",) * 3,
    "gelijk": ("an unchanged count",) * 3,
    "nieuw": ("a figure new in this wave",) * 3,
}


@dataclass(frozen=True)
class ChangeWord:
    """One word of the table with the change it claims."""

    words: str
    direction: str
    strength: str = "geen"
    comparing_only: bool = False

    def claim(self) -> str:
        """What the word claims, in the refusal: 'a clear improvement'."""
        return CLAIMS[self.direction][STRENGTHS.index(self.strength)]


@dataclass(frozen=True)
class ChangeUse:
    """A change word found in a text: where (in the searched text) and which."""

    word: ChangeWord | None  # None for an exception ('meer dan de helft')
    start: int
    end: int


class ChangeTable:
    """The declared table, and finding its words in text (longest match first)."""

    def __init__(
        self,
        words: list[ChangeWord],
        exceptions: list[str],
        comparing: list[str],
        better: dict[str, str],
    ) -> None:
        self.by_words: dict[str, ChangeWord | None] = {key(w.words): w for w in words}
        self.by_words |= {key(words): None for words in exceptions}
        self.pattern = alternatives(self.by_words)
        self.comparing = alternatives(dict.fromkeys(key(words) for words in comparing)) if comparing else None
        self.better = better  # figure kind → the direction that is better

    def find(self, folded: str) -> list[ChangeUse]:
        """Every change word in normalised text (`claim_scope.plain`)."""
        return [
            ChangeUse(self.by_words[" ".join(match.group(0).split())], match.start(), match.end())
            for match in self.pattern.finditer(folded)
        ]

    def compares(self, folded: str) -> bool:
        return bool(self.comparing and self.comparing.search(folded))


def key(words: str) -> str:
    return " ".join(plain(words)[0].split())


def alternatives(words: dict[str, Any]) -> re.Pattern:
    spaced = (re.escape(words).replace(r"\ ", r"\s+") for words in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + "|".join(spaced) + r")(?!\w)")


def load_change_table(path: Path | str = CHANGE_TABLE) -> ChangeTable:
    """Read and validate the table: schema, then no word twice and no certainty where the
    direction has none."""
    data = read_validated_yaml(path, "veranderwoorden", "the change-word table", checks=[table_findings])
    words = [
        ChangeWord(
            words,
            entry["richting"],
            entry.get("zekerheid", "geen"),
            entry.get("alleen_bij_vergelijking", False),
        )
        for entry in data["veranderwoorden"]
        for words in entry["woorden"]
    ]
    return ChangeTable(
        words,
        data.get("uitzonderingen", []),
        data.get("vergelijkingswoorden", []),
        data.get("richting_per_soort", {}),
    )


def table_findings(data: dict[str, Any]) -> list[Finding]:
    findings = []
    seen: dict[str, str] = {}
    lists = [(("uitzonderingen",), data.get("uitzonderingen", []))]
    entries = enumerate(data["veranderwoorden"])
    lists += [(("veranderwoorden", str(i), "woorden"), entry["woorden"]) for i, entry in entries]
    for place, words in lists:
        for index, words_ in enumerate(words):
            normal = key(words_)
            where = "/".join(place)
            if normal in seen:
                findings.append(
                    Finding(
                        (*place, str(index)),
                        "a change word is listed twice",
                        words_,
                        f"each word once (it is already in {seen[normal]})",
                    )
                )
            seen[normal] = where
    for index, entry in enumerate(data["veranderwoorden"]):
        if entry["richting"] not in DIRECTED and entry.get("zekerheid", "geen") != "geen":
            findings.append(
                Finding(
                    ("veranderwoorden", str(index), "zekerheid"),
                    f"richting {entry['richting']} has no certainty",
                    entry["zekerheid"],
                    "no zekerheid (it applies to meer, minder, beter, slechter and veranderd)",
                )
            )
    return findings


def change_problems(
    fragment: Fragment, rendered: Rendered, figures: Figures, table: ChangeTable
) -> list[TextProblem]:
    """Each change word that claims more than the comparison of its figure says."""
    return [problem for problem, _ in change_findings(fragment, rendered, figures, table)]


def change_findings(
    fragment: Fragment, rendered: Rendered, figures: Figures, table: ChangeTable
) -> list[tuple[TextProblem, int]]:
    """Each change word that does not fit, with the index of the reference it was read against
    (which a concept build marks)."""
    if not figures.previous_year:
        return []  # the first wave: nothing to compare with
    masked_part = masked_text(rendered)
    findings = []
    for sentence in claim_sentences(rendered):
        if not sentence.scope:
            continue
        folded, origin = sentence_plain(masked_part, sentence)
        compares = table.compares(folded) or any(
            is_earlier(rendered.references[index]) for _, index in sentence.scope
        )
        for use in table.find(folded):
            if use.word is None or (use.word.comparing_only and not compares):
                continue
            start, end = origin[use.start], origin[use.end - 1] + 1
            what = misfit(use.word, sentence, rendered, figures, table, start, end)
            if what:
                problem = TextProblem(
                    fragment.file,
                    f"'{typed(rendered, start, end)}' claims {use.word.claim()}, but {what}",
                    row=rendered.line_at(start, fragment.first_line),
                    expected="words that fit the comparison's verdict "
                    f"(the table is {display_path(CHANGE_TABLE)}), or a reference to the figure meant",
                )
                findings.append((problem, nearest(start, end, sentence.scope)))
    return findings


def misfit(
    word: ChangeWord,
    sentence: ClaimSentence,
    rendered: Rendered,
    figures: Figures,
    table: ChangeTable,
    start: int,
    end: int,
) -> str:
    """Why the word does not fit the figure nearest to it, or '' when it does."""
    reference = rendered.references[nearest(start, end, sentence.scope)]
    wave = compared_wave(reference, sentence, rendered, figures, word)
    figure_id = reference.figure_id
    if not wave.year:
        return f"{figure_id} has no earlier wave to compare with"
    verdict = wave.verdicts.get(figure_id)
    if word.direction == "nieuw":
        if (verdict.status != "nieuw") if verdict else figure_id in wave.values:
            return f"{figure_id} was already measured in {wave.year} (comparison: '{verdict_of(verdict)}')"
        return ""
    earlier = wave.values.get(figure_id)
    if not isinstance(earlier, Value):
        return f"{figure_id} is not comparable with {wave.year} ({earlier or 'not in the comparison'})"
    now = figures.current[figure_id]
    direction = word.direction
    if direction in ("beter", "slechter"):
        kind = figures.kinds.get(figure_id, "")
        if kind not in table.better:
            return (
                f"{figure_id} is a figure of kind '{kind or 'onbekend'}', which has no better or worse "
                "(richting_per_soort in the table)"
            )
        direction = table.better[kind] if direction == "beter" else opposite(table.better[kind])
    stated = verdict.verdict if verdict else ""
    change = verdict.change if verdict and verdict.change is not None else now.count - earlier.count
    if fits(direction, word.strength, stated, change):
        return ""
    shown = f"{share_text(earlier.count, earlier.base)} in {wave.year}, {share_text(now.count, now.base)} now"
    if verdict:
        return f"the comparison with {wave.year} rates {figure_id} '{stated}' ({shown})"
    return f"the comparison gives no verdict on {figure_id} ({shown})"


def fits(direction: str, strength: str, verdict: str, change: int) -> bool:
    """Whether a claim (direction meer, minder, veranderd, geen_verandering or gelijk, and a
    minimum certainty) fits a comparison's verdict ('' for a figure without one, such as the
    response) and change in count."""
    if direction == "geen_verandering":
        return verdict == "geen duidelijke verandering"
    if direction == "gelijk":
        return change == 0 and verdict in ("geen duidelijke verandering", "")
    moved = verdict_direction(verdict) or ("meer" if change > 0 else "minder" if change < 0 else "")
    if not moved or (direction != "veranderd" and moved != direction):
        return False
    certainty = verdict.split()[0] if verdict_direction(verdict) else "geen"
    return STRENGTHS.index(certainty) >= STRENGTHS.index(strength)


def opposite(direction: str) -> str:
    return "minder" if direction == "meer" else "meer"


def verdict_direction(verdict: str) -> str:
    if verdict.endswith(" toegenomen"):
        return "meer"
    if verdict.endswith(" afgenomen"):
        return "minder"
    return ""


def verdict_of(verdict: Any) -> str:
    return verdict.verdict if verdict else "not in the comparison"


def compared_wave(
    reference: Reference, sentence: ClaimSentence, rendered: Rendered, figures: Figures, word: ChangeWord
) -> EarlierWave:
    """The wave a claim compares with: the earlier wave of its reference, else that of the
    nearest reference to an earlier wave in its scope, else the previous wave ('nieuw' always
    means: not in the previous wave)."""
    if word.direction == "nieuw":
        return figures.earlier["vorige"]
    if is_earlier(reference):
        return figures.earlier[EARLIER_FORMS[reference.function]]
    earlier = tuple(marker for marker in sentence.scope if is_earlier(rendered.references[marker[1]]))
    if earlier:
        position = next(p for p, i in sentence.scope if rendered.references[i] is reference)
        chosen = rendered.references[nearest(position, position + 1, earlier)]
        return figures.earlier[EARLIER_FORMS[chosen.function]]
    return figures.earlier["vorige"]
