"""Agreement between coders, per code: the counts behind it, Cohen's kappa, Krippendorff's alpha.

Kept apart from the rest of the coding (`enquete.analysis.coding`): this is the arithmetic
of reliability, with the rule that decides when a coefficient means something (`meaningful`).
"""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pandas as pd

from enquete.analysis.coding import CoderFile, coded
from enquete.codebook import Codebook


def safe_kappa(first: list[int], second: list[int]) -> float:
    """Cohen's kappa; undefined (NaN) when neither coder varies."""
    if len(set(first) | set(second)) < 2:
        return math.nan
    return cohen_kappa(first, second)


def cohen_kappa(first: list[int], second: list[int]) -> float:
    """Cohen's kappa with scikit-learn's arithmetic (`cohen_kappa_score`), step for step.

    Not scikit-learn itself: importing it (with SciPy) takes about a second on the 2-core
    machine, longer than pandas, plotly, jinja2 and openpyxl together, for a few lines of
    arithmetic. The same operations in the same order give the same digits; a test
    compares the two on many random codings.
    """
    labels = sorted(set(first) | set(second))
    index = {label: position for position, label in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)))
    for a, b in zip(first, second, strict=True):
        confusion[index[a], index[b]] += 1
    sum0 = np.sum(confusion, axis=0)
    sum1 = np.sum(confusion, axis=1)
    expected = np.outer(sum0, sum1) / np.sum(sum0)
    weights = np.ones((len(labels), len(labels)))
    np.fill_diagonal(weights, 0)
    denominator = np.sum(weights * expected)
    if denominator == 0:
        return math.nan
    return float(1 - np.sum(weights * confusion) / denominator)


def safe_alpha(matrix: list[list[int]]) -> float:
    """Krippendorff's alpha (nominal); undefined (NaN) when only one value occurs."""
    values = {v for row in matrix for v in row}
    if len(values) < 2:
        return math.nan
    return float(
        krippendorff.alpha(reliability_data=np.array(matrix, dtype=float), level_of_measurement="nominal")
    )


def meaningful(uses: list[int], answers: int, min_uses: int) -> bool:
    """Whether an agreement coefficient on one code says something (the rule of `agreement`).

    Kappa and alpha correct for the agreement expected by chance, which depends on how often
    the code occurs. When a coder gave a code (or withheld it) only a few times, the chance
    correction rests on those few decisions: one difference on a code used once gives kappa
    0.0 at 90 % agreement (the prevalence problem of kappa, Feinstein & Cicchetti 1990; Byrt,
    Bishop & Carlin 1993). Krippendorff (2013, *Content Analysis*, §12.4) asks that reliability
    data contain enough occurrences of every value for alpha to be judged. So a coefficient
    counts only when every coder both gave and withheld the code at least `min_uses` times
    (`coding.min_uses`, default 5); otherwise it is reported as *niet zinvol* and never warned
    about, and the counts are shown instead.
    """
    return bool(uses) and all(min(used, answers - used) >= min_uses for used in uses)


def agreement(
    files: list[CoderFile], answers: pd.DataFrame, codebook: Codebook, min_uses: int = 5
) -> pd.DataFrame:
    """Per code: on the answers every coder coded, how often they agree on that code.

    With the counts behind it (how often each of the first two coders gave the code, of how
    many answers) and whether the coefficients are meaningful (`meaningful`).
    """
    questions = dict(zip(answers["answer_id"], answers["question"], strict=True))
    rows = []
    if len(files) < 2:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    sheets = [coded(f) for f in files]
    common = sorted(set.intersection(*(set(s) for s in sheets)))
    for figure in codebook.figures:
        if not figure.is_coded:
            continue
        ids = [a for a in common if questions[a] in figure.coded_from]
        matrix = [[int(figure.id in sheet[a]) for a in ids] for sheet in sheets]
        agreeing = sum(1 for column in zip(*matrix, strict=True) if len(set(column)) == 1) if ids else 0
        rows.append(
            {
                "code": figure.id,
                "answers": len(ids),
                "coded_by_first": sum(matrix[0]) if ids else 0,
                "coded_by_second": sum(matrix[1]) if ids else 0,
                "disagreements": len(ids) - agreeing,
                "agreement": round(agreeing / len(ids), 4) if ids else math.nan,
                "kappa": round(safe_kappa(matrix[0], matrix[1]), 4) if ids else math.nan,
                "alpha": round(safe_alpha(matrix), 4) if ids else math.nan,
                "meaningful": "ja" if meaningful([sum(row) for row in matrix], len(ids), min_uses) else "nee",
            }
        )
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


AGREEMENT_COLUMNS = [
    "code",
    "answers",
    "coded_by_first",
    "coded_by_second",
    "disagreements",
    "agreement",
    "kappa",
    "alpha",
    "meaningful",
]
