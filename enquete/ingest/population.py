"""The population: the invited gemeenten with their contact details, read from raw/ and
pseudonymised with the key; names stay in memory, never in processed/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from enquete.errors import InputError, Problem, display_path, require_file
from enquete.ingest.readers import read_csv_input
from enquete.privacy.pseudonyms import pseudonyms_for, read_key

POPULATION_COLUMNS = ["gemeente_id", "gemeente", "provincie", "contactpersoon", "email", "telefoon"]


@dataclass(frozen=True)
class Population:
    """The invited gemeenten: id -> name, and id -> pseudonym."""

    names: dict[str, str]
    pseudonyms: dict[str, str]
    provinces: dict[str, str] = field(default_factory=dict)

    def id_for_name(self) -> dict[str, str]:
        return {name.casefold(): gemeente_id for gemeente_id, name in self.names.items()}


def read_population(path: Path | str, key_path: Path | str) -> Population:
    path = require_file(path, "the population list")
    table = read_csv_input(path)
    shown = display_path(path)
    missing = [column for column in POPULATION_COLUMNS if column not in table.columns]
    if missing:
        raise InputError(
            [Problem(shown, "column missing", column=column, expected="present") for column in missing]
        )
    problems = [
        Problem(shown, "value used twice", row=index + 2, column=column, found=value, expected="unique")
        for column in ("gemeente_id", "gemeente")
        for (index, value), twice in zip(table[column].items(), used_twice(table[column]), strict=True)
        if value and twice
    ]
    problems += [
        Problem(shown, "empty cell", row=index + 2, column=column, expected="a value")
        for column in ("gemeente_id", "gemeente")
        for index, value in table[column].items()
        if not value.strip()
    ]
    if problems:
        raise InputError(problems)
    names = {row.gemeente_id.strip(): row.gemeente.strip() for row in table.itertuples()}
    provinces = {row.gemeente_id.strip(): row.provincie.strip() for row in table.itertuples()}
    return Population(
        names=names, pseudonyms=pseudonyms_for(read_key(key_path), sorted(names)), provinces=provinces
    )


def used_twice(values: pd.Series) -> pd.Series:
    """Per cell: does another cell hold the same value, ignoring case? (One pass, not one per row.)"""
    return values.str.casefold().duplicated(keep=False)
