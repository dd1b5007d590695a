# The build's table of contents: one rule per stage, the wave's year as the wildcard.
# Each stage is declared once in enquete/workflow/stages.py (its function, inputs, outputs
# and the code it runs); a rule here only names it. `make report` (or `enquete build`)
# validates the configuration and codebooks first, then runs this in its own Python process
# (`--force-use-threads`): the stages share one start of Python and one import of pandas,
# plotly and the rest (see enquete/workflow/build.py).
from enquete.config import load_config
from enquete.publish.engines import chosen_engine
from enquete.workflow.build import run_stage
from enquete.workflow.contents import ContentDigests
from enquete.workflow.stages import stage

CONFIG_FILE = config.get("config_file", "config/config.yaml")
settings = load_config(CONFIG_FILE)
YEARS = settings.years


def inputs(name):
    """The files a stage reads, for the rule's wildcards."""
    return lambda wildcards: stage(name).inputs(settings, dict(wildcards))


def outputs(name, **wildcards):
    return stage(name).outputs(settings, wildcards)


# Every rule also reruns when the content of its inputs changes, not only their times: files
# swapped with `mv` or dated back keep old times (enquete/workflow/contents.py).
DIGESTS = ContentDigests()


def contents(name):
    """A params function: the digest of the stage's source inputs and code."""
    return lambda wildcards: DIGESTS.of(stage(name).inputs(settings, dict(wildcards)))


def run(name, wildcards, **options):
    """Run the stage in this process; a refusal stops the rule with the stage's message."""
    run_stage(CONFIG_FILE, name, dict(wildcards), **options)


wildcard_constraints:
    year="[0-9]{4}",
    earlier="[0-9]{4}",
    later="[0-9]{4}",


rule all:
    input:
        "site/index.html",
    message:
        "The site is up to date"


rule ingest:
    input:
        inputs("ingest"),
    output:
        outputs("ingest", year="{year}"),
    params:
        contents=contents("ingest"),
    message:
        stage("ingest").message
    run:
        run("ingest", wildcards)


rule figures:
    input:
        inputs("figures"),
    output:
        outputs("figures", year="{year}"),
    params:
        contents=contents("figures"),
    message:
        stage("figures").message
    run:
        run("figures", wildcards)


rule backtest:
    input:
        inputs("backtest"),
    output:
        outputs("backtest", year="{year}"),
    params:
        contents=contents("backtest"),
    message:
        stage("backtest").message
    run:
        run("backtest", wildcards)


rule compare:
    input:
        inputs("compare"),
    output:
        outputs("compare", earlier="{earlier}", later="{later}"),
    params:
        contents=contents("compare"),
    message:
        stage("compare").message
    run:
        run("compare", wildcards)


rule manifest:
    input:
        inputs("manifest"),
    output:
        outputs("manifest"),
    params:
        contents=contents("manifest"),
    message:
        stage("manifest").message
    run:
        run("manifest", wildcards)


rule render:
    input:
        inputs("render"),
    output:
        outputs("render"),
    params:
        contents=contents("render"),
    message:
        stage("render").message
    run:
        run("render", wildcards, concept=bool(config.get("concept")))


rule site:
    input:
        inputs("site"),
    output:
        outputs("site"),
    params:
        contents=contents("site"),
        # ENQUETE_ENGINE is no file: a build with another engine than the last one reruns here
        engine=lambda wildcards: chosen_engine(settings.engine),
    message:
        stage("site").message
    run:
        # `enquete build --watch`: the site goes live first, the PDFs still to print follow it
        run("site", wildcards, pdfs=config.get("pdfs", "now"))
