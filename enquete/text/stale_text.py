"""Stale text does not publish: a copied sentence whose figures moved is rewritten or confirmed.

A wave's text started with `enquete tekst nieuw` is a copy of an earlier wave's. A sentence
that is still exactly as copied (same file, same words and references) but whose references
now show other values was written for other numbers: 'Dat is bijna een verdubbeling' may no
longer be true. A final build refuses every such sentence, with file, line and the values
that moved; a concept build publishes it with the moved values marked *te herschrijven* on
the page and lists it in `report/tekst/<year>/te-herschrijven.txt`.

The researcher either edits the sentence (then it is the new wave's own) or confirms that it
still holds, by adding the sentence's key, which the refusal prints, to `herkomst.yaml`:

    bevestigd:
      - toegang.md#3f0a9c1b2d4e   # Ruim de helft van de centrumgemeenten (12 van 23) …

The key is a hash of the file, the sentence as written and the values it shows now, so a
confirmation holds for these numbers only: when the figures move again, the sentence is
stale again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from enquete.errors import display_path
from enquete.text.references import Reference
from enquete.text.researcher_text import TextProblem
from enquete.text.text_checks import Sentence
from enquete.text.text_origin import ORIGIN, confirmed_sentences

LABEL = "te herschrijven"


@dataclass(frozen=True)
class StaleSentence:
    """A sentence copied unedited from the source wave whose references show other values."""

    sentence: Sentence
    moved: tuple[tuple[Reference, Reference], ...]  # (in the source wave, now)
    source: str  # the source wave's year

    @property
    def key(self) -> str:
        """What `bevestigd:` in herkomst.yaml lists to confirm the sentence as it reads now."""
        text = "\n".join((Path(self.sentence.file).name, self.sentence.template, self.sentence.text))
        return f"{Path(self.sentence.file).name}#{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"

    def changes(self) -> str:
        return "; ".join(f"{now.figure_id}: {was.text} → {now.text}" for was, now in self.moved)

    def line(self) -> str:
        """The sentence as `te-herschrijven.txt` and the build output list it."""
        where = f"{self.sentence.file}, line {self.sentence.line}"
        return f"{where}: {self.changes()} — '{self.sentence.text}' (bevestigen: {self.key})"

    def problem(self, year: str, root: Path) -> TextProblem:
        origin = display_path(root / year / ORIGIN)
        return TextProblem(
            self.sentence.file,
            f"copied unedited from {self.source}, but its figures changed ({self.changes()})",
            row=self.sentence.line,
            found=self.sentence.text,
            expected=f"the sentence rewritten for the new figures, or confirmed in {origin} "
            f"under 'bevestigd:' as '- {self.key}'",
        )


@dataclass
class CopiedText:
    """The source wave's sentences a wave's text was copied from, and the confirmed ones."""

    source: str
    before: dict[tuple[str, str], Sentence]
    confirmed: set[str]

    def stale(self, sentences: list[Sentence]) -> list[StaleSentence]:
        """The sentences still as copied whose references now show other values (unconfirmed)."""
        result = []
        for sentence in sentences:
            old = self.before.get((Path(sentence.file).name, sentence.template))
            if old is None or not sentence.references:
                continue
            moved = tuple(
                (was, now)
                for was, now in zip(old.references, sentence.references, strict=True)
                if (was.value.count, was.value.base, was.text) != (now.value.count, now.value.base, now.text)
            )
            found = StaleSentence(sentence, moved, self.source)
            if moved and found.key not in self.confirmed:
                result.append(found)
        return result


def copied_text(year: str, source: str, source_sentences: list[Sentence], root: Path) -> CopiedText:
    """What a wave's copied text is compared with: the source wave's sentences by file and
    wording (the first of identical ones), and the confirmations in its herkomst.yaml."""
    before: dict[tuple[str, str], Sentence] = {}
    for sentence in source_sentences:
        before.setdefault((Path(sentence.file).name, sentence.template), sentence)
    return CopiedText(source, before, confirmed_sentences(year, root))
