"""The project configuration: which waves exist, where their files are, how to read them.

A new wave is a matter of configuration, never of code: each wave lists its response files
with how to read them (mode, column renames, value recodes, which columns are personal
data), its coding and examples files, and its codebook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from enquete.config_checks import paths_outside_project, unknown_encodings, unknown_nulmeting
from enquete.files import parsed_once
from enquete.yamlfiles import read_validated_yaml

TEXT_FOLDER = "tekst"  # the researcher's text, one folder per wave
TEMPLATE_FOLDER = "templates"
SITE_SETTINGS = "mkdocs.yml"
QUANTIFIER_TABLE = "config/kwantoren.yaml"  # which share each quantifier claims
CHANGE_TABLE = "config/veranderwoorden.yaml"  # which verdict each change word needs
WORD_TABLES = ((QUANTIFIER_TABLE, "the quantifier table"), (CHANGE_TABLE, "the table of change words"))


@dataclass(frozen=True)
class Input:
    """One file the build reads: where, what it is (for messages), which stages read it, and
    the wave it belongs to ("" for all). `required` files must exist before a build starts."""

    path: str
    what: str
    stages: tuple[str, ...]
    year: str = ""
    required: bool = True


@dataclass(frozen=True)
class Source:
    file: str
    mode: str
    encoding: str = "utf-8"
    separator: str = ""  # a CSV file's field separator; empty: found from the file
    id_column: str = "id"
    gemeente_column: str = "gemeente"
    date_column: str = ""
    system_columns: tuple[str, ...] = ()
    personal_columns: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Wave:
    year: str
    label: str
    published: dt.date
    codebook: str
    sources: tuple[Source, ...]
    coders: dict[str, str]
    examples: str
    fieldwork: str = ""
    demo_notice: str = ""
    reference: str = ""
    crosswalk: str = ""
    reconciliation: str = ""

    @property
    def source_date_epoch(self) -> int:
        """Seconds since 1970 at noon UTC of the publication date: every build timestamp."""
        moment = dt.datetime.combine(self.published, dt.time(12), tzinfo=dt.UTC)
        return int(moment.timestamp())


@dataclass(frozen=True)
class Config:
    title: str
    subtitle: str
    population: str
    pseudonym_key: str
    waves: dict[str, Wave]
    nulmeting_year: str = ""
    clear_change: int = 3
    min_cell: int = 3
    min_kappa: float = 0.6
    below_min_kappa: str = "warning"
    min_uses: int = 5
    engine: str = "mkdocs"  # the site engine: mkdocs (Material for MkDocs) or zensical
    source: str = "config/config.yaml"  # the file it was read from

    def inputs(self) -> list[Input]:
        """Every file the build reads besides its own outputs and code, with the stages that
        read it: the one list the Snakefile, `enquete check`, the watcher, the manifest and the
        preview all use. Files under `templates/` and `tekst/` are listed as they are now."""
        every = ("ingest", "figures", "backtest", "compare", "manifest", "render", "site")
        found = [
            Input(self.source, "the configuration", every),
            Input(self.population, "the population list", ("ingest", "figures", "manifest", "site")),
            Input(self.pseudonym_key, "the pseudonym key", ("ingest", "manifest", "site")),
        ]
        for year, wave in self.waves.items():
            found += [
                Input(source.file, "response file", ("ingest", "manifest"), year) for source in wave.sources
            ]
            found.append(
                Input(
                    wave.codebook,
                    "the codebook",
                    ("ingest", "figures", "compare", "manifest", "render"),
                    year,
                )
            )
            found += [
                Input(path, f"the coding file of {coder}", ("ingest", "manifest"), year)
                for coder, path in wave.coders.items()
            ]
            optional = [
                (wave.reconciliation, "the reconciliation file", ("ingest", "manifest")),
                (wave.reference, "the reference figures", ("figures", "backtest", "manifest")),
                (wave.crosswalk, "the crosswalk", ("compare", "manifest")),
            ]
            found.append(Input(wave.examples, "the examples file", ("ingest", "manifest"), year))
            found += [Input(path, what, stages, year) for path, what, stages in optional if path]
        for path in sorted(Path(TEXT_FOLDER).rglob("*")):  # also a folder of no wave: render reports it
            year = path.relative_to(TEXT_FOLDER).parts[0] if path.is_file() else ""
            if path.is_file() and not any(
                part.startswith(".") for part in path.parts
            ):  # .2021.tmp: unfinished
                what = "the researcher's text"
                found.append(
                    Input(path.as_posix(), what, ("render", "manifest"), year * (year in self.waves), False)
                )
        found += [
            Input(path, what, ("render", "manifest"), required=False)
            for path, what in WORD_TABLES
            if Path(path).is_file()
        ]
        found += [
            Input(path.as_posix(), "a template", ("render", "manifest"), required=False)
            for path in sorted(Path(TEMPLATE_FOLDER).rglob("*"))
            if path.is_file()
        ]
        found.append(Input(SITE_SETTINGS, "the site's MkDocs settings", ("manifest", "site")))
        return found

    def inputs_of(self, stage: str, years: Iterable[str] = ()) -> list[str]:
        """The files one stage reads for the given waves (and those of no wave), sorted."""
        years = set(years)
        return sorted(
            {
                item.path
                for item in self.inputs()
                if stage in item.stages and (not item.year or item.year in years)
            }
        )

    @property
    def years(self) -> list[str]:
        return sorted(self.waves)

    @property
    def nulmeting(self) -> Wave:
        """The first measurement, which every later wave is compared with."""
        return self.waves[self.nulmeting_year or self.years[0]]

    @property
    def comparisons(self) -> list[tuple[str, str]]:
        """(nulmeting, later wave) for every wave after the nulmeting."""
        first = self.nulmeting.year
        return [(first, year) for year in self.years if year > first]

    @property
    def latest(self) -> Wave:
        return self.waves[self.years[-1]]


@parsed_once
def load_config(path: Path | str = "config/config.yaml") -> Config:
    """Read and validate the configuration."""
    checks = (unknown_nulmeting, paths_outside_project, unknown_encodings)
    data = read_validated_yaml(path, "config", "the configuration", checks=checks)
    return Config(
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        population=data["population"],
        pseudonym_key=data["pseudonym_key"],
        waves={year: wave_from(year, wave) for year, wave in sorted(data["waves"].items())},
        nulmeting_year=data.get("nulmeting", ""),
        clear_change=data.get("comparison", {}).get("clear_change", 3),
        min_cell=data.get("publication", {}).get("min_cell", 3),
        min_kappa=data.get("coding", {}).get("min_kappa", 0.6),
        below_min_kappa=data.get("coding", {}).get("below_min_kappa", "warning"),
        min_uses=data.get("coding", {}).get("min_uses", 5),
        engine=data.get("publication", {}).get("engine", "mkdocs"),
        source=Path(path).as_posix(),
    )


def wave_from(year: str, data: dict) -> Wave:
    return Wave(
        year=year,
        label=data["label"],
        published=dt.date.fromisoformat(data["published"]),
        codebook=data["codebook"],
        sources=tuple(
            Source(
                file=source["file"],
                mode=source["mode"],
                encoding=source.get("encoding", "utf-8"),
                separator=source.get("separator", ""),
                id_column=source.get("id_column", "id"),
                gemeente_column=source.get("gemeente_column", "gemeente"),
                date_column=source.get("date_column", ""),
                system_columns=tuple(source.get("system_columns", [])),
                personal_columns=tuple(source.get("personal_columns", [])),
                columns=dict(source.get("columns", {})),
                values={
                    q: {str(k): v for k, v in codes.items()} for q, codes in source.get("values", {}).items()
                },
            )
            for source in data["sources"]
        ),
        coders=coders_of(data["coding"]),
        reconciliation=data["coding"].get("reconciliation", "") if isinstance(data["coding"], dict) else "",
        examples=data["examples"],
        fieldwork=data.get("fieldwork", ""),
        demo_notice=data.get("demo_notice", ""),
        reference=data.get("reference", ""),
        crosswalk=data.get("crosswalk", ""),
    )


def coders_of(coding: str | dict) -> dict[str, str]:
    """The coders' files of a wave: one file (the final codes) or one per coder."""
    return {"codeur": coding} if isinstance(coding, str) else dict(sorted(coding["coders"].items()))
