"""Breakdowns that cannot reveal a single gemeente: the response per landsdeel.

The site never shows one gemeente's answers. A breakdown by a characteristic of gemeenten —
the only one the site publishes is the response per landsdeel on *Aanpak en respons* (and in
its print version and PDF), in every wave — could still do so: "1 van de 4 gemeenten in
Noord reageerde" tells those four who did, and a cell hidden on its own follows from the
total. The table is protected by cell suppression as the ESSnet Handbook on Statistical
Disclosure Control (Hundepool et al.) describes it for frequency tables:

1. **Primary suppression by the threshold rule.** A landsdeel is unsafe when fewer than
   `publication.min_cell` (default 3) of its gemeenten responded or fewer than that did not
   (a zero counts: "none of Noord responded" discloses every gemeente there). Both of its
   counts are hidden, because the invited number — public — gives one from the other.
2. **Secondary suppression with a protection interval.** More landsdelen are hidden until
   the audit (`disclosure_audit`, linear programming over everything published: the other
   landsdelen, the totals printed in the text, the invited counts, gemeenten named with
   their examples, the tables of the earlier waves and the comparison's count of gemeenten
   that responded both times) leaves every hidden count a range of at least two values and,
   for an unsafe cell, a range that reaches the threshold: a reader cannot exclude that a
   small count is at least `min_cell`, or that a small complement is. Where the public
   facts alone already narrow a cell, the requirement is capped at what they allow; a count
   that they fix exactly is no secret and is published.
3. **The cheapest pattern, chosen deterministically.** The patterns are tried in order of
   the number of hidden landsdelen, then the number of gemeenten in them, then the names;
   the first that passes the audit is published. The tables are small (a handful of
   landsdelen), so the search is exhaustive and the pattern is optimal for that order.

Waves are protected in time order: a wave's pattern depends only on that wave and the waves
before it, so an archived table stays as it was first published, and a later wave hides
what it must so that, together with the earlier tables and the panel count, no earlier
hidden cell becomes derivable either. Only the gemeenten a later wave names with its
examples can narrow an earlier cell beyond the later wave's reach: then every open landsdeel
of the later wave is hidden, and if an earlier count would still be fixed exactly the build
is refused, naming the cell (publishing fewer names resolves it).
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pandas as pd

from enquete.errors import InputError, Problem
from enquete.privacy.disclosure_audit import Cell, PanelFacts, WaveFacts, feasible_intervals
from enquete.tables import read_csv

SUPPRESSED = "×"  # the CBS sign for a figure withheld for confidentiality
RESPONSE_FILE = "respons_per_landsdeel.csv"  # per wave in analysis/: one row per invited gemeente

LANDSDELEN = {
    "Groningen": "Noord-Nederland",
    "Fryslân": "Noord-Nederland",
    "Friesland": "Noord-Nederland",
    "Drenthe": "Noord-Nederland",
    "Overijssel": "Oost-Nederland",
    "Gelderland": "Oost-Nederland",
    "Flevoland": "Oost-Nederland",
    "Utrecht": "West-Nederland",
    "Noord-Holland": "West-Nederland",
    "Zuid-Holland": "West-Nederland",
    "Zeeland": "West-Nederland",
    "Noord-Brabant": "Zuid-Nederland",
    "Limburg": "Zuid-Nederland",
}


def landsdeel(provincie: str) -> str:
    return LANDSDELEN.get(provincie.strip(), "Onbekend")


def response_by_gemeente(population: pd.DataFrame, examples: pd.DataFrame) -> pd.DataFrame:
    """One row per invited gemeente (by pseudonym): its landsdeel, whether it responded, and
    whether its response is public because an example of it is published under a name.

    This internal table (analysis/<wave>/respons_per_landsdeel.csv) is what the suppression
    works from: the counts per landsdeel, and, across waves, who responded both times.
    """
    named = set(examples.loc[examples["name"].fillna("").str.strip() != "", "respondent"])
    table = pd.DataFrame(
        {
            "respondent": population["respondent"],
            "landsdeel": population["provincie"].map(landsdeel),
            "gereageerd": population["responded"].where(population["responded"].eq("ja"), "nee"),
        }
    )
    public = table["respondent"].isin(named) & table["gereageerd"].eq("ja")
    table["naam_bekend"] = public.map({True: "ja", False: "nee"})
    return table.sort_values(["landsdeel", "respondent"], kind="stable").reset_index(drop=True)


def wave_facts(year: str, gemeenten: pd.DataFrame) -> WaveFacts:
    responded = gemeenten["gereageerd"].eq("ja")
    known = gemeenten["naam_bekend"].eq("ja") & responded
    return WaveFacts(
        year=year,
        invited={str(k): int(v) for k, v in gemeenten.groupby("landsdeel").size().items()},
        responded={str(k): int(v) for k, v in responded.groupby(gemeenten["landsdeel"]).sum().items()},
        total=int(responded.sum()),
        known={str(k): int(v) for k, v in known.groupby(gemeenten["landsdeel"]).sum().items() if v},
    )


def panel_facts(earlier: tuple[str, pd.DataFrame], later: tuple[str, pd.DataFrame]) -> PanelFacts:
    """What the comparison publishes about two waves: how many gemeenten responded both times."""

    def members(frame: pd.DataFrame, column: str | None = None) -> dict[str, set[str]]:
        rows = frame if column is None else frame[frame[column].eq("ja")]
        return {str(k): set(v) for k, v in rows.groupby("landsdeel")["respondent"]}

    (year_a, a), (year_b, b) = earlier, later
    invited_a, invited_b = members(a), members(b)
    known_a, known_b = members(a, "naam_bekend"), members(b, "naam_bekend")
    responded_a, responded_b = members(a, "gereageerd"), members(b, "gereageerd")
    empty: set[str] = set()
    return PanelFacts(
        earlier=year_a,
        later=year_b,
        both=len(set().union(*responded_a.values()) & set().union(*responded_b.values())),
        invited={r: len(invited_a.get(r, empty) | invited_b.get(r, empty)) for r in invited_a | invited_b},
        known={r: n for r in known_a if (n := len(known_a[r] & known_b.get(r, empty)))},
    )


def unsafe(responded: int, invited: int, min_cell: int) -> bool:
    """The threshold rule: a count, or its complement, below `min_cell` (zero included)."""
    return responded < min_cell or invited - responded < min_cell


def requirement(
    responded: int, invited: int, min_cell: int, apriori: tuple[int, int]
) -> tuple[int | None, int | None]:
    """The protection interval of a hidden cell: (upper bound at least, lower bound at most).

    For a small count the reader must not be able to exclude `min_cell` or more; for a small
    complement, `min_cell` or more gemeenten not responding. Both are capped at the interval
    the public facts alone allow (`apriori`). None: no requirement on that side.
    """
    low, high = apriori
    at_least = min(min_cell, high) if responded < min_cell else None
    at_most = max(invited - min_cell, low) if invited - responded < min_cell else None
    return at_least, at_most


def protected(interval: tuple[int, int], need: tuple[int | None, int | None]) -> bool:
    low, high = interval
    at_least, at_most = need
    return low < high and (at_least is None or high >= at_least) and (at_most is None or low <= at_most)


def suppression_pattern(
    waves: list[WaveFacts], panels: list[PanelFacts], min_cell: int
) -> dict[str, frozenset[str]]:
    """The hidden landsdelen per wave; `waves` in time order, each protected given the earlier."""
    hidden: dict[str, frozenset[str]] = {}
    needs: dict[Cell, tuple[int | None, int | None]] = {}
    for position, wave in enumerate(waves):
        known = waves[: position + 1]
        regions = sorted(wave.invited)
        everything = {year: set(cells) for year, cells in hidden.items()} | {wave.year: set(regions)}
        apriori = feasible_intervals(known, panels, everything)
        open_regions = [r for r in regions if apriori[wave.year, r][0] < apriori[wave.year, r][1]]
        primary = {r for r in open_regions if unsafe(wave.responded[r], wave.invited[r], min_cell)}
        for r in open_regions:
            needs[wave.year, r] = requirement(
                wave.responded[r], wave.invited[r], min_cell, apriori[wave.year, r]
            )
        optional = [r for r in open_regions if r not in primary]
        candidates = [
            primary | set(extra) for n in range(len(optional) + 1) for extra in combinations(optional, n)
        ]
        candidates.sort(key=lambda cells: (len(cells), sum(wave.invited[r] for r in cells), sorted(cells)))
        for cells in candidates:
            trial = {year: set(c) for year, c in hidden.items()} | {wave.year: cells}
            intervals = feasible_intervals(known, panels, trial) if any(trial.values()) else {}
            if all(protected(interval, needs[cell]) for cell, interval in intervals.items()):
                hidden[wave.year] = frozenset(cells)
                break
        else:
            # The facts this wave adds by themselves (its total, the gemeenten its examples
            # name, the panel count) narrow an earlier hidden count, which nothing this wave
            # hides can undo. Hiding every open landsdeel is the best left, unless a count
            # would be fixed exactly: that must not be published.
            cells = candidates[-1]
            trial = {year: set(c) for year, c in hidden.items()} | {wave.year: cells}
            intervals = feasible_intervals(known, panels, trial)
            fixed = sorted(cell for cell, (low, high) in intervals.items() if low == high)
            if fixed:
                raise InputError(
                    [
                        Problem(
                            f"analysis/{year}/{RESPONSE_FILE}",
                            f"the hidden response of {region} in {year} would follow from what {wave.year} "
                            "publishes (its response total, the gemeenten named with its examples and the "
                            "number of gemeenten that responded both times)",
                        )
                        for year, region in fixed
                    ],
                    remedy=f"publish examples of {wave.year} without the gemeente's name (leave "
                    "naam_publiceren empty), starting with that landsdeel, then build again",
                )
            hidden[wave.year] = frozenset(cells)
    return hidden


def published_table(wave: WaveFacts, hidden: frozenset[str]) -> pd.DataFrame:
    """The table as the page prints it: hidden landsdelen as `×`, and the total."""
    rows = [
        {
            "landsdeel": r,
            "uitgenodigd": wave.invited[r],
            "gereageerd": SUPPRESSED if r in hidden else wave.responded[r],
            "niet_gereageerd": SUPPRESSED if r in hidden else wave.invited[r] - wave.responded[r],
        }
        for r in sorted(wave.invited)
    ]
    invited = sum(wave.invited.values())
    rows.append(
        {
            "landsdeel": "Totaal",
            "uitgenodigd": invited,
            "gereageerd": wave.total,
            "niet_gereageerd": invited - wave.total,
        }
    )
    return pd.DataFrame(rows, columns=["landsdeel", "uitgenodigd", "gereageerd", "niet_gereageerd"])


def suppressed_tables(gemeenten: dict[str, pd.DataFrame], min_cell: int) -> dict[str, pd.DataFrame]:
    """The published response table of every wave, from each wave's table of gemeenten."""
    years = sorted(gemeenten)
    waves = [wave_facts(year, gemeenten[year]) for year in years]
    panels = [
        panel_facts((a, gemeenten[a]), (b, gemeenten[b])) for i, a in enumerate(years) for b in years[i + 1 :]
    ]
    hidden = suppression_pattern(waves, panels, min_cell)
    return {wave.year: published_table(wave, hidden[wave.year]) for wave in waves}


def response_table(analysis_root: Path, years: list[str], year: str, min_cell: int) -> pd.DataFrame:
    """The published response per landsdeel of `year`, protected given every earlier wave."""
    earlier = [y for y in sorted(years) if y <= year]
    gemeenten = {y: read_csv(Path(analysis_root) / y / RESPONSE_FILE) for y in earlier}
    return suppressed_tables(gemeenten, min_cell)[year]
