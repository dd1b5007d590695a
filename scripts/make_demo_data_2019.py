"""Write the demo raw data of the fictional 2019 wave of the enquête knelpunten vrouwenopvang.

There was no second measurement in 2019. This script invents one, so that the pipeline can show
how a repeated survey is compared with the nulmeting of 2017: 18 of the 23 respondents of 2017
answer again, 6 gemeenten answer for the first time, and the numbers tell a plausible story -
beschikkingen are now mostly issued, the shortage of housing has grown, the waits in the
jeugdzorg are a knelpunt, and the recognition of the problem of women without verblijfsstatus
is about the same. The Dutch content (who answers, the answers, quotes and good examples) lives
in ``demo_2019_content.yaml`` next to this script; this file only turns it into the raw
formats that ``config/config.yaml`` declares for the wave "2019".

Run from the project directory::

    python scripts/make_demo_data_2019.py

It reads ``raw/population.csv`` (written by ``make_demo_data.py``; not changed here) and writes,
under ``raw/2019/``, the online survey tool's Excel export ``export_enquete_2019.xlsx``
(numbered columns V1..V29 with answers as text), the hand-typed ``telefonisch.csv``,
``codering.csv`` and ``voorbeelden.csv``. Then it reads those files back and checks every number
of the wave; a mismatch raises an AssertionError that names the figure. The output is
deterministic: a fixed random seed, and a fixed export moment in the workbook's properties and
in its zip entries.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import yaml
from openpyxl.xml.functions import tostring

ROOT = Path(__file__).resolve().parents[1]
CONTENT_PATH = Path(__file__).with_name("demo_2019_content.yaml")
CONTENT_2017_PATH = Path(__file__).with_name("demo_2017_content.yaml")
CONFIG_PATH = ROOT / "config" / "config.yaml"
CODEBOOK_PATH = ROOT / "codebook" / "codebook-2019.yaml"

RAW = ROOT / "raw"
WAVE = RAW / "2019"
POPULATION_CSV = RAW / "population.csv"
EXPORT_XLSX = WAVE / "export_enquete_2019.xlsx"
PHONE_CSV = WAVE / "telefonisch.csv"
CODING_CSV = WAVE / "codering.csv"
EXAMPLES_CSV = WAVE / "voorbeelden.csv"

YEAR = "2019"
SEED = 2019
FIELDWORK_START = datetime(2019, 9, 16, 8, 0)
FIELDWORK_DAYS = 56
FIELDWORK_END = date(2019, 11, 30)
EMAIL_DOMAIN = "example.nl"
# The moment the export was made: the workbook's created/modified properties and the date of
# every zip entry, so that a rerun writes a byte-identical file.
EXPORT_MOMENT = datetime(2019, 12, 2, 9, 0, 0)
SHEET = "Antwoorden"
CREATOR = "Enquêtetool (export)"

THEMES = ["toegang", "financien", "huisvesting", "begeleiding", "samenwerking"]
PREFIX_THEME = {"t": "toegang", "f": "financien", "h": "huisvesting", "b": "begeleiding", "s": "samenwerking"}
PROGRESS_PER_THEME = 20  # Voortgang (percent) per theme completed; 100 = submitted
QUOTE_SECTIONS = {"knelpunten", "oplossingen", "ondersteuning"}

EXPORT_SYSTEM = [
    "Respons-ID",
    "Gestart op",
    "Ingevuld op",
    "Voortgang",
    "Gemeente",
    "Naam respondent",
    "E-mail respondent",
]
PHONE_COLUMNS = ["id", "gemeente", "datum_gesprek", "contactpersoon", "interviewer"]
ONLINE_ID = re.compile(r"R19-\d{3}")
PHONE_NUMBER = re.compile(r"\b0\d[\d -]{7,}\d\b")

# The numbers the files must produce.
EXPECTED_RESPONSE = {
    "uitgenodigd": 35,
    "online": 22,
    "telefonisch": 2,
    "totaal": 24,
    "non_respons": 11,
    "compleet": 21,
    "gedeeltelijk": 3,
}
# Who answers, compared with 2017: returning respondents, respondents of 2017 who do not
# answer, and 2017 non-respondents who answer now.
EXPECTED_PANEL = {"terugkerend": 18, "niet_terugkerend": 5, "nieuw": 6}
MUST_RETURN = {"Almere", "Amsterdam", "Haarlem", "Maastricht"}
MUST_NOT_RETURN = {"Apeldoorn"}
EXPECTED_REACHED = {"toegang": 24, "financien": 24, "huisvesting": 23, "begeleiding": 22, "samenwerking": 21}
EXPECTED_PARTIAL_LAST_THEMES = ["begeleiding", "financien", "huisvesting"]
EXPECTED_CLOSED: dict[str, dict[tuple[int, ...], int]] = {
    "t_verblijfsstatus": {(1,): 12, (2,): 11, (9,): 1},
    "t_beschikking": {(1, 2): 5, (3,): 19, (9,): 0},
    "t_beschikking_actie": {(1, 2): 5, (3,): 19, (9,): 0},
    "t_administratieve_last": {(1,): 9, (2,): 15, (9,): 0},
    "f_praktische_problemen": {(1,): 14, (2,): 10, (9,): 0},
    "h_woonruimte": {(1,): 17, (2,): 5, (9,): 1},
    "b_kinderen": {(1, 2): 6, (3,): 16, (9,): 0},
    "b_wachtlijsten": {(1,): 10, (2,): 12, (9,): 0},
    "s_samenwerking": {(1,): 10, (2,): 5, (3,): 5, (9,): 1},
}
# Returning gemeenten with a valid answer in both waves that start / stop recognising the
# knelpunt (the figure's counted codes; these three questions kept their scale).
EXPECTED_CHANGES = {
    "t_verblijfsstatus": {"start": 2, "stop": 2},
    "t_beschikking": {"start": 0, "stop": 5},
    "h_woonruimte": {"start": 2, "stop": 0},
}
EXPECTED_CODED = {
    "toegang.administratieve_last.situatie": 2,
    "toegang.begeleidingsovereenkomst": 1,
    "toegang.steun.landelijke_oplossing": 4,
    "toegang.steun.vast_bedrag": 1,
    "financien.voorschotten": 1,
    "financien.kostendelersnorm": 3,
    "financien.bijzondere_bijstand": 2,
    "financien.bewindvoering": 2,
    "financien.samenwerking_werk_inkomen": 8,
    "huisvesting.krimp": 1,
    "huisvesting.steun.sociale_woningbouw": 2,
    "samenwerking.steun.maatwerkafspraken": 1,
    "begeleiding.clientondersteuning_beschikbaar": 8,
    "begeleiding.clientondersteuning_twijfel": 1,
    "begeleiding.ervaringsdeskundigen": 3,
    "financien.steun.boetes": 1,
}
EXPECTED_QUOTES = 15
EXPECTED_EXAMPLES = {"toegang": 1, "financien": 2, "huisvesting": 2, "begeleiding": 2, "samenwerking": 1}
# The examples published with a name, and the gemeente (and theme) that must give them.
NAMED_EXAMPLES = {
    "Hulp aan kinderen in de opvang": ("Haarlem", "begeleiding"),
    "Housing Maastricht: van pilot naar vaste werkwijze": ("Maastricht", "huisvesting"),
}


@dataclass(frozen=True)
class Export:
    """How the online source of the wave is read (from config/config.yaml)."""

    column_of: dict[str, str]  # question id -> numbered column (V1..V29)
    labels: dict[str, dict[int, str]]  # scale -> code -> the tool's text label
    declared: set[str]  # every column the source declares


def check(condition: bool, message: str) -> None:
    """Raise an AssertionError with ``message`` when ``condition`` is false."""
    if not condition:
        raise AssertionError(message)


def load_yaml(path: Path) -> Any:
    """Read a UTF-8 YAML file."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    """Write a UTF-8 CSV file with Unix line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path: Path) -> pd.DataFrame:
    """Read a raw CSV file with every cell as text ('' when empty)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


# --------------------------------------------------------------------------- configuration


def export_mapping(config: dict[str, Any]) -> Export:
    """The online (.xlsx) source of the 2019 wave: its column and answer mappings."""
    source = next(s for s in config["waves"][YEAR]["sources"] if s["file"].endswith(".xlsx"))
    check(source["file"] == str(EXPORT_XLSX.relative_to(ROOT)), "config: the 2019 export has another path")
    labels = {
        scale: {code: text for text, code in values.items()} for scale, values in source["values"].items()
    }
    declared = {source["id_column"], source["gemeente_column"], source["date_column"]}
    declared |= set(source["system_columns"]) | set(source["personal_columns"]) | set(source["columns"])
    column_of = {qid: column for column, qid in source["columns"].items()}
    return Export(column_of, labels, declared)


def population_rows() -> dict[str, dict[str, str]]:
    """raw/population.csv by gemeente name."""
    return {row["gemeente"]: row for row in read_csv(POPULATION_CSV).to_dict("records")}


# --------------------------------------------------------------------------- answers


def question_theme(question_id: str) -> str:
    """Theme of a question id, from its prefix (t_, f_, h_, b_, s_)."""
    return PREFIX_THEME[question_id.split("_", 1)[0]]


def reached_themes(respondent: dict[str, Any]) -> list[str]:
    """Themes the respondent reached, in questionnaire order."""
    themes = {question_theme(q) for q in respondent["closed"]}
    return [theme for theme in THEMES if theme in themes]


def answer_text(value: str | dict[str, Any], examples: dict[str, dict[str, str]]) -> str:
    """The text of one open answer from the content file."""
    if isinstance(value, str):
        return value
    if "example" in value:
        return examples[value["example"]]["text"]
    return value["text"]


def answers_of(
    respondent: dict[str, Any], questions: list[dict[str, Any]], examples: dict[str, dict[str, str]]
) -> dict[str, int | str | None]:
    """All codebook questions of one respondent: codes (None if unreached) and texts."""
    row: dict[str, int | str | None] = {}
    for question in questions:
        qid = question["id"]
        if question["type"] == "closed":
            row[qid] = respondent["closed"].get(qid)
        else:
            row[qid] = answer_text(respondent["open"].get(qid, ""), examples)
    return row


def progress(respondent: dict[str, Any]) -> int:
    """Voortgang in percent: 100 when submitted, else the share of themes completed."""
    if not respondent.get("partial"):
        return 100
    return PROGRESS_PER_THEME * len(reached_themes(respondent))


def online_times(rng: random.Random, count: int) -> list[tuple[datetime, int]]:
    """Start moments (sorted, so ids follow the start order) and durations in minutes."""
    starts = sorted(
        FIELDWORK_START + timedelta(days=rng.randint(0, FIELDWORK_DAYS - 1), minutes=rng.randint(0, 9 * 60))
        for _ in range(count)
    )
    return [(start, rng.randint(16, 85)) for start in starts]


def examples_by_title(content: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The good examples of the content file by title."""
    return {example["title"]: example for example in content["examples"]}


