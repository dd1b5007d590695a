"""`enquete build`: the whole workflow in one Python process.

Where the time went: every rule used to start a new Python (`python -m enquete <step>`) that
imported pandas, pandera, plotly, scikit-learn and the rest again — about a second per
step before any work, nine steps for the demo — and `mkdocs build` started one more.
Now Snakemake runs inside the `enquete build` process with `--force-use-threads`: the
rules' `run:` blocks call the steps in this same process, so Python starts once and every
library is imported once, by the first step that needs it. The steps themselves are
the same: `run_stage` calls the stage function that `enquete <stage>` calls by hand, with
the same plain error message (no traceback) when it refuses the input.

What the outputs promise stays as it was: Snakemake still decides what is out of date,
`enquete.workflow.safekeeping` still restores the previous outputs when the build fails or is killed,
and the site step still runs the publication gate before it replaces `site/`.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
import time
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

STEPS_RUN: list[str] = []  # what this process ran, in order: the closing summary reports it
REFUSED = threading.Event()  # a step of this build refused its input (set in the job's thread)


class StepRefused(Exception):
    """A step stopped; it has already printed why (file, row, column, what to do)."""


class ReadableLog(logging.Filter):
    """Snakemake's own progress on the console, without the lines that say nothing to a researcher.

    Kept: the table of steps to run, each step as it starts (the rule's `message:`), when
    it finished, and "n of m steps done". Left out: the scheduler's "Select jobs to
    execute..." and "Execute 2 jobs..." before every step, the set-up lines about the file
    system and the shell. Once a step has refused (it has printed the project's message:
    file, row, column, what to do), nothing more of Snakemake's: no "Error in rule" block
    with the rule's outputs, no removal of outputs, no "WorkflowError" — they would bury the
    message. Snakemake's log file under `.snakemake/log/` keeps all of it; this filter sits
    on the console handler only. With ENQUETE_DEBUG set, the console shows everything after
    a refusal too.
    """

    CHATTER = re.compile(
        r"^(Select jobs to execute|Execute \d+ jobs|Assuming unrestricted shared filesystem"
        r"|Using shell:|Rules claiming more threads|Building DAG of jobs)"
    )
    LOG_FILE = re.compile(r"^Complete log\(s\): (.+)$")

    def __init__(self) -> None:
        super().__init__()
        self.log_file: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        if found := self.LOG_FILE.match(text):
            self.log_file = found.group(1).strip()
        if REFUSED.is_set() and not os.environ.get("ENQUETE_DEBUG"):
            return False
        return StepRefused.__name__ not in text and not self.CHATTER.match(text)


class ConsoleOnly(logging.Filter):
    """Puts a filter on the console handlers of Snakemake's logger, not on its log file.

    Snakemake creates its handlers inside its run, so the filter is attached when the first
    record passes the logger; a logger-level filter would also thin out the log file.
    """

    def __init__(self, logger: logging.Logger, console: logging.Filter) -> None:
        super().__init__()
        self.logger, self.console = logger, console

    def filter(self, record: logging.LogRecord) -> bool:
        for handler in self.logger.handlers:
            if not isinstance(handler, logging.FileHandler) and self.console not in handler.filters:
                handler.addFilter(self.console)
        return True


def run_stage(config_file: str, name: str, wildcards: dict[str, str], **options: object) -> None:
    """Run one stage in this process, as `enquete <stage>` would: a refusal prints the
    stage's own message (file, row, column, what to do) and stops the rule."""
    from enquete.config import load_config
    from enquete.errors import failure_message
    from enquete.workflow.stages import stage

    label = " ".join([name, *wildcards.values()])
    STEPS_RUN.append(label)
    started, cpu = time.perf_counter(), time.thread_time()
    try:
        stage(name).run(load_config(config_file), wildcards, **options)
    except Exception as error:
        print(failure_message(name, error), file=sys.stderr)
        REFUSED.set()
        raise StepRefused(f"enquete {name} stopped; the message above says why.") from None
    finally:
        if os.environ.get("ENQUETE_TIMINGS"):
            print(
                f"timing {label}: {time.perf_counter() - started:.2f} s, "
                f"{time.thread_time() - cpu:.2f} s CPU in this thread",
                file=sys.stderr,
            )


def snakemake_arguments(args: Namespace) -> list[str]:
    """Snakemake's command line: in this process, its own progress shown, the noise left out."""
    call = [
        "--snakefile",
        "Snakefile",
        "--cores",
        str(args.cores),
        "--rerun-incomplete",
        "--force-use-threads",
        "--quiet",
        "host",
        "reason",
    ]
    if args.force:
        call.append("--forceall")
    options = [f"config_file={args.config}", *(["concept=true"] if args.concept else [])]
    return [*call, "--config", *options, *(["pdfs=later"] if pdfs_follow(args) else [])]


def pdfs_follow(args: Namespace) -> bool:
    """Whether the site goes live before the PDFs that must be printed anew (watch mode)."""
    return bool(getattr(args, "pdfs_later", False))


def run_snakemake(arguments: list[str], readable: ReadableLog | None = None) -> int:
    """Snakemake's own command-line entry point, called in this process; its exit status."""
    from snakemake.cli import main

    REFUSED.clear()
    snakemake_log = logging.getLogger("snakemake.logging")
    readable = readable or ReadableLog()
    attach = ConsoleOnly(snakemake_log, readable)
    snakemake_log.addFilter(attach)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        main(arguments)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    finally:
        snakemake_log.removeFilter(attach)
        for handler in snakemake_log.handlers:
            handler.removeFilter(readable)
        for number, handler in handlers.items():  # Snakemake's own would outlive its run
            signal.signal(number, handler)
    return 0


def run_build(args: Namespace) -> Callable[[], None] | None:
    """Validate first, then let Snakemake run whatever is out of date; keep old outputs on failure.

    When nothing changed since the last successful build, its record says so without
    Snakemake (`enquete.workflow.up_to_date`). In watch mode the site may go live before some
    of its PDFs: then what is returned prints them (`enquete.publish.pdf_follow_up`)."""
    from enquete.workflow.buildlock import recover_interrupted_build
    from enquete.workflow.up_to_date import nothing_to_do

    STEPS_RUN.clear()
    started = time.perf_counter()
    open_path = str(Path(args.directory) / "site" / "index.html")
    os.chdir(args.directory)
    if recover_interrupted_build():
        print("The previous build was interrupted; its outputs are restored and rebuilt where needed.")
    elif not args.force and (known := nothing_to_do(args.config, args.concept)) is not None:
        print("\n".join(known))
        print(f"Open {open_path} in a browser.")
        return None
    return build_with_snakemake(args, started, open_path)


def build_with_snakemake(args: Namespace, started: float, open_path: str) -> Callable[[], None] | None:
    from enquete.config import load_config
    from enquete.errors import display_path
    from enquete.publish.pdf_follow_up import pending_pdfs
    from enquete.workflow.check import check_project
    from enquete.workflow.safekeeping import drop_kept_outputs, keep_outputs, restore_outputs
    from enquete.workflow.summary import NOTHING_TO_DO, done_line, open_line, outputs_summary
    from enquete.workflow.up_to_date import forget_build, inputs_now, record_build

    forget_build()
    checked = check_project(args.config)
    before = inputs_now(item.path for item in load_config(args.config).inputs())
    keep_outputs()
    readable = ReadableLog()
    status = run_snakemake(snakemake_arguments(args), readable)
    sys.stdout.flush()
    if status != 0:
        restore_outputs()
        print(
            "The build stopped; processed/, analysis/, report/ and site/ are as they were before it.",
            file=sys.stderr,
        )
        if REFUSED.is_set() and readable.log_file:
            print(f"(Snakemake's own account of the run: {display_path(readable.log_file)})", file=sys.stderr)
        raise SystemExit(1)
    drop_kept_outputs()

    def record(details: list[str]) -> None:
        record_build(args.config, args.concept, before, [checked, NOTHING_TO_DO, *details])

    def follow_up() -> None:
        print_the_pdfs_that_follow(args.config)
        print(f"The PDFs are in the site. Open {open_path} in a browser.", flush=True)
        record(outputs_summary(args.config, Path(".")))

    site_first = pdfs_follow(args) and bool(pending_pdfs())
    if not site_first:
        print_the_pdfs_that_follow(args.config)  # those an interrupted watcher left to print
    details = outputs_summary(args.config, Path("."))
    print("\n".join([done_line(STEPS_RUN, time.perf_counter() - started), *details, open_line(open_path)]))
    if site_first:
        return follow_up
    record(details)
    return None


def print_the_pdfs_that_follow(config_file: str) -> None:
    """Print, gate and publish the PDFs the live site waits for; a refusal says why and stops."""
    from enquete.config import load_config
    from enquete.errors import InputError
    from enquete.privacy.gate import gate_for
    from enquete.publish.pdf_follow_up import pending_pdfs, print_pending_pdfs

    if not (names := pending_pdfs()):
        return
    print(f"Printing the PDFs that follow the site: {', '.join(names)}", flush=True)
    started = time.perf_counter()
    try:
        printed = print_pending_pdfs(gate_for(load_config(config_file), Path("analysis")))
    except InputError as error:
        print(error.message(), file=sys.stderr, flush=True)
        print("The site is live without these PDFs; the next build prints them again.", file=sys.stderr)
        raise SystemExit(1) from None
    print(f"Printed in {time.perf_counter() - started:.1f} s: {', '.join(printed)}", flush=True)
