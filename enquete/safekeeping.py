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


def keep_outputs(root: Path = Path(".")) -> None:
    """Hard-link the current outputs into the safekeeping folder."""
    kept = root / KEPT
    if kept.exists():
        shutil.rmtree(kept)
    kept.mkdir()
    for name in OUTPUTS:
        if (root / name).is_dir():
            shutil.copytree(root / name, kept / name, copy_function=os.link, symlinks=True)
    if (root / RECORDS).is_dir():
        shutil.copytree(root / RECORDS, kept / "metadata")  # copied: Snakemake may rewrite in place
    (kept / "complete").touch()


def restore_outputs(root: Path = Path(".")) -> bool:
    """Put the kept outputs back; True when there was something to restore."""
    kept = root / KEPT
    if not (kept / "complete").exists():
        if kept.exists():  # killed while keeping: the outputs themselves were not touched yet
            shutil.rmtree(kept)
        return False
    for name in OUTPUTS:
        if (root / name).exists():
            shutil.rmtree(root / name)
        if (kept / name).is_dir():
            (kept / name).rename(root / name)
    if (root / RECORDS).exists():
        shutil.rmtree(root / RECORDS)
    if (kept / "metadata").is_dir():
        (kept / "metadata").rename(root / RECORDS)
    shutil.rmtree(kept)
    return True


def drop_kept_outputs(root: Path = Path(".")) -> None:
    if (root / KEPT).exists():
        shutil.rmtree(root / KEPT)
