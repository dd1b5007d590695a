"""The checks that tie a wave's text to its wave: claims of change, wave years, copied text.

`wave_text.py` calls these for every part of a wave's text (after the references, typed
counts and quantifiers are checked) and for the wave as a whole: which wave its text was
copied from, and which folders under `tekst/` belong to no configured wave.
"""

from __future__ import annotations

import re
from pathlib import Path

from enquete.config import TEXT_FOLDER
from enquete.errors import InputError, display_path
from enquete.text.change_words import ChangeTable, change_findings
from enquete.text.references import Figures, Rendered
from enquete.text.researcher_text import Fragment, TextProblem
from enquete.text.text_origin import ORIGIN, source_wave
from enquete.text.wave_years import wave_year_findings

WAVE_FOLDER = re.compile(r"^\d{4}$")


def claim_findings(
    fragment: Fragment, rendered: Rendered, figures: Figures, changes: ChangeTable
) -> list[tuple[TextProblem, int]]:
    """Every claim of change that the comparison does not carry and every mislabelled wave
    year, each with the reference it was read against: a final build refuses them, a concept
    build marks that reference *te herschrijven* (as it marks a copied sentence whose figures
    moved) and lists them."""
    findings = change_findings(fragment, rendered, figures, changes)
    findings += wave_year_findings(fragment, rendered, figures)
    return sorted(findings, key=lambda finding: finding[0].row or 0)


def copy_source(year: str, years: list[str], root: Path = Path(TEXT_FOLDER)) -> str:
    """The earlier wave a wave's text was copied from ('' for text of its own); a source that
    is not an earlier wave of the report is refused."""
    source = source_wave(year, root)
    if source and source not in [y for y in years if y < year]:
        raise InputError(
            [
                TextProblem(
                    display_path(root / year / ORIGIN),
                    "the source wave is not an earlier wave of the report",
                    found=source,
                    expected="one of "
                    + (", ".join(y for y in years if y < year) or "no wave: this is the first"),
                )
            ],
            remedy="correct 'bron:' in herkomst.yaml, or remove the file if the text is the wave's own.",
        )
    return source


def unconfigured_text(years: list[str], root: Path = Path(TEXT_FOLDER)) -> list[str]:
    """What lies under `tekst/` for no configured wave, said for the build output: such text is
    not used (a wave's text may be started before the wave is configured)."""
    if not root.is_dir():
        return []
    lines = []
    for path in sorted(root.iterdir()):
        if path.is_dir() and path.name in years:
            continue
        if path.is_dir() and path.name.startswith(".") and path.name.endswith(".tmp"):
            lines.append(
                f"Tekst: {display_path(path)}/ is wat een afgebroken `enquete tekst nieuw` achterliet; "
                "het wordt niet gebruikt en de volgende `enquete tekst nieuw` ruimt het op."
            )
        elif path.is_dir() and WAVE_FOLDER.match(path.name):
            lines.append(
                f"Tekst: {display_path(path)}/ hoort bij geen meting van de configuratie (waves:); "
                "deze tekst wordt niet gebruikt tot de meting is toegevoegd."
            )
        else:
            lines.append(
                f"Tekst: {display_path(path)} is geen map van een meting (tekst/<jaar>/); "
                "het wordt niet gebruikt."
            )
    return lines
