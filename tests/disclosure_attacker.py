"""A reader who tries to work out the hidden cells of the response per landsdeel.

Written apart from `enquete.privacy.disclosure_audit`, so that the tests do not check the
audit against itself: it takes only what a reader has (the published tables, the totals in
the text, the invited counts, the gemeenten named with their examples, the comparison's panel
count) and asks linear programming, over whole numbers, for the smallest and largest value
of every hidden cell.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

Table = dict[str, int | None]  # landsdeel -> responding gemeenten, None where hidden


def attack(
    tables: dict[str, Table],
    invited: dict[str, dict[str, int]],
    totals: dict[str, int],
    named: dict[str, dict[str, int]] | None = None,
    panels: dict[tuple[str, str], tuple[int, dict[str, int]]] | None = None,
) -> dict[tuple[str, str], tuple[int, int]]:
    """Min and max of every hidden cell over whole numbers, given everything published.

    `named`: per wave and landsdeel, gemeenten known to have responded; `panels`: per pair of
    waves, the number that responded both times and, per landsdeel, those named both times.
    """
    named, panels = named or {}, panels or {}
    names: list[tuple] = []
    bounds: list[tuple[int, int]] = []
    for year, table in sorted(tables.items()):
        for region, value in sorted(table.items()):
            names.append(("a", year, region))
            low = named.get(year, {}).get(region, 0)
            bounds.append((value, value) if value is not None else (low, invited[year][region]))
    for (first, second), (_, both_named) in sorted(panels.items()):
        for region in sorted(set(tables[first]) & set(tables[second])):
            names.append(("p", first, second, region))
            bounds.append((both_named.get(region, 0), min(invited[first][region], invited[second][region])))
    column = {name: i for i, name in enumerate(names)}
    eq_rows, eq_values, ub_rows, ub_values = [], [], [], []

    def row(coefficients: dict[tuple, int]) -> np.ndarray:
        vector = np.zeros(len(names))
        for name, value in coefficients.items():
            vector[column[name]] = value
        return vector

    for year, table in tables.items():
        eq_rows.append(row({("a", year, r): 1 for r in table}))
        eq_values.append(totals[year])
    for (first, second), (both, _) in panels.items():
        shared = sorted(set(tables[first]) & set(tables[second]))
        eq_rows.append(row({("p", first, second, r): 1 for r in shared}))
        eq_values.append(both)
        for r in shared:
            p, a, b = ("p", first, second, r), ("a", first, r), ("a", second, r)
            ub_rows += [row({p: 1, a: -1}), row({p: 1, b: -1}), row({a: 1, b: 1, p: -1})]
            ub_values += [0, 0, max(invited[first][r], invited[second][r])]
    options = {
        "A_eq": np.array(eq_rows),
        "b_eq": np.array(eq_values),
        "A_ub": np.array(ub_rows) if ub_rows else None,
        "b_ub": np.array(ub_values) if ub_rows else None,
        "bounds": bounds,
        "integrality": np.ones(len(names)),
        "method": "highs",
    }
    result = {}
    for year, table in tables.items():
        for region, value in table.items():
            if value is not None:
                continue
            ends = []
            for sign in (1, -1):
                outcome = linprog(sign * row({("a", year, region): 1}), **options)
                assert outcome.status == 0, outcome.message  # the published figures fit a table
                ends.append(round(sign * outcome.fun))
            result[year, region] = (ends[0], ends[1])
    return result
