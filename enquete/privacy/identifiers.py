"""Numbers that identify a person or a household: phone numbers, postcodes, BSN and IBAN.

They are found in the *folded* text of `enquete.privacy.personal_data` (lower case, one kind of
space, dash and apostrophe), each by one linear pattern that proposes a candidate and a check
that decides:

- **phone numbers**, Dutch: every notation — mobile and landline, with +31, 0031, (0) or a
  leading 0, with spaces, dots, dashes, slashes or brackets — by the hand-written pattern,
  which also catches numbers no operator has issued (a typo, or the demo's invented numbers);
  a date written before a number (`01-10-2018 10.000`) is read as a date, not as a number.
  Foreign numbers (`+44 20 7946 0958`, `0032 2 123 45 67`) by the country codes and number
  plans of Google's libphonenumber (`phonenumbers`), which a hand-written pattern cannot know;
  the short public numbers (0800-2000) are not personal and pass.
- **postcodes** (`1234 AB`, `1234AB`, `1234ab`): four digits and two letters as a word of its
  own, with the letters libphonenumber's sibling `python-stdnum` accepts (not SA, SD, SS).
  Written with a space it counts only in capitals or after a house number (`12, 1234 ab`), and
  in lower case without a space it counts unless the letters are a unit (`1000km`), because
  "2017 en" and "40 uur" are ordinary Dutch. A code inside a longer word or after a dash (a
  pseudonym `G-2928cf`, a file's hash) is not a postcode.
- **BSN**: nine digits (`123456782`, `123.456.782`, `123 456 782`, `1234.56.782`) that pass the
  11-proef (`stdnum.nl.bsn`), not part of a longer number and not an amount (`€ 123.456.782`).
- **IBAN** in any case, compact or in groups of four (`NL91 ABNA 0417 1643 00`), when the
  mod-97 check passes and the country's format fits (`stdnum.iban`); a national check
  digit is not required, as a mistyped number is still someone's.

Each candidate costs a bounded check, so the scan stays linear in the length of the text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

PHONE = "telefoonnummer"
POSTCODE = "postcode"
BSN = "BSN"
IBAN = "IBAN"

_SEP = r"[ \n.\-/()]{0,4}"
DATE = r"(?<!\d)\d{1,2}(?P<dash>[\-./])\d{1,2}(?P=dash)(?:1[89]|2[01])\d\d(?!\d)"  # 01-10-2018, 1.10.2018
DUTCH_PHONE = (
    r"(?<![\w+])(?:(?:\+|00)[ .\-]?31[ .\-]?(?:\(0\)[ .\-]?|0[ .\-]?)?|\(0(?=[1-9]\d{0,3}\))|0)"
    rf"[1-9](?:{_SEP}\d){{8}}(?!\w)(?![.,]\d)"  # not inside a longer code (a hash) or amount
)
FOREIGN_PHONE = r"(?<![\w+])(?:\+|00)[ ]?(?!31)(?P<digits>[1-9](?:[ .\-/()]{0,3}\d){6,14})(?!\w)(?![.,]\d)"
SERVICE = r"(?<!\d)0[89]0\d[ \-]?\d{4}(?![\d\-])"  # 0800-2000: public, and not the start of a number
# A Dutch number that overlaps a date or a service number is looked for again after it.
NOT_A_NUMBER = re.compile(rf"(?=\d)(?:{DATE}|{SERVICE})")
DUTCH_PHONES = re.compile(rf"(?=[\d+(]){DUTCH_PHONE}")
FOREIGN_PHONES = re.compile(rf"(?=[\d+]){FOREIGN_PHONE}")
POSTCODES = re.compile(r"(?=\d)(?<![\w\-])[1-9]\d{3}( ?)[a-z]{2}(?![\w\-])")
DIGIT = re.compile(r"\d")
DIGITS = re.compile(r"\d+")
NON_DIGITS = re.compile(r"\D+")
BASE36 = {ord(letter): str(value) for value, letter in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ", start=10)}
UNITS = frozenset({"km", "kg", "mg", "ml", "cm", "mm", "ha", "kw", "mb", "gb", "kb", "pk", "uu", "jr"})
HOUSE_NUMBER_BEFORE = re.compile(r"\d{1,5}[a-z]?, ?$")
BSNS = re.compile(
    r"(?=\d)(?<![\w€])(?<!€ )(?<!\d[.,\-/])"  # not an amount, not the end of a longer number or date
    r"(?:\d{9}|\d{3}\.\d{3}\.\d{3}|\d{4}\.\d\d\.\d{3}"  # 123456782, 123.456.782, 1234.56.782
    r"|\d{3} \d{3} \d{3}|\d{4} \d\d \d{3})"  # 123 456 782, 1234 56 782
    r"(?!\w)(?![.,\-/]\d)"
)
IBANS = re.compile(
    r"(?<![\w\-])[a-z]{2}\d\d(?:[a-z0-9]{11,30}|(?: [a-z0-9]{4}){2,7}(?: [a-z0-9]{1,3})?)(?!\w)"
)


def identifiers(folded: str, original_of: Callable[[int, int], str]) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) in the folded text for every phone number, postcode, BSN and IBAN.

    `original_of(start, end)` gives the original text of a folded span, for the checks that
    look at how a code was written (the capitals of a postcode). Each pattern starts with a
    lookahead for its first character, which spares the lookbehinds at most positions.
    """
    if not DIGIT.search(folded):
        return  # every one of them has digits
    yield from dutch_phones(folded)

    def foreign(match: re.Match) -> int:
        length = foreign_length(match.group("digits"))
        return match.start("digits") + length if length else 0

    def postcode(match: re.Match) -> int:
        return match.end() if is_postcode(folded, match, original_of(match.start(), match.end())) else 0

    def bsn(match: re.Match) -> int:
        return match.end() if valid_bsn(match.group(0).replace(" ", "").replace(".", "")) else 0

    def iban(match: re.Match) -> int:
        end = iban_end(match.group(0))
        return match.start() + end if end else 0

    for kind, pattern, check in (
        (PHONE, FOREIGN_PHONES, foreign),
        (POSTCODE, POSTCODES, postcode),
        (BSN, BSNS, bsn),
        (IBAN, IBANS, iban),
    ):
        for start, end in checked(pattern, folded, check):
            yield kind, start, end


