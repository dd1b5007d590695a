"""Starting a new wave's text from the latest wave's: `enquete tekst nieuw --wave 2021`.

The new wave's folder gets a copy of every text file and `herkomst.yaml`, which records the
source wave. While a copied sentence stays as it was, the build compares its figures with
the source wave's and lists it when they differ (`report/tekst/<year>/te-herschrijven.txt`):
the researcher rewrites exactly the sentences whose numbers moved.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from enquete.errors import InputError, Problem, display_path
from enquete.files import remove_leftover, temporary_for
from enquete.yamlfiles import read_validated_yaml

ORIGIN = "herkomst.yaml"


def source_wave(year: str, root: Path) -> str:
    """The wave a wave's text was copied from, or '' for a text written from scratch."""
    path = root / year / ORIGIN
    if not path.is_file():
        return ""
    return read_validated_yaml(path, "herkomst", "the text's origin record")["bron"]


def start_wave_text(new: str, source: str, root: Path) -> list[Path]:
    """Copy the source wave's text files as the new wave's; refuses to overwrite any text.

    All or nothing: the copies and the origin record are written into a temporary sibling
    folder (`tekst/.<year>.tmp`), and that folder is renamed to `tekst/<year>` only when it
    is complete. A kill leaves the previous state (no folder, or the empty one there was)
    plus the temporary folder, which the next run removes before it starts again. A folder
    that holds nothing but unchanged copies of the source's files (and no origin record) is
    such an interrupted start too, from before the copy was made this way: it is completed,
    since nothing of the researcher's can be lost.
    """
    source_folder, target = root / source, root / new
    if new == source or not (new.isdigit() and len(new) == 4):
        raise InputError(
            [Problem("--wave", "is not a new wave", found=new, expected="a year after " + source)]
        )
    if not source_folder.is_dir():
        raise InputError(
            [
                Problem(
                    display_path(source_folder),
                    "has no text to start from",
                    expected="a folder with .md files",
                )
            ]
        )
    remove_leftover(target)
    if target.exists() and not interrupted_copy(target, source_folder):
        raise InputError(
            [Problem(display_path(target), "already holds text", expected="an empty or absent folder")],
            remedy="the new wave's text is started once; edit the files in place.",
        )
    staging = temporary_for(target)
    staging.mkdir(parents=True)
    names = [path.name for path in sorted(source_folder.glob("*.md"))]
    for name in names:
        shutil.copy2(source_folder / name, staging / name)
    record = (
        "# Written by `enquete tekst nieuw`: this wave's text started as a copy of another wave's.\n"
        "# While a copied sentence is unchanged, the build lists it when its figures differ from\n"
        "# that wave's (report/tekst/<year>/te-herschrijven.txt).\n"
        f'bron: "{source}"\n'
        "gekopieerd:\n" + "".join(f"  - {name}\n" for name in names)
    )
    (staging / ORIGIN).write_text(record, encoding="utf-8")
    # What the target holds are unchanged copies only: nothing of the researcher's is lost.
    for leftover in sorted(target.iterdir()) if target.exists() else []:
        leftover.unlink()
    os.replace(staging, target)  # onto an empty folder too: one atomic step
    return [target / name for name in names]


def interrupted_copy(target: Path, source_folder: Path) -> bool:
    """Whether a wave's text folder is empty or holds only unchanged copies of the source's
    files without an origin record: a start that did not finish, safe to do again."""
    if not target.is_dir() or target.is_symlink():
        return False
    return all(
        entry.is_file()
        and not entry.is_symlink()
        and entry.name != ORIGIN
        and (source_folder / entry.name).is_file()
        and entry.read_bytes() == (source_folder / entry.name).read_bytes()
        for entry in target.iterdir()
    )


def confirmed_sentences(year: str, root: Path) -> set[str]:
    """The copied sentences the researcher confirmed as still true for the new figures: the
    keys under `bevestigd:` in herkomst.yaml (see stale_text.py), e.g. `toegang.md#3f0a9c1b2d4e`."""
    path = root / year / ORIGIN
    if not path.is_file():
        return set()
    return set(read_validated_yaml(path, "herkomst", "the text's origin record").get("bevestigd", []))
