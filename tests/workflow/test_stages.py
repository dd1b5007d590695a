"""The build's stages, declared once: the rules, the commands and the watcher all use them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from enquete.config import load_config
from enquete.workflow.code_graph import code_of, imported_modules
from enquete.workflow.stages import STAGES, stage
from enquete.workflow.watch import watched_files
from tests.conftest import PROJECT

SNAKEFILE = PROJECT / "Snakefile"


def test_every_rule_names_its_stage_and_nothing_else() -> None:
    text = SNAKEFILE.read_text(encoding="utf-8")
    rules = re.findall(r"^rule (\w+):\n((?:    .*\n|\n)*)", text, flags=re.MULTILINE)
    named = {name: body for name, body in rules if name != "all"}
    assert set(named) == set(STAGES)
    for name, body in named.items():
        assert f'inputs("{name}")' in body
        assert f'outputs("{name}"' in body
        assert f'run("{name}"' in body


def test_no_stage_imports_the_command_line_or_the_workflow() -> None:
    for item in STAGES.values():
        modules = {Path(path).relative_to(PROJECT).as_posix() for path in item.code()}
        reaching_up = sorted(m for m in modules if m == "enquete/cli.py" or m.startswith("enquete/workflow/"))
        assert reaching_up == [], f"stage {item.name} runs {reaching_up}"


def test_no_module_imports_the_command_line() -> None:
    """The command line is the top layer: it calls the package, the package never calls it."""
    importers = []
    for path in sorted((PROJECT / "enquete").rglob("*.py")):
        if path.name == "__main__.py" or path == PROJECT / "enquete" / "cli.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(name == "enquete.cli" or name.startswith("enquete.cli.") for name in names):
                importers.append(path.relative_to(PROJECT).as_posix())
    assert importers == []


def test_a_rule_depends_on_the_code_it_runs_not_on_all_of_it() -> None:
    config = load_config(PROJECT / "config" / "config.yaml")
    backtest = stage("backtest").inputs(config, {"year": "2017"})
    assert str(PROJECT / "enquete" / "analysis" / "backtest.py") in backtest
    assert not any(
        path.endswith(("publish/render.py", "workflow/diff.py", "privacy/gate.py")) for path in backtest
    )
    site = stage("site").inputs(config, {"year": "2017"})
    assert str(PROJECT / "enquete" / "privacy" / "gate.py") in site


def test_imports_inside_functions_count(tmp_path: Path) -> None:
    source = PROJECT / "enquete" / "publish" / "site.py"
    inside = [
        node
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("enquete.privacy.gate")
    ]
    assert inside, "site.py imports the gate inside a function"
    assert "enquete.privacy.gate" in imported_modules(source)
    assert str(PROJECT / "enquete" / "privacy" / "gate.py") in code_of("enquete.publish.site")


def test_the_watcher_watches_every_file_the_build_reads(monkeypatch) -> None:
    monkeypatch.chdir(PROJECT)
    config = load_config("config/config.yaml")
    read: set[str] = set()
    for item in STAGES.values():
        for wildcards in wildcard_sets(item.name, config):
            read |= {path for path in item.inputs(config, wildcards) if not Path(path).is_absolute()}
    produced = {
        path
        for item in STAGES.values()
        for wildcards in wildcard_sets(item.name, config)
        for path in item.outputs(config, wildcards)
    }
    watched = {path.as_posix() for path in watched_files("config/config.yaml")}
    assert read - produced <= watched
    assert {"tekst/2019/toegang.md", "config/kwantoren.yaml", "config/veranderwoorden.yaml"} <= watched
    assert "templates/thema.md.j2" in watched


def wildcard_sets(name: str, config) -> list[dict[str, str]]:
    if name in ("ingest", "figures", "backtest"):
        return [{"year": year} for year in config.years]
    if name == "compare":
        return [{"earlier": a, "later": b} for a, b in config.comparisons]
    return [{}]
