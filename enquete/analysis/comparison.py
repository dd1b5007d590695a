"""Comparing a wave with an earlier one — honestly.

The enquête is a census of the centrumgemeenten with non-response and partial responses,
and a different set of gemeenten answers each time. So a comparison states, per figure:

- the count and base in each wave, and the change;
- the *panel*: gemeenten in the base of both waves, and how many of them started, stopped,
  kept or never counted (a transition table);
- for each wave, the range the population count could lie in had every non-responding
  gemeente answered one way or the other;
- a verdict in plain Dutch that does not overclaim.

Figures are compared only when their definition is the same in both codebooks, or when the
crosswalk declares a reworded question comparable. New, dropped and changed figures are
listed as not comparable; a changed definition the crosswalk does not mention stops the
build, so nothing is ever compared silently.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from enquete.codebook import Codebook, Figure
from enquete.config import Config
from enquete.errors import InputError, Problem, display_path
from enquete.yamlfiles import read_validated_yaml

COMPARISON_COLUMNS = [
    "figure_id",
    "theme",
    "label",
    "status",
    "note",
    "count_a",
    "base_a",
    "count_b",
    "base_b",
    "change",
    "low_a",
    "high_a",
    "low_b",
    "high_b",
    "invited_a",
    "invited_b",
    "panel",
    "started",
    "stopped",
    "kept",
    "never",
    "verdict",
    "who",
    "reading",
    "explanation",
]


@dataclass(frozen=True)
class Step:
    """One wave in a chain of waves: its year, codebook and crosswalk to the wave before."""

    year: str
    codebook: Codebook
    crosswalk: dict[str, dict[str, str]]


def load_crosswalk(path: str, earlier: Codebook, later: Codebook) -> dict[str, dict[str, str]]:
    """A wave's crosswalk; every figure it names must exist in both codebooks."""
    if not path:
        return {}
    data = read_validated_yaml(path, "crosswalk", "the crosswalk")["figures"]
    known = {f.id for f in earlier.figures} & {f.id for f in later.figures}
    problems = [
        Problem(
            display_path(path),
            "crosswalk names a figure that is not in both codebooks",
            column=f"figures/{figure_id}",
            found=figure_id,
            expected="a figure id of both waves",
        )
        for figure_id in sorted(data)
        if figure_id not in known
    ]
    if problems:
        raise InputError(problems)
    return data


def definition(figure: Figure, codebook: Codebook) -> dict[str, object]:
    """What a figure counts, as far as comparability goes."""
    result: dict[str, object] = {
        "counts": figure.counts,
        "coded_from": figure.coded_from,
        "base": figure.base,
        "parent": figure.parent,
    }
    if figure.question:
        question = codebook.question(figure.question)
        result |= {"question": question.text, "scale": codebook.scale_of(question).values}
        if question.asked_if:  # asked of fewer gemeenten: another base, unless the crosswalk says so
            result["asked_if"] = question.asked_if
    return result


def step_status(figure_id: str, earlier: Step, later: Step) -> tuple[str, str]:
    """Comparability of one figure across one step: (status, note)."""
    before = {f.id: f for f in earlier.codebook.figures}.get(figure_id)
    after = {f.id: f for f in later.codebook.figures}.get(figure_id)
    if before is None:
        return "nieuw", f"Nieuw in {later.year}."
    if after is None:
        return "vervallen", f"Niet meer gevraagd in {later.year}."
    declared = later.crosswalk.get(figure_id)
    if declared:
        status = "herformuleerd" if declared["status"] == "reworded" else "gewijzigd"
        return status, " ".join(declared["note"].split())
    old, new = definition(before, earlier.codebook), definition(after, later.codebook)
    if old != new:
        differs = ", ".join(key for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key))
        raise InputError(
            [
                Problem(
                    f"crosswalk of wave {later.year}",
                    "figure changed definition without a crosswalk entry",
                    column=figure_id,
                    found=f"{differs} differ between {earlier.year} and {later.year}",
                    expected="an entry with status reworded (comparable) or changed (not comparable)",
                )
            ],
            remedy=f"add {figure_id} to the crosswalk of wave {later.year}, "
            "saying whether it is still comparable.",
        )
    return "vergelijkbaar", ""


