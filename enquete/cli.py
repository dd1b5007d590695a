"""The `enquete` command: one subcommand per step of the workflow, and `build` for all.

Every step turns an `InputError` into a plain message on stderr and exit status 1, so a
researcher sees what is wrong with which file — not a traceback.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import traceback
from pathlib import Path

from enquete.errors import InputError, Problem, display_path
from enquete.workflow.buildlock import holding_the_build_lock


def command_check(args: argparse.Namespace) -> None:
    """Validate the configuration and every wave's codebook (fast; runs before the workflow)."""
    from enquete.codebook import load_codebook
    from enquete.config import load_config

    config = load_config(args.config)
    problems = [
        Problem(display_path(path), f"{what} is missing", expected="an existing file")
        for path, what in configured_files(config)
        if not Path(path).is_file()
    ]
    if problems:
        raise InputError(
            problems, remedy="put the files in place, or correct their paths in config/config.yaml."
        )
    for wave in config.waves.values():
        load_codebook(wave.codebook)
    print(f"Configuration and codebooks are valid: waves {', '.join(config.years)}.")


def configured_files(config) -> list[tuple[str, str]]:
    """Every input file the configuration names, with what it is."""
    files = [(config.population, "the population list"), (config.pseudonym_key, "the pseudonym key")]
    for wave in config.waves.values():
        files += [(source.file, "response file") for source in wave.sources]
        files += [(wave.codebook, "the codebook"), (wave.examples, "the examples file")]
        files += [(path, f"the coding file of {coder}") for coder, path in wave.coders.items()]
        files += [(wave.reconciliation, "the reconciliation file")] if wave.reconciliation else []
        files += [(wave.reference, "the reference figures")] if wave.reference else []
        files += [(wave.crosswalk, "the crosswalk")] if wave.crosswalk else []
    return files


def command_ingest(args: argparse.Namespace) -> None:
    from enquete.config import load_config
    from enquete.ingest.wave import ingest_wave

    ingest_wave(load_config(args.config), args.wave, args.out)


def command_figures(args: argparse.Namespace) -> None:
    from enquete.analysis.coder_workbook import write_worksheet_file
    from enquete.analysis.coding import coding_report
    from enquete.analysis.ledger import build_ledger, quotes
    from enquete.codebook import codebook_snapshot, load_codebook
    from enquete.config import load_config
    from enquete.ingest.population import population_table
    from enquete.ingest.wave import processed_tables
    from enquete.privacy.anonymise import safe_quotes
    from enquete.privacy.disclosure import RESPONSE_FILE, response_by_gemeente
    from enquete.tables import write_atomically, write_csv

    config = load_config(args.config)
    wave = config.waves[args.wave]
    tables = processed_tables(args.processed)
    out = Path(args.out)
    codebook = load_codebook(wave.codebook)
    write_csv(build_ledger(tables, codebook, wave), out / "figures.csv")
    population = population_table(config.population)
    write_csv(safe_quotes(quotes(tables), population, codebook), out / "citaten.csv")
    write_csv(tables["voorbeelden"], out / "voorbeelden.csv")
    write_atomically(out / "codebook.json", codebook_snapshot(codebook))
    write_csv(response_by_gemeente(tables["populatie"], tables["voorbeelden"]), out / RESPONSE_FILE)
    coding = coding_report(tables, codebook)
    for name, table in coding.items():
        write_csv(table, out / f"{name}.csv")
    write_worksheet_file(coding["codeerblad"], out / "codeerblad.xlsx", codebook, wave.source_date_epoch)


def command_backtest(args: argparse.Namespace) -> None:
    from enquete.analysis.backtest import compare_with_reference, failures, read_reference
    from enquete.analysis.ledger import read_ledger
    from enquete.config import load_config
    from enquete.tables import write_csv

    wave = load_config(args.config).waves[args.wave]
    if not wave.reference:
        raise InputError(
            [Problem(args.config, f"wave {args.wave} has no reference to test against", column="reference")]
        )
    result = compare_with_reference(
        read_ledger(Path(args.analysis) / "figures.csv"), read_reference(wave.reference)
    )
    problems = failures(result, display_path(wave.reference))
    if problems:
        raise InputError(
            problems,
            remedy="the ledger no longer reproduces the published figures: "
            "find which change in data, codebook or code moved them.",
        )
    write_csv(result, Path(args.analysis) / "backtest.csv")
    print(f"Back test {args.wave}: all {len(result)} reference figures reproduced.")


def command_compare(args: argparse.Namespace) -> None:
    """Compare a later wave with an earlier one, through every wave in between."""
    from enquete.analysis.comparison import Step, compare_ledgers, comparison_path, load_crosswalk
    from enquete.analysis.ledger import read_ledger
    from enquete.codebook import load_codebooks
    from enquete.config import load_config
    from enquete.tables import write_csv

    config = load_config(args.config)
    years = [year for year in config.years if args.earlier <= year <= args.later]
    codebooks = load_codebooks({year: config.waves[year].codebook for year in years})
    chain = [Step(years[0], codebooks[years[0]], {})]
    for previous, year in itertools.pairwise(years):
        crosswalk = load_crosswalk(config.waves[year].crosswalk, codebooks[previous], codebooks[year])
        chain.append(Step(year, codebooks[year], crosswalk))
    ledgers = [read_ledger(Path(args.analysis) / year / "figures.csv") for year in (args.earlier, args.later)]
    result = compare_ledgers(*ledgers, chain, config.clear_change)
    write_csv(result, comparison_path(args.analysis, args.earlier, args.later))


