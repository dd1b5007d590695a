"""The population: the invited gemeenten with their contact details, read from raw/ and
pseudonymised with the key; names stay in memory, never in processed/.

Names are normalised once, here (`enquete.names`): every step that reads the population
(ingest, the quote anonymiser, the publication gate, the worksheet) gets the same cleaned
names, and two rows whose names are the same after normalisation ("Almere" and "Almere ",
"ALMERE", a decomposed "é") are refused by file, rows and names instead of becoming an
extra gemeente.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from enquete.errors import InputError, Problem, display_path, require_file
from enquete.ingest.readers import read_csv_input
from enquete.names import clean_name, name_key
from enquete.privacy.pseudonyms import pseudonyms_for, read_key

POPULATION_COLUMNS = ["gemeente_id", "gemeente", "provincie", "contactpersoon", "email", "telefoon"]
NAME_COLUMNS = ("gemeente", "provincie", "contactpersoon")


@dataclass(frozen=True)
class Population:
    """The invited gemeenten: id -> name, and id -> pseudonym."""

    names: dict[str, str]
    pseudonyms: dict[str, str]
    provinces: dict[str, str] = field(default_factory=dict)

    def id_for_name(self) -> dict[str, str]:
        """Name key (`enquete.names.name_key`) -> gemeente id: how answers find their gemeente."""
        return {name_key(name): gemeente_id for gemeente_id, name in self.names.items()}


def population_table(path: Path | str) -> pd.DataFrame:
    """The population list, checked, with every name normalised (`clean_name`); ids trimmed.

    Refuses a missing column, an empty id or name, and an id or a name used twice — two
    names are the same when their `name_key` is, and each such row is named with the others.
    """
    path = require_file(path, "the population list")
    table = read_csv_input(path)
    shown = display_path(path)
    missing = [column for column in POPULATION_COLUMNS if column not in table.columns]
    if missing:
        raise InputError(
            [Problem(shown, "column missing", column=column, expected="present") for column in missing]
        )
    problems = twice(table, "gemeente_id", shown, str.strip) + twice(table, "gemeente", shown, name_key)
    problems += [
        Problem(shown, "empty cell", row=index + 2, column=column, expected="a value")
        for column in ("gemeente_id", "gemeente")
        for index, value in table[column].items()
        if not value.strip()
    ]
    if problems:
        raise InputError(
            problems,
            remedy=f"give each gemeente one row with one id and one name in {shown}, and run again.",
        )
    table = table.copy()
    table["gemeente_id"] = table["gemeente_id"].str.strip()
    for column in NAME_COLUMNS:
        table[column] = table[column].map(clean_name)
    if "andere_namen" in table.columns:
        table["andere_namen"] = table["andere_namen"].map(
            lambda names: ";".join(clean_name(name) for name in names.split(";") if name.strip())
        )
    return table


def read_population(path: Path | str, key_path: Path | str) -> Population:
    table = population_table(path)
    names = dict(zip(table["gemeente_id"], table["gemeente"], strict=True))
    provinces = dict(zip(table["gemeente_id"], table["provincie"], strict=True))
    return Population(
        names=names, pseudonyms=pseudonyms_for(read_key(key_path), sorted(names)), provinces=provinces
    )


def twice(table: pd.DataFrame, column: str, shown: str, key: Callable[[str], str]) -> list[Problem]:
    """Every row whose value another row also has, once compared by `key` (case ignored too);
    each names the other rows and what they hold, so the researcher sees the pair at once."""
    keys = table[column].map(lambda value: key(value).casefold())
    rows: dict[str, list[int]] = {}
    for index, value in keys.items():
        if value:
            rows.setdefault(value, []).append(index)
    problems = []
    for indices in (group for group in rows.values() if len(group) > 1):
        for index in indices:
            others = ", ".join(
                f"row {other + 2} {table.at[other, column]!r}" for other in indices if other != index
            )
            problems.append(
                Problem(
                    shown,
                    "value used twice",
                    row=index + 2,
                    column=column,
                    found=table.at[index, column],
                    expected=f"unique; {others} is the same once spaces, Unicode form and case are set aside",
                )
            )
    return sorted(problems, key=lambda problem: (problem.column or "", problem.row or 0))
