"""A wave's researcher text, checked and ready for its pages: the engine behind `tekst/`.

For every part of every text file: the references are checked and rendered from the ledger,
typed counts and ill-fitting quantifiers are refused (every problem of the wave at once),
and the Markdown becomes sanitised HTML. The render step then places each part on its page
(`WaveText.part`) and writes, outside the published site, the text's figure list
(`report/tekst/<year>/tekst-cijfers.csv`), the sections without text, and the sentences to
rewrite in a wave started from another wave's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from enquete.analysis.comparison import comparison_path
from enquete.codebook import Codebook
from enquete.config import Config
from enquete.errors import InputError, Problem
from enquete.tables import read_csv, write_atomically, write_csv
from enquete.text.quantifiers import QUANTIFIER_TABLE, QuantifierTable, load_quantifier_table
from enquete.text.references import Figures, Value, check_references, render_references, without_markers
from enquete.text.researcher_text import (
    BODY,
    INTRO,
    SECTIONS,
    TEXT_ROOT,
    Fragment,
    TextProblem,
    read_wave_text,
)
from enquete.text.text_checks import Sentence, quantifier_problems, sentences, typed_count_problems
from enquete.text.text_html import researcher_html
from enquete.text.text_origin import source_wave

COMPARABLE = ("vergelijkbaar", "herformuleerd")
SENTENCE_COLUMNS = ["bestand", "regel", "zin", "sjabloon", "cijfers"]


@dataclass
class WaveText:
    """The checked text of one wave: HTML per page part, its sentences, what has no text yet."""

    year: str
    parts: dict[tuple[str, str], Markup] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    source: str = ""  # the wave this text was copied from, if any
    preview: bool = False  # mark each part's place, so the live preview can replace it

    def part(self, page: str, key: str = BODY) -> Markup:
        """The researcher's text for a part of a page ('' when there is none): the template hook."""
        text = self.parts.get((page, key), Markup(""))
        if not self.preview:
            return text
        return Markup(f"{part_marker(page, key)}\n\n{text}\n\n{part_marker(page, key, end=True)}")

    def has(self, page: str) -> bool:
        return any(name == page for name, _ in self.parts)

    def for_page(self, page: str) -> PageHook:
        """What the page template sees as `tekst`."""
        return PageHook(self, page)


@dataclass(frozen=True)
class PageHook:
    """What a page template sees as `tekst`: `tekst.intro`, `tekst.sectie("knelpunten")`, `tekst.tekst`."""

    text: WaveText
    page: str

    @property
    def intro(self) -> Markup:
        return self.text.part(self.page, INTRO)

    @property
    def tekst(self) -> Markup:
        return self.text.part(self.page, BODY)

    def sectie(self, key: str) -> Markup:
        return self.text.part(self.page, key)

    def heeft(self, key: str) -> bool:
        """Whether the researcher wrote this part: then the generated sentences give way to it."""
        return (self.page, key) in self.text.parts


def part_marker(page: str, key: str, end: bool = False) -> str:
    """An HTML comment around a part of the text on a preview page."""
    return f"<!-- {'/' if end else ''}tekst {page} {key} -->"


def wave_figures(analysis_root: Path, year: str, previous_year: str) -> Figures:
    """The ledger of a wave, and how each figure stood in the wave before (if comparable)."""
    ledger = read_csv(analysis_root / year / "figures.csv")
    current = {row.figure_id: value_of(row.count, row.base, row.final) for row in ledger.itertuples()}
    previous: dict[str, Value | str] = {}
    if previous_year:
        # Response figures count respondents the same way in every wave: comparable as they are.
        earlier = read_csv(analysis_root / previous_year / "figures.csv")
        previous |= {
            row.figure_id: value_of(row.count, row.base)
            for row in earlier.itertuples()
            if row.figure_id.startswith("respons.")
        }
        table = read_csv(comparison_path(analysis_root, previous_year, year))
        for row in table.itertuples():
            comparable = row.status in COMPARABLE and row.count_a != ""
            previous[row.figure_id] = value_of(row.count_a, row.base_a) if comparable else row.status
    return Figures(current, previous, previous_year)


def value_of(count: str, base: str, final: str = "ja") -> Value:
    return Value(int(count), int(base) if base != "" else None, final != "nee")


def load_texts(
    config: Config,
    codebooks: dict[str, Codebook],
    analysis_root: Path,
    concept: bool,
    years: list[str] | None = None,
    preview: bool = False,
) -> dict[str, WaveText]:
    """The checked text of every wave (or of `years`), each with its ledger and previous wave."""
    texts = {}
    for year in years or config.years:
        earlier = [y for y in config.years if y < year]
        figures = wave_figures(analysis_root, year, earlier[-1] if earlier else "")
        theme_ids = [theme.id for theme in codebooks[year].themes]
        texts[year] = load_wave_text(year, theme_ids, figures, concept)
        texts[year].preview = preview
    return texts


