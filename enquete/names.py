"""One normalisation of names (gemeenten, provinces, contact persons) for the whole project.

A name is typed by hand in several files — the population list, the response files, the
examples — and by different tools: "Almere " with a trailing space, "’s-Hertogenbosch" with
a typographic apostrophe, "Súdwest-Fryslân" composed or decomposed (NFC or NFD), a
non-breaking space from Excel, "ALMERE". Every place that reads or matches a gemeente's name
goes through these two functions, so that they all agree on which names are the same:

- `clean_name` is the name as shown: Unicode NFC, spaces trimmed and runs of white space
  (a non-breaking space too) made one space;
- `name_key` is what two names are compared by: NFKC (compatibility forms such as ligatures
  and full-width letters folded), case folded, invisible format characters (a soft hyphen, a
  zero-width space) dropped, apostrophes and dashes of every kind made ASCII.
"""

from __future__ import annotations

import unicodedata

APOSTROPHES = dict.fromkeys(map(ord, "\u2018\u2019\u201b\u02bc\u0060\u00b4\u2032"), "'")


def clean_name(name: object) -> str:
    """The name as shown: NFC, trimmed, one space between words."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def name_key(name: object) -> str:
    """What names are compared by: the same key means the same name."""
    folded = unicodedata.normalize("NFKC", clean_name(name)).casefold().translate(APOSTROPHES)
    kept = (
        "-" if unicodedata.category(char) == "Pd" else char
        for char in folded
        if unicodedata.category(char) != "Cf"
    )
    return " ".join("".join(kept).split())