# --------------------------------------------------------------------------- online .xlsx


def email_address(person: str, gemeente: str) -> str:
    """Fictional e-mail address: initial, dot, surname at ``<gemeente>.example.nl``."""
    first, *rest = person.split()
    surname = "".join(rest).lower()
    host = "".join(ch for ch in gemeente.lower() if ch.isalnum() or ch == "-")
    return f"{first[0].lower()}.{surname}@{host}.{EMAIL_DOMAIN}"


def invuller(gemeente: str, content: dict[str, Any], population: dict[str, dict[str, str]]) -> list[str]:
    """Name and e-mail address of whoever filled in the online questionnaire."""
    other = content["invullers"].get(gemeente)
    if other:
        return [other, email_address(other, gemeente)]
    return [population[gemeente]["contactpersoon"], population[gemeente]["email"]]


def export_header(export: Export, questions: list[dict[str, Any]]) -> list[str]:
    """System columns, then the numbered question columns V1..V29."""
    numbered = sorted((export.column_of[q["id"]] for q in questions), key=lambda c: int(c[1:]))
    return EXPORT_SYSTEM + numbered


def export_cells(
    answers: dict[str, int | str | None], export: Export, codebook: dict[str, Any]
) -> dict[str, Any]:
    """The question cells of one row: closed answers as the tool's text label, empty as None."""
    cells: dict[str, Any] = {}
    for question in codebook["questions"]:
        value = answers[question["id"]]
        if question["type"] == "closed":
            value = None if value is None else export.labels[question["scale"]][int(value)]
        cells[export.column_of[question["id"]]] = value or None
    return cells