def command_manifest(args: argparse.Namespace) -> None:
    from enquete.config import load_config
    from enquete.workflow.provenance import build_manifest, write_manifest

    config = load_config(args.config)
    extra = ["mkdocs.yml", *sorted(str(p) for p in Path(args.templates).rglob("*") if p.is_file())]
    write_manifest(build_manifest(config, args.config, extra), args.out)


def command_diff(args: argparse.Namespace) -> int:
    """Print what differs between two runs; exit 0 (same), 1 (different) like `diff`."""
    from enquete.workflow.diff import diff

    report, differs = diff(args.first, args.second, args.git, args.config, args.format == "markdown")
    sys.stdout.write(report)
    return 1 if differs else 0


def command_worksheet(args: argparse.Namespace) -> None:
    """Create a coder's worksheet, or add the new answers to it: their work is never touched."""
    from enquete.analysis.coder_workbook import write_worksheet_file
    from enquete.analysis.coding import merge_worksheet, read_worksheet_file, worksheet
    from enquete.codebook import load_codebook
    from enquete.config import load_config
    from enquete.files import remove_leftover, temporary_for
    from enquete.ingest.population import read_population
    from enquete.ingest.wave import open_answers, read_wave_responses

    config = load_config(args.config)
    wave = config.waves[args.wave]
    codebook = load_codebook(wave.codebook)
    population = read_population(config.population, config.pseudonym_key)
    fresh = worksheet(open_answers(read_wave_responses(wave, codebook, population), codebook), codebook)
    path = Path(args.out or wave.coders.get(args.coder) or f"raw/{args.wave}/codering-{args.coder}.xlsx")
    if remove_leftover(path):  # a killed earlier run left its temporary file; the sheet is intact
        print(f"{temporary_for(path)}: left by an interrupted run, removed.")
    if path.exists():
        existing = read_worksheet_file(path)
        sheet = merge_worksheet(existing, fresh)
        added = len(sheet) - len(existing)
        print(f"{path}: {len(existing)} answers kept as they were, {added} new answers added.")
    else:
        sheet = fresh
        print(f"{path}: new worksheet with {len(sheet)} answers.")
    write_worksheet_file(sheet, path, codebook, wave.source_date_epoch)


def command_render(args: argparse.Namespace) -> None:
    from enquete.codebook import load_codebooks
    from enquete.config import load_config
    from enquete.publish.render import render_report

    config = load_config(args.config)
    codebooks = load_codebooks({year: wave.codebook for year, wave in config.waves.items()})
    render_report(config, codebooks, args.analysis, args.templates, args.report, concept=args.concept)


def command_site(args: argparse.Namespace) -> None:
    """Build the site; the publication gate scans it before it replaces the previous one."""
    from enquete.config import load_config
    from enquete.ingest.population import population_table, read_population
    from enquete.privacy.gate import Gate, consents, population_matcher
    from enquete.publish.site import build_site
    from enquete.tables import read_csv

    config = load_config(args.config)
    population = population_table(config.population)
    invited = read_population(config.population, config.pseudonym_key)
    gemeente_of = {pseudonym: invited.names[gid] for gid, pseudonym in invited.pseudonyms.items()}
    matcher = population_matcher(population)
    examples = [read_csv(Path(args.analysis) / year / "voorbeelden.csv") for year in config.years]
    gate = Gate(matcher, consents(examples, gemeente_of, matcher))
    build_site(Path(args.report) / "mkdocs.yml", args.site, config.latest.source_date_epoch, gate=gate)


def command_text_new(args: argparse.Namespace) -> None:
    """Start a new wave's text as a copy of the latest (or a chosen) wave's text."""
    from enquete.config import load_config
    from enquete.text.researcher_text import TEXT_ROOT
    from enquete.text.text_origin import start_wave_text

    years = load_config(args.config).years
    earlier = [year for year in years if year < args.wave]  # the new wave may be configured already
    source = args.source or (earlier or years)[-1]
    copied = start_wave_text(args.wave, source, TEXT_ROOT)
    print(f"{TEXT_ROOT / args.wave}: {len(copied)} text files copied from {source}; origin in herkomst.yaml.")
    print(
        "Once the wave is configured, a final build refuses each copied sentence whose figures differ "
        f"from {source} until you edit it or confirm it in herkomst.yaml (bevestigd:); a concept build "
        "marks them on the page."
    )


def command_preview(args: argparse.Namespace) -> None:
    from enquete.workflow.preview import serve

    serve(args.config, args.port, Path(args.analysis), Path(args.templates))


