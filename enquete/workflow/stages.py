"""The stages of the build, each declared once: what it runs, what it reads, what it writes.

The Snakefile's rules, the `enquete <stage>` commands and the tests all take a stage from
here. A stage is a plain function of its own package (`enquete.ingest.wave.ingest_wave`,
`enquete.analysis.figures.compute_figures`, …) called with the configuration and the
folders declared below; it knows nothing of Snakemake or of the command line, and imports
nothing from `enquete.workflow` or `enquete.cli`. Its rule depends on its inputs (from the
configuration's one list, `Config.inputs`), on the outputs of the stages before it, and on
the code it runs — the modules its function imports (`enquete.workflow.code_graph`), not the
whole package.
"""

from __future__ import annotations

import importlib
import itertools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from enquete.config import Config
from enquete.layout import PROCESSED
from enquete.workflow.code_graph import code_of

SCHEMAS = sorted(str(path) for path in (Path(__file__).parent.parent / "schemas").glob("*.json"))

CODING = (
    "overeenstemming",
    "onenigheden",
    "suggesties",
    "nog_te_coderen",
    "codeerblad",
    "antwoorden_per_vraag",
    "te_controleren",
)
ANALYSIS = ("figures", "citaten", "voorbeelden", "respons_per_landsdeel", *CODING)


def processed(year: str) -> str:
    return f"processed/{year}"


def analysis(year: str) -> str:
    return f"analysis/{year}"


def comparison(earlier: str, later: str) -> str:
    return f"analysis/vergelijking/{earlier}-{later}.csv"


Wildcards = Mapping[str, str]
IMPORTING = threading.Lock()


@dataclass(frozen=True)
class Stage:
    """One step of the build: `function` (module:name) called with `arguments(config, wildcards)`."""

    name: str
    message: str
    function: str
    arguments: Callable[[Config, Wildcards], dict[str, object]]
    outputs: Callable[[Config, Wildcards], list[str]]
    earlier: Callable[[Config, Wildcards], list[str]]  # outputs of earlier stages it reads
    years: Callable[[Config, Wildcards], list[str]]  # the waves whose inputs it reads

    @property
    def module(self) -> str:
        return self.function.split(":")[0]

    def code(self) -> list[str]:
        """The package's files this stage runs, and the schemas its configuration is read with."""
        return [*code_of(self.module), *SCHEMAS]

    def inputs(self, config: Config, wildcards: Wildcards) -> list[str]:
        """Everything the stage reads: its inputs, earlier stages' outputs, its code."""
        files = config.inputs_of(self.name, self.years(config, wildcards))
        return [*files, *self.earlier(config, wildcards), *self.code()]

    def run(self, config: Config, wildcards: Wildcards, **options: object) -> None:
        module, name = self.function.split(":")
        with IMPORTING:  # two stages in two threads importing openpyxl at once would deadlock
            function = getattr(importlib.import_module(module), name)
        function(config, **self.arguments(config, wildcards), **options)


def analysis_files(config: Config, year: str) -> list[str]:
    """What the figures stage writes for a wave (and its back test, where there is one)."""
    files = [f"{analysis(year)}/{name}.csv" for name in ANALYSIS]
    files += [f"{analysis(year)}/codebook.json", f"{analysis(year)}/codeerblad.xlsx"]
    files += [f"{analysis(year)}/te_controleren.xlsx"]
    return files


def comparisons(config: Config) -> list[tuple[str, str]]:
    """(earlier, later) pairs: each wave with the nulmeting and with the wave before it."""
    years = config.years
    return sorted(set(config.comparisons) | set(itertools.pairwise(years)))


def everything_analysed(config: Config, _: Wildcards) -> list[str]:
    files = ["analysis/manifest.json"]
    for year in config.years:
        files += analysis_files(config, year)
        files += [f"{analysis(year)}/backtest.csv"] if config.waves[year].reference else []
    return files + [comparison(a, b) for a, b in comparisons(config)]


def between(config: Config, wildcards: Wildcards) -> list[str]:
    return [year for year in config.years if wildcards["earlier"] <= year <= wildcards["later"]]


def nothing(config: Config, wildcards: Wildcards) -> list[str]:
    return []


def this_wave(config: Config, wildcards: Wildcards) -> list[str]:
    return [wildcards["year"]]


def every_wave(config: Config, wildcards: Wildcards) -> list[str]:
    return config.years


STAGES: dict[str, Stage] = {
    stage.name: stage
    for stage in (
        Stage(
            "ingest",
            "Wave {wildcards.year}: reading, validating and pseudonymising the answers",
            "enquete.ingest.wave:ingest_wave",
            arguments=lambda c, w: {"year": w["year"], "out_dir": processed(w["year"])},
            outputs=lambda c, w: [f"{processed(w['year'])}/{name}.csv" for name in PROCESSED],
            earlier=nothing,
            years=this_wave,
        ),
        Stage(
            "figures",
            "Wave {wildcards.year}: computing the figures, quotes and coders' agreement",
            "enquete.analysis.figures:compute_figures",
            arguments=lambda c, w: {
                "year": w["year"],
                "processed": processed(w["year"]),
                "out": analysis(w["year"]),
            },
            outputs=lambda c, w: analysis_files(c, w["year"]),
            earlier=lambda c, w: [f"{processed(w['year'])}/{name}.csv" for name in PROCESSED],
            years=this_wave,
        ),
        Stage(
            "backtest",
            "Wave {wildcards.year}: back test against the published figures",
            "enquete.analysis.backtest:backtest_wave",
            arguments=lambda c, w: {"year": w["year"], "analysis": analysis(w["year"])},
            outputs=lambda c, w: [f"{analysis(w['year'])}/backtest.csv"],
            earlier=lambda c, w: [f"{analysis(w['year'])}/figures.csv"],
            years=this_wave,
        ),
        Stage(
            "compare",
            "Comparing {wildcards.later} with {wildcards.earlier}",
            "enquete.analysis.comparison:compare_waves",
            arguments=lambda c, w: {"earlier": w["earlier"], "later": w["later"], "analysis": "analysis"},
            outputs=lambda c, w: [comparison(w["earlier"], w["later"])],
            earlier=lambda c, w: [f"{analysis(w[key])}/figures.csv" for key in ("earlier", "later")],
            years=between,
        ),
        Stage(
            "manifest",
            "Recording the inputs, configuration and code of this build",
            "enquete.publish.provenance:record_manifest",
            arguments=lambda c, w: {"out": "analysis/manifest.json"},
            outputs=lambda c, w: ["analysis/manifest.json"],
            earlier=nothing,
            years=every_wave,
        ),
        Stage(
            "render",
            "Writing the report's pages, charts and downloads",
            "enquete.publish.render:render_stage",
            arguments=lambda c, w: {"analysis": "analysis", "templates": "templates", "report": "report"},
            outputs=lambda c, w: ["report/mkdocs.yml"],
            earlier=everything_analysed,
            years=every_wave,
        ),
        Stage(
            "site",
            "Building the site, checking it before publication, printing the PDFs",
            "enquete.publish.site:publish_site",
            arguments=lambda c, w: {"report": "report", "analysis": "analysis", "site": "site"},
            outputs=lambda c, w: ["site/index.html"],
            earlier=lambda c, w: ["report/mkdocs.yml", *(f"{analysis(y)}/voorbeelden.csv" for y in c.years)],
            years=every_wave,
        ),
    )
}


def stage(name: str) -> Stage:
    return STAGES[name]
