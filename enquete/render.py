"""Render: the ledger, quotes and examples of a wave as the Markdown pages of the report.

Every sentence with a number is generated from a ledger row, so the text, the charts and the
tables cannot disagree. Respondent text (quotes, examples) is HTML-escaped and placed in
one-line raw HTML blocks, where Markdown does not interpret it: no answer can become markup,
a link or a script on the site.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
import plotly
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from enquete.charts import theme_chart
from enquete.codebook import Codebook, Figure
from enquete.config import Config, Wave
from enquete.tables import read_csv, write_atomically, write_csv, write_xlsx

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

BASE_SHORT = {
    "valid_answer": "geldig antwoord op de vraag",
    "theme_respondents": "thema bereikt",
    "parent_counted": "herkent het bovenliggende knelpunt",
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

NUMBER_WORDS = [
    "geen",
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
]


def paragraph(text: str) -> Markup:
    """Respondent text, escaped, on one line (line breaks as <br>) so it stays one HTML block."""
    lines = [escape(line.strip()) for line in str(text).splitlines() if line.strip()]
    return Markup("<br>").join(lines)


def in_words(number: int) -> str:
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def sentence_start(text: str) -> str:
    """Capitalise a sentence's first word; Dutch writes 'Eén' at the start, not 'Één'."""
    if text.startswith("één"):
        return "Eén" + text[3:]
    return text[:1].upper() + text[1:]


def rule_name(base_rule: str) -> str:
    return base_rule.split("(")[0]


@dataclass(frozen=True)
class Claim:
    """A ledger row with the sentence the report states about it."""

    figure_id: str
    label: str
    kind: str
    count: int
    base: int
    base_rule: str
    sentence: str

    @property
    def rule_text(self) -> str:
        return BASE_RULES[rule_name(self.base_rule)]

    @property
    def rule_short(self) -> str:
        return BASE_SHORT[rule_name(self.base_rule)]


def claim_for(figure: Figure, row: pd.Series) -> Claim:
    count, base = int(row["count"]), int(row["base"])
    subject = "Geen" if count == 0 else str(count)
    sentence = f"{subject} van {base} centrumgemeenten {figure.sentence(count)}."
    return Claim(figure.id, figure.label, figure.kind, count, base, row["base_rule"], sentence)


class WaveReport:
    """Everything the pages of one wave show, read from the wave's analysis files."""

    def __init__(self, config: Config, wave: Wave, codebook: Codebook, analysis_dir: Path) -> None:
        self.config = config
        self.wave = wave
        self.codebook = codebook
        self.ledger = read_csv(analysis_dir / "figures.csv")
        self.quotes = read_csv(analysis_dir / "citaten.csv")
        self.examples = read_csv(analysis_dir / "voorbeelden.csv")
        backtest = analysis_dir / "backtest.csv"
        self.backtest = read_csv(backtest) if backtest.exists() else None
        self.rows = self.ledger.set_index("figure_id")

    def count(self, figure_id: str) -> int:
        return int(self.rows.loc[figure_id, "count"])

    def claims(self, theme_id: str, kinds: tuple[str, ...]) -> list[Claim]:
        return [
            claim_for(figure, self.rows.loc[figure.id])
            for figure in self.codebook.figures_of(theme_id)
            if figure.kind in kinds
        ]

    def quotes_of(self, theme_id: str, section: str) -> list[str]:
        chosen = self.quotes[(self.quotes["theme"] == theme_id) & (self.quotes["section"] == section)]
        return list(chosen["text"])

    def examples_of(self, theme_id: str) -> list[dict]:
        chosen = self.examples[self.examples["theme"] == theme_id]
        return chosen.sort_values("order", key=lambda s: s.astype(int)).to_dict("records")

    def theme_context(self, theme_id: str) -> dict:
        theme = self.codebook.theme(theme_id)
        charted = [
            claim_for(f, self.rows.loc[f.id]).__dict__ | {"label": f.label}
            for f in self.codebook.figures_of(theme_id)
        ]
        return {
            "theme": theme,
            "recognised": self.claims(theme_id, ("herkenning", "actie", "nuance")),
            "solutions": self.claims(theme_id, ("oplossing",)),
            "support": self.claims(theme_id, ("ondersteuning",)),
            "all_claims": self.claims(
                theme_id, ("herkenning", "actie", "nuance", "oplossing", "ondersteuning")
            ),
            "chart": Markup(theme_chart(theme_id, charted)) if charted else "",
            "reached": self.count(f"respons.thema.{theme_id}"),
            "quotes": {
                section: self.quotes_of(theme_id, section)
                for section in ("knelpunten", "oplossingen", "ondersteuning")
            },
            "examples": self.examples_of(theme_id),
        }

    def most_recognised(self, theme_id: str) -> Claim | None:
        claims = self.claims(theme_id, ("herkenning",))
        return max(claims, key=lambda c: (c.count / c.base if c.base else 0, c.count), default=None)

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