@holding_the_build_lock
def command_build(args: argparse.Namespace) -> None:
    """Validate first, then let Snakemake run whatever is out of date; keep old outputs on failure."""
    from enquete.workflow.build import run_build

    if args.watch:
        from enquete.workflow.watch import watch

        watch(args, run_build)
    else:
        run_build(args)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="enquete", description=__doc__.splitlines()[0])
    root.add_argument("--config", default="config/config.yaml", help="the configuration file")
    steps = root.add_subparsers(dest="command", required=True)

    steps.add_parser("check", help="validate configuration and codebooks").set_defaults(run=command_check)

    step = steps.add_parser("ingest", help="validate and pseudonymise one wave")
    step.add_argument("--wave", required=True)
    step.add_argument("--out", required=True)
    step.set_defaults(run=command_ingest)

    step = steps.add_parser("figures", help="compute the ledger of one wave")
    step.add_argument("--wave", required=True)
    step.add_argument("--processed", required=True)
    step.add_argument("--out", required=True)
    step.set_defaults(run=command_figures)

    step = steps.add_parser("backtest", help="compare a wave's ledger with its published reference")
    step.add_argument("--wave", required=True)
    step.add_argument("--analysis", required=True)
    step.set_defaults(run=command_backtest)

    step = steps.add_parser("compare", help="compare a later wave with an earlier one")
    step.add_argument("--earlier", required=True)
    step.add_argument("--later", required=True)
    step.add_argument("--analysis", default="analysis")
    step.set_defaults(run=command_compare)

    step = steps.add_parser("manifest", help="record the inputs, configuration and code of this run")
    step.add_argument("--templates", default="templates")
    step.add_argument("--out", default="analysis/manifest.json")
    step.set_defaults(run=command_manifest)

    step = steps.add_parser(
        "diff", help="what changed between two runs (exit 0: no differences, 1: differences, 2: error)"
    )
    step.add_argument("first", help="output folder of the first run (or a git revision with --git)")
    step.add_argument("second", help="output folder of the second run (or a git revision with --git)")
    step.add_argument("--git", action="store_true", help="compare two git revisions of this repository")
    step.add_argument("--format", choices=["text", "markdown"], default="text")
    step.set_defaults(run=command_diff)

    step = steps.add_parser("worksheet", help="create or extend a coder's worksheet (XLSX or CSV)")
    step.add_argument("--wave", required=True)
    step.add_argument("--coder", required=True, help="the coder's name, e.g. codeur1")
    step.add_argument("--out", help="the worksheet file (default: the coder's file in the configuration)")
    step.set_defaults(run=command_worksheet)

    step = steps.add_parser("render", help="write the report's Markdown pages and downloads")
    step.add_argument("--analysis", default="analysis")
    step.add_argument("--templates", default="templates")
    step.add_argument("--report", default="report")
    step.add_argument(
        "--concept", action="store_true", help="draft: allow figures from answers not coded yet"
    )
    step.set_defaults(run=command_render)

    step = steps.add_parser("site", help="build the static site from the report")
    step.add_argument("--report", default="report")
    step.add_argument("--analysis", default="analysis")
    step.add_argument("--site", default="site")
    step.set_defaults(run=command_site)

    step = steps.add_parser("tekst", help="the researcher's text in tekst/<year>/")
    actions = step.add_subparsers(dest="action", required=True)
    action = actions.add_parser("nieuw", help="start a new wave's text as a copy of the latest wave's")
    action.add_argument("--wave", required=True, help="the new wave, e.g. 2021")
    action.add_argument("--van", dest="source", help="the wave to copy (default: the latest)")
    action.set_defaults(run=command_text_new)

    step = steps.add_parser("preview", help="serve the report locally; a saved text shows within a second")
    step.add_argument("--port", type=int, default=8000)
    step.add_argument("--analysis", default="analysis")
    step.add_argument("--templates", default="templates")
    step.set_defaults(run=command_preview)

    step = steps.add_parser("build", help="run the whole workflow (what `make report` does)")
    step.add_argument("--directory", default=".", help="the project directory")
    step.add_argument("--cores", type=int, default=2)
    step.add_argument("--force", action="store_true", help="rebuild everything")
    step.add_argument("--concept", action="store_true", help="build a draft while open answers are not coded")
    step.add_argument(
        "--watch", action="store_true", help="stay, and build again whenever an input changes (Ctrl-C stops)"
    )
    step.set_defaults(run=command_build)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    failure = 2 if args.command == "diff" else 1  # diff reserves 1 for "differences found"
    try:
        status = args.run(args)
    except InputError as error:
        print(error.message(), file=sys.stderr)
        return failure
    except Exception as error:  # a bug, not bad input: say so plainly, details on request
        print(f"enquete {args.command}: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        if os.environ.get("ENQUETE_DEBUG"):
            traceback.print_exc()
        else:
            print("Run again with ENQUETE_DEBUG=1 for the technical details.", file=sys.stderr)
        return 2
    return status or 0


if __name__ == "__main__":
    sys.exit(main())
