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
from enquete.codebook import Codebook, load_codebook
from enquete.config import Config
from enquete.errors import InputError, Problem
from enquete.tables import read_csv, write_atomically, write_csv
from enquete.text.change_words import CHANGE_TABLE, ChangeTable, load_change_table
from enquete.text.quantifiers import QUANTIFIER_TABLE, QuantifierTable, load_quantifier_table
from enquete.text.reader_text import TextTooLarge, reader_text
from enquete.text.references import (
    EarlierWave,
    Figures,
    Rendered,
    Value,
    Verdict,
    check_references,
    render_references,
    without_markers,
)
from enquete.text.researcher_text import (
    BODY,
    INTRO,
    SECTIONS,
    TEXT_ROOT,
    Fragment,
    TextProblem,
    read_wave_text_found,
)
from enquete.text.stale_text import LABEL as STALE_LABEL
from enquete.text.stale_text import CopiedText, StaleSentence, copied_text
from enquete.text.text_checks import Sentence, quantifier_problems, sentences, typed_count_problems
from enquete.text.text_html import researcher_html
from enquete.text.text_origin import source_wave
from enquete.text.wave_claims import claim_findings, copy_source, unconfigured_text

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
    stale: list[StaleSentence] = field(default_factory=list)  # copied, figures moved, unconfirmed
    untrue: list[TextProblem] = field(default_factory=list)  # claims marked in a concept build
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


def wave_figures(analysis_root: Path, year: str, previous_year: str, first_year: str = "") -> Figures:
    """The ledger of a wave, and how each figure stood in the wave before (if comparable) and
    in the nulmeting, with the comparisons' verdicts."""
    ledger = read_csv(analysis_root / year / "figures.csv")
    current = {row.figure_id: value_of(row.count, row.base, row.final) for row in ledger.itertuples()}
    kinds = {row.figure_id: row.kind for row in ledger.itertuples()}
    previous = earlier_wave(analysis_root, previous_year, year)
    nulmeting = None  # the nulmeting is the previous wave
    if first_year != previous_year:
        nulmeting = earlier_wave(analysis_root, first_year if first_year < year else "", year)
    return Figures(
        current,
        previous.values,
        previous_year,
        year=year,
        nulmeting=nulmeting,
        previous_verdicts=previous.verdicts,
        kinds=kinds,
    )