def online_rows(
    content: dict[str, Any],
    population: dict[str, dict[str, str]],
    export: Export,
    codebook: dict[str, Any],
    rng: random.Random,
) -> list[list[Any]]:
    """One row per online response, columns in the order of the export."""
    respondents = [r for r in content["respondents"] if not r["id"].startswith("T")]
    examples = examples_by_title(content)
    header = export_header(export, codebook["questions"])
    rows = []
    for respondent, (start, minutes) in zip(respondents, online_times(rng, len(respondents)), strict=True):
        gemeente = respondent["gemeente"]
        submit = None if respondent.get("partial") else start + timedelta(minutes=minutes)
        system = [respondent["id"], start, submit, progress(respondent), gemeente]
        system += invuller(gemeente, content, population)
        cells = export_cells(answers_of(respondent, codebook["questions"], examples), export, codebook)
        rows.append(system + [cells[column] for column in header[len(EXPORT_SYSTEM) :]])
    return rows


def write_export(header: list[str], rows: list[list[Any]]) -> None:
    """Write the Excel export: one sheet, one header row, fixed properties and zip dates."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.properties.creator = CREATOR
    workbook.properties.title = "Enquête knelpunten vrouwenopvang 2019"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps the save moment into docProps/core.xml; write the fixed moment instead.
    workbook.properties.created = EXPORT_MOMENT
    workbook.properties.modified = EXPORT_MOMENT
    core = tostring(workbook.properties.to_tree())
    EXPORT_XLSX.parent.mkdir(parents=True, exist_ok=True)
    stamp = EXPORT_MOMENT.timetuple()[:6]
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(EXPORT_XLSX, "w") as target:
        for info in source.infolist():
            data = core if info.filename == "docProps/core.xml" else source.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)


# --------------------------------------------------------------------------- phone .csv


def format_cell(value: int | str | None) -> str:
    """A CSV cell: codes as integers, unreached as empty."""
    return "" if value is None else str(value)


def write_phone(
    content: dict[str, Any], population: dict[str, dict[str, str]], questions: list[dict[str, Any]]
) -> None:
    """Write raw/2019/telefonisch.csv: the telephone interviews typed in by hand."""
    examples = examples_by_title(content)
    rows = []
    for respondent in content["respondents"]:
        if not respondent["id"].startswith("T"):
            continue
        gemeente = respondent["gemeente"]
        answers = answers_of(respondent, questions, examples)
        rows.append(
            [
                respondent["id"],
                gemeente,
                str(respondent["datum_gesprek"]),
                population[gemeente]["contactpersoon"],
                content["telefonisch"]["interviewer"],
                *(format_cell(answers[q["id"]]) for q in questions),
            ]
        )
    write_csv(PHONE_CSV, PHONE_COLUMNS + [q["id"] for q in questions], rows)


# --------------------------------------------------------------------------- coding and examples


def coding_rows(content: dict[str, Any]) -> list[list[str]]:
    """One row per open answer that carries codes or may be quoted, sorted by answer id."""
    rows = []
    for respondent in content["respondents"]:
        for qid, value in respondent["open"].items():
            if isinstance(value, str) or "example" in value:
                continue
            codes, quote = value.get("codes", []), bool(value.get("quote"))
            if codes or quote:
                answer_id = f"{respondent['id']}.{qid}"
                rows.append([answer_id, ";".join(codes), "ja" if quote else "", value.get("note", "")])
    return sorted(rows)


def example_rows(content: dict[str, Any]) -> list[list[str | int]]:
    """The good examples by theme, numbered within their theme in the content's order."""
    given = {
        value["example"]: f"{respondent['id']}.{qid}"
        for respondent in content["respondents"]
        for qid, value in respondent["open"].items()
        if isinstance(value, dict) and "example" in value
    }
    rows: list[list[str | int]] = []
    for theme in THEMES:
        in_theme = [
            e for e in content["examples"] if question_theme(given[e["title"]].split(".")[1]) == theme
        ]
        for order, example in enumerate(in_theme, start=1):
            rows.append([given[example["title"]], order, example["title"], example.get("name", "")])
    return rows


