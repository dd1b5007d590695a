"""What a step's source files hold, as one digest: the build reruns a step when it changes.

Snakemake decides what is out of date by file times: an input newer than its outputs. Files
moved or swapped with `mv`, restored from a backup or given an old date with `touch -d`
keep times older than the outputs, and a build would say "Nothing to rebuild" over a report
made from other text. So every rule of the Snakefile also carries, as a parameter, the
sha256 of its source inputs (the researcher's and the project's files, not the outputs of
other steps, which are rewritten whenever their own inputs change). Snakemake records the
parameters of each run with its outputs and reruns a step whose parameters differ
(its `params` rerun trigger, on by default): a change of content reruns exactly the steps
that read the file, whatever the file's time.

Without pandas: a build with nothing to do stays quick (the demo's inputs hash in
milliseconds; each file is read once per build however many steps read it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

GENERATED = ("processed", "analysis", "report", "site")  # written by the steps themselves


class ContentDigests:
    """One build's digests of source files; make a new one per build (the Snakefile does)."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def file(self, path: str) -> str:
        if path not in self.known:
            digest = hashlib.sha256()
            with open(path, "rb") as file:
                for block in iter(lambda: file.read(1 << 16), b""):
                    digest.update(block)
            self.known[path] = digest.hexdigest()
        return self.known[path]

    def of(self, *groups: str | Iterable[str]) -> str:
        """The digest of every existing source file among `groups` (paths or lists of paths),
        with their names, so that two swapped files change it too."""
        paths = sorted({str(p) for group in groups for p in ([group] if isinstance(group, str) else group)})
        digest = hashlib.sha256()
        for path in paths:
            if Path(path).parts[0] in GENERATED or not Path(path).is_file():
                continue
            digest.update(f"{path}\0{self.file(path)}\n".encode())
        return f"sha256:{digest.hexdigest()}"
