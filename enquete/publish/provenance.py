"""Provenance: which inputs, which configuration, which code produced this run.

`analysis/manifest.json` lists every input file with its sha256, the configuration and
codebook hashes, the project version (and git commit when the project is a git checkout)
and the versions of the key libraries. A reviewer can check that a published number came
from exactly these files and this code; `enquete diff` uses it to report changed inputs.
The manifest holds no timestamps and no absolute paths, so identical inputs give an
identical manifest.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from enquete import __version__
from enquete.config import Config
from enquete.errors import InputError, Problem, display_path
from enquete.tables import write_atomically

KEY_LIBRARIES = [
    "jinja2",
    "jsonschema",
    "mkdocs",
    "mkdocs-material",
    "openpyxl",
    "pandas",
    "pandera",
    "plotly",
    "pyreadstat",
    "pyyaml",
    "snakemake",
]


def sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def project_path(path: Path | str) -> str:
    """A file's path inside the project, as published; a file outside it is refused by name
    only, so that no folder of the machine that built the site is ever published."""
    shown = display_path(path)
    if Path(shown).is_absolute() or shown.startswith(".."):
        raise InputError(
            [
                Problem(
                    Path(shown).name,
                    "file lies outside the project",
                    expected="every input inside the project folder",
                )
            ],
            remedy="copy the file into the project folder and name it by its path inside it.",
        )
    return shown


def file_record(path: Path | str) -> dict[str, object]:
    return {"file": project_path(path), "sha256": sha256(path), "bytes": Path(path).stat().st_size}


def git_commit(directory: Path | str = ".") -> str:
    """The commit of the project checkout, with '-dirty' for uncommitted changes; '' outside git."""
    try:
        inside = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=directory,
            capture_output=True,
            text=True,
            check=False,
        )
        if inside.returncode != 0 or Path(inside.stdout.strip()).resolve() != Path(directory).resolve():
            return ""
        result = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=40"],
            cwd=directory,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def input_files(config: Config) -> list[str]:
    """Every input of the build (`Config.inputs`): data, codebooks, text, templates, settings."""
    return sorted(dict.fromkeys(project_path(f) for f in config.inputs_of("manifest", config.years)))


def build_manifest(config: Config) -> dict[str, object]:
    waves = {
        year: {
            "label": wave.label,
            "codebook": file_record(wave.codebook),
            "files": [file_record(item.path) for item in config.inputs() if item.year == year],
        }
        for year, wave in config.waves.items()
    }
    libraries = {}
    for name in KEY_LIBRARIES:
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = "niet geïnstalleerd"
    return {
        "project": {"name": "enquete-vrouwenopvang", "version": __version__, "git_commit": git_commit()},
        "python": platform.python_version(),
        "libraries": libraries,
        "configuration": file_record(config.source),
        "waves": waves,
        "inputs": [file_record(f) for f in input_files(config)],
    }


def manifest_json(manifest: dict[str, object]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_manifest(manifest: dict[str, object], path: Path | str) -> None:
    write_atomically(path, manifest_json(manifest))


def read_manifest(path: Path | str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def record_manifest(config: Config, out: Path | str) -> None:
    """The manifest stage: `analysis/manifest.json` for this build's inputs and code."""
    write_manifest(build_manifest(config), out)