def environment(templates: Path) -> Environment:
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
    env.filters["sentence_start"] = sentence_start
    env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    return env


def public_figures(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger as published: no pseudonyms, so no gemeente's answers can be pieced together."""
    return ledger[list(PUBLIC_COLUMNS)].rename(columns=PUBLIC_COLUMNS)


def column_explanations() -> pd.DataFrame:
    rows = [
        ("Figuur", "Vaste code van het cijfer; dezelfde code in elke meting."),
        ("Thema", "Het thema van de vragenlijst (leeg voor responscijfers)."),
        ("Soort", "herkenning, actie, nuance, oplossing, ondersteuning of respons."),
        ("Omschrijving", "Waar het cijfer over gaat."),
        ("Aantal", "Aantal centrumgemeenten dat meetelt."),
        ("Basis", "Het aantal centrumgemeenten waarop het aantal betrekking heeft."),
        ("Basisregel", "Hoe de basis is bepaald; zie de pagina Verantwoording."),
    ]
    return pd.DataFrame(rows, columns=["Kolom", "Betekenis"])


def render_wave(
    config: Config,
    year: str,
    codebook: Codebook,
    analysis_dir: Path | str,
    templates: Path | str,
    out_dir: Path | str,
) -> list[tuple[str, str]]:
    """Write the Markdown pages and downloads of one wave; returns its navigation entries."""
    wave = config.waves[year]
    report = WaveReport(config, wave, codebook, Path(analysis_dir))
    env = environment(Path(templates))
    out = Path(out_dir)
    common = {
        "config": config,
        "wave": wave,
        "codebook": codebook,
        "response": report.response(),
        "page_name": page_name,
    }

    def write(name: str, template: str, **context: object) -> None:
        text = env.get_template(template).render(**common, **context)
        write_atomically(out / name, text.encode("utf-8"))

    summary = [(theme, report.most_recognised(theme.id)) for theme in codebook.themes]
    write("index.md", "samenvatting.md.j2", summary=summary, examples=len(report.examples))
    write("aanpak.md", "aanpak.md.j2", base_rules=BASE_RULES)
    for theme in codebook.themes:
        write(page_name(theme.id), "thema.md.j2", **report.theme_context(theme.id))
    by_theme = [(theme, report.examples_of(theme.id)) for theme in codebook.themes]
    write("voorbeelden.md", "voorbeelden.md.j2", by_theme=by_theme, total=len(report.examples))
    figures_name = f"cijfers-{year}"
    public = public_figures(report.ledger)
    write_csv(public, out / "downloads" / f"{figures_name}.csv")
    write_xlsx(
        {"Cijfers": public, "Toelichting": column_explanations()},
        out / "downloads" / f"{figures_name}.xlsx",
        wave.source_date_epoch,
    )
    write("downloads.md", "downloads.md.j2", figures_name=figures_name, rows=len(public))
    backtest = report.backtest.to_dict("records") if report.backtest is not None else None
    write("verantwoording.md", "verantwoording.md.j2", base_rules=BASE_RULES, backtest=backtest)

    nav = [("Samenvatting", "index.md"), ("Aanpak en respons", "aanpak.md")]
    nav += [(f"{theme.chapter}. {theme.title}", page_name(theme.id)) for theme in codebook.themes]
    nav += [
        ("Goede voorbeelden", "voorbeelden.md"),
        ("Downloads", "downloads.md"),
        ("Verantwoording", "verantwoording.md"),
    ]
    return nav


def copy_assets(templates: Path, docs: Path) -> None:
    """The site's own CSS and one copy of plotly.js: nothing is loaded from elsewhere."""
    shutil.copytree(templates / "assets", docs / "assets", dirs_exist_ok=True)
    plotly_js = resources.files(plotly).joinpath("package_data", "plotly.min.js")
    (docs / "assets" / "js").mkdir(parents=True, exist_ok=True)
    write_atomically(docs / "assets" / "js" / "plotly.min.js", plotly_js.read_bytes())


def render_report(
    config: Config,
    codebooks: dict[str, Codebook],
    analysis_root: Path | str,
    templates: Path | str,
    report_dir: Path | str,
) -> None:
    """Render the latest wave as the report, plus the generated mkdocs.yml with its navigation."""
    report_dir = Path(report_dir)
    docs = report_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    year = config.latest.year
    nav = render_wave(config, year, codebooks[year], Path(analysis_root) / year, templates, docs)
    copy_assets(Path(templates), docs)
    settings = {
        "INHERIT": "../mkdocs.yml",
        "site_name": f"{config.title} — {config.latest.label}",
        "docs_dir": "docs",
        "nav": [{title: page} for title, page in nav],
    }
    text = "# Generated by `enquete render`; edit ../mkdocs.yml instead.\n"
    text += yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    write_atomically(report_dir / "mkdocs.yml", text.encode("utf-8"))
