"""The site engines: Material for MkDocs (the default) and Zensical, its makers' successor.

Material for MkDocs reaches the end of its maintenance in May 2027; Zensical reads the same
mkdocs.yml. The engine is chosen by `publication.engine` in the configuration, and the
environment variable `ENQUETE_ENGINE` (for one build) overrides it. Both engines get the
same generated mkdocs.yml and the same docs: nothing the site's safety depends on lives in
an engine's hooks or plugins (`enquete.publish.site_titles`), and the site step runs its own
checks and the publication gate over whatever the engine built.

Zensical does not yet cover what the report relies on, which is why Material for MkDocs
stays the default: its search ignores `plugins.search.lang` (no Dutch stemming or stop
words) and counts its results in English; see docs/development.md, "The site engine".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from enquete.errors import InputError, Problem

ENGINES = ("mkdocs", "zensical")
DEFAULT = "mkdocs"
VARIABLE = "ENQUETE_ENGINE"
# Files Zensical writes beside the configuration it is given; removed after every build.
ZENSICAL_CONFIG = ".zensical.yml"
ZENSICAL_SITE = ".zensical-site"
ZENSICAL_CACHE = ".cache"


def chosen_engine(configured: str = DEFAULT) -> str:
    """`ENQUETE_ENGINE` when it is set, else the configuration's `publication.engine`."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return configured
    if value.lower() not in ENGINES:
        raise InputError(
            [
                Problem(
                    f"environment variable {VARIABLE}",
                    "unknown site engine",
                    found=value,
                    expected=" or ".join(ENGINES),
                )
            ],
            remedy=f"unset {VARIABLE} to use the configuration's publication.engine ({configured}).",
        )
    return value.lower()


def run_zensical(config_file: Path, site_dir: Path, epoch: int) -> str | None:
    """`zensical build --clean --strict` of the generated mkdocs.yml into `site_dir`; None on
    success, else what went wrong.

    Zensical has no option for the site folder and keeps it inside the configuration's
    folder, so it builds into a hidden folder there, named by a small configuration that
    inherits the generated one, and the result is moved to `site_dir`. It runs in a child
    process: its build runs in a Rust runtime that keeps state between builds in one process.
    """
    folder = config_file.resolve().parent
    wrapper = folder / ZENSICAL_CONFIG
    built = folder / ZENSICAL_SITE
    settings = {"INHERIT": config_file.name, "site_dir": ZENSICAL_SITE}
    text = "# Written and removed by the site step; the site is built from mkdocs.yml.\n"
    wrapper.write_text(text + yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    shutil.rmtree(built, ignore_errors=True)
    command = [sys.executable, "-m", "zensical", "build", "-f", str(wrapper), "--clean", "--strict"]
    environment = os.environ | {"SOURCE_DATE_EPOCH": str(epoch)}
    try:
        result = subprocess.run(
            command, cwd=folder, env=environment, capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or not (built / "index.html").is_file():
            return "\n".join(part for part in (result.stdout, result.stderr) if part.strip()) or (
                f"zensical exited with code {result.returncode} and built no index.html"
            )
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(built, site_dir)
    except OSError as error:
        return f"{type(error).__name__}: {error}"
    finally:
        wrapper.unlink(missing_ok=True)
        shutil.rmtree(built, ignore_errors=True)
        shutil.rmtree(folder / ZENSICAL_CACHE, ignore_errors=True)
    return None