# --------------------------------------------------------------------------- verification


@dataclass
class Wave:
    """The raw files of the wave, read back into one table of answers."""

    answers: pd.DataFrame  # index: response id; gemeente, mode, complete, progress, questions
    coding: pd.DataFrame
    examples: pd.DataFrame


def read_workbook_structure(header: list[str]) -> None:
    """One sheet named Antwoorden, the expected header, no merged cells, fixed properties."""
    workbook = openpyxl.load_workbook(EXPORT_XLSX)
    check(workbook.sheetnames == [SHEET], f"export: sheets {workbook.sheetnames}")
    sheet = workbook[SHEET]
    check(not sheet.merged_cells.ranges, "export: merged cells")
    got = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    check(got == header, f"export: header {got}")
    props = workbook.properties
    check(props.created == EXPORT_MOMENT and props.modified == EXPORT_MOMENT, "export: properties")
    for row in sheet.iter_rows(min_row=2, values_only=True):
        check(isinstance(row[3], int) and 0 <= row[3] <= 100, f"export {row[0]}: Voortgang {row[3]}")
    with zipfile.ZipFile(EXPORT_XLSX) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    check(stamps == {EXPORT_MOMENT.timetuple()[:6]}, "export: zip entry dates are not fixed")


def read_export(export: Export, codebook: dict[str, Any]) -> pd.DataFrame:
    """Read the Excel export back; text labels become codes through config's mapping."""
    header = export_header(export, codebook["questions"])
    check(set(header) == export.declared, "export: columns differ from those config declares")
    read_workbook_structure(header)
    frame = pd.read_excel(EXPORT_XLSX, sheet_name=SHEET, dtype=object, engine="openpyxl")
    result = pd.DataFrame(
        {
            "id": frame["Respons-ID"].astype(str),
            "gemeente": frame["Gemeente"],
            "mode": "online",
            "complete": frame["Ingevuld op"].notna(),
            "progress": frame["Voortgang"].astype(int),
            "started": pd.to_datetime(frame["Gestart op"]),
            "submitted": pd.to_datetime(frame["Ingevuld op"]),
            "email": frame["E-mail respondent"],
        }
    )
    for question in codebook["questions"]:
        cells = frame[export.column_of[question["id"]]]
        if question["type"] == "closed":
            codes = {text: code for code, text in export.labels[question["scale"]].items()}
            for value in cells.dropna():
                check(value in codes, f"export: {question['id']} has unknown answer {value!r}")
            result[question["id"]] = cells.map(
                lambda v, codes=codes: codes[v] if isinstance(v, str) else math.nan
            )
        else:
            result[question["id"]] = cells.map(lambda v: v if isinstance(v, str) else "")
    return result


