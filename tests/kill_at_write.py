"""Run `enquete` and kill it (SIGKILL, as a power cut or `kill -9` would) at its n-th write.

Usage: python -m tests.kill_at_write <enquete arguments>, in the project folder, with
ENQUETE_TEST_KILL_AT=n (0: never). A write is any file-system change inside the working
folder, as Python's audit hooks report it before it happens: opening a file for writing,
renaming, removing, creating a folder, copying, setting a file's time or mode. So every
point between two changes is reached by some n, and the tests try them all. At a normal
exit the number of writes goes to stderr ("writes: N"), so a test knows how many there are.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
CHANGES = {
    "os.rename",
    "os.replace",
    "os.remove",
    "os.rmdir",
    "os.mkdir",
    "os.link",
    "os.symlink",
    "os.truncate",
    "os.utime",
    "os.chmod",
    "shutil.copyfile",
    "shutil.rmtree",
    "shutil.move",
}


def is_write(event: str, args: tuple) -> str | None:
    """The path a file-system change is about, or None for anything else."""
    if event == "open":
        path, mode, flags = args
        writing = bool(mode and any(letter in str(mode) for letter in "wax+")) or bool(flags & WRITE_FLAGS)
        return path if writing else None
    if event in CHANGES:
        return args[1] if event in ("shutil.copyfile",) else args[0]
    return None


def main() -> int:
    limit = int(os.environ.get("ENQUETE_TEST_KILL_AT", "0"))
    here = os.getcwd() + os.sep
    count = 0

    def hook(event: str, args: tuple) -> None:
        nonlocal count
        path = is_write(event, args)
        if path is None or isinstance(path, int):
            return
        if not os.path.abspath(os.fsdecode(path)).startswith(here):
            return
        count += 1
        if count == limit:
            os.kill(os.getpid(), signal.SIGKILL)

    sys.dont_write_bytecode = True
    from enquete.cli import main as enquete

    atexit.register(lambda: sys.stderr.write(f"\nwrites: {count}\n"))
    sys.addaudithook(hook)
    return enquete(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
