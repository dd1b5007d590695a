"""Checks of the configuration that its JSON schema cannot express.

Each returns `Finding`s (key, what, value found, what was expected), which the YAML reader
reports at the line of the key. They run once the configuration matches its schema.
"""

from __future__ import annotations

import codecs
import posixpath
from collections.abc import Iterator
from pathlib import PureWindowsPath
from typing import Any

from enquete.yamlfiles import Finding, KeyPath


def configured_paths(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    """Every input path the configuration names, with its key."""
    for key in ("population", "pseudonym_key"):
        yield (key,), data[key]
    for year, wave in data["waves"].items():
        here = ("waves", year)
        for key in ("codebook", "crosswalk", "reference", "examples"):
            if key in wave:
                yield (*here, key), wave[key]
        for index, source in enumerate(wave["sources"]):
            yield (*here, "sources", str(index), "file"), source["file"]
        coding = wave["coding"]
        if isinstance(coding, str):
            yield (*here, "coding"), coding
        else:
            for coder, file in coding["coders"].items():
                yield (*here, "coding", "coders", coder), file
            if "reconciliation" in coding:
                yield (*here, "coding", "reconciliation"), coding["reconciliation"]


def inside_project(path: str) -> bool:
    """True for a relative path that stays inside the project folder (checked on the text:
    `raw/../raw/x.csv` is inside, `../x.csv`, `/data/x.csv` and `C:\\data\\x.csv` are not)."""
    if path.startswith(("/", "\\")) or PureWindowsPath(path).drive:
        return False
    normal = posixpath.normpath(path.replace("\\", "/"))
    return normal != ".." and not normal.startswith("../")


def paths_outside_project(data: dict[str, Any]) -> list[Finding]:
    """Input files must lie inside the project: its pages never name a place outside it."""
    return [
        Finding(
            key,
            "path lies outside the project",
            path,
            "a path relative to the project folder, inside it (e.g. raw/2021/online.csv); "
            "copy the file into the project",
        )
        for key, path in configured_paths(data)
        if not inside_project(path)
    ]


def unknown_encodings(data: dict[str, Any]) -> list[Finding]:
    """A source's `encoding` must be one Python can decode."""
    findings = []
    for year, wave in data["waves"].items():
        for index, source in enumerate(wave["sources"]):
            try:
                codecs.lookup(source.get("encoding", "utf-8"))
            except LookupError:
                findings.append(
                    Finding(
                        ("waves", year, "sources", str(index), "encoding"),
                        "unknown text encoding",
                        source["encoding"],
                        "an encoding such as utf-8, cp1252 or latin-1",
                    )
                )
    return findings


def unknown_nulmeting(data: dict[str, Any]) -> list[Finding]:
    """The nulmeting, when named, must be one of the waves."""
    if data.get("nulmeting") and data["nulmeting"] not in data["waves"]:
        return [
            Finding(
                ("nulmeting",),
                "the nulmeting is not one of the waves",
                data["nulmeting"],
                ", ".join(sorted(data["waves"])),
            )
        ]
    return []
