"""`enquete diff`: what changed between two runs, in the terms of the study.

A reviewer compares two builds — two output folders, or two git revisions of the
repository — and reads which figures moved ("2017 toegang.verblijfsstatus: 13 van 23 →
12 van 23"), which figures, respondents, quotes and good examples came or went, what changed
in the codebook, and which input files changed. Line-by-line diffs of HTML or CSV say the
same less clearly; this report says it in the words a researcher uses.

Exit status follows `diff`: 0 when nothing differs, 1 when something does, 2 on error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from enquete.errors import InputError, Problem
from enquete.tables import read_csv


@dataclass
class Section:
    """One kind of change, with one line per change."""

    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Run:
    """The outputs of one build: its project folder with processed/ and analysis/."""

    root: Path

    @property
    def years(self) -> list[str]:
        analysis = self.root / "analysis"
        return (
            sorted(p.name for p in analysis.iterdir() if p.is_dir() and p.name.isdigit())
            if analysis.is_dir()
            else []
        )

    def table(self, *parts: str) -> pd.DataFrame:
        path = self.root.joinpath(*parts)
        return read_csv(path) if path.is_file() else pd.DataFrame()

    def json(self, *parts: str) -> dict:
        path = self.root.joinpath(*parts)
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def open_run(path: Path | str) -> Run:
    root = Path(path)
    if not (root / "analysis").is_dir():
        expected = "a folder with analysis/ (build it first with `make report` or `enquete build`)"
        raise InputError([Problem(str(root), "is not the output of a build", expected=expected)])
    return Run(root)


def figure_text(row: pd.Series) -> str:
    return f"{row['count']} van {row['base']}" if row["base"] else str(row["count"])


def figure_changes(a: Run, b: Run) -> list[Section]:
    changed, added, removed = (
        Section("Cijfers gewijzigd"),
        Section("Cijfers erbij"),
        Section("Cijfers vervallen"),
    )
    for year in sorted(set(a.years) | set(b.years)):
        old = a.table("analysis", year, "figures.csv")
        new = b.table("analysis", year, "figures.csv")
        old = old.set_index("figure_id") if not old.empty else old
        new = new.set_index("figure_id") if not new.empty else new
        for figure_id in [i for i in new.index if i in old.index]:
            before, after = figure_text(old.loc[figure_id]), figure_text(new.loc[figure_id])
            if before != after:
                changed.lines.append(f"{year} {figure_id}: {before} → {after}")
        added.lines += [f"{year} {i}: {figure_text(new.loc[i])}" for i in new.index if i not in old.index]
        removed.lines += [f"{year} {i}: {figure_text(old.loc[i])}" for i in old.index if i not in new.index]
    return [changed, added, removed]


def respondent_changes(a: Run, b: Run) -> list[Section]:
    section = Section("Respondenten")
    for year in sorted(set(a.years) | set(b.years)):
        old = set(a.table("processed", year, "respondenten.csv").get("respondent", []))
        new = set(b.table("processed", year, "respondenten.csv").get("respondent", []))
        section.lines += [f"{year} erbij: {r}" for r in sorted(new - old)]
        section.lines += [f"{year} eraf: {r}" for r in sorted(old - new)]
    return [section]


def keyed_changes(a: Run, b: Run, name: str, title: str, describe: str) -> list[Section]:
    """Rows of a per-wave table keyed by answer id: added, removed, or with other content."""
    section = Section(title)
    for year in sorted(set(a.years) | set(b.years)):
        old = a.table("analysis", year, name)
        new = b.table("analysis", year, name)
        old = old.set_index("answer_id") if not old.empty else old
        new = new.set_index("answer_id") if not new.empty else new
        for key in sorted(set(new.index) | set(old.index)):
            if key not in old.index:
                section.lines.append(f"{year} erbij: {key} — {new.loc[key, describe]}")
            elif key not in new.index:
                section.lines.append(f"{year} eraf: {key} — {old.loc[key, describe]}")
            elif not old.loc[key].equals(new.loc[key]):
                section.lines.append(f"{year} gewijzigd: {key} — {new.loc[key, describe]}")
    return [section]


def shorten(text: str, length: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def codebook_changes(a: Run, b: Run) -> list[Section]:
    section = Section("Codeboek")
    for year in sorted(set(a.years) | set(b.years)):
        old, new = a.json("analysis", year, "codebook.json"), b.json("analysis", year, "codebook.json")
        if old.get("version") != new.get("version"):
            section.lines.append(f"{year} versie: {old.get('version', '-')} → {new.get('version', '-')}")
        for kind in ("figures", "questions", "scales"):
            before, after = old.get(kind, {}), new.get(kind, {})
            for key in sorted(set(before) | set(after)):
                if key not in before:
                    section.lines.append(f"{year} {kind} erbij: {key}")
                elif key not in after:
                    section.lines.append(f"{year} {kind} eraf: {key}")
                elif before[key] != after[key]:
                    fields = sorted(
                        k
                        for k in set(before[key]) | set(after[key])
                        if before[key].get(k) != after[key].get(k)
                    )
                    section.lines.append(f"{year} {kind} gewijzigd: {key} ({', '.join(fields)})")
    return [section]


def input_changes(a: Run, b: Run) -> list[Section]:
    section = Section("Invoerbestanden")
    old = {f["file"]: f["sha256"] for f in a.json("analysis", "manifest.json").get("inputs", [])}
    new = {f["file"]: f["sha256"] for f in b.json("analysis", "manifest.json").get("inputs", [])}
    for name in sorted(set(old) | set(new)):
        if name not in old:
            section.lines.append(f"erbij: {name}")
        elif name not in new:
            section.lines.append(f"eraf: {name}")
        elif old[name] != new[name]:
            section.lines.append(f"gewijzigd: {name}")
    return [section]


def text_changes(a: Run, b: Run) -> list[Section]:
    """Sentences of the researcher's text whose figures changed: the ones to reread."""
    section = Section("Zinnen met gewijzigde cijfers")
    for year in sorted(set(a.years) | set(b.years)):
        old = sentences_by_template(a.table("report", "tekst", year, "tekst-cijfers.csv"))
        new = sentences_by_template(b.table("report", "tekst", year, "tekst-cijfers.csv"))
        for key in sorted(set(old) & set(new), key=lambda k: (k[0], new[k]["regel"].zfill(6), k[1:])):
            before, after = old[key]["cijfers"].split("; "), new[key]["cijfers"].split("; ")
            moved = [
                f"{was} → {now.split(' = ')[-1]}"
                for was, now in zip(before, after, strict=True)
                if was != now
            ]
            if moved:
                where = f"{key[0]}, regel {new[key]['regel']}"
                section.lines.append(f"{where}: {'; '.join(moved)} — ‘{new[key]['zin']}’")
    return [section]


