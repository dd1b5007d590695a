"""One voice per section: a generated sentence gives way to the researcher's text that says it.

The researcher's *Aanpak* text says "Ook nu kon een gemeente telefonisch reageren: twee
centrumgemeenten deden dat." by reference; the generated response text said "Twee
centrumgemeenten hebben telefonisch gereageerd." right above it. A reader hears the same
fact twice, in two voices. The rule: a generated sentence about figures is left out of a page
when the page's own text states one of those figures of this wave (a reference such as
`cijfer`, `woorden` or `aantal`, not `vorige`/`nulmeting`, which state another wave's). The
tables keep every number, so nothing is lost; only the sentence is not repeated.
"""

from __future__ import annotations

from pathlib import Path

from enquete.text.references import EARLIER_FORMS
from enquete.text.wave_text import WaveText


def stated_by_text(text: WaveText, page: str) -> frozenset[str]:
    """The figures of this wave that the researcher's text of `page` states."""
    return frozenset(
        reference.figure_id
        for sentence in text.sentences
        if Path(sentence.file).stem == page
        for reference in sentence.references
        if reference.function not in EARLIER_FORMS
    )
