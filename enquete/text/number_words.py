"""Whole numbers as Dutch words: 'dertien', 'drieëntwintig', 'driehonderdtweeënveertig'.

Researcher text writes a count in words through `{{ woorden("…") }}`; the typed-count
detector needs every way a count can be spelled out, with and without the diaeresis.
"""

from __future__ import annotations

from functools import cache

UNITS = ["nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
TEENS = [
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
]
TENS = ["", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]
LARGEST = 999


def in_words(number: int) -> str:
    """The Dutch word for 0 ≤ number ≤ 999 ('geen' for 0, as a count is read); digits beyond."""
    if number == 0:
        return "geen"
    if not 0 < number <= LARGEST:
        return str(number)
    return below_thousand(number)


def below_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    head = "" if hundreds == 0 else ("honderd" if hundreds == 1 else UNITS[hundreds] + "honderd")
    if rest == 1 and hundreds:
        return head + "een"  # honderdeen: the stress mark only on a word of its own
    return head + (below_hundred(rest) if rest else "")


def below_hundred(number: int) -> str:
    if number < 10:
        return UNITS[number]
    if number < 20:
        return TEENS[number - 10]
    tens, unit = divmod(number, 10)
    if unit == 0:
        return TENS[tens]
    word = "een" if unit == 1 else UNITS[unit]
    joint = "ën" if word.endswith("e") else "en"  # twee-ën-twintig, vier-en-twintig
    return word + joint + TENS[tens]


def capitalised(words: str) -> str:
    """The start of a sentence: Dutch writes 'Eén', not 'Één'."""
    if words.startswith("één"):
        return "Eén" + words[3:]
    return words[:1].upper() + words[1:]


@cache
def spelled_counts() -> frozenset[str]:
    """Every spelling of 1–999 a writer may type, in lower case: 'drieëntwintig' and
    'drieentwintig', 'één', 'eén' and 'éen' (but not 'een', which is also the article)."""
    words = {below_thousand(n) for n in range(1, LARGEST + 1)}
    words |= {word.replace("ë", "e") for word in words}
    words |= {"eén", "éen"}
    words.discard("een")
    return frozenset(words)