def read_phone(codebook: dict[str, Any]) -> pd.DataFrame:
    """Read the telephone CSV back; closed codes become numbers."""
    frame = read_csv(PHONE_CSV)
    expected = PHONE_COLUMNS + [q["id"] for q in codebook["questions"]]
    check(list(frame.columns) == expected, "telefonisch: columns")
    dates = pd.to_datetime(frame["datum_gesprek"], format="%Y-%m-%d")
    check(
        bool(dates.between(pd.Timestamp(FIELDWORK_START.date()), pd.Timestamp(FIELDWORK_END)).all()),
        "telefonisch: datum_gesprek outside the fieldwork",
    )
    frame["mode"] = "telefonisch"
    frame["complete"] = True
    frame["progress"] = 100
    return frame


def read_wave(export: Export, codebook: dict[str, Any]) -> tuple[Wave, pd.DataFrame]:
    """Read every written file back; also return the online rows with their system columns."""
    questions = codebook["questions"]
    online, phone = read_export(export, codebook), read_phone(codebook)
    keep = ["id", "gemeente", "mode", "complete", "progress"] + [q["id"] for q in questions]
    answers = pd.concat([online[keep], phone[keep]], ignore_index=True).set_index("id")
    for question in questions:
        qid = question["id"]
        if question["type"] == "closed":
            answers[qid] = pd.to_numeric(answers[qid].replace("", math.nan))
        else:
            answers[qid] = answers[qid].fillna("").astype(str)
    return Wave(answers, read_csv(CODING_CSV), read_csv(EXAMPLES_CSV)), online


def reached(wave: Wave, codebook: dict[str, Any]) -> dict[str, set[str]]:
    """Respondents per theme: those with any answer (a code, possibly 9, or a text) there."""
    result: dict[str, set[str]] = defaultdict(set)
    for question in codebook["questions"]:
        column = wave.answers[question["id"]]
        answered = column.notna() if question["type"] == "closed" else column != ""
        result[question["theme"]] |= set(wave.answers.index[answered])
    return result


def verify_online_system(online: pd.DataFrame) -> None:
    """Ids, start and submit moments, Voortgang and e-mail addresses of the online rows."""
    check(all(ONLINE_ID.fullmatch(rid) for rid in online["id"]), "export: Respons-ID not like R19-001")
    check(list(online["id"]) == sorted(online["id"]), "export: rows not in Respons-ID order")
    check(online["started"].is_monotonic_increasing, "export: ids do not follow the start order")
    in_fieldwork = online["started"].between(pd.Timestamp(FIELDWORK_START), pd.Timestamp(FIELDWORK_END))
    check(bool(in_fieldwork.all()), "export: Gestart op outside the fieldwork")
    done = online[online["complete"]]
    check(bool((done["submitted"] > done["started"]).all()), "export: Ingevuld op before Gestart op")
    check(bool((online["complete"] == (online["progress"] == 100)).all()), "export: Voortgang vs Ingevuld op")
    check(bool(online["email"].str.endswith("." + EMAIL_DOMAIN).all()), "export: e-mail outside .example.nl")


def verify_response(wave: Wave, codebook: dict[str, Any]) -> None:
    """Response counts, complete/partial, and the shape of partial responses."""
    answers, themes = wave.answers, reached(wave, codebook)
    population = set(read_csv(POPULATION_CSV)["gemeente"])
    modes = Counter(answers["mode"])
    counts = {
        "uitgenodigd": len(population),
        "online": modes["online"],
        "telefonisch": modes["telefonisch"],
        "totaal": len(answers),
        "non_respons": len(population - set(answers["gemeente"])),
        "compleet": int(answers["complete"].sum()),
        "gedeeltelijk": int((~answers["complete"]).sum()),
    }
    for name, count in counts.items():
        check(count == EXPECTED_RESPONSE[name], f"respons.{name}: {count} != {EXPECTED_RESPONSE[name]}")
    check(answers["gemeente"].is_unique, "respons: a gemeente responded twice")
    check(set(answers["gemeente"]) <= population, "respons: a gemeente outside raw/population.csv")
    check(list(answers.index[answers["mode"] == "telefonisch"]) == ["T01", "T02"], "telefonisch: ids")
    for theme, expected in EXPECTED_REACHED.items():
        got = len(themes[theme])
        check(got == expected, f"respons.thema.{theme}: reached by {got}, expected {expected}")
    last_themes = []
    for rid, row in answers.iterrows():
        depth = verify_progress(str(rid), row, themes, codebook)
        if not row["complete"]:
            last_themes.append(THEMES[depth - 1])
    check(sorted(last_themes) == EXPECTED_PARTIAL_LAST_THEMES, f"respons: partials stop after {last_themes}")


