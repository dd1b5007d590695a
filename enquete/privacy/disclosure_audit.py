"""The audit of a suppressed table: what a reader can still work out about each hidden cell.

This is the *audit* of τ-ARGUS and of the ESSnet Handbook on Statistical Disclosure Control
(Hundepool et al., chapter 4 "Magnitude tabular data", section on cell suppression, and
chapter 5 "Frequency tables"): for every suppressed cell, the smallest and the largest value
it can take while every published figure stays true — its *feasible interval*. A cell whose
interval is a single value is disclosed, however it is printed.

What a reader knows is written as linear (in)equalities over whole numbers:

- per wave and landsdeel, the number of responding gemeenten `a[w, r]`: fixed where it is
  published; otherwise between the number of gemeenten publicly known to have responded (an
  example published under their name) and the number invited (the list of invited
  centrumgemeenten and their provincie is public);
- per wave, the response total, which every page prints: `sum_r a[w, r] = A[w]`;
- per pair of waves, the number of gemeenten that responded both times, which the comparison
  prints. Its unknown share per landsdeel `p[v, u, r]` obeys `p <= a[v, r]`, `p <= a[u, r]`,
  `a[v, r] + a[u, r] - p <= n[r]` (Fréchet bounds) and `sum_r p[v, u, r] = P[v, u]`.

`scipy.optimize.linprog` (HiGHS) minimises and maximises each hidden cell with every variable
integral, so the interval is exact rather than the wider one of the relaxation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog


@dataclass(frozen=True)
class WaveFacts:
    """What is public about one wave's response per landsdeel, besides the table's cells."""

    year: str
    invited: dict[str, int]  # per landsdeel: the invited gemeenten (public list)
    responded: dict[str, int]  # per landsdeel: the true count, used only where it is published
    total: int  # the response total, printed on every wave's pages
    known: dict[str, int] = field(default_factory=dict)  # per landsdeel: named responders


@dataclass(frozen=True)
class PanelFacts:
    """The published number of gemeenten that responded in both of two waves."""

    earlier: str
    later: str
    both: int
    invited: dict[str, int]  # per landsdeel: gemeenten invited in either wave
    known: dict[str, int] = field(default_factory=dict)  # per landsdeel: named in both waves


Cell = tuple[str, str]  # (year, landsdeel): the responding gemeenten; its complement follows


class Inconsistent(ValueError):
    """The published figures contradict each other: no table fits them."""


def feasible_intervals(
    waves: list[WaveFacts], panels: list[PanelFacts], hidden: dict[str, set[str]]
) -> dict[Cell, tuple[int, int]]:
    """The feasible interval of every hidden cell, given everything else that is published."""
    variables: list[tuple] = []
    bounds: list[tuple[int, int]] = []
    index: dict[tuple, int] = {}

    def add(key: tuple, low: int, high: int) -> int:
        index[key] = len(variables)
        variables.append(key)
        bounds.append((low, high))
        return index[key]

    for wave in waves:
        for region, invited in sorted(wave.invited.items()):
            if region in hidden.get(wave.year, set()):
                add(("a", wave.year, region), wave.known.get(region, 0), invited)
            else:
                value = wave.responded[region]
                add(("a", wave.year, region), value, value)
    by_year = {wave.year: wave for wave in waves}
    panels = [panel for panel in panels if panel.earlier in by_year and panel.later in by_year]
    for panel in panels:
        for region in sorted(set(by_year[panel.earlier].invited) & set(by_year[panel.later].invited)):
            high = min(by_year[panel.earlier].invited[region], by_year[panel.later].invited[region])
            add(("p", panel.earlier, panel.later, region), panel.known.get(region, 0), high)

    equalities: list[tuple[dict[int, int], int]] = []
    inequalities: list[tuple[dict[int, int], int]] = []  # sum(coef * x) <= bound
    for wave in waves:
        equalities.append(({index["a", wave.year, r]: 1 for r in wave.invited}, wave.total))
    for panel in panels:
        shares = {}
        for key in variables:
            if key[0] != "p" or key[1:3] != (panel.earlier, panel.later):
                continue
            region = key[3]
            p, a, b = index[key], index["a", panel.earlier, region], index["a", panel.later, region]
            shares[p] = 1
            inequalities += [({p: 1, a: -1}, 0), ({p: 1, b: -1}, 0)]
            inequalities.append(({a: 1, b: 1, p: -1}, panel.invited.get(region, 0)))
        equalities.append((shares, panel.both))

    def matrix(rows: list[tuple[dict[int, int], int]]) -> tuple[np.ndarray | None, np.ndarray | None]:
        if not rows:
            return None, None
        coefficients = np.zeros((len(rows), len(variables)))
        for number, (row, _) in enumerate(rows):
            for column, value in row.items():
                coefficients[number, column] = value
        return coefficients, np.array([bound for _, bound in rows], dtype=float)

    a_eq, b_eq = matrix(equalities)
    a_ub, b_ub = matrix(inequalities)
    integral = np.ones(len(variables))

    def extreme(column: int, sign: int) -> int:
        objective = np.zeros(len(variables))
        objective[column] = sign
        result = linprog(
            objective,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a_eq,
            b_eq=b_eq,
            bounds=bounds,
            method="highs",
            integrality=integral,
        )
        if result.status != 0:
            raise Inconsistent(f"no table fits the published figures ({result.message})")
        return round(sign * result.fun)

    intervals = {}
    for year, regions in sorted(hidden.items()):
        for region in sorted(regions):
            column = index["a", year, region]
            intervals[year, region] = (extreme(column, 1), extreme(column, -1))
    return intervals