def checked(pattern: re.Pattern, folded: str, check: Callable[[re.Match], int]) -> Iterator[tuple[int, int]]:
    """(start, end) of every candidate of `pattern` that `check` accepts (it returns the end, or 0).

    A candidate the check refuses may overlap a real one ("2017 12 010 000 008": the candidate
    "2017 12 010" hides the BSN "010 000 008"), so the search goes on from the next character
    instead of from the candidate's end; the patterns' lookbehinds let a candidate start only
    at the start of a word, so the scan stays linear."""
    position = 0
    while match := pattern.search(folded, position):
        end = check(match)
        if end:
            yield match.start(), end
            position = end
        else:
            position = match.start() + 1


def dutch_phones(folded: str) -> Iterator[tuple[str, int, int]]:
    """Dutch numbers, none of them over a date or a service number ("01-10-2018 10.000")."""
    skips = [(match.start(), match.end()) for match in NOT_A_NUMBER.finditer(folded)]
    starts = [start for start, _ in skips]
    position = 0
    while match := DUTCH_PHONES.search(folded, position):
        at = bisect.bisect_left(starts, match.end()) - 1  # the last skip starting before the end
        if at >= 0 and skips[at][1] > match.start():
            position = max(skips[at][1], match.start() + 1)
            continue
        yield PHONE, match.start(), match.end()
        position = match.end()


def is_postcode(folded: str, match: re.Match, written: str) -> bool:
    code = match.group(0)
    letters = code[-2:]
    if not stdnum_postcode.is_valid(code.upper()):
        return False
    if written[-2:].isupper() or HOUSE_NUMBER_BEFORE.search(
        folded, max(0, match.start() - 10), match.start()
    ):
        return True
    return not match.group(1) and letters not in UNITS  # "2017 en", "1000km" are no postcodes


def iban_end(candidate: str) -> int:
    """The length of the IBAN at the start of a candidate, or 0; a last group of four may be a
    word that follows the number ("BE71 0961 2345 6769 maar de"), so it is tried without its
    last groups too, longest first."""
    cuts = [index for index, char in enumerate(candidate) if char == " "]
    for length in (len(candidate), *reversed(cuts)):
        compact = candidate[:length].replace(" ", "").upper()
        if length > 0 and mod97(compact) and valid_iban(compact):
            return length
    return 0


def mod97(compact: str) -> bool:
    """The IBAN check (ISO 13616) in whole-number arithmetic: cheap enough for every candidate."""
    return int((compact[4:] + compact[:4]).translate(BASE36)) % 97 == 1


@functools.lru_cache(maxsize=4096)
def valid_iban(compact: str) -> bool:
    """The country's length and format (and mod-97) as python-stdnum knows them."""
    return stdnum_iban.is_valid(compact, check_country=False)


@functools.lru_cache(maxsize=4096)
def valid_bsn(digits: str) -> bool:
    return stdnum_bsn.is_valid(digits)


def foreign_length(written: str) -> int:
    """The length of the possible foreign number at the start of the digits after + or 00, or 0.

    Longest first, ending at a group of digits: the pattern may have taken a number that
    follows ("+44 20 7946 0958 en 12 gemeenten")."""
    ends = [match.end() for match in DIGITS.finditer(written)]
    for end in reversed(ends):
        if possible_foreign(NON_DIGITS.sub("", written[:end])):
            return end
    return 0


@functools.lru_cache(maxsize=4096)
def possible_foreign(digits: str) -> bool:
    """Whether digits (country code first) are a number the country could have issued."""
    for length in (1, 2, 3):
        pattern = national_pattern(int(digits[:length]))
        if pattern is not None:  # country codes are prefix-free: the first one found is it
            national = digits[length:]
            return bool(
                pattern.fullmatch(national) or (national[:1] == "0" and pattern.fullmatch(national[1:]))
            )
    return False


@functools.cache
def national_pattern(code: int) -> re.Pattern | None:
    """libphonenumber's pattern of every number the country with calling code `code` issues."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(code)
    if not regions:
        return None
    patterns = []
    for region in regions:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
        if metadata is not None and metadata.general_desc.national_number_pattern:
            patterns.append(metadata.general_desc.national_number_pattern)
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns)) if patterns else None