def earlier_wave(analysis_root: Path, earlier: str, year: str) -> EarlierWave:
    """An earlier wave's comparable values and the verdicts of its comparison with `year`."""
    wave = EarlierWave(earlier)
    if not earlier:
        return wave
    # Response figures count respondents the same way in every wave: comparable as they are.
    ledger = read_csv(analysis_root / earlier / "figures.csv")
    wave.values |= {
        row.figure_id: value_of(row.count, row.base)
        for row in ledger.itertuples()
        if row.figure_id.startswith("respons.")
    }
    table = read_csv(comparison_path(analysis_root, earlier, year))
    for row in table.itertuples():
        comparable = row.status in COMPARABLE and row.count_a != ""
        wave.values[row.figure_id] = value_of(row.count_a, row.base_a) if comparable else row.status
        change = int(row.change) if row.change != "" else None
        wave.verdicts[row.figure_id] = Verdict(row.status, row.verdict, change)
    return wave


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
    """The checked text of every wave (or of `years`), each with its ledger and previous wave.

    A wave whose text was copied from an earlier one is checked against that wave's text (for
    sentences whose figures moved), which is loaded first when it is not among `years`."""
    texts: dict[str, WaveText | None] = {}
    refusals: list[InputError] = []

    def load(year: str) -> WaveText | None:
        if year not in texts:
            earlier = [y for y in config.years if y < year]
            figures = wave_figures(analysis_root, year, earlier[-1] if earlier else "", config.nulmeting.year)
            figures.configured_years = tuple(config.years)
            source = copy_source(year, config.years)
            source_text = load(source) if source else None
            codebook = codebooks[year] if year in codebooks else load_codebook(config.waves[year].codebook)
            theme_ids = [theme.id for theme in codebook.themes]
            try:
                texts[year] = load_wave_text(
                    year, theme_ids, figures, concept, source_text=source_text, mark_copied=preview
                )
                texts[year].preview = preview
            except InputError as error:  # the other waves are still checked: every problem at once
                texts[year] = None
                refusals.append(error)
        return texts[year]

    loaded = {year: load(year) for year in years or config.years}
    if refusals:
        raise InputError([p for error in refusals for p in error.problems], remedy=refusals[0].remedy)
    return {year: text for year, text in loaded.items() if text is not None}


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
    source_text: WaveText | None = None,
    change_table_path: Path = CHANGE_TABLE,
    mark_copied: bool = False,
) -> WaveText:
    """Read, check and render a wave's text; refuses with every problem of the wave at once.

    `source_text` is the text of the wave this one was copied from (herkomst.yaml): a sentence
    still as copied whose figures moved is refused, or, in a concept build or the preview
    (`mark_copied`), marked on the page and listed."""
    pages, problems = read_wave_text_found(year, theme_ids, root)
    result = WaveText(year, source=source_wave(year, root))
    copied = copied_text(year, result.source, source_text.sentences, root) if source_text else None
    tables: tuple[QuantifierTable, ChangeTable] | None = None  # read once, when there is text
    for page, text in pages.items():
        footnotes = 0  # numbered on from part to part: one sequence per page
        for key in sorted(text.parts, key=PAGE_ORDER.index):
            fragment = text.parts[key]
            if fragment.empty:
                continue
            tables = tables or (load_quantifier_table(table_path), load_change_table(change_table_path))
            checks = PartChecks(figures, *tables, copied, concept, concept or mark_copied, footnotes)
            found, html, said = render_part(fragment, checks, f"{page}-{key}")
            footnotes = checks.footnotes
            problems += found
            result.stale += checks.stale
            result.untrue += checks.untrue if checks.mark_copied else []
            if not found:
                result.parts[(page, key)] = html
                result.sentences += said
    if not (concept or mark_copied):
        problems += [stale.problem(year, root) for stale in result.stale]
    if problems:
        raise InputError(
            sorted(problems, key=lambda problem: (problem.file, problem.row or 0)),
            remedy="write every number about gemeenten as a reference to the ledger "
            '(e.g. {{ cijfer("toegang.verblijfsstatus") }}), and choose words that fit the figure '
            f"(the tables are {table_path} and {change_table_path}); a copied sentence whose "
            "figures changed is rewritten or confirmed in herkomst.yaml; docs/researcher.md, *Writing the "
            "report's text*, explains each.",
        )
    result.missing = [
        missing_description(year, page, key, root)
        for page, key in expected_parts(theme_ids)
        if (page, key) not in result.parts
    ]
    return result


@dataclass
class PartChecks:
    """What a part of a wave's text is checked against, and the stale sentences found in it."""

    figures: Figures
    quantifiers: QuantifierTable
    changes: ChangeTable
    copied: CopiedText | None
    concept: bool  # mark provisional figures
    mark_copied: bool  # mark, not refuse, copied sentences whose figures moved
    footnotes: int = 0  # footnotes on the page before this part; after rendering, including it
    stale: list[StaleSentence] = field(default_factory=list)
    untrue: list[TextProblem] = field(default_factory=list)  # claims of change, wave years


PAGE_ORDER = [INTRO, *SECTIONS, BODY]  # the order of a page's parts, as the page shows them