def sentences_by_template(table: pd.DataFrame) -> dict[tuple[str, str, int], dict]:
    """Sentences keyed by file, sentence as written and its occurrence (the line may move)."""
    keyed: dict[tuple[str, str, int], dict] = {}
    for row in table.to_dict("records") if not table.empty else []:
        occurrence = sum(1 for key in keyed if key[:2] == (row["bestand"], row["sjabloon"]))
        keyed[(row["bestand"], row["sjabloon"], occurrence)] = row
    return keyed


def compare_runs(a: Run, b: Run) -> list[Section]:
    sections = figure_changes(a, b) + respondent_changes(a, b) + text_changes(a, b)
    sections += keyed_changes(a, b, "citaten.csv", "Citaten", "text")
    sections += keyed_changes(a, b, "voorbeelden.csv", "Goede voorbeelden", "title")
    sections += codebook_changes(a, b) + input_changes(a, b)
    for section in sections:
        section.lines = [
            shorten(line, 240 if section.title.startswith("Zinnen") else 160) for line in section.lines
        ]
    return sections


def format_report(sections: list[Section], a: str, b: str, markdown: bool = False) -> str:
    changed = [s for s in sections if s.lines]
    if not changed:
        return f"Geen verschillen tussen {a} en {b}.\n"
    if markdown:
        lines = [f"## Verschillen tussen `{a}` en `{b}`", ""]
        for section in changed:
            lines += [f"### {section.title} ({len(section.lines)})", ""]
            lines += [f"- {line}" for line in section.lines] + [""]
        return "\n".join(lines)
    lines = [f"Verschillen tussen {a} en {b}:"]
    for section in changed:
        lines += ["", f"{section.title} ({len(section.lines)}):"] + [f"  {line}" for line in section.lines]
    return "\n".join(lines) + "\n"


def build_revision(repository: Path, revision: str, target: Path, config: str) -> Path:
    """Check out a revision into `target` and build it with that revision's own code."""
    archive = subprocess.run(
        ["git", "-C", str(repository), "archive", "--format=tar", revision], capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise InputError(
            [
                Problem(
                    str(repository),
                    "git revision cannot be read",
                    found=revision,
                    expected="a commit, branch or tag of this repository",
                )
            ]
        )
    target.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    env = os.environ | {"PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-m", "enquete", "--config", config, "build", "--directory", str(target)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise InputError(
            [
                Problem(
                    f"revision {revision}",
                    "the build of this revision failed",
                    found=(result.stderr or result.stdout).strip()[-1500:],
                )
            ]
        )
    return target


def diff(first: str, second: str, git: bool, config: str, markdown: bool) -> tuple[str, bool]:
    """The report and whether anything differs; for git, both revisions are built in a temp dir."""
    if not git:
        sections = compare_runs(open_run(first), open_run(second))
        return format_report(sections, first, second, markdown), any(s.lines for s in sections)
    with tempfile.TemporaryDirectory(prefix="enquete-diff-") as work:
        repository = Path.cwd()
        a = build_revision(repository, first, Path(work) / "a", config)
        b = build_revision(repository, second, Path(work) / "b", config)
        sections = compare_runs(Run(a), Run(b))
    return format_report(sections, first, second, markdown), any(s.lines for s in sections)
