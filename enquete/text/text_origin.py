"""Starting a new wave's text from the latest wave's: `enquete tekst nieuw --wave 2021`.

The new wave's folder gets a copy of every text file and `herkomst.yaml`, which records the
source wave. While a copied sentence stays as it was, the build compares its figures with
the source wave's and lists it when they differ (`report/tekst/<year>/te-herschrijven.txt`):
the researcher rewrites exactly the sentences whose numbers moved.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from enquete.errors import InputError, Problem, display_path
from enquete.yamlfiles import read_validated_yaml

ORIGIN = "herkomst.yaml"


def source_wave(year: str, root: Path) -> str:
    """The wave a wave's text was copied from, or '' for a text written from scratch."""
    path = root / year / ORIGIN
    if not path.is_file():
        return ""
    return read_validated_yaml(path, "herkomst", "the text's origin record")["bron"]


def start_wave_text(new: str, source: str, root: Path) -> list[Path]:
    """Copy the source wave's text files as the new wave's; refuses to overwrite any text."""
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
    if target.exists() and any(target.iterdir()):
        raise InputError(
            [Problem(display_path(target), "already holds text", expected="an empty or absent folder")],
            remedy="the new wave's text is started once; edit the files in place.",
        )
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sorted(source_folder.glob("*.md")):
        shutil.copy2(path, target / path.name)
        copied.append(target / path.name)
    record = (
        "# Written by `enquete tekst nieuw`: this wave's text started as a copy of another wave's.\n"
        "# While a copied sentence is unchanged, the build lists it when its figures differ from\n"
        "# that wave's (report/tekst/<year>/te-herschrijven.txt).\n"
        f'bron: "{source}"\n'
        "gekopieerd:\n" + "".join(f"  - {path.name}\n" for path in copied)
    )
    (target / ORIGIN).write_text(record, encoding="utf-8")
    return copied


def confirmed_sentences(year: str, root: Path) -> set[str]:
    """The copied sentences the researcher confirmed as still true for the new figures: the
    keys under `bevestigd:` in herkomst.yaml (see stale_text.py), e.g. `toegang.md#3f0a9c1b2d4e`."""
    path = root / year / ORIGIN
    if not path.is_file():
        return set()
    return set(read_validated_yaml(path, "herkomst", "the text's origin record").get("bevestigd", []))