def verify_progress(rid: str, row: pd.Series, themes: dict[str, set[str]], codebook: dict[str, Any]) -> int:
    """A respondent reaches a prefix of the themes and answers nothing beyond; returns the depth."""
    got = [rid in themes[theme] for theme in THEMES]
    depth = sum(got)
    check(got == [True] * depth + [False] * (len(got) - depth), f"respondent {rid}: themes not a prefix")
    check(row["complete"] == (depth == len(THEMES)), f"respondent {rid}: complete vs themes reached")
    expected = 100 if row["complete"] else PROGRESS_PER_THEME * depth
    check(int(row["progress"]) == expected, f"respondent {rid}: Voortgang {row['progress']}")
    for question in codebook["questions"]:
        value = row[question["id"]]
        if rid in themes[question["theme"]]:
            check(
                question["type"] == "open" or not pd.isna(value),
                f"respondent {rid}: {question['id']} unanswered in a reached theme",
            )
        else:
            check(pd.isna(value) or value == "", f"respondent {rid}: {question['id']} beyond the last theme")
    return depth


def answers_2017() -> dict[str, dict[str, int]]:
    """The closed answers of 2017 by gemeente, from the 2017 content file."""
    return {r["gemeente"]: r["closed"] for r in load_yaml(CONTENT_2017_PATH)["respondents"]}


def verify_panel(wave: Wave, content: dict[str, Any]) -> None:
    """18 respondents of 2017 return, 5 do not, 6 non-respondents of 2017 answer now."""
    before, now = set(answers_2017()), set(wave.answers["gemeente"])
    population = set(read_csv(POPULATION_CSV)["gemeente"])
    panel = {
        "terugkerend": now & before,
        "niet_terugkerend": before - now,
        "nieuw": now - before,
    }
    for name, members in panel.items():
        check(len(members) == EXPECTED_PANEL[name], f"panel.{name}: {len(members)} != {EXPECTED_PANEL[name]}")
    check(len(population - before) == 12, "panel: 2017 had not 12 non-respondents")
    check(panel["terugkerend"] >= MUST_RETURN, "panel: Almere, Amsterdam, Haarlem or Maastricht missing")
    check(not MUST_NOT_RETURN & now, "panel: Apeldoorn answers in 2019")
    recorded = content["response"]
    check(set(recorded["returning"]) == panel["terugkerend"], "content: response.returning is off")
    check(set(recorded["not_returning"]) == panel["niet_terugkerend"], "content: response.not_returning")
    check(set(recorded["new"]) == panel["nieuw"], "content: response.new is off")


def verify_closed(wave: Wave, codebook: dict[str, Any]) -> None:
    """Counts per value of every closed question among those who reached the theme."""
    themes = reached(wave, codebook)
    by_id = {q["id"]: q for q in codebook["questions"]}
    for qid, expected in EXPECTED_CLOSED.items():
        base = wave.answers.loc[sorted(themes[by_id[qid]["theme"]]), qid]
        check(base.notna().all(), f"{qid}: a respondent of the theme has no answer")
        check(sum(expected.values()) == len(base), f"{qid}: expected counts do not cover the theme")
        for codes, count in expected.items():
            got = int(base.isin(codes).sum())
            check(got == count, f"{qid}: {got} answered {codes}, expected {count}")
    answers = wave.answers
    check(
        set(answers.index[answers["t_beschikking"].isin([1, 2])])
        == set(answers.index[answers["t_beschikking_actie"].isin([1, 2])]),
        "toegang.beschikking.actie: not the same respondents as toegang.beschikking",
    )


def verify_changes(wave: Wave, codebook: dict[str, Any]) -> None:
    """Returning gemeenten that start or stop recognising a knelpunt, compared with 2017."""
    before = answers_2017()
    for qid, expected in EXPECTED_CHANGES.items():
        figure = next(f for f in codebook["figures"] if f.get("question") == qid)
        scale = next(q["scale"] for q in codebook["questions"] if q["id"] == qid)
        missing = set(codebook["scales"][scale]["missing"])
        changes = Counter()
        for gemeente, code in zip(wave.answers["gemeente"], wave.answers[qid], strict=True):
            old = before.get(gemeente, {}).get(qid)
            if old is None or pd.isna(code) or old in missing or int(code) in missing:
                continue
            was, now = old in figure["counts"], int(code) in figure["counts"]
            changes["start"] += not was and now
            changes["stop"] += was and not now
        for kind, count in expected.items():
            check(changes[kind] == count, f"{figure['id']}: {changes[kind]} returning gemeenten {kind}")


