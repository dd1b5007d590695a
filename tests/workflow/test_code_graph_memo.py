"""The imports of a file are parsed again whenever the file changed, and only then."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enquete.workflow import code_graph
from enquete.workflow.code_graph import Memo, parsed_imports
from tests.conftest import PROJECT

NAMES = st.lists(st.sampled_from(["enquete.config", "enquete.errors", "enquete.files"]), max_size=3)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(versions=st.lists(NAMES, min_size=1, max_size=4), back_date=st.booleans())
def test_each_build_sees_the_imports_of_the_file_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, versions: list[list[str]], back_date: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(code_graph, "parsed_imports", lambda path: frozenset(path.read_text().split()))
    module = tmp_path / "module.py"
    module.write_text("", encoding="utf-8")
    for names in versions:
        old = module.stat()
        module.write_text(" ".join(names), encoding="utf-8")
        if back_date:  # the same modification time as before: the change time still differs
            os.utime(module, ns=(old.st_atime_ns, old.st_mtime_ns))
        memo = Memo()  # a new build: only what the last one saved
        assert memo.imports(module) == frozenset(names)
        memo.save()


def test_the_memo_holds_what_parsing_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = sorted((PROJECT / "enquete").rglob("*.py"))
    parsed = {path: parsed_imports(path) for path in files}
    first = Memo()
    assert {path: first.imports(path) for path in files} == parsed
    first.save()
    calls: list[Path] = []
    monkeypatch.setattr(code_graph, "parsed_imports", lambda path: calls.append(path) or frozenset())
    again = Memo()
    assert {path: again.imports(path) for path in files} == parsed
    assert calls == []  # nothing parsed again: every file as the first build saw it
