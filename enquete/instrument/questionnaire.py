"""`enquete questionnaire`: the next wave's instrument, generated from its codebook.

It writes, in `vragenlijst/<year>/`, the XLSForm for the online survey (ODK, KoboToolbox,
Enketo) and the printed questionnaire for telephone interviews (HTML and PDF). Which codebook:
the one given, else the wave's own in the configuration, else `codebook/codebook-<year>.yaml`,
else the latest configured wave's (the questionnaire as it was, for a wave that repeats it).
"""

from __future__ import annotations

import re
from pathlib import Path

from enquete.codebook import load_codebook
from enquete.config import Config, Source, load_config
from enquete.errors import InputError, Problem, require_file
from enquete.files import write_atomically
from enquete.ingest.population import read_population
from enquete.instrument.printed import Interview, epoch_of, print_pdf, questionnaire_html
from enquete.instrument.xlsform import xlsform_workbook
from enquete.names import name_key

OUTPUT_FOLDER = "vragenlijst"


def chosen_codebook(config: Config, year: str, given: str | None) -> tuple[str, str]:
    """The codebook's path, and a sentence that says why it is that one."""
    if given:
        return str(require_file(given, "the codebook")), "the codebook given"
    if year in config.waves:
        return config.waves[year].codebook, f"the codebook of wave {year} in the configuration"
    own = Path(f"codebook/codebook-{year}.yaml")
    if own.is_file():
        return str(own), f"the codebook of {year}"
    latest = config.latest
    return latest.codebook, f"no codebook for {year} yet: the questionnaire of {latest.year}, as it was"


def telephone_source(config: Config, year: str) -> Source | None:
    """The wave's telephone file as configured, else the latest wave's (its columns carry over)."""
    waves = [config.waves[year]] if year in config.waves else []
    waves += [config.waves[other] for other in reversed(config.years)]
    return next((s for wave in waves for s in wave.sources if s.mode == "telefonisch"), None)


def checked_year(year: str) -> str:
    if not re.fullmatch(r"(19|20)\d\d", year):
        raise InputError(
            [
                Problem(
                    "enquete questionnaire",
                    "not a wave's year",
                    column="--wave",
                    found=year,
                    expected="e.g. 2021",
                )
            ]
        )
    return year


def write_questionnaire(
    config_file: str, year: str, codebook_file: str | None = None, out: str | None = None
) -> list[str]:
    """Write the XLSForm, the HTML and (with Chromium) the PDF; return what to tell the researcher."""
    config = load_config(config_file)
    year = checked_year(year)
    path, why = chosen_codebook(config, year, codebook_file)
    codebook = load_codebook(path)
    population = read_population(config.population, config.pseudonym_key)
    gemeenten = sorted(population.names.values(), key=name_key)
    epoch = config.waves[year].source_date_epoch if year in config.waves else epoch_of(year)
    folder = Path(out or f"{OUTPUT_FOLDER}/{year}")
    stem = f"vragenlijst-{year}"

    form = folder / f"{stem}.xlsx"
    write_atomically(form, xlsform_workbook(codebook, gemeenten, year, config.title, epoch))

    source = telephone_source(config, year)
    interview = (
        Interview(source.id_column, source.gemeente_column, source.date_column, source.personal_columns)
        if source
        else Interview()
    )
    telephone_file = source.file if source and year in config.waves else f"raw/{year}/telefonisch.csv"
    page = folder / f"{stem}.html"
    write_atomically(
        page, questionnaire_html(codebook, year, config.title, interview, telephone_file).encode()
    )
    said = [
        f"Questionnaire {year} from {path} ({why}), version {codebook.version}:",
        f"  {form}: the XLSForm for ODK, KoboToolbox or Enketo (upload it as the form)",
        f"  {page}: the questionnaire for telephone interviews",
    ]
    printed = print_pdf(folder, page.name, f"Vragenlijst {year}", epoch)
    if printed is None:
        said.append("  no PDF: Chromium was not found (apt-get install chromium); print the HTML instead")
    else:
        write_atomically(folder / f"{stem}.pdf", printed)
        said.append(f"  {folder / f'{stem}.pdf'}: the same, to print")
    return said
