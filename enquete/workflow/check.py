"""`enquete check`: the configuration and every codebook valid, every configured file there,
and — unless `--no-data` — every delivered file of every wave read and validated.

The build runs the quick part before the workflow, in a fraction of a second, so that a
missing file or a wrong codebook is told at once and by name, not halfway through the build;
its ingest stage then validates the data. `enquete check` on its own also validates the data
by default, because a researcher who asks whether the project is in order means the data
too: a "valid" that the build then refuses is worse than a slower answer. It reads each wave
with the ingest stage's own reader (`read_delivered_wave`), so a refusal reads word for word
as the build's, and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from enquete.codebook import load_codebook
from enquete.config import Config, load_config
from enquete.errors import InputError, Problem, display_path


def check_project(config_file: str, data: bool = False) -> str:
    """Refuses a configuration with a missing file or a wrong codebook (with `data`, also
    delivered data the ingest would refuse); returns the line it printed."""
    config = load_config(config_file)
    problems = [
        Problem(display_path(item.path), f"{item.what} is missing", expected="an existing file")
        for item in config.inputs()
        if item.required and not Path(item.path).is_file()
    ]
    if problems:
        raise InputError(
            problems, remedy="put the files in place, or correct their paths in config/config.yaml."
        )
    for wave in config.waves.values():
        load_codebook(wave.codebook)
    if not data:
        line = f"Configuration and codebooks are valid: waves {', '.join(config.years)}."
        print(line)
        return line
    check_data(config)
    line = (
        f"Configuration, codebooks and the delivered data are valid: waves {', '.join(config.years)} "
        "(nothing was written)."
    )
    print(line)
    return line


def check_data(config: Config) -> None:
    """Every wave's delivered files as the ingest stage reads them; all waves' refusals at once."""
    from enquete.ingest.wave import read_delivered_wave

    refusals: list[tuple[str, InputError]] = []
    for year in config.years:
        try:
            read_delivered_wave(config, year)
        except InputError as error:
            refusals.append((year, error))
    if len(refusals) == 1:
        raise refusals[0][1]
    if refusals:
        remedies = dict.fromkeys(error.remedy for _, error in refusals if error.remedy)
        raise InputError(
            [problem for _, error in refusals for problem in error.problems],
            remedy=" ".join(remedies),
            context=f"waves {', '.join(year for year, _ in refusals)}",
        )
