# The whole workflow on one page. Each rule runs one step of the `enquete` command; the
# wave (a year) is the wildcard. `make report` (or `enquete build`) validates the
# configuration and codebooks first, then runs this in its own Python process
# (`--force-use-threads`): the steps share one start of Python and one import of pandas,
# plotly and the rest, instead of paying for them once per step (see enquete/workflow/build.py).
from pathlib import Path

import enquete
from enquete.workflow.build import run_step
from enquete.config import load_config
from enquete.workflow.contents import ContentDigests

CONFIG_FILE = config.get("config_file", "config/config.yaml")
settings = load_config(CONFIG_FILE)
YEARS = settings.years
CODE = sorted(str(p) for p in Path(enquete.__file__).parent.rglob("*.py"))
TEMPLATES = sorted(str(p) for p in Path("templates").rglob("*") if p.is_file())
# The researcher's text and the quantifier table: an edited text reruns only render and site.
# Hidden entries are left out: `.<year>.tmp` is an unfinished `enquete tekst nieuw`.
TEKST = sorted(
    str(p)
    for p in Path("tekst").rglob("*")
    if p.is_file() and not any(part.startswith(".") for part in p.parts)
)
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
]


# Every rule reruns when the content of its source inputs changes, not only their times:
# files swapped with `mv` or dated back with `touch -d` keep old times (enquete/workflow/contents.py).
DIGESTS = ContentDigests()


def contents(*groups):
    """A params function: the digest of the source files among `groups` (paths, lists of
    paths, or input functions of the wildcards)."""

    def digest(wildcards):
        files = [group(wildcards) if callable(group) else group for group in groups]
        return DIGESTS.of(*(group for group in files if group))

    return digest


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


def wave_codebook(wildcards):
    return settings.waves[wildcards.wave].codebook


def wave_reference(wildcards):
    return settings.waves[wildcards.wave].reference


def compared_codebooks(wildcards):
    return [
        settings.waves[y].codebook
        for y in YEARS
        if wildcards.earlier <= y <= wildcards.later
    ]


def compared_crosswalks(wildcards):
    return [
        settings.waves[y].crosswalk
        for y in YEARS
        if wildcards.earlier < y <= wildcards.later and settings.waves[y].crosswalk
    ]


MANIFEST_INPUTS = [
    CONFIG_FILE,
    settings.population,
    settings.pseudonym_key,
    [f for year in YEARS for f in settings.waves[year].input_files],
    TEMPLATES,
    "mkdocs.yml",
    CODE,
]


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
    params:
        contents=contents(
            wave_inputs,
            CONFIG_FILE,
            settings.population,
            settings.pseudonym_key,
            CODE,
        ),
    message:
        "Wave {wildcards.wave}: reading, validating and pseudonymising the answers"
    run:
        step("ingest", "--wave", wildcards.wave, "--out", f"processed/{wildcards.wave}")


rule figures:
    input:
        [f"processed/{{wave}}/{name}.csv" for name in PROCESSED],
        wave_codebook,
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
    params:
        contents=contents(wave_codebook, settings.population, CODE),
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
        wave_reference,
        CODE,
    output:
        "analysis/{wave}/backtest.csv",
    params:
        contents=contents(wave_reference, CODE),
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
        compared_codebooks,
        compared_crosswalks,
        CONFIG_FILE,
        CODE,
    output:
        "analysis/vergelijking/{earlier}-{later}.csv",
    params:
        contents=contents(compared_codebooks, compared_crosswalks, CONFIG_FILE, CODE),
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
        MANIFEST_INPUTS,
    output:
        "analysis/manifest.json",
    params:
        contents=contents(*MANIFEST_INPUTS),
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
        contents=contents(TEMPLATES, TEKST, CONFIG_FILE, CODE),
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
    params:
        contents=contents(settings.population, "mkdocs.yml", CODE),
    message:
        "Building the site, checking it before publication, printing the PDFs"
    run:
        step("site", "--report", "report", "--analysis", "analysis", "--site", "site")
