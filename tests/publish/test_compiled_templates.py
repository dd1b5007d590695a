"""Compiled templates kept between builds are used only for the source they were compiled from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from enquete.publish.compiled_templates import FOLDER, with_compiled_templates


def fresh(templates: Path, **settings: object) -> Environment:
    """A new environment, as the next build's process makes it."""
    return with_compiled_templates(Environment(loader=FileSystemLoader(templates), **settings), "report")


def test_a_template_is_compiled_once_and_an_edit_is_compiled_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.md.j2"
    page.write_text("Eerst {{ n }}.", encoding="utf-8")
    assert fresh(tmp_path / "t").get_template("page.md.j2").render(n=3) == "Eerst 3."
    kept = sorted((tmp_path / FOLDER / "report").iterdir())
    assert len(kept) == 1

    stat = page.stat()
    page.write_text("Later {{ n }}!", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time: only the content tells
    assert fresh(tmp_path / "t").get_template("page.md.j2").render(n=3) == "Later 3!"


def test_the_kept_form_is_what_jinja_would_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "list.j2").write_text("{% for i in xs %}\n  {{ i }}\n{% endfor %}\n", encoding="utf-8")
    plain = Environment(loader=FileSystemLoader(tmp_path / "t"), trim_blocks=True, lstrip_blocks=True)
    expected = plain.get_template("list.j2").render(xs=[1, 2])
    fresh(tmp_path / "t", trim_blocks=True, lstrip_blocks=True).get_template("list.j2").render(xs=[1, 2])
    again = fresh(tmp_path / "t", trim_blocks=True, lstrip_blocks=True)  # from the kept form
    assert again.get_template("list.j2").render(xs=[1, 2]) == expected