def chain_status(figure_id: str, chain: list[Step]) -> tuple[str, str]:
    """Comparability from the first to the last wave of a chain: every step must allow it."""
    statuses = [step_status(figure_id, earlier, later) for earlier, later in itertools.pairwise(chain)]
    first, last = chain[0], chain[-1]
    in_first = figure_id in {f.id for f in first.codebook.figures}
    in_last = figure_id in {f.id for f in last.codebook.figures}
    if not in_first:
        return "nieuw", f"Nieuw sinds de nulmeting van {first.year}: niet te vergelijken."
    if not in_last:
        return "vervallen", f"Niet meer gevraagd in {last.year}."
    if any(status in ("nieuw", "vervallen") for status, _ in statuses):
        return "gewijzigd", "Niet in elke meting gevraagd."
    if any(status == "gewijzigd" for status, _ in statuses):
        return "gewijzigd", " ".join(note for status, note in statuses if status == "gewijzigd")
    notes = " ".join(note for status, note in statuses if status == "herformuleerd")
    return ("herformuleerd", notes) if notes else ("vergelijkbaar", "")


def members(value: str) -> set[str]:
    return set(value.split()) if value else set()


def verdict(row: dict, clear_change: int, years: tuple[str, str]) -> tuple[str, str]:
    """A plain-Dutch verdict that claims a change only when the numbers carry it."""
    a, b = years
    if row["status"] == "nieuw":
        return "nieuw", f"Nieuw in {b}; er is geen cijfer uit {a} om mee te vergelijken."
    if row["status"] == "vervallen":
        return "vervallen", f"Niet meer gevraagd in {b}."
    if row["status"] == "gewijzigd":
        return "niet vergelijkbaar", f"Niet vergelijkbaar: {row['note']}"
    panel_text = panel_sentence(int(row["panel"]), int(row["started"]), int(row["stopped"]), int(row["kept"]))
    if row["high_b"] < row["low_a"]:
        return "duidelijk afgenomen", (
            f"Ook als alle gemeenten zonder antwoord anders hadden geantwoord, ligt het aantal in {b} "
            f"(hoogstens {row['high_b']}) onder dat van {a} (minstens {row['low_a']}). {panel_text}"
        )
    if row["low_b"] > row["high_a"]:
        return "duidelijk toegenomen", (
            f"Ook als alle gemeenten zonder antwoord anders hadden geantwoord, ligt het aantal in {b} "
            f"(minstens {row['low_b']}) boven dat van {a} (hoogstens {row['high_a']}). {panel_text}"
        )
    net = row["started"] - row["stopped"]
    share_a = row["count_a"] / row["base_a"] if row["base_a"] else 0.0
    share_b = row["count_b"] / row["base_b"] if row["base_b"] else 0.0
    share_change = share_b - share_a
    if abs(net) >= clear_change and net * share_change > 0:
        direction = "toegenomen" if net > 0 else "afgenomen"
        return f"waarschijnlijk {direction}", (
            f"{panel_text} Het aandeel in de basis ging van {row['count_a']} van {row['base_a']} naar "
            f"{row['count_b']} van {row['base_b']}. "
            "Omdat niet alle gemeenten antwoordden, is dit geen zekerheid."
        )
    if row["change"] == 0:
        return "geen duidelijke verandering", (
            f"{row['count_a']} van {row['base_a']} in {a} en {row['count_b']} van {row['base_b']} in {b}: "
            f"het aantal is gelijk gebleven. {panel_text}"
        )
    # "Zo'n klein verschil … is geen aantoonbare verandering" is said once per theme by the
    # page (SMALL_CHANGE), not after every figure.
    return "geen duidelijke verandering", (
        f"{row['count_a']} van {row['base_a']} in {a} en {row['count_b']} van {row['base_b']} in {b}. "
        + panel_text
    )


SMALL_CHANGE = "Zo'n klein verschil, bij wisselende respondenten, is geen aantoonbare verandering."


