"""The `enquete` command: one subcommand per step of the workflow, and `build` for all.

Every step turns an `InputError` into a plain message on stderr and exit status 1, so a
researcher sees what is wrong with which file — not a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from enquete.errors import InputError, failure_message
from enquete.workflow.buildlock import holding_the_build_lock


def command_check(args: argparse.Namespace) -> None:
    """Validate the configuration, every wave's codebook and (unless --no-data) every delivered file."""
    from enquete.workflow.check import check_project

    check_project(args.config, data=args.data)


def command_stage(args: argparse.Namespace) -> None:
    """Run one stage of the build by hand, with the folders the workflow gives it."""
    from enquete.config import load_config
    from enquete.workflow.stages import stage

    wildcards = {key: getattr(args, key) for key in ("year", "earlier", "later") if getattr(args, key, None)}
    options = {"concept": True} if getattr(args, "concept", False) else {}
    stage(args.command).run(load_config(args.config), wildcards, **options)


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
    wave = config.waves[args.year]
    codebook = load_codebook(wave.codebook)
    population = read_population(config.population, config.pseudonym_key)
    fresh = worksheet(open_answers(read_wave_responses(wave, codebook, population), codebook), codebook)
    path = Path(args.out or wave.coders.get(args.coder) or f"raw/{args.year}/codering-{args.coder}.xlsx")
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


def command_text_new(args: argparse.Namespace) -> None:
    """Start a new wave's text as a copy of the latest (or a chosen) wave's text."""
    from enquete.config import load_config
    from enquete.text.researcher_text import TEXT_ROOT
    from enquete.text.text_origin import start_wave_text

    years = load_config(args.config).years
    earlier = [year for year in years if year < args.year]  # the new wave may be configured already
    source = args.source or (earlier or years)[-1]
    copied = start_wave_text(args.year, source, TEXT_ROOT)
    print(f"{TEXT_ROOT / args.year}: {len(copied)} text files copied from {source}; origin in herkomst.yaml.")
    print(
        "Once the wave is configured, a final build refuses each copied sentence whose figures differ "
        f"from {source} until you edit it or confirm it in herkomst.yaml (bevestigd:); a concept build "
        "marks them on the page."
    )


def command_wave_draft(args: argparse.Namespace) -> None:
    """Propose a new wave's configuration, codebook and crosswalk from its delivered files."""
    from enquete.config import load_config
    from enquete.ingest.draft import draft_wave

    out = Path(args.out or f"draft/{args.year}")
    report = draft_wave(load_config(args.config), args.year, args.files, out, args.codebook or "")
    print(report.read_text(encoding="utf-8"))
    print(f"Written to {out}/ (config/ and codebook/ are unchanged); the report is {report}.")


def command_questionnaire(args: argparse.Namespace) -> None:
    """Generate the wave's questionnaire from its codebook: XLSForm, and HTML and PDF to print."""
    from enquete.instrument.questionnaire import write_questionnaire

    print("\n".join(write_questionnaire(args.config, args.year, args.codebook, args.out)))


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


STAGE_HELP = {  # the stages of enquete.workflow.stages, each runnable by hand
    "ingest": "validate and pseudonymise one wave",
    "figures": "compute the ledger of one wave",
    "backtest": "compare a wave's ledger with its published reference",
    "compare": "compare a later wave with an earlier one",
    "manifest": "record the inputs, configuration and code of this run",
    "render": "write the report's Markdown pages and downloads",
    "site": "build the static site from the report",
}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="enquete", description=__doc__.splitlines()[0])
    root.add_argument("--config", default="config/config.yaml", help="the configuration file")
    steps = root.add_subparsers(dest="command", required=True)

    step = steps.add_parser("check", help="validate configuration, codebooks and the delivered data")
    step.add_argument(
        "--data",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also read and validate every delivered file of every wave, as the build does "
        "(default; --no-data checks only the configuration, codebooks and that the files exist)",
    )
    step.set_defaults(run=command_check)

    for name, what in STAGE_HELP.items():
        step = steps.add_parser(name, help=what)
        if name in ("ingest", "figures", "backtest"):
            step.add_argument("--wave", dest="year", required=True, help="the wave's year")
        if name == "compare":
            step.add_argument("--earlier", required=True)
            step.add_argument("--later", required=True)
        if name == "render":
            step.add_argument(
                "--concept", action="store_true", help="draft: allow figures from answers not coded yet"
            )
        step.set_defaults(run=command_stage)

    step = steps.add_parser(
        "diff", help="what changed between two runs (exit 0: no differences, 1: differences, 2: error)"
    )
    step.add_argument("first", help="output folder of the first run (or a git revision with --git)")
    step.add_argument("second", help="output folder of the second run (or a git revision with --git)")
    step.add_argument("--git", action="store_true", help="compare two git revisions of this repository")
    step.add_argument("--format", choices=["text", "markdown"], default="text")
    step.set_defaults(run=command_diff)

    step = steps.add_parser("worksheet", help="create or extend a coder's worksheet (XLSX or CSV)")
    step.add_argument("--wave", dest="year", required=True, help="the wave's year")
    step.add_argument("--coder", required=True, help="the coder's name, e.g. codeur1")
    step.add_argument("--out", help="the worksheet file (default: the coder's file in the configuration)")
    step.set_defaults(run=command_worksheet)

    step = steps.add_parser("tekst", help="the researcher's text in tekst/<year>/")
    actions = step.add_subparsers(dest="action", required=True)
    action = actions.add_parser("nieuw", help="start a new wave's text as a copy of the latest wave's")
    action.add_argument("--wave", dest="year", required=True, help="the new wave, e.g. 2021")
    action.add_argument("--van", dest="source", help="the wave to copy (default: the latest)")
    action.set_defaults(run=command_text_new)

    step = steps.add_parser("wave", help="add a wave: propose its configuration from the delivered files")
    actions = step.add_subparsers(dest="action", required=True)
    action = actions.add_parser(
        "draft", help="match a delivered file's columns to the codebook; write a draft"
    )
    action.add_argument("--year", "--wave", dest="year", required=True, help="the new wave, e.g. 2021")
    action.add_argument(
        "--file",
        dest="files",
        action="append",
        required=True,
        help="a delivered file (.sav, .csv, .xlsx); repeatable",
    )
    action.add_argument("--codebook", help="the codebook to match against (default: the latest wave's)")
    action.add_argument("--out", help="the draft folder (default: draft/<year>)")
    action.set_defaults(run=command_wave_draft)
    step = steps.add_parser(
        "questionnaire", help="generate a wave's questionnaire from its codebook (XLSForm, HTML, PDF)"
    )
    step.add_argument(
        "--wave", dest="year", required=True, help="the wave the questionnaire is for, e.g. 2021"
    )
    step.add_argument("--codebook", help="the codebook (default: the wave's, or the latest wave's)")
    step.add_argument("--out", help="the folder to write to (default: vragenlijst/<year>)")
    step.set_defaults(run=command_questionnaire)

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
        print(failure_message(args.command, error), file=sys.stderr)
        return 2
    return status or 0


if __name__ == "__main__":
    sys.exit(main())
