# The whole workflow on one page. Each rule runs one step of the `enquete` command; the
# wave (a year) is the wildcard. `make report` (or `enquete build`) validates the
# configuration and codebooks first, then runs this in its own Python process
# (`--force-use-threads`): the steps share one start of Python and one import of pandas,
# plotly and the rest, instead of paying for them once per step (see enquete/workflow/build.py).
from pathlib import Path

import enquete
from enquete.workflow.build import run_step
from enquete.config import load_config

CONFIG_FILE = config.get("config_file", "config/config.yaml")
settings = load_config(CONFIG_FILE)
YEARS = settings.years
CODE = sorted(str(p) for p in Path(enquete.__file__).parent.rglob("*.py"))
TEMPLATES = sorted(str(p) for p in Path("templates").rglob("*") if p.is_file())
# The researcher's text and the quantifier table: an edited text reruns only render and site.
TEKST = sorted(str(p) for p in Path("tekst").rglob("*") if p.is_file())
TEKST += [
    p
    for p in ["config/kwantoren.yaml", "config/veranderwoorden.yaml"]
    if Path(p).is_file()
]
PROCESSED = [
    "populatie",
    "respondenten",
    "gesloten_antwoorden",
    "open_antwoorden",
    "codes",
    "voorbeelden",
    "codering_status",
    "codeurs",
]
CODING = [
    "overeenstemming",
    "onenigheden",
    "suggesties",
    "nog_te_coderen",
    "codeerblad",
    "antwoorden_per_vraag",
    "te_controleren",
]


def step(*arguments):
    """Run `enquete <arguments>` in this process; a refusal stops the rule with its message."""
    run_step(CONFIG_FILE, *arguments)


def wave_inputs(wildcards):
    wave = settings.waves[wildcards.wave]
    return [s.file for s in wave.sources] + [
        path
        for path in wave.input_files
        if path not in (wave.reference, wave.crosswalk)
    ]


def comparisons():
    """(earlier, later) pairs: each wave with the nulmeting and with the wave before it."""
    pairs = set(settings.comparisons)
    pairs |= {(a, b) for a, b in zip(YEARS, YEARS[1:])}
    return sorted(pairs)


def wave_analysis(year):
    files = [
        f"analysis/{year}/{name}.csv" for name in ("figures", "citaten", "voorbeelden")
    ]
    files += [
        f"analysis/{year}/codebook.json",
        f"analysis/{year}/respons_per_landsdeel.csv",
    ]
    files += [f"analysis/{year}/{name}.csv" for name in CODING]
    if settings.waves[year].reference:
        files.append(f"analysis/{year}/backtest.csv")
    return files


wildcard_constraints:
    wave="[0-9]{4}",
    earlier="[0-9]{4}",
    later="[0-9]{4}",


rule all:
    input:
        "site/index.html",
    message:
        "The site is up to date"


rule ingest:
    input:
        wave_inputs,
        CONFIG_FILE,
        settings.population,
        settings.pseudonym_key,
        CODE,
    output:
        [f"processed/{{wave}}/{name}.csv" for name in PROCESSED],
    message:
        "Wave {wildcards.wave}: reading, validating and pseudonymising the answers"
    run:
        step("ingest", "--wave", wildcards.wave, "--out", f"processed/{wildcards.wave}")


rule figures:
    input:
        [f"processed/{{wave}}/{name}.csv" for name in PROCESSED],
        lambda w: settings.waves[w.wave].codebook,
        lambda w: (
            [settings.waves[w.wave].reference]
            if settings.waves[w.wave].reference
            else []
        ),
        settings.population,
        CODE,
    output:
        "analysis/{wave}/figures.csv",
        "analysis/{wave}/citaten.csv",
        "analysis/{wave}/voorbeelden.csv",
        "analysis/{wave}/codebook.json",
        "analysis/{wave}/respons_per_landsdeel.csv",
        [f"analysis/{{wave}}/{name}.csv" for name in CODING],
        "analysis/{wave}/codeerblad.xlsx",
        "analysis/{wave}/te_controleren.xlsx",
    message:
        "Wave {wildcards.wave}: computing the figures, quotes and coders' agreement"
    run:
        step(
            "figures",
            "--wave",
            wildcards.wave,
            "--processed",
            f"processed/{wildcards.wave}",
            "--out",
            f"analysis/{wildcards.wave}",
        )


rule backtest:
    input:
        "analysis/{wave}/figures.csv",
        lambda w: settings.waves[w.wave].reference,
        CODE,
    output:
        "analysis/{wave}/backtest.csv",
    message:
        "Wave {wildcards.wave}: back test against the published figures"
    run:
        step(
            "backtest",
            "--wave",
            wildcards.wave,
            "--analysis",
            f"analysis/{wildcards.wave}",
        )


rule compare:
    input:
        "analysis/{earlier}/figures.csv",
        "analysis/{later}/figures.csv",
        lambda w: [
            settings.waves[y].codebook for y in YEARS if w.earlier <= y <= w.later
        ],
        lambda w: [
            settings.waves[y].crosswalk
            for y in YEARS
            if w.earlier < y <= w.later and settings.waves[y].crosswalk
        ],
        CONFIG_FILE,
        CODE,
    output:
        "analysis/vergelijking/{earlier}-{later}.csv",
    message:
        "Comparing {wildcards.later} with {wildcards.earlier}"
    run:
        step(
            "compare",
            "--earlier",
            wildcards.earlier,
            "--later",
            wildcards.later,
            "--analysis",
            "analysis",
        )


rule manifest:
    input:
        CONFIG_FILE,
        settings.population,
        settings.pseudonym_key,
        [f for year in YEARS for f in settings.waves[year].input_files],
        TEMPLATES,
        "mkdocs.yml",
        CODE,
    output:
        "analysis/manifest.json",
    message:
        "Recording the inputs, configuration and code of this build"
    run:
        step("manifest", "--templates", "templates", "--out", output[0])


rule render:
    input:
        "analysis/manifest.json",
        [wave_analysis(year) for year in YEARS],
        [f"analysis/vergelijking/{a}-{b}.csv" for a, b in comparisons()],
        TEMPLATES,
        TEKST,
        CONFIG_FILE,
        CODE,
    output:
        "report/mkdocs.yml",
    params:
        concept=["--concept"] if config.get("concept") else [],
    message:
        "Writing the report's pages, charts and downloads"
    run:
        step(
            "render",
            "--analysis",
            "analysis",
            "--templates",
            "templates",
            "--report",
            "report",
            *params.concept,
        )


rule site:
    input:
        "report/mkdocs.yml",
        settings.population,
        [f"analysis/{year}/voorbeelden.csv" for year in YEARS],
        "mkdocs.yml",
        CODE,
    output:
        "site/index.html",
    message:
        "Building the site, checking it before publication, printing the PDFs"
    run:
        step("site", "--report", "report", "--analysis", "analysis", "--site", "site")