def counted(count: int, one: str, many: str, none: str) -> str:
    """Dutch agreement with a count: 'kwam er 1 bij', 'kwamen er 2 bij', 'kwam er geen bij'."""
    if count == 0:
        return none
    return (one if count == 1 else many).format(count)


def panel_sentence(panel: int, started: int, stopped: int, kept: int) -> str:
    """How the panel's answers moved, in Dutch that agrees with each number."""
    if panel == 0:
        return "Geen centrumgemeente antwoordde beide keren."
    who = counted(
        panel,
        "Van de ene centrumgemeente die beide keren antwoordde",
        "Van de {} centrumgemeenten die beide keren antwoordden",
        "",
    )
    came = counted(started, "kwam er 1 bij", "kwamen er {} bij", "kwam er geen bij")
    went = counted(stopped, "viel er 1 af", "vielen er {} af", "viel er geen af")
    stayed = counted(
        kept, "1 telde beide keren mee", "{} telden beide keren mee", "geen telde beide keren mee"
    )
    return f"{who}, {came} en {went}; {stayed}."


def from_to(before: int, after: int) -> str:
    """'van 3 naar 0': the two counts, for a reader who would otherwise have to look them up."""
    return f"van {before} naar {after}"


def who_changed(row: dict, figure: Figure | None, years: tuple[str, str]) -> tuple[str, str]:
    """The verdict told as who changed: "waarschijnlijk minder centrumgemeenten", and the
    sentence "Minder centrumgemeenten dan in 2017 herkennen …: waarschijnlijk een afname, geen
    zekerheid."

    A verdict like "Afgeven van een beschikking — afgenomen" reads as fewer beschikkingen;
    the figure's own sentence says what the gemeenten do, so the change is theirs.
    """
    verdict_text = str(row["verdict"])
    if figure is None or row["change"] == "":
        return verdict_text, ""
    a = years[0]
    does = figure.sentence_many
    change = int(row["change"])
    more = "meer" if change > 0 else "minder"
    if verdict_text.startswith(("duidelijk", "waarschijnlijk")):
        more = "meer" if verdict_text.endswith("toegenomen") else "minder"
        certain = verdict_text.startswith("duidelijk")
        how = "een duidelijke " if certain else "waarschijnlijk een "
        how += "toename" if more == "meer" else "afname"
        who = f"{verdict_text.split()[0]} {more} centrumgemeenten"
        tail = "." if certain else ", geen zekerheid."
        if more == "minder" and int(row["count_b"]) == 0:
            return who, f"{gone(figure, int(row['count_a']), a).removesuffix('.')}: {how}{tail}"
        return who, f"{more.capitalize()} centrumgemeenten dan in {a} {does}: {how}{tail}"
    if change == 0:
        return "even veel centrumgemeenten", f"Even veel centrumgemeenten als in {a} {does}."
    before, after = int(row["count_a"]), int(row["count_b"])
    if after == 0:
        return "geen duidelijke verandering", (
            f"{gone(figure, before, a)} Bij zo weinig centrumgemeenten is dat geen duidelijke verandering."
        )
    # 'iets' only for a step that is small beside the counts: 13 → 12 is 'iets minder', 1 → 3 is not
    slightly = "iets " if abs(change) * 4 <= max(before, after) else ""
    return "geen duidelijke verandering", (
        f"{(slightly + more).capitalize()} centrumgemeenten dan in {a} {does} ({from_to(before, after)}), "
        "maar dat is geen duidelijke verandering."
    )


def gone(figure: Figure, before: int, year: str) -> str:
    """A figure that fell to zero: 'Geen centrumgemeente wenst …; in 2017 waren dat er 3 (van 3
    naar 0).' — never 'iets minder' for a count that is gone."""
    then = "was dat er 1" if before == 1 else f"waren dat er {before}"
    return f"Geen centrumgemeente {figure.sentence_one}; in {year} {then} ({from_to(before, 0)})."


RECONSTRUCTED = "reconstructie: het rapport noemt geen aantal"  # as enquete.publish.claims says it


