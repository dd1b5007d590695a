"""One build at a time per project folder, and recovery from a build that was killed.

Two builds in one folder would overwrite each other's outputs, and a build killed with
`kill -9` (or a power cut) leaves Snakemake's lock behind, after which Snakemake refuses
every later run with advice to `--unlock` that `make report` cannot pass. Both are solved
with one operating-system lock (the `filelock` library, `flock` underneath) on
`.enquete-build.lock`:

- the kernel releases it when the holding process dies, however it dies, so holding it
  *proves* that no other build of this folder runs;
- a second build finds it taken and stops at once, naming the holder's process id (which
  the holder writes into the lock file), before it touches any output;
- while holding it, a build may safely clear what a dead build left behind: Snakemake's
  lock files (exactly what `snakemake --unlock` removes) and the half-built outputs, which
  `enquete.workflow.safekeeping` replaces by the outputs kept before the dead build started.
"""

from __future__ import annotations

import functools
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from enquete.errors import InputError
from enquete.workflow.safekeeping import restore_outputs

LOCK_FILE = Path(".enquete-build.lock")
SNAKEMAKE_LOCKS = Path(".snakemake") / "locks"


class BuildRunning(InputError):
    """Another build holds this folder's build lock: refuse, and touch nothing."""

    def __init__(self, folder: Path, pid: int | None) -> None:
        self.folder = folder
        self.pid = pid
        super().__init__([])

    def message(self) -> str:
        holder = f"process {self.pid}" if self.pid else "a process whose id could not be read"
        return (
            f"Another build is running in {self.folder} ({holder}); this build stopped without "
            "changing anything.\nWhat to do: wait until that build has finished and run again "
            "(or stop it first)."
        )


def record_holder(fd: int) -> None:
    """Write our process id into the lock file, so a second build can say who holds it."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


def holder_of(lock_file: Path, attempts: int = 10) -> int | None:
    """The process id written by the holder; it may take a moment to appear after it locked."""
    for _ in range(attempts):
        try:
            text = lock_file.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            text = ""
        if text.isdigit():
            return int(text)
        time.sleep(0.05)
    return None


@contextmanager
def one_build_at_a_time(folder: Path | str = ".") -> Iterator[None]:
    """Hold the folder's build lock for the duration, or raise `BuildRunning` at once."""
    from filelock import FileLock, Timeout  # imported here: every step imports the cli

    folder = Path(folder)
    lock_file = folder / LOCK_FILE
    lock = FileLock(lock_file, timeout=0, preserve_lock_file=True, on_acquired=record_holder)
    try:
        lock.acquire()
    except Timeout:
        raise BuildRunning(folder.resolve(), holder_of(lock_file)) from None
    try:
        yield
    finally:
        with open(lock_file, "r+b") as file:  # a released lock names no holder
            file.truncate()
        lock.release()


def holding_the_build_lock(command: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Run an `enquete build`-like command (with `args.directory`) under the build lock."""

    @functools.wraps(command)
    def locked(args: Any) -> Any:
        with one_build_at_a_time(args.directory):
            return command(args)

    return locked


def recover_interrupted_build(root: Path = Path(".")) -> bool:
    """Clear what a dead build left; True when its outputs had to be restored.

    Call only while holding the build lock: then no other build runs, so any Snakemake lock
    is stale and any kept outputs belong to a build that never finished. The site step's
    staging folders (`.site.new`, `.site.old`, see enquete/publish/site.py, and `.site.pdf`
    of the PDFs that follow a watched build, enquete/publish/pdf_follow_up.py) are a killed
    build's too: `site/` itself comes back from the kept outputs.
    """
    stale = root / SNAKEMAKE_LOCKS
    if stale.exists():
        shutil.rmtree(stale)
    restored = restore_outputs(root)
    for staging in (".site.new", ".site.pdf"):
        if (root / staging).is_dir():
            shutil.rmtree(root / staging)
    if (root / ".site.old").is_dir():  # the previous site, if the swap was cut off halfway
        if (root / "site").exists():
            shutil.rmtree(root / ".site.old")
        else:
            (root / ".site.old").rename(root / "site")
    return restored
