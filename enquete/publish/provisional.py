"""Marking provisional numbers on the pages of a concept build.

A concept build (`make concept`) publishes figures that depend on open answers nobody has
finally coded yet. Every such number on a page is wrapped in
`<mark class="voorlopig">…<span class="visueel-verborgen"> (voorlopig)</span></mark>`: the
highlight shows it to the eye, the hidden word to a screen reader, and the print style keeps
it visible on paper. Researcher text marks its references to such figures the same way.
"""

from __future__ import annotations

from markupsafe import Markup, escape

PROVISIONAL_CLASS = "voorlopig"


def provisional(text: object, final: bool) -> Markup:
    """`text` (escaped) as it stands on a page: marked when its figure is not final."""
    if final:
        return escape(text)
    return Markup(
        f'<mark class="{PROVISIONAL_CLASS}">{escape(text)}'
        '<span class="visueel-verborgen"> (voorlopig)</span></mark>'
    )


def is_final(row: object) -> bool:
    """Whether a ledger row is final (`final` column 'ja'; rows without the column are)."""
    getter = getattr(row, "get", None)
    return (getter("final", "ja") if getter else "ja") != "nee"
