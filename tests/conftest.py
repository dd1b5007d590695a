"""Shared fixtures: a small hand-made project whose every number is worked out by hand, and the
demo and mini builds that every test which only reads outputs shares (built once a session)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.projects import FIXTURES, PROJECT, build, build_mini, copy_project, mini_project, shared_build

__all__ = ["FIXTURES", "PROJECT"]

# Tests that use these fixtures build a project or open Chromium: `pytest -m "not slow"` skips them.
SLOW_FIXTURES = {"shared_demo", "shared_mini", "chromium"}


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/mini as the working directory, free to modify."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    monkeypatch.chdir(target)
    return target


def session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every xdist worker of this session shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def shared_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once a session, PDFs included: to read, never to change (copy it first)."""
    project, result = shared_build(
        session_folder(tmp_path_factory), "demo", lambda target: build(copy_project(target), pdf=True)
    )
    assert result["returncode"] == 0, f"{result['stdout']}{result['stderr']}"
    return project


@pytest.fixture(scope="session")
def shared_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/mini built once a session, without PDF: to read, never to change."""
    project, result = shared_build(
        session_folder(tmp_path_factory), "mini", lambda target: build_mini(mini_project(target))
    )
    assert result["returncode"] == 0, f"{result['stdout']}{result['stderr']}"
    return project


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` every test that builds a project or opens Chromium through a fixture (the
    tests that build in their own body carry the mark themselves)."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
