"""Render: the ledger, quotes and examples of a wave as the Markdown pages of the report.

Every sentence with a number is generated from a ledger row, so the text, the charts and the
tables cannot disagree. Respondent text (quotes, examples) is HTML-escaped and placed in
one-line raw HTML blocks, where Markdown does not interpret it: no answer can become markup,
a link or a script on the site.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from enquete.browser import find_chromium, missing_message
from enquete.charts import comparison_chart
from enquete.claims import Claim, claim_for, in_words, previous_text, sentence_start
from enquete.codebook import KNELPUNT_KINDS, Codebook, Figure
from enquete.comparison import comparison_path
from enquete.config import Config, Wave
from enquete.dutch import dutch_date, dutch_number
from enquete.errors import InputError, Problem
from enquete.figure_tables import comparison_table, theme_table
from enquete.page_text import literal, paragraph
from enquete.pdf import PDF_PLAN
from enquete.provenance import read_manifest
from enquete.provisional import is_final, provisional
from enquete.tables import read_csv, write_atomically, write_download_csv, write_xlsx
from enquete.theme_sections import MENTION_NOTE, chart_tables, section_contexts
from enquete.wave_text import WaveText, load_texts, text_chapters, write_text_reports

# The partial plotly.js bundle (bar and scatter traces, 1.2 MB instead of 4.7 MB), served by
# the site itself from templates/assets.
PLOTLY_JS = "assets/js/plotly-basic-4.1.1/plotly-basic.min.js"
PRINT_PAGE = "printversie.md"

BASE_RULES = {
    "population": "alle centrumgemeenten die zijn uitgenodigd",
    "invited": "de uitgenodigde centrumgemeenten",
    "respondents": "de centrumgemeenten die (deels) hebben gereageerd",
    "valid_answer": "de centrumgemeenten die deze vraag met een geldig antwoord beantwoordden "
    "(‘weet niet / geen antwoord’ en niet bereikte vragen tellen niet mee)",
    "theme_respondents": "de centrumgemeenten die het thema in de vragenlijst bereikten "
    "(minstens één vraag van het thema beantwoord)",
    "parent_counted": "de centrumgemeenten die het bovenliggende knelpunt herkennen",
}

# The names of the base rules on reader pages (the ids stay in the ledger and downloads).
BASE_RULE_NAMES = {
    "population": "Alle uitgenodigde centrumgemeenten",
    "invited": "Uitgenodigd",
    "respondents": "Gereageerd",
    "valid_answer": "Geldig antwoord",
    "theme_respondents": "Thema bereikt",
    "parent_counted": "Herkent het bovenliggende knelpunt",
}

PUBLIC_COLUMNS = {
    "figure_id": "Figuur",
    "theme": "Thema",
    "kind": "Soort",
    "label": "Omschrijving",
    "count": "Aantal",
    "base": "Basis",
    "base_rule": "Basisregel",
}


class WaveReport:
    """Everything the pages of one wave show, read from the wave's analysis files."""

    def __init__(self, config: Config, wave: Wave, codebook: Codebook, analysis_dir: Path) -> None:
        self.config = config
        self.wave = wave
        self.codebook = codebook
        self.analysis_root = analysis_dir.parent
        self.previous_year = previous_wave(config, wave.year)
        self.previous = self.comparison(analysis_dir.parent, self.previous_year)
        nulmeting = config.nulmeting.year
        self.versus_nulmeting = (
            self.comparison(analysis_dir.parent, nulmeting) if nulmeting != wave.year else None
        )
        self.ledger = read_csv(analysis_dir / "figures.csv")
        self.quotes = read_csv(analysis_dir / "citaten.csv")
        self.examples = read_csv(analysis_dir / "voorbeelden.csv")
        backtest = analysis_dir / "backtest.csv"
        self.backtest = read_csv(backtest) if backtest.exists() else None
        self.rows = self.ledger.set_index("figure_id")
        self.coverage = read_csv(analysis_dir / "antwoorden_per_vraag.csv")

    def comparison(self, analysis_root: Path, earlier: str) -> pd.DataFrame | None:
        if not earlier:
            return None
        return read_csv(comparison_path(analysis_root, earlier, self.wave.year)).set_index("figure_id")

    def previous_of(self, figure_id: str) -> str:
        if self.previous is None:
            return ""
        row = self.previous.loc[figure_id] if figure_id in self.previous.index else None
        return previous_text(row, self.previous_year)

    def previous_mention(self, figure_id: str) -> str:
        """The previous wave's count of a mention, in words ('in 2017: drie'), for sentences."""
        if self.previous is None or figure_id not in self.previous.index:
            return ""
        row = self.previous.loc[figure_id]
        if row["status"] not in ("vergelijkbaar", "herformuleerd"):
            return previous_text(row, self.previous_year)
        return f"in {self.previous_year}: {in_words(int(row['count_a']))}"

    def claim(self, figure: Figure) -> Claim:
        return claim_for(
            figure, self.rows.loc[figure.id], self.previous_of(figure.id), self.previous_mention(figure.id)
        )

    def count(self, figure_id: str) -> int:
        return int(self.rows.loc[figure_id, "count"])

    def claims(self, theme_id: str, kinds: tuple[str, ...]) -> list[Claim]:
        return [self.claim(figure) for figure in self.codebook.figures_of(theme_id) if figure.kind in kinds]

    def quotes_of(self, theme_id: str, section: str) -> list[str]:
        chosen = self.quotes[(self.quotes["theme"] == theme_id) & (self.quotes["section"] == section)]
        return list(chosen["text"])

    def examples_of(self, theme_id: str) -> list[dict]:
        chosen = self.examples[self.examples["theme"] == theme_id]
        return chosen.sort_values("order", key=lambda s: s.astype(int)).to_dict("records")

    def charted(self, theme_id: str, kinds: tuple[str, ...]) -> list[dict]:
        """The rows of one chart: the theme's figures of these kinds with their count and base."""
        rows = []
        for figure in self.codebook.figures_of(theme_id):
            if figure.kind not in kinds:
                continue
            claim = claim_for(figure, self.rows.loc[figure.id])
            rows.append(
                claim.__dict__
                | {"label": figure.label, "rule_short": claim.rule_short, "counted_as": claim.counted_as}
            )
        return rows

    def theme_context(self, theme_id: str) -> dict:
        theme = self.codebook.theme(theme_id)
        sections = section_contexts(self, theme, self.coverage)
        return {
            "theme": theme,
            "sections": sections,
            "has_chart": any(section["chart"] for section in sections.values()),
            "mention_note": MENTION_NOTE,
            "reached": self.count(f"respons.thema.{theme_id}"),
            "examples": self.examples_of(theme_id),
            "previous_year": self.previous_year,
        }

    def comparison_context(self) -> dict:
        """The page *Vergelijking met de nulmeting*: a chart and a table per theme."""
        table = self.versus_nulmeting.reset_index()
        nulmeting = self.config.nulmeting.year
        themes = []
        for theme in self.codebook.themes:
            rows = [
                row | {"now": self.now_text(row)}
                for row in table[table["theme"] == theme.id].to_dict("records")
            ]
            comparable = [row for row in rows if row["status"] in ("vergelijkbaar", "herformuleerd")]
            chart = comparison_chart(theme.id, comparable, (nulmeting, self.wave.year)) if comparable else ""
            download = f"grafiek-vergelijking-{theme.id}-{nulmeting}-{self.wave.year}"
            themes.append(
                {
                    "theme": theme,
                    "rows": rows,
                    "comparable": comparable,
                    "chart": Markup(chart),
                    "chart_download": download,
                }
            )
        first = read_csv(self.analysis_root / nulmeting / "figures.csv").set_index("figure_id")
        answered_then = set(first.loc["respons.totaal", "respondents"].split())
        answered_now = set(self.rows.loc["respons.totaal", "respondents"].split())
        return {
            "nulmeting": nulmeting,
            "response_then": (
                int(first.loc["respons.totaal", "count"]),
                int(first.loc["respons.uitgenodigd", "count"]),
            ),
            "both": len(answered_then & answered_now),
            "only_then": len(answered_then - answered_now),
            "only_now": len(answered_now - answered_then),
            "themes": themes,
            "counts": table["verdict"].value_counts().to_dict(),
            "not_comparable": table[~table["status"].isin(["vergelijkbaar", "herformuleerd"])].to_dict(
                "records"
            ),
            "clear_change": self.config.clear_change,
        }

    def now_text(self, row: dict) -> Markup:
        """This wave's figure in the comparison table, marked when it is provisional."""
        if row["count_b"] == "":
            return Markup("–")
        final = row["figure_id"] not in self.rows.index or is_final(self.rows.loc[row["figure_id"]])
        return provisional(f"{row['count_b']} van {row['base_b']}", final)

    def most_recognised(self, theme_id: str) -> Claim | None:
        claims = self.claims(theme_id, KNELPUNT_KINDS)
        return max(claims, key=lambda c: (c.count / c.base if c.base else 0, c.count), default=None)

    def summary_claims(self, theme_id: str) -> list[Claim]:
        """The knelpunten the Samenvatting names for a theme: the codebook's `summary_figures`
        (validated to be knelpunt figures), or else the one most recognised."""
        chosen = self.codebook.theme(theme_id).summary_figures
        if not chosen:
            claim = self.most_recognised(theme_id)
            return [claim] if claim else []
        return [self.claim(self.codebook.figure(figure_id)) for figure_id in chosen]

    def labels(self) -> dict[str, str]:
        """What each figure id means, for reader pages (which never show the ids)."""
        return dict(zip(self.ledger["figure_id"], self.ledger["label"], strict=True))

    def response(self) -> dict:
        modes = [source.mode for source in self.wave.sources]
        return {
            "invited": self.count("respons.uitgenodigd"),
            "total": self.count("respons.totaal"),
            "non_response": self.count("respons.non_respons"),
            "complete": self.count("respons.compleet"),
            "partial": self.count("respons.gedeeltelijk"),
            "modes": [(mode, self.count(f"respons.{mode}")) for mode in dict.fromkeys(modes)],
            "themes": [(theme, self.count(f"respons.thema.{theme.id}")) for theme in self.codebook.themes],
        }


