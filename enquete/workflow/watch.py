"""`enquete build --watch`: rebuild whenever an input changes, in one process that stays.

Why: a build started from the shell pays, before any work, for starting Python, importing
pandas, pandera, plotly and Snakemake, and reading the workflow — about as long as the
floor itself. A researcher who edits a good example, a coder's file or a template and
wants to see the page pays that on every edit. The watcher pays it once: it builds, then
looks at the inputs twice a second and runs the same build again (Snakemake still decides
what is out of date, so only the edited wave's steps run) as soon as a file changed. The
site goes live before the PDFs that must be printed anew; they follow right after
(`enquete.publish.pdf_follow_up`), unless another edit is already waiting: then that edit is
built first and the PDFs follow it. A build that refuses its input prints its message and
keeps the previous site, and the watcher waits for the next edit. A change to the package's
own code restarts the watcher, since code already imported cannot be read anew.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from argparse import Namespace
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import enquete
from enquete.errors import InputError

ALWAYS = ("mkdocs.yml", "Snakefile")
PAUSE = 0.25  # seconds between looks at the inputs
WATCHING = "Watching the inputs for changes (Ctrl-C to stop)."


def watched_files(config_file: str) -> list[Path]:
    """Every input of the build (`Config.inputs`: data, codebooks, text, word tables, templates,
    MkDocs settings) and the workflow itself.

    Read from the configuration after every build, so that a wave or a coder added there is
    watched from then on; a configuration that cannot be read is still watched itself.
    """
    from enquete.config import load_config

    files = [Path(config_file), *map(Path, ALWAYS)]
    with contextlib.suppress(InputError):  # the build will say what is wrong with it
        files += [Path(item.path) for item in load_config(config_file).inputs()]
    return sorted({path for path in files if path.is_file()} | {Path(config_file)})


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Each file's modification time and size: what tells that it was saved again."""
    state = {}
    for path in paths:
        try:
            status = path.stat()
        except FileNotFoundError:  # removed: a change too
            state[str(path)] = (0, -1)
            continue
        state[str(path)] = (status.st_mtime_ns, status.st_size)
    return state


def code_files() -> Iterator[Path]:
    return Path(enquete.__file__).parent.rglob("*.py")


FollowUp = Callable[[], None]


def build_once(args: Namespace, build: Callable[[Namespace], FollowUp | None]) -> FollowUp | None:
    """One build; when it stops it has said why, the previous site stays, and we wait on.
    Returns what prints the PDFs that follow the site, if some do."""
    try:
        return build(args)
    except SystemExit:
        pass
    except InputError as error:  # refused before the workflow started (configuration, codebook)
        print(error.message(), file=sys.stderr, flush=True)
    return None


def follow_once(follow_up: FollowUp) -> None:
    """Print the PDFs that follow; a refusal has said why, and the next build tries again."""
    with contextlib.suppress(SystemExit):
        follow_up()


def warm_up(config_file: str) -> None:
    """Import what every build runs — Snakemake and each stage's module with its libraries —
    and read the configuration and codebooks, which stay in memory while their files are unchanged.

    The first build of a watcher is often answered from the last build's record without any
    of this, and the first edit would then pay it (some 2–3 s); done here, before the watcher
    says it is watching, every edit finds it done."""
    import importlib

    from enquete.codebook import load_codebook
    from enquete.config import load_config
    from enquete.workflow.stages import STAGES

    for module in ["snakemake.cli", "mkdocs.commands.build", *(stage.module for stage in STAGES.values())]:
        importlib.import_module(module)
    with contextlib.suppress(InputError):  # the build has said what is wrong with them
        for wave in load_config(config_file).waves.values():
            load_codebook(wave.codebook)


def watch(args: Namespace, build: Callable[[Namespace], FollowUp | None]) -> None:
    """Build now and after every change, until interrupted (Ctrl-C)."""
    args.directory = str(Path(args.directory).resolve())
    args.pdfs_later = True  # the site goes live first; its new PDFs follow
    os.chdir(args.directory)
    code = snapshot(code_files())
    inputs = None
    warm = False
    try:
        while True:
            files = watched_files(args.config)  # read on every look: a new text file counts at once
            current = snapshot(files)
            if current != inputs:  # edits made during a build are found on the next look
                if inputs is not None:
                    names = sorted({name for name, _ in set(current.items()) ^ set(inputs.items())})
                    print(f"\nChanged: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}", flush=True)
                inputs = current
                follow_up = build_once(args, build)
                if follow_up is not None and snapshot(files) == current:  # no edit waits
                    follow_once(follow_up)
                files = watched_files(args.config)
                fresh = snapshot(path for path in files if str(path) not in current)
                inputs = {name: current.get(name, fresh.get(name)) for name in map(str, files)}
                sys.stderr.flush()  # the build's last words come before the prompt
                if not warm:
                    warm_up(args.config)
                    warm = True
                print(WATCHING, flush=True)
            if snapshot(code_files()) != code:
                print("The enquete code changed: starting the watcher again.", flush=True)
                os.execv(sys.executable, [sys.executable, "-m", "enquete", *sys.argv[1:]])
            time.sleep(PAUSE)
    except KeyboardInterrupt:
        print("\nStopped watching.")
