"""`enquete check`: the configuration and every codebook valid, every configured file there.

Runs before the workflow, in a fraction of a second, so that a missing file or a wrong
codebook is told at once and by name, not halfway through the build.
"""

from __future__ import annotations

from pathlib import Path

from enquete.codebook import load_codebook
from enquete.config import load_config
from enquete.errors import InputError, Problem, display_path


def check_project(config_file: str) -> str:
    """Refuses a configuration with a missing file or a wrong codebook; returns the line it printed."""
    config = load_config(config_file)
    problems = [
        Problem(display_path(item.path), f"{item.what} is missing", expected="an existing file")
        for item in config.inputs()
        if item.required and not Path(item.path).is_file()
    ]
    if problems:
        raise InputError(
            problems, remedy="put the files in place, or correct their paths in config/config.yaml."
        )
    for wave in config.waves.values():
        load_codebook(wave.codebook)
    line = f"Configuration and codebooks are valid: waves {', '.join(config.years)}."
    print(line)
    return line