def compare_ledgers(
    ledger_a: pd.DataFrame, ledger_b: pd.DataFrame, chain: list[Step], clear_change: int
) -> pd.DataFrame:
    """One row per figure of either wave: counts, panel transitions, bounds and verdict."""
    first, last = chain[0], chain[-1]
    rows_a = ledger_a.set_index("figure_id")
    rows_b = ledger_b.set_index("figure_id")
    invited_a = int(rows_a.loc["respons.uitgenodigd", "count"])
    invited_b = int(rows_b.loc["respons.uitgenodigd", "count"])
    order = [f.id for f in last.codebook.figures]
    order += [f.id for f in first.codebook.figures if f.id not in order]
    labels = {f.id: (f.theme, f.label) for f in first.codebook.figures} | {
        f.id: (f.theme, f.label) for f in last.codebook.figures
    }
    figures = {f.id: f for f in last.codebook.figures}
    result = []
    for figure_id in order:
        status, note = chain_status(figure_id, chain)
        theme, label = labels[figure_id]
        row: dict[str, object] = {
            "figure_id": figure_id,
            "theme": theme,
            "label": label,
            "status": status,
            "note": note,
            "invited_a": invited_a,
            "invited_b": invited_b,
        }
        for side, rows, invited in (("a", rows_a, invited_a), ("b", rows_b, invited_b)):
            if figure_id in rows.index:
                count, base = int(rows.loc[figure_id, "count"]), int(rows.loc[figure_id, "base"])
                row |= {
                    f"count_{side}": count,
                    f"base_{side}": base,
                    f"low_{side}": count,
                    f"high_{side}": count + invited - base,
                }
            else:
                row |= {f"count_{side}": "", f"base_{side}": "", f"low_{side}": "", f"high_{side}": ""}
        if status in ("vergelijkbaar", "herformuleerd"):
            counted_a, counted_b = (
                members(rows_a.loc[figure_id, "respondents"]),
                members(rows_b.loc[figure_id, "respondents"]),
            )
            panel = members(rows_a.loc[figure_id, "base_respondents"]) & members(
                rows_b.loc[figure_id, "base_respondents"]
            )
            row |= {
                "change": row["count_b"] - row["count_a"],
                "panel": len(panel),
                "started": len(panel & (counted_b - counted_a)),
                "stopped": len(panel & (counted_a - counted_b)),
                "kept": len(panel & counted_a & counted_b),
                "never": len(panel - counted_a - counted_b),
            }
        else:
            row |= dict.fromkeys(("change", "panel", "started", "stopped", "kept", "never"), "")
        row["verdict"], row["explanation"] = verdict(row, clear_change, (first.year, last.year))
        if row["count_a"] != "" and rows_a.get("in_report", pd.Series(dtype=str)).get(figure_id) == "nee":
            row["explanation"] += f" Het cijfer van {first.year} is een {RECONSTRUCTED}."
        row["who"], row["reading"] = who_changed(row, figures.get(figure_id), (first.year, last.year))
        result.append(row)
    return pd.DataFrame(result, columns=COMPARISON_COLUMNS)


def comparison_path(analysis: Path | str, earlier: str, later: str) -> Path:
    return Path(analysis) / "vergelijking" / f"{earlier}-{later}.csv"


def compare_waves(config: Config, earlier: str, later: str, analysis: Path | str) -> None:
    """The compare stage: a later wave against an earlier one, through every wave in between."""
    from enquete.analysis.ledger import read_ledger
    from enquete.codebook import load_codebooks
    from enquete.tables import write_csv

    years = [year for year in config.years if earlier <= year <= later]
    codebooks = load_codebooks({year: config.waves[year].codebook for year in years})
    chain = [Step(years[0], codebooks[years[0]], {})]
    for previous, year in itertools.pairwise(years):
        crosswalk = load_crosswalk(config.waves[year].crosswalk, codebooks[previous], codebooks[year])
        chain.append(Step(year, codebooks[year], crosswalk))
    ledgers = [read_ledger(Path(analysis) / year / "figures.csv") for year in (earlier, later)]
    result = compare_ledgers(*ledgers, chain, config.clear_change)
    write_csv(result, comparison_path(analysis, earlier, later))