def coded_respondents(wave: Wave, codebook: dict[str, Any]) -> dict[str, set[str]]:
    """Distinct respondents per coded figure; checks every code is allowed there."""
    figures = {f["id"]: f for f in codebook["figures"]}
    result: dict[str, set[str]] = defaultdict(set)
    for row in wave.coding.itertuples():
        rid, qid = row.answer_id.split(".", 1)
        check(rid in wave.answers.index, f"codering: unknown response {row.answer_id}")
        check(wave.answers.at[rid, qid] != "", f"codering: {row.answer_id} is empty")
        check(row.citeerbaar in ("", "ja"), f"codering: citeerbaar of {row.answer_id}")
        for code in filter(None, row.codes.split(";")):
            check(
                qid in figures.get(code, {}).get("coded_from", []),
                f"codering: {code} not allowed on {row.answer_id}",
            )
            result[code].add(rid)
    return result


def verify_coding(wave: Wave, codebook: dict[str, Any]) -> None:
    """Distinct-respondent counts, themes reached, and parent-counted bases."""
    coded, answers = coded_respondents(wave, codebook), wave.answers
    check(set(coded) <= set(EXPECTED_CODED), f"codering: unexpected codes {set(coded) - set(EXPECTED_CODED)}")
    for figure, expected in EXPECTED_CODED.items():
        got = len(coded[figure])
        check(got == expected, f"{figure}: {got} respondents, expected {expected}")
    themes = reached(wave, codebook)
    figures = {f["id"]: f for f in codebook["figures"]}
    for figure in codebook["figures"]:
        members = coded.get(figure["id"], set())
        check(members <= themes[figure["theme"]], f"{figure['id']}: theme not reached")
        if figure.get("base") == "parent_counted":
            parent = figures[figure["parent"]]
            counted = set(answers.index[answers[parent["question"]].isin(parent["counts"])])
            check(members <= counted, f"{figure['id']}: coded outside {figure['parent']}")
    check(
        coded["toegang.steun.vast_bedrag"] <= coded["toegang.steun.landelijke_oplossing"],
        "toegang.steun.vast_bedrag: not one of the landelijke_oplossing gemeenten",
    )
    check(
        list(wave.coding["answer_id"]) == sorted(wave.coding["answer_id"]),
        "codering: not sorted by answer_id",
    )


def verify_keywords(wave: Wave, codebook: dict[str, Any]) -> None:
    """A coded answer contains a keyword of its code; an uncoded answer contains none."""
    codes = {row.answer_id: set(filter(None, row.codes.split(";"))) for row in wave.coding.itertuples()}
    for figure in codebook["figures"]:
        for qid in figure.get("coded_from", []):
            for rid, text in wave.answers[qid].items():
                answer_id = f"{rid}.{qid}"
                hit = any(k.lower() in text.lower() for k in figure["keywords"])
                has_code = figure["id"] in codes.get(answer_id, set())
                check(hit == has_code, f"{figure['id']}: keyword/code mismatch on {answer_id}")


def verify_quotes(wave: Wave, codebook: dict[str, Any]) -> None:
    """About 15 quotable answers, each a knelpunten/oplossingen/ondersteuning answer."""
    sections = {q["id"]: q.get("section") for q in codebook["questions"]}
    quotes = wave.coding[wave.coding["citeerbaar"] == "ja"]
    check(len(quotes) == EXPECTED_QUOTES, f"quotes: {len(quotes)} != {EXPECTED_QUOTES}")
    for answer_id in quotes["answer_id"]:
        qid = answer_id.split(".", 1)[1]
        check(sections[qid] in QUOTE_SECTIONS, f"quotes: {answer_id} in a wrong section")


