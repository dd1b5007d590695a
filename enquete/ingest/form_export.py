"""The columns of a form tool's export: group prefixes removed.

ODK, KoboToolbox and Enketo name an exported column by its question and the groups around it:
`toegang/t_verblijfsstatus` (KoboToolbox), `toegang-t_verblijfsstatus` (ODK Central) or
`toegang.t_verblijfsstatus`. The questionnaire `enquete questionnaire` generates puts each
theme's questions in a group named by the theme's id, so such a column is the codebook's
question once its theme's prefix is taken off. Only that exact pattern is renamed — a
theme's id, one separator, a question of that theme — so no other column of any export
(`Respons-ID`, `meta/instanceID`, `_submission_time`) is ever touched.
"""

from __future__ import annotations

from collections.abc import Iterable

from enquete.codebook import Codebook

SEPARATORS = ("/", "-", ".")


def without_group_prefixes(columns: Iterable[str], codebook: Codebook) -> dict[str, str]:
    """Export column -> question id, for every column named `<theme><separator><question>`
    whose question is not also a column of its own (then both stay, and the ingest names
    the extra one)."""
    columns = [str(column) for column in columns]
    prefixed = {
        f"{question.theme}{separator}{question.id}": question.id
        for question in codebook.questions
        for separator in SEPARATORS
    }
    renamed = {column: prefixed[column] for column in columns if column in prefixed}
    targets = list(renamed.values())
    return {
        column: target
        for column, target in renamed.items()
        if target not in columns and targets.count(target) == 1
    }
