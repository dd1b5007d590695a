"""Shared fixtures: a small hand-made project whose every number is worked out by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/mini as the working directory, free to modify."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    monkeypatch.chdir(target)
    return target