def page_name(theme_id: str) -> str:
    return f"{theme_id}.md"


@cache
def environment(templates: Path) -> Environment:
    """One Jinja environment per templates folder, so each template is compiled once per build.

    Jinja checks a template's modification time before using its compiled form, so an
    edited template is still read anew.
    """
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraph"] = paragraph
    env.filters["in_words"] = in_words
    env.filters["literal"] = literal
    env.filters["sentence_start"] = sentence_start
    env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    env.filters["dutch_number"] = dutch_number
    env.filters["dutch_date"] = dutch_date
    return env


def public_figures(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger as published: no pseudonyms, so no gemeente's answers can be pieced together."""
    table = ledger[list(PUBLIC_COLUMNS)].rename(columns=PUBLIC_COLUMNS)
    return as_numbers(table, ["Aantal", "Basis"])


def as_numbers(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Whole numbers stored as numbers (a spreadsheet can sum them); empty where there is none."""
    table = table.copy()
    for column in columns:
        table[column] = pd.to_numeric(table[column].replace("", None)).astype("Int64")
    return table


def column_explanations() -> pd.DataFrame:
    rows = [
        ("Figuur", "Vaste code van het cijfer; dezelfde code in elke meting."),
        ("Thema", "Het thema van de vragenlijst (leeg voor responscijfers)."),
        (
            "Soort",
            "herkenning (een knelpunt), situatie (hoe iets verloopt), actie, nuance, oplossing, "
            "ondersteuning (gewenste landelijke ondersteuning) of respons.",
        ),
        ("Omschrijving", "Waar het cijfer over gaat."),
        ("Aantal", "Aantal centrumgemeenten dat meetelt."),
        ("Basis", "Het aantal centrumgemeenten waarop het aantal betrekking heeft."),
        ("Basisregel", "Hoe de basis is bepaald; zie de pagina Verantwoording."),
    ]
    return pd.DataFrame(rows, columns=["Kolom", "Betekenis"])


def previous_wave(config: Config, year: str) -> str:
    """The wave before `year`, or '' for the first."""
    earlier = [y for y in config.years if y < year]
    return earlier[-1] if earlier else ""


def wave_folder(config: Config, year: str) -> str:
    """Where a wave's report lives on the site: the latest at the root, earlier ones archived."""
    return "" if year == config.latest.year else f"archief/{year}/"


def render_wave(
    config: Config,
    year: str,
    codebook: Codebook,
    analysis_root: Path | str,
    templates: Path | str,
    docs: Path | str,
    make_pdf: bool = False,
    concept: bool = False,
    text: WaveText | None = None,
) -> list[tuple[str, str]]:
    """Write the Markdown pages and downloads of one wave; returns its navigation entries."""
    wave = config.waves[year]
    text = text or load_texts(config, {year: codebook}, Path(analysis_root), concept, [year])[year]
    opening, closing = text_chapters(codebook, text)
    report = WaveReport(config, wave, codebook, Path(analysis_root) / year)
    coding = coding_context(config, year, Path(analysis_root) / year, report.ledger, concept)
    env = environment(Path(templates))
    folder = wave_folder(config, year)
    out = Path(docs) / folder
    root = "../" * folder.count("/")
    common = {
        "config": config,
        "wave": wave,
        "codebook": codebook,
        "response": report.response(),
        "page_name": page_name,
        "root": root,
        "plotly_js": root + PLOTLY_JS,
        "archived": bool(folder),
        "latest": config.latest,
        "has_comparison": report.versus_nulmeting is not None,
        "pdf": pdf_name(year) if make_pdf else "",
        "print_version": False,
        "concept": coding["concept"],
        "labels": report.labels(),
        "rule_names": BASE_RULE_NAMES,
    }
    chapters: list[tuple[str, str, str]] = []  # (page, title, Markdown) of the print version

    # An archived page names its own wave in the site's header (templates/overrides).
    front_matter = yaml.safe_dump({"kop": f"{config.title} — {wave.label}"}, allow_unicode=True)

    def with_header(text: str) -> str:
        if not folder:
            return text
        if text.startswith("---\n"):  # the page has front matter of its own
            return "---\n" + front_matter + text.removeprefix("---\n")
        return f"---\n{front_matter}---\n{text}"

    def write(name: str, template: str, title: str = "", **context: object) -> None:
        hook = {"tekst": text.for_page(Path(name).stem)}  # the researcher's text for this page
        page = with_header(env.get_template(template).render(**common, **hook, **context))
        write_atomically(out / name, page.encode("utf-8"))
        if title:
            printed = env.get_template(template).render(
                **(common | {"print_version": True}), **hook, **context
            )
            chapters.append((name, title, printed))

    summary = [(theme, report.summary_claims(theme.id)) for theme in codebook.themes]
    write("index.md", "samenvatting.md.j2", "Samenvatting", summary=summary, examples=len(report.examples))
    for page, title in opening:
        write(page, "hoofdstuk.md.j2", title, chapter_title=title)
    regions = read_csv(Path(analysis_root) / year / "respons_per_landsdeel.csv").to_dict("records")
    write(
        "aanpak.md",
        "aanpak.md.j2",
        "Aanpak en respons",
        base_rules=BASE_RULES,
        regions=regions,
        min_cell=config.min_cell,
    )
    for theme in codebook.themes:
        title = f"{theme.chapter}. {theme.title}"
        write(page_name(theme.id), "thema.md.j2", title, **report.theme_context(theme.id))
    for page, title in closing:
        write(page, "hoofdstuk.md.j2", title, chapter_title=title)
    by_theme = [(theme, report.examples_of(theme.id)) for theme in codebook.themes]
    write(
        "voorbeelden.md",
        "voorbeelden.md.j2",
        "Goede voorbeelden",
        by_theme=by_theme,
        total=len(report.examples),
    )
    if report.versus_nulmeting is not None:
        write(
            "vergelijking.md",
            "vergelijking.md.j2",
            "Vergelijking met de nulmeting",
            **report.comparison_context(),
        )
    downloads, chart_downloads = write_downloads(report, out / "downloads")
    write("downloads.md", "downloads.md.j2", downloads=downloads, chart_downloads=chart_downloads)
    backtest = report.backtest.to_dict("records") if report.backtest is not None else None
    manifest = read_manifest(Path(analysis_root) / "manifest.json")
    write(
        "verantwoording.md",
        "verantwoording.md.j2",
        "Verantwoording",
        base_rules=BASE_RULES,
        backtest=backtest,
        manifest=manifest,
        wave_files=manifest["waves"][year]["files"],
        coding=coding,
    )
    write(PRINT_PAGE, "printversie.md.j2", chapters=print_chapters(chapters))

    nav = [("Samenvatting", "index.md"), *[(title, page) for page, title in opening]]
    nav += [("Aanpak en respons", "aanpak.md")]
    nav += [(f"{theme.chapter}. {theme.title}", page_name(theme.id)) for theme in codebook.themes]
    nav += [(title, page) for page, title in closing]
    nav += [("Goede voorbeelden", "voorbeelden.md")]
    if report.versus_nulmeting is not None:
        nav += [("Vergelijking met de nulmeting", "vergelijking.md")]
    nav += [("Downloads", "downloads.md"), ("Verantwoording", "verantwoording.md")]
    nav += [("Printversie (hele rapport)", PRINT_PAGE)]
    return [(title, folder + page) for title, page in nav]


def coding_context(config: Config, year: str, analysis: Path, ledger: pd.DataFrame, concept: bool) -> dict:
    """Agreement between coders, and what is left to code; refuses a final build with open work.

    Figures that depend on answers nobody coded yet (or on which the coders disagree without a
    reconciliation) are not final. Such a wave is built only as a draft (`--concept`), which
    says so on every page and lists what is left.
    """
    agreement = read_csv(analysis / "overeenstemming.csv")
    pending = read_csv(analysis / "nog_te_coderen.csv")
    provisional = ledger[ledger["final"] == "nee"]
    if len(provisional) and not concept:
        raise InputError(
            [
                Problem(
                    f"wave {year}",
                    "figures depend on open answers that are not finally coded",
                    column=row.figure_id,
                    found=f"{row['count']} van {row['base']}",
                    expected="every answer of its questions coded, and disagreements reconciled",
                )
                for _, row in provisional.iterrows()
            ],
            remedy=f"open answers without final codes: {len(pending)} "
            f"(see analysis/{year}/nog_te_coderen.csv); "
            "code them in the coders' worksheets or settle the disagreements in the reconciliation file; "
            "or build a draft with `make concept` (every page then says *concept*).",
        )
    scored = agreement[agreement["kappa"] != ""]
    low = scored[scored["kappa"].astype(float) < config.min_kappa]
    if len(low) and config.below_min_kappa == "error":
        raise InputError(
            [
                Problem(
                    f"wave {year}",
                    "agreement between coders below the minimum",
                    column=row.code,
                    found=f"kappa {row.kappa}",
                    expected=f"at least {config.min_kappa}",
                )
                for row in low.itertuples()
            ],
            remedy="discuss the codes with the coders and recode, "
            "or lower coding.min_kappa in the configuration.",
        )
    return {
        "coders": len(config.waves[year].coders),
        "concept": bool(len(provisional)) and concept,
        "agreement": agreement.to_dict("records"),
        "low": set(low["code"]),
        "min_kappa": config.min_kappa,
        "disagreements": len(read_csv(analysis / "onenigheden.csv")),
        "suggestions": read_csv(analysis / "suggesties.csv").to_dict("records"),
        "pending": pending.to_dict("records"),
        "provisional": list(provisional["figure_id"]),
    }


def pdf_name(year: str) -> str:
    return f"rapport-{year}.pdf"


def chapter_anchor(page: str) -> str:
    return "hoofdstuk-" + page.removesuffix(".md")


def print_chapters(chapters: list[tuple[str, str, str]]) -> list[dict]:
    """The pages of a wave as chapters of one page: each heading an anchor, each link to a page
    that is also a chapter a link within the print version."""
    printed = {page for page, _, _ in chapters}

    def link(match: re.Match) -> str:
        page = match.group(1) + ".md"
        return f"](#{chapter_anchor(page)})" if page in printed else match.group(0)

    result = []
    for page, title, text in chapters:
        first, _, rest = text.partition("\n")
        heading = f"{first} {{#{chapter_anchor(page)}}}"
        body = re.sub(r"\]\(([a-z0-9_-]+)\.md\)", link, rest)
        result.append({"anchor": chapter_anchor(page), "title": title, "text": Markup(f"{heading}\n{body}")})
    return result


def write_downloads(report: WaveReport, folder: Path) -> tuple[list[dict], list[dict]]:
    """Every table behind the pages, and behind each chart, as CSV and XLSX with Dutch headers
    and an explanation sheet; returns the wave's tables and its chart tables."""
    year = report.wave.year
    epoch = report.wave.source_date_epoch
    tables = [("cijfers", f"Cijfers {year}", public_figures(report.ledger), column_explanations())]
    if report.versus_nulmeting is not None:
        nulmeting = report.config.nulmeting.year
        tables.append(
            (
                f"vergelijking-{nulmeting}",
                f"Vergelijking {nulmeting}–{year}",
                public_comparison(report.versus_nulmeting.reset_index(), nulmeting, year),
                comparison_explanations(nulmeting, year),
            )
        )
    charts = []
    for theme in report.codebook.themes:
        for stem, title, rows in chart_tables(report, theme):
            table, explanation = theme_table(rows, report.previous, report.previous_year)
            charts.append((stem, title, table, explanation))
    if report.versus_nulmeting is not None:
        nulmeting = report.config.nulmeting.year
        for item in report.comparison_context()["themes"]:
            if item["comparable"]:
                table, explanation = comparison_table(item["comparable"], nulmeting, year)
                title = f"Vergelijking {nulmeting}–{year}: {item['theme'].title}"
                stem = f"grafiek-vergelijking-{item['theme'].id}-{nulmeting}"
                charts.append((stem, title, table, explanation))
    if report.wave.demo_notice:
        notice = pd.DataFrame(
            [("Let op", " ".join(report.wave.demo_notice.split()))], columns=["Kolom", "Betekenis"]
        )
        tables, charts = (
            [(stem, title, table, pd.concat([notice, notes])) for stem, title, table, notes in group]
            for group in (tables, charts)
        )
    written: tuple[list[dict], list[dict]] = ([], [])
    for group, downloads in zip((tables, charts), written, strict=True):
        for stem, title, table, explanation in group:
            name = f"{stem}-{year}"
            write_download_csv(table, folder / f"{name}.csv")
            write_xlsx({"Tabel": table, "Toelichting": explanation}, folder / f"{name}.xlsx", epoch)
            downloads.append({"name": name, "title": title, "rows": len(table)})
    return written


COMPARISON_HEADERS = {
    "figure_id": "Figuur",
    "theme": "Thema",
    "label": "Omschrijving",
    "status": "Vergelijkbaarheid",
    "note": "Toelichting vergelijkbaarheid",
    "count_a": "Aantal {a}",
    "base_a": "Basis {a}",
    "count_b": "Aantal {b}",
    "base_b": "Basis {b}",
    "change": "Verschil in aantal",
    "low_a": "Minimum populatie {a}",
    "high_a": "Maximum populatie {a}",
    "low_b": "Minimum populatie {b}",
    "high_b": "Maximum populatie {b}",
    "panel": "Panel (beide keren geantwoord)",
    "started": "Panel: erbij",
    "stopped": "Panel: eraf",
    "kept": "Panel: beide keren",
    "never": "Panel: geen van beide",
    "verdict": "Oordeel",
    "who": "Wie veranderde",
    "reading": "Lezing",
    "explanation": "Uitleg",
}


def public_comparison(table: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    headers = {key: value.format(a=a, b=b) for key, value in COMPARISON_HEADERS.items()}
    numbers = [headers[key] for key in COMPARISON_HEADERS if key.startswith(NUMERIC_COMPARISON)]
    return as_numbers(table[list(headers)].rename(columns=headers), numbers)


NUMERIC_COMPARISON = (
    "count_",
    "base_",
    "change",
    "low_",
    "high_",
    "panel",
    "started",
    "stopped",
    "kept",
    "never",
)


def comparison_explanations(a: str, b: str) -> pd.DataFrame:
    rows = [
        (
            "Vergelijkbaarheid",
            "vergelijkbaar, herformuleerd (vraag anders gesteld, wel vergelijkbaar), "
            "gewijzigd (niet vergelijkbaar), nieuw of vervallen.",
        ),
        (f"Aantal {a} / Basis {a}", f"Het cijfer in {a}: aantal centrumgemeenten en de basis."),
        (f"Aantal {b} / Basis {b}", f"Het cijfer in {b}: aantal centrumgemeenten en de basis."),
        (
            "Minimum / Maximum populatie",
            "Tussen welke aantallen het cijfer voor alle uitgenodigde "
            "centrumgemeenten ligt als alle gemeenten zonder antwoord het een of het ander "
            "hadden geantwoord.",
        ),
        (
            "Panel",
            f"Centrumgemeenten die in {a} en in {b} tot de basis behoorden; erbij = telde alleen in "
            f"{b} mee, eraf = telde alleen in {a} mee.",
        ),
        (
            "Oordeel",
            "duidelijk toegenomen/afgenomen (ook buiten het bereik van de non-respons), "
            "waarschijnlijk toegenomen/afgenomen (het panel verschuift duidelijk), "
            "of geen duidelijke verandering.",
        ),
        (
            "Wie veranderde / Lezing",
            "Het oordeel gezegd als wie veranderde: meer of minder centrumgemeenten die dit zeggen "
            "(niet: meer of minder van het onderwerp), en hoe zeker dat is.",
        ),
    ]
    return pd.DataFrame(rows, columns=["Kolom", "Betekenis"])


def theme_escaping(templates: Path, report_dir: Path) -> dict:
    """The hooks that print the site name and the navigation's titles as text (the escaped
    <title> is in templates/overrides/main.html)."""
    return {"hooks": [os.path.relpath(templates / "mkdocs_hooks.py", report_dir)]}


def copy_assets(templates: Path, docs: Path) -> None:
    """The site's own CSS and scripts, and the partial plotly.js: nothing is loaded from elsewhere."""
    shutil.copytree(templates / "assets", docs / "assets", dirs_exist_ok=True)


def render_report(
    config: Config,
    codebooks: dict[str, Codebook],
    analysis_root: Path | str,
    templates: Path | str,
    report_dir: Path | str,
    concept: bool = False,
    preview: bool = False,
) -> None:
    """The latest wave as the report, every earlier wave in full under archief/, and mkdocs.yml.

    `preview` marks where each part of the researcher's text sits, for the live preview."""
    report_dir = Path(report_dir)
    texts = load_texts(config, codebooks, Path(analysis_root), concept, preview=preview)  # before any page
    docs = report_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    make_pdf = find_chromium() is not None
    if not make_pdf:
        print(f"{missing_message()}: the site is built without the PDF of the report.", file=sys.stderr)
    navigation: list = []
    plan = []
    for year in reversed(config.years):
        nav = render_wave(
            config, year, codebooks[year], analysis_root, templates, docs, make_pdf, concept, texts[year]
        )
        entries = [{title: page} for title, page in nav]
        if year == config.latest.year:
            navigation += entries
        else:
            navigation.append({f"Archief: {config.waves[year].label}": entries})
        if make_pdf:
            folder = wave_folder(config, year)
            plan.append(
                {
                    "page": folder + PRINT_PAGE.replace(".md", ".html"),
                    "pdf": f"{folder}downloads/{pdf_name(year)}",
                    "title": f"{config.title} — {config.waves[year].label}",
                    "epoch": config.waves[year].source_date_epoch,
                }
            )
    env = environment(Path(templates))
    statement = env.get_template("toegankelijkheid.md.j2")
    text = statement.render(config=config, latest=config.latest, pdf=make_pdf)
    write_atomically(docs / "toegankelijkheid.md", text.encode("utf-8"))
    navigation.append({"Toegankelijkheid": "toegankelijkheid.md"})
    copy_assets(Path(templates), docs)
    overrides = report_dir / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(Path(templates) / "overrides", overrides)
    write_text_reports(texts, report_dir, concept)
    write_atomically(report_dir / PDF_PLAN, (json.dumps(plan, indent=2, ensure_ascii=False) + "\n").encode())
    settings = {
        "INHERIT": "../mkdocs.yml",
        "site_name": f"{config.title} — {config.latest.label}",
        "docs_dir": "docs",
        "theme": {"name": "material", "custom_dir": "overrides"},
        "nav": navigation,
        **theme_escaping(Path(templates), report_dir),
    }
    text = "# Generated by `enquete render`; edit ../mkdocs.yml instead.\n"
    text += yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    write_atomically(report_dir / "mkdocs.yml", text.encode("utf-8"))