def render_part(
    fragment: Fragment, checks: PartChecks, anchor: str
) -> tuple[list[Problem], Markup, list[Sentence]]:
    """One part: its problems, or its HTML and sentences.

    Every check reads the part as the reader reads it (`reader_text`), and all of them run:
    a reference with a problem is reported and read as a reference, so that it does not hide
    a typed count or an unbound share elsewhere in the part."""
    figures = checks.figures
    source = without_markers(fragment.source)
    problems: list[Problem] = [
        TextProblem(fragment.file, problem.what, row=fragment.first_line - 1 + problem.line)
        for problem in check_references(source, figures)
    ]
    rendered = render_references(source, figures, fragment.first_line)
    try:
        reader: Rendered = reader_text(rendered, fragment.first_line)
    except (RecursionError, TextTooLarge) as error:
        what = error.what if isinstance(error, TextTooLarge) else "is nested too deeply to render"
        line = error.line if isinstance(error, TextTooLarge) and error.line else fragment.first_line
        problems.append(
            TextProblem(
                fragment.file,
                f"this part {what}",
                row=line,
                expected="paragraphs, lists, links and quotes nested a few levels deep",
            )
        )
        reader = rendered  # the other checks read the text as typed
        return problems + typed_count_problems(fragment, reader, checks.quantifiers), Markup(""), []
    problems += typed_count_problems(fragment, reader, checks.quantifiers)
    problems += quantifier_problems(fragment, reader, checks.quantifiers)
    if not all(reference.valid for reference in rendered.references):
        return problems, Markup(""), []  # claims of change need every figure they name
    said = sentences(fragment, reader)
    claims = claim_findings(fragment, reader, figures, checks.changes)
    checks.stale = checks.copied.stale(said) if checks.copied else []
    checks.untrue = [problem for problem, _ in claims]
    if problems:
        return problems + ([] if checks.mark_copied else checks.untrue), Markup(""), []
    problems = [] if checks.mark_copied else list(checks.untrue)
    moved = {id(now) for stale in checks.stale for _, now in stale.moved} | {
        id(rendered.references[index]) for _, index in claims
    }

    def mark(index: int) -> str:
        reference = rendered.references[index]
        if checks.mark_copied and id(reference) in moved:
            return STALE_LABEL
        return "voorlopig" if checks.concept and not reference.value.final else ""

    html, checks.footnotes = researcher_html(rendered, anchor, mark, checks.footnotes)
    return problems, html, said


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
    """Sentences copied unedited from the source wave whose figures are different now (and
    not confirmed), as `te-herschrijven.txt` lists them."""
    copied = copied_text(text.year, source.year, source.sentences, TEXT_ROOT)
    return [stale.line() for stale in copied.stale(text.sentences)]


def write_text_reports(texts: dict[str, WaveText], report_dir: Path, concept: bool) -> None:
    """The files beside the site (not published) and what the researcher should read now."""
    for line in unconfigured_text(list(texts), TEXT_ROOT):
        print(line)
    for year, text in texts.items():
        folder = report_dir / "tekst" / year
        write_csv(sentence_table(text), folder / "tekst-cijfers.csv")
        write_lines(folder / "ontbrekende-tekst.txt", text.missing)
        if concept and text.missing:
            print(
                f"Tekst {year}: {len(text.missing)} onderdelen hebben nog geen tekst "
                f"(zie {folder}/ontbrekende-tekst.txt)."
            )
        stale = [sentence.line() for sentence in text.stale]
        untrue = [problem.describe() for problem in text.untrue]
        if text.source or untrue:
            write_lines(folder / "te-herschrijven.txt", stale + untrue)
        if stale:
            print(
                f"Tekst {year}: {len(stale)} zinnen uit {text.source} noemen cijfers die nu anders zijn "
                "(op de pagina gemarkeerd als ‘te herschrijven’; herschrijf of bevestig ze in "
                f"{TEXT_ROOT}/{year}/herkomst.yaml):"
            )
            print("\n".join(f"  {line}" for line in stale))
        if untrue:
            print(
                f"Tekst {year}: {len(untrue)} beweringen over een verandering of een meting kloppen niet "
                "met de vergelijking (op de pagina gemarkeerd als ‘te herschrijven’):"
            )
            print("\n".join(f"  {line}" for line in untrue))


def write_lines(path: Path, lines: list[str]) -> None:
    write_atomically(path, "".join(f"{line}\n" for line in lines).encode("utf-8"))
