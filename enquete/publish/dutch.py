"""Numbers and dates as Dutch readers write them: a decimal comma, a point between thousands.

Python and plotly write "56.5" and "12,345"; a Dutch reader reads those as fifty-six
thousand five hundred and twelve point three. Every number the site and its charts' text
alternatives show goes through here (and the CSV downloads use a decimal comma too).
"""

from __future__ import annotations

import datetime as dt

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def dutch_number(value: float | int, decimals: int = 0) -> str:
    """12345 → '12.345'; 56.52 with one decimal → '56,5'."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percentage(count: int, base: int) -> float | None:
    """The share of the base, rounded to one decimal; None when the base is empty."""
    return round(100 * count / base, 1) if base else None


def dutch_percentage(count: int, base: int) -> str:
    share = percentage(count, base)
    return "–" if share is None else f"{dutch_number(share, 1)}%"


def dutch_date(day: dt.date) -> str:
    """2018-10-01 → '1 oktober 2018'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


MINUS = "\u2212"  # the minus sign: a hyphen in "-3" is a typing error in print


def signed_difference(value: int | str) -> str:
    """A change in count as Dutch typography writes it: '+2', '0', '−3' (U+2212); '–' for none."""
    if value == "" or value is None:
        return "–"
    number = int(value)
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"{MINUS}{-number}"
    return "0"
