"""What the page *Vergelijking met de nulmeting* shows per theme, taken in at a glance.

A policy reader wants first what changed and how sure that is, not 50 verdicts in a row. So
per theme the page gives an overview in four groups — clearly changed, probably changed, no
clear change, not comparable — then one compact table (figure, both waves, the difference,
the verdict), the ranges and the panel in a second table one click away, and an explanation
only for the figures whose verdict says something. The sentence that a small difference
between changing respondents is no demonstrable change (`SMALL_CHANGE`) is said once per
theme, in the overview, instead of after every figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from enquete.analysis.comparison import SMALL_CHANGE, from_to
from enquete.publish.dutch import signed_difference

COMPARABLE = ("vergelijkbaar", "herformuleerd")


@dataclass
class Overview:
    """One theme's figures by what the comparison says of them."""

    clear: list[dict] = field(default_factory=list)
    likely: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    not_comparable: list[dict] = field(default_factory=list)

    @property
    def explained(self) -> list[dict]:
        """The figures whose own explanation tells the reader something: a change."""
        return self.clear + self.likely

    @property
    def unchanged_text(self) -> str:
        """The 'no clear change' line: how many figures, and the caution said once."""
        if not self.unchanged:
            return "geen cijfer."
        count = len(self.unchanged)
        text = "1 cijfer" if count == 1 else f"{count} cijfers"
        same = sum(1 for row in self.unchanged if int(row["change"]) == 0)
        if same == count:
            return text + (
                ": het aantal is gelijk gebleven." if count == 1 else ": de aantallen zijn gelijk gebleven."
            )
        if same:
            text += f", waarvan {same} met een gelijk aantal"
        return f"{text}. {SMALL_CHANGE}"


def group(rows: list[dict]) -> Overview:
    """Sort a theme's rows into the overview's four groups (in the table's order)."""
    overview = Overview()
    for row in rows:
        if row["status"] not in COMPARABLE:
            overview.not_comparable.append(row)
        elif str(row["verdict"]).startswith("duidelijk"):
            overview.clear.append(row)
        elif str(row["verdict"]).startswith("waarschijnlijk"):
            overview.likely.append(row)
        else:
            overview.unchanged.append(row)
    return overview


def cells(row: dict) -> dict:
    """The table's cells of one row that are formatted here: the signed difference, the
    movement in counts, both ranges and the panel."""
    comparable = row["status"] in COMPARABLE
    return {
        "difference": signed_difference(row["change"]) if comparable else "–",
        "from_to": from_to(int(row["count_a"]), int(row["count_b"])) if comparable else "",
        "range_a": f"{row['low_a']}–{row['high_a']}" if row["low_a"] != "" else "–",
        "range_b": f"{row['low_b']}–{row['high_b']}" if row["low_b"] != "" else "–",
        "verdict_shown": row["who"] or row["verdict"],
    }
