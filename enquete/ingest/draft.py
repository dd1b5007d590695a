"""`enquete wave draft`: a proposed configuration for a new wave, from its delivered files.

The researcher who adds a wave should not have to read code to learn how a survey tool's
Q1…Q35 become the codebook's questions. The draft reads each delivered file with its
metadata, matches the columns (`enquete.ingest.draft_match`) and writes, into its own folder
(`draft/<year>/`, never into config/ or codebook/):

- `config-<year>.yaml` — the wave's block for `waves:` in config/config.yaml, every line the
  build reads, with a comment on how each column was matched; what needs a decision is
  marked `REVIEW` and left so that the build refuses it until decided (a placeholder date, an
  unmatched column that is no known column);
- `codebook-<year>.yaml` — the latest codebook with a new version, as the codebook to edit;
- `crosswalk-<year>.yaml` — an empty crosswalk to the previous wave, with the figures whose
  question reads differently in the file listed as candidates;
- `voorbeelden.csv` — the empty examples file;
- `rapport.md` — what matched and how surely, what did not match, what needs a decision.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from enquete.codebook import Codebook, load_codebook
from enquete.config import Config
from enquete.errors import InputError, Problem, display_path, require_file
from enquete.ingest.draft_match import Delivered, Match, match_columns, read_delivered
from enquete.ingest.labels import similarity
from enquete.ingest.population import read_population
from enquete.names import name_key

ROLES = ("id", "gemeente", "date", "personal", "system")
PLACEHOLDER_DATE = "JJJJ-MM-DD"  # refused by the configuration's schema until it is filled in


def q(text: str) -> str:
    """A YAML scalar in double quotes (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def mode_of(path: Path) -> str:
    return "telefonisch" if "telefon" in path.name.lower() else "online"


def source_block(delivered: Delivered, matches: list[Match], decisions: list[str]) -> list[str]:
    """The lines of one source under `sources:`."""
    shown = display_path(delivered.path)
    lines = [
        f"      - file: {shown}",
        f"        mode: {mode_of(delivered.path)}  # REVIEW: online, telefonisch, ...",
    ]
    decisions.append(f"{shown}: `mode` is {mode_of(delivered.path)} (from the file's name): check it.")
    if delivered.encoding != "utf-8":
        lines.append(f"        encoding: {delivered.encoding}  # the file is not UTF-8")
    if delivered.separator and delivered.separator != ",":
        lines.append(f"        separator: {q(delivered.separator)}  # found in the file")
    by_role = {role: [m for m in matches if m.target == role] for role in ROLES}
    for role, key in (("id", "id_column"), ("gemeente", "gemeente_column"), ("date", "date_column")):
        found = by_role[role]
        if found:
            note = "" if found[0].sure else "  # REVIEW: " + "; ".join([found[0].how, *found[0].notes])
            lines.append(f"        {key}: {q(found[0].column.name)}{note}")
        elif role != "date":
            decisions.append(f"{shown}: no column was recognised as the {role} column: set `{key}`.")
    for role, key in (("system", "system_columns"), ("personal", "personal_columns")):
        names = [m.column.name for m in by_role[role]]
        if names:
            lines.append(f"        {key}: [{', '.join(q(n) for n in names)}]  # REVIEW")
            decisions.append(f"{shown}: check `{key}` ({', '.join(names)}).")
    questions = [m for m in matches if m.target and m.target not in ROLES]
    renamed = [m for m in questions if m.column.name != m.target]
    if renamed:
        lines.append("        columns:")
        for m in renamed:
            review = "" if m.sure else " REVIEW: " + ("; ".join(m.notes) or "check")
            lines.append(f"          {q(m.column.name)}: {m.target}  # {m.how}{review}")
    mapped = [m for m in questions if m.values]
    if mapped:
        lines.append("        values:")
        for m in mapped:
            pairs = ", ".join(f"{q(label)}: {code}" for label, code in m.values.items())
            lines.append(f"          {m.target}: {{{pairs}}}")
    unmatched = [m for m in matches if not m.target]
    if unmatched:
        lines.append(
            "        # REVIEW, unmatched: add each under `columns` (to a question id), `system_columns`"
        )
        lines.append(
            "        # or `personal_columns`; until then the build refuses it as an unexpected column."
        )
        lines += [f"        #   {q(m.column.name)}: {q(m.column.label)}" for m in unmatched]
    return lines


def wave_block(year: str, codebook_path: str, sources: list[list[str]]) -> list[str]:
    lines = [
        "waves:",
        f"  {q(year)}:",
        f"    label: {q('Meting ' + year)}  # REVIEW",
        '    fieldwork: ""  # REVIEW: e.g. september – november ' + year,
        f"    published: {q(PLACEHOLDER_DATE)}  # REVIEW: the publication date (YYYY-MM-DD)",
        f"    codebook: codebook/codebook-{year}.yaml",
        f"    crosswalk: codebook/crosswalk-{year}.yaml",
        "    sources:",
    ]
    for source in sources:
        lines += source
    lines += [
        "    coding:",
        "      coders:",
        f"        codeur1: raw/{year}/codering-codeur1.xlsx",
        f"        codeur2: raw/{year}/codering-codeur2.xlsx",
        f"    examples: raw/{year}/voorbeelden.csv",
    ]
    return lines


def report_lines(delivered: Delivered, matches: list[Match], codebook: Codebook) -> list[str]:
    """The report's section on one file: a table of every column and the questions left over."""
    shown = display_path(delivered.path)
    lines = [
        f"## {shown}",
        "",
        "| column | label | matched to | how | sure |",
        "| --- | --- | --- | --- | --- |",
    ]
    for m in matches:
        sure = "sure" if m.sure else ("check" if m.target else "**not matched**")
        how = (
            "; ".join([m.how, *m.notes]) if m.target else "; ".join(m.notes) or "nothing in the codebook fits"
        )
        label = m.column.label.replace("|", "/")
        lines.append(
            f"| `{m.column.name}` | {label} | {m.target or '—'} | {how.replace('|', '/')} | {sure} |"
        )
    declared = [(m, code, target) for m in matches for code, target in sorted(m.missing.items())]
    if declared:
        lines += ["", "Codes the file declares missing, read as the scale's missing answer:", ""]
        lines += [
            f"- `{m.column.name}` ({m.target}): code {code} {m.column.value_labels.get(code, '')!r} "
            f"→ {target} {codebook.scale_of(codebook.question(m.target)).values.get(target, '')!r}"
            for m, code, target in declared
        ]
    found = {m.target for m in matches}
    left = [question.id for question in codebook.questions if question.id not in found]
    if left:
        lines += ["", "Questions of the codebook without a column in this file: " + ", ".join(left) + "."]
    return [*lines, ""]


def text_differences(matches: list[Match], earlier: Codebook) -> list[str]:
    """Questions whose label in the file reads differently from the previous wave's text."""
    texts = {question.id: question.text for question in earlier.questions}
    return [
        f"{m.target}: the file asks {m.column.label!r}; the previous wave asked {texts[m.target]!r}"
        for m in matches
        if m.target in texts and m.column.label and similarity(m.column.label, texts[m.target]) < 1.0
    ]


def draft_wave(config: Config, year: str, files: list[str], out: Path, codebook_file: str = "") -> Path:
    """Write the draft of a new wave into `out`; returns the report's path."""
    if year in config.waves:
        raise InputError(
            [
                Problem(
                    config.source,
                    "the wave is configured already",
                    key=f"waves/{year}",
                    expected="a new year",
                )
            ],
            remedy="draft only a wave that is not in the configuration yet.",
        )
    earlier = [y for y in config.years if y < year] or config.years
    previous = config.waves[earlier[-1]]
    codebook_file = codebook_file or previous.codebook
    codebook = load_codebook(codebook_file)
    population = read_population(config.population, config.pseudonym_key)
    gemeenten = {name_key(name) for name in population.names.values()}
    decisions = [
        f"`label`, `fieldwork` and `published` of wave {year} (the date is a placeholder the build refuses).",
        f"The coders' files: create them with `enquete worksheet --wave {year} --coder codeur1` once "
        "the wave is configured.",
    ]
    sources, report, differences = [], [], []
    for file in files:
        delivered = read_delivered(require_file(file, "response file"))
        matches = match_columns(delivered, codebook, gemeenten)
        sources.append(source_block(delivered, matches, decisions))
        report += report_lines(delivered, matches, codebook)
        differences += text_differences(matches, load_codebook(previous.codebook))
        shown = display_path(delivered.path)
        decisions += [
            f"{shown}, column `{m.column.name}`: not matched — decide what it is"
            + "".join(f"; {note}" for note in m.notes)
            + "."
            for m in matches
            if not m.target
        ]
        decisions += [
            f"{shown}, column `{m.column.name}` → {m.target}: {'; '.join(m.notes) or m.how + ': check'}."
            for m in matches
            if m.target and not m.sure and m.target not in ("system", "personal")
        ]
    out.mkdir(parents=True, exist_ok=True)
    block = wave_block(year, codebook_file, sources)
    header = [
        f"# Draft configuration of wave {year}, written by `enquete wave draft` from {', '.join(files)}.",
        f"# Review every line marked REVIEW (see {display_path(out / 'rapport.md')}), then add the lines",
        "# below `waves:` to the `waves:` of config/config.yaml.",
    ]
    (out / f"config-{year}.yaml").write_text("\n".join(header + block) + "\n", encoding="utf-8")
    codebook_text = Path(codebook_file).read_text(encoding="utf-8")
    codebook_text = re.sub(r"(?m)^version: .*$", f'version: "{year}.1"', codebook_text, count=1)
    note = (
        f"# Draft codebook of wave {year}: a copy of {codebook_file}. Edit what the questionnaire changed.\n"
    )
    (out / f"codebook-{year}.yaml").write_text(note + codebook_text, encoding="utf-8")
    crosswalk = [
        f"# Crosswalk of wave {year} to the previous wave ({previous.year}), not to the nulmeting: list",
        "# every figure whose question or definition changed in the codebook as `reworded` (still",
        "# comparable) or `changed` (not comparable), with a note in Dutch. Questions that read",
        "# differently in the file:",
        *[f"#   {line}" for line in differences or ["(none)"]],
        "figures: {}",
    ]
    (out / f"crosswalk-{year}.yaml").write_text("\n".join(crosswalk) + "\n", encoding="utf-8")
    (out / "voorbeelden.csv").write_text("answer_id,volgorde,titel,naam_publiceren\n", encoding="utf-8")
    summary = [
        f"# Draft of wave {year}",
        "",
        f"Matched against {codebook_file} (questions) and {config.population} (gemeenten).",
        "",
        *report,
        "## Needs a decision",
        "",
        *[f"- {decision}" for decision in decisions],
        "",
        "## Then",
        "",
        f"1. Copy `codebook-{year}.yaml` and `crosswalk-{year}.yaml` to `codebook/`, "
        f"`voorbeelden.csv` to `raw/{year}/`.",
        f"2. Add the block of `config-{year}.yaml` to config/config.yaml and decide every REVIEW.",
        "3. `enquete check` reads every delivered file as the build does and names what is still wrong.",
        "",
    ]
    report_path = out / "rapport.md"
    report_path.write_text("\n".join(summary), encoding="utf-8")
    return report_path
