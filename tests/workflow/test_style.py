"""Style is part of the build: ruff (lint and format) and snakefmt must be clean."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["snakefmt", "--check", "Snakefile"]],
    ids=["ruff-check", "ruff-format", "snakefmt"],
)
def test_code_is_clean(command: list[str]) -> None:
    tool = BIN / command[0] if (BIN / command[0]).exists() else shutil.which(command[0])
    assert tool, f"{command[0]} is not installed"
    result = subprocess.run(
        [str(tool), *command[1:]], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
