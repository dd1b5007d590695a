"""What the pages of one wave show, read from its analysis files: figures as claims, quotes,
examples, the comparison with earlier waves and the response."""

from pathlib import Path

import pandas as pd
from markupsafe import Markup

from enquete.analysis.comparison import comparison_path
from enquete.codebook import KNELPUNT_KINDS, Codebook, Figure
from enquete.config import Config, Wave
from enquete.publish.charts import comparison_chart
from enquete.publish.claims import (
    RECONSTRUCTED,
    RECONSTRUCTED_NOTE,
    Claim,
    claim_for,
    in_words,
    previous_text,
)
from enquete.publish.comparison_page import cells, group
from enquete.publish.provisional import is_final, provisional
from enquete.publish.theme_sections import MENTION_NOTE, section_contexts
from enquete.tables import read_csv

# What each base rule means, as the Aanpak page defines it after the rule's name: each says
# who is in the group and why, never the name again in other words.
BASE_RULES = {
    "population": "geen basis: het cijfer is zelf het aantal centrumgemeenten vrouwenopvang dat de "
    "vragenlijst kreeg",
    "invited": "alle centrumgemeenten vrouwenopvang die de vragenlijst kregen, ook de centrumgemeenten "
    "die niet reageerden; zo is de respons geteld",
    "respondents": "de centrumgemeenten die de vragenlijst helemaal of voor een deel invulden, online of "
    "telefonisch; zo is geteld hoe ver de vragenlijst is ingevuld",
    "valid_answer": "de centrumgemeenten die deze vraag met een geldig antwoord beantwoordden "
    "(‘weet niet / geen antwoord’ en niet bereikte vragen tellen niet mee)",
    "theme_respondents": "de centrumgemeenten die het thema in de vragenlijst bereikten "
    "(minstens één vraag van het thema beantwoord)",
    "parent_counted": "alleen de centrumgemeenten die het knelpunt herkennen waar dit cijfer een "
    "onderdeel van is; zo telt bijvoorbeeld ‘krimp in de regio’ onder wie te weinig woonruimte ziet",
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
        self.reconstructed_before = reconstructed_figures(self.analysis_root, self.previous_year)
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
        return self.marked(previous_text(row, self.previous_year), figure_id, row)

    def previous_mention(self, figure_id: str) -> str:
        """The previous wave's count of a mention, in words ('in 2017: drie'), for sentences."""
        if self.previous is None or figure_id not in self.previous.index:
            return ""
        row = self.previous.loc[figure_id]
        if row["status"] not in ("vergelijkbaar", "herformuleerd"):
            return previous_text(row, self.previous_year)
        return self.marked(f"in {self.previous_year}: {in_words(int(row['count_a']))}", figure_id, row)

    def marked(self, said: str, figure_id: str, row: pd.Series | None) -> str:
        """The earlier wave's figure as said, marked where that wave was a reconstruction and
        its report gave no count (ledger `in_report` = nee)."""
        comparable = row is not None and row["status"] in ("vergelijkbaar", "herformuleerd")
        if comparable and figure_id in self.reconstructed_before:
            return f"{said}; {RECONSTRUCTED}"
        return said

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
            "reconstructed_note": RECONSTRUCTED_NOTE,
            "reached_reconstructed": self.rows.loc[f"respons.thema.{theme_id}"].get("in_report", "") == "nee",
            "reached": self.count(f"respons.thema.{theme_id}"),
            "examples": self.examples_of(theme_id),
            "previous_year": self.previous_year,
            "reconstructed": RECONSTRUCTED,
        }

    def comparison_context(self) -> dict:
        """The page *Vergelijking met de nulmeting*: a chart and a table per theme."""
        table = self.versus_nulmeting.reset_index()
        nulmeting = self.config.nulmeting.year
        themes = []
        reconstructed = reconstructed_figures(self.analysis_root, nulmeting)
        for theme in self.codebook.themes:
            rows = [
                row | cells(row) | {"now": self.now_text(row), "then": then_text(row, reconstructed)}
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
                    "overview": group(rows),
                    "reconstructed": any(row["figure_id"] in reconstructed for row in rows),
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
            "reconstructed_note": RECONSTRUCTED_NOTE,
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


def then_text(row: dict, reconstructed: set[str]) -> str:
    """The nulmeting's figure in the comparison table, marked where the report gave no count."""
    if row["count_a"] == "":
        return "–"
    said = f"{row['count_a']} van {row['base_a']}"
    return f"{said} (reconstructie)" if row["figure_id"] in reconstructed else said


def reconstructed_figures(analysis_root: Path, year: str) -> set[str]:
    """The figures of a wave's reconstruction that its published report does not give."""
    ledger = analysis_root / year / "figures.csv" if year else None
    if ledger is None or not ledger.is_file():
        return set()
    rows = read_csv(ledger)
    if "in_report" not in rows:
        return set()
    return set(rows.loc[rows["in_report"] == "nee", "figure_id"])


def previous_wave(config: Config, year: str) -> str:
    """The wave before `year`, or '' for the first."""
    earlier = [y for y in config.years if y < year]
    return earlier[-1] if earlier else ""