def verify_examples(wave: Wave) -> None:
    """8 examples spread over the themes, one per respondent per theme, two with a name."""
    examples = wave.examples
    check(examples["answer_id"].is_unique, "voorbeelden: an answer listed twice")
    rids = examples["answer_id"].str.split(".").str[0]
    qids = examples["answer_id"].str.split(".").str[1]
    themes = qids.map(question_theme)
    check(bool(qids.str.endswith("_voorbeelden").all()), "voorbeelden: not a *_voorbeelden answer")
    for theme, expected in EXPECTED_EXAMPLES.items():
        in_theme = rids[themes == theme]
        check(len(in_theme) == expected, f"voorbeelden {theme}: {len(in_theme)} != {expected}")
        check(in_theme.is_unique, f"voorbeelden {theme}: a respondent gives two examples")
        volgorde = list(examples.loc[themes == theme, "volgorde"].astype(int))
        check(volgorde == list(range(1, expected + 1)), f"voorbeelden {theme}: volgorde")
    named = zip(rids, qids, examples["titel"], examples["naam_publiceren"], strict=True)
    for rid, qid, title, name in named:
        row, theme = wave.answers.loc[rid], question_theme(qid)
        text = row[qid]
        check(text != "" and "http" not in text, f"voorbeeld {title}: text empty or URL")
        giver, giver_theme = NAMED_EXAMPLES.get(title, ("", theme))
        check(name == giver, f"voorbeeld {title}: naam_publiceren {name!r}, expected {giver!r}")
        if giver:
            check(
                row["gemeente"] == giver and theme == giver_theme and bool(row["complete"]),
                f"voorbeeld {title}: not given by {giver} in {giver_theme}",
            )


def open_texts(wave: Wave, codebook: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every non-empty open answer as (response id, question id, text)."""
    open_ids = [q["id"] for q in codebook["questions"] if q["type"] == "open"]
    return [(str(rid), qid, row[qid]) for rid, row in wave.answers.iterrows() for qid in open_ids if row[qid]]


def verify_privacy(wave: Wave, content: dict[str, Any], codebook: dict[str, Any]) -> None:
    """No personal data in open answers; gemeente names only in the two consented examples."""
    population = read_csv(POPULATION_CSV)
    persons = set(population["contactpersoon"]) | set(content["invullers"].values())
    persons |= {content["telefonisch"]["interviewer"]}
    personal = persons | set(population["email"]) | set(population["telefoon"])
    named = dict(zip(wave.examples["answer_id"], wave.examples["naam_publiceren"], strict=True))
    for rid, qid, text in open_texts(wave, codebook):
        answer_id = f"{rid}.{qid}"
        check(not any(p in text for p in personal), f"{answer_id}: personal data")
        check("@" not in text and not PHONE_NUMBER.search(text), f"{answer_id}: e-mail or phone number")
        for name in population["gemeente"]:
            allowed = named.get(answer_id) == name == wave.answers.at[rid, "gemeente"]
            check(name.lower() not in text.lower() or allowed, f"{answer_id}: names {name}")


def verify_new_texts(wave: Wave, codebook: dict[str, Any]) -> None:
    """No open answer of 2019 repeats an open answer or example text of 2017."""
    old = load_yaml(CONTENT_2017_PATH)
    texts = {" ".join(str(text).split()) for text in old["examples"].values()}
    for respondent in old["respondents"]:
        for value in respondent["open"].values():
            if isinstance(value, str) or "text" in value:
                texts.add(" ".join((value if isinstance(value, str) else value["text"]).split()))
    for rid, qid, text in open_texts(wave, codebook):
        check(" ".join(text.split()) not in texts, f"{rid}.{qid}: text reused from 2017")


def verify(content: dict[str, Any], codebook: dict[str, Any], export: Export) -> None:
    """Re-read the written files and check every number of the wave."""
    wave, online = read_wave(export, codebook)
    verify_online_system(online)
    verify_response(wave, codebook)
    verify_panel(wave, content)
    verify_closed(wave, codebook)
    verify_changes(wave, codebook)
    verify_coding(wave, codebook)
    verify_keywords(wave, codebook)
    verify_quotes(wave, codebook)
    verify_examples(wave)
    verify_privacy(wave, content, codebook)
    verify_new_texts(wave, codebook)


# --------------------------------------------------------------------------- main


def main() -> None:
    """Write the demo raw files of the 2019 wave and verify them."""
    content, codebook = load_yaml(CONTENT_PATH), load_yaml(CODEBOOK_PATH)
    export = export_mapping(load_yaml(CONFIG_PATH))
    population = population_rows()
    rng = random.Random(SEED)
    header = export_header(export, codebook["questions"])
    write_export(header, online_rows(content, population, export, codebook, rng))
    write_phone(content, population, codebook["questions"])
    write_csv(CODING_CSV, ["answer_id", "codes", "citeerbaar", "opmerking"], coding_rows(content))
    write_csv(EXAMPLES_CSV, ["answer_id", "volgorde", "titel", "naam_publiceren"], example_rows(content))
    verify(content, codebook, export)
    for path in [EXPORT_XLSX, PHONE_CSV, CODING_CSV, EXAMPLES_CSV]:
        print(f"wrote {path.relative_to(ROOT)}")
    print("checked: every number of the fictional 2019 wave is reproduced")


if __name__ == "__main__":
    main()
