"""Keep the previous outputs when a build fails or is killed.

Snakemake removes a job's old outputs before it runs the job, so a failing step would leave
`processed/`, `analysis/`, `report/` or `site/` half old, half missing. Before each build we
therefore keep the current outputs as hard links in `.enquete-previous/` (no data is
copied: every step writes new files by renaming, never into an existing file). When the
build fails, the outputs are put back exactly as they were; when it succeeds, the copy is
dropped. If a build was killed, the next build finds the copy and restores it first, so no
manual cleaning is ever needed.

Snakemake's own records of the outputs (`.snakemake/metadata`, which it writes when a job
starts) are copied and restored with them: otherwise it would remember the failed run's
inputs as the ones behind the restored outputs, and a rerun with the same bad input would
find nothing to do and keep serving the old site as if it were current.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

OUTPUTS = ("processed", "analysis", "report", "site")
KEPT = Path(".enquete-previous")
RECORDS = Path(".snakemake") / "metadata"
COMPLETE = "complete"
ABSENT = ".absent"


def keep_outputs(root: Path = Path(".")) -> None:
    """Hard-link the current outputs into the safekeeping folder.

    An output folder that does not exist yet is recorded as absent, so that restoring
    removes what a failed build created there.
    """
    kept = root / KEPT
    if kept.exists():
        shutil.rmtree(kept)
    kept.mkdir()
    for name in OUTPUTS:
        if (root / name).is_dir():
            shutil.copytree(root / name, kept / name, copy_function=os.link, symlinks=True)
        else:
            (kept / f"{name}{ABSENT}").touch()
    if (root / RECORDS).is_dir():
        shutil.copytree(root / RECORDS, kept / "metadata")  # copied: Snakemake may rewrite in place
    else:
        (kept / f"metadata{ABSENT}").touch()
    (kept / COMPLETE).touch()


def restore_outputs(root: Path = Path(".")) -> bool:
    """Put the kept outputs back; True when there was something to restore.

    Every step can be interrupted and repeated: a folder is replaced only while its kept
    copy (or its absence marker) is still there, and the copy is moved, never copied, so a
    restore killed halfway is completed by the next one without losing anything.
    """
    kept = root / KEPT
    if not (kept / COMPLETE).exists():
        if kept.exists():  # killed while keeping: the outputs themselves were not touched yet
            shutil.rmtree(kept)
        return False
    for name, target in [*((name, root / name) for name in OUTPUTS), ("metadata", root / RECORDS)]:
        copy, absent = kept / name, kept / f"{name}{ABSENT}"
        if (copy.is_dir() or absent.exists()) and target.exists():
            shutil.rmtree(target)
        if copy.is_dir():
            copy.rename(target)
        absent.unlink(missing_ok=True)
    (kept / COMPLETE).unlink()  # from here on, a killed restore has nothing left to undo
    shutil.rmtree(kept)
    return True


def drop_kept_outputs(root: Path = Path(".")) -> None:
    if (root / KEPT).exists():
        shutil.rmtree(root / KEPT)