def text_chapters(codebook: Codebook, text: WaveText) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The researcher's own chapters, (page, title), before and after the theme chapters:
    *Aanleiding* is chapter 1, *Tot slot* follows the last theme. A chapter without text is
    left out (the list of missing text names it)."""
    last = max((theme.chapter for theme in codebook.themes), default=1)
    opening = [("aanleiding.md", "1. Aanleiding")] if text.has("aanleiding") else []
    closing = [("tot-slot.md", f"{last + 1}. Tot slot")] if text.has("tot-slot") else []
    return opening, closing


def expected_parts(theme_ids: list[str]) -> list[tuple[str, str]]:
    parts = [("aanleiding", BODY), ("aanpak", BODY)]
    parts += [(theme, key) for theme in theme_ids for key in (INTRO, *SECTIONS)]
    return [*parts, ("tot-slot", BODY)]


def load_wave_text(
    year: str,
    theme_ids: list[str],
    figures: Figures,
    concept: bool = False,
    root: Path = TEXT_ROOT,
    table_path: Path = QUANTIFIER_TABLE,
) -> WaveText:
    """Read, check and render a wave's text; refuses with every problem of the wave at once."""
    pages = read_wave_text(year, theme_ids, root)
    result = WaveText(year, source=source_wave(year, root))
    table: QuantifierTable | None = None
    problems: list[Problem] = []
    for page, text in pages.items():
        for key, fragment in text.parts.items():
            if fragment.empty:
                continue
            table = table or load_quantifier_table(table_path)
            found, html, said = render_part(fragment, figures, table, f"{page}-{key}", concept)
            problems += found
            if not found:
                result.parts[(page, key)] = html
                result.sentences += said
    if problems:
        raise InputError(
            problems,
            remedy="write every number about gemeenten as a reference to the ledger "
            '(e.g. {{ cijfer("toegang.verblijfsstatus") }}), and choose words that fit the figure '
            f"(the table is {table_path}); the README's section on the report's text explains both.",
        )
    result.missing = [
        missing_description(year, page, key, root)
        for page, key in expected_parts(theme_ids)
        if (page, key) not in result.parts
    ]
    return result


def render_part(
    fragment: Fragment, figures: Figures, table: QuantifierTable, anchor: str, concept: bool
) -> tuple[list[Problem], Markup, list[Sentence]]:
    """One part: its problems, or its HTML and sentences."""
    source = without_markers(fragment.source)
    problems: list[Problem] = [
        TextProblem(fragment.file, problem.what, row=fragment.first_line - 1 + problem.line)
        for problem in check_references(source, figures)
    ]
    if problems:
        return problems, Markup(""), []
    rendered = render_references(source, figures, fragment.first_line)
    problems = typed_count_problems(fragment, rendered) + quantifier_problems(fragment, rendered, table)
    if problems:
        return problems, Markup(""), []
    html = researcher_html(rendered, anchor, lambda i: concept and not rendered.references[i].value.final)
    return [], html, sentences(fragment, rendered)


def missing_description(year: str, page: str, key: str, root: Path) -> str:
    where = (root / year / f"{page}.md").as_posix()
    if key == BODY:
        return f"{where}: geen tekst"
    if key == INTRO:
        return f"{where}: geen inleiding (tekst voor de eerste ## kop)"
    return f"{where}: geen tekst onder '## {SECTIONS[key]}'"


def sentence_table(text: WaveText) -> pd.DataFrame:
    """Every sentence with references, its figures and values, sorted: diffable between runs."""
    rows = [
        {
            "bestand": sentence.file,
            "regel": sentence.line,
            "zin": sentence.text,
            "sjabloon": sentence.template,
            "cijfers": "; ".join(f"{r.function}({r.figure_id}) = {r.text}" for r in sentence.references),
        }
        for sentence in text.sentences
        if sentence.references
    ]
    table = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return table.sort_values(["bestand", "regel", "sjabloon"], kind="stable").reset_index(drop=True)


def changed_since_source(text: WaveText, source: WaveText) -> list[str]:
    """Sentences copied unedited from the source wave whose figures are different now."""
    before: dict[tuple[str, str], Sentence] = {}
    for sentence in source.sentences:
        before.setdefault((Path(sentence.file).name, sentence.template), sentence)
    lines = []
    for sentence in text.sentences:
        old = before.get((Path(sentence.file).name, sentence.template))
        if old is None or not sentence.references:
            continue
        moved = [
            f"{new.figure_id}: {was.text} → {new.text}"
            for was, new in zip(old.references, sentence.references, strict=True)
            if (was.value.count, was.value.base) != (new.value.count, new.value.base)
        ]
        if moved:
            lines.append(f"{sentence.file}, line {sentence.line}: {'; '.join(moved)} — '{sentence.text}'")
    return lines


def write_text_reports(texts: dict[str, WaveText], report_dir: Path, concept: bool) -> None:
    """The files beside the site (not published) and what the researcher should read now."""
    for year, text in texts.items():
        folder = report_dir / "tekst" / year
        write_csv(sentence_table(text), folder / "tekst-cijfers.csv")
        write_lines(folder / "ontbrekende-tekst.txt", text.missing)
        if concept and text.missing:
            print(
                f"Tekst {year}: {len(text.missing)} onderdelen hebben nog geen tekst "
                f"(zie {folder}/ontbrekende-tekst.txt)."
            )
        if not text.source:
            continue
        if text.source not in texts:
            raise InputError(
                [
                    TextProblem(
                        f"{TEXT_ROOT}/{year}/herkomst.yaml",
                        "the source wave is not a wave of the report",
                        found=text.source,
                    )
                ]
            )
        stale = changed_since_source(text, texts[text.source])
        write_lines(folder / "te-herschrijven.txt", stale)
        if stale:
            print(f"Tekst {year}: {len(stale)} zinnen uit {text.source} noemen cijfers die nu anders zijn:")
            print("\n".join(f"  {line}" for line in stale))


def write_lines(path: Path, lines: list[str]) -> None:
    write_atomically(path, "".join(f"{line}\n" for line in lines).encode("utf-8"))
