"""Write the demo raw data of the 2017 wave (nulmeting) of the enquête knelpunten vrouwenopvang.

The individual answers of the 2017 survey among the 35 centrumgemeenten vrouwenopvang are not
public. This script reconstructs the wave: fictional rows that reproduce every figure of the
Movisie report 'Knelpunten in de vrouwenopvang' (2018) - the response, the closed answers, the
coded open answers, the quotes and the 25 good examples. Only Almere, Amsterdam, Apeldoorn,
Haarlem and Maastricht appear under their own name; all other gemeenten and all persons are
invented. The Dutch content (population, answers, quotes, example texts) lives in
``demo_2017_content.yaml`` next to this script; this file only turns it into the raw formats of
``docs/data-formats.md``.

Run from the project directory::

    python scripts/make_demo_data.py

It writes ``raw/population.csv``, ``raw/pseudoniem-sleutel.txt`` and, under ``raw/2017/``,
``enquete_online.sav``, ``telefonisch.csv``, ``codering.csv`` and ``voorbeelden.csv``. Then it
reads those files back and checks every number of the report; a mismatch raises an
AssertionError that names the figure. The output is deterministic (fixed random seed).
"""

from __future__ import annotations

import csv
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT_PATH = Path(__file__).with_name("demo_2017_content.yaml")
CODEBOOK_PATH = ROOT / "codebook" / "codebook.yaml"
REFERENCE_FIGURES = ROOT / "reference" / "nulmeting-2017-figures.csv"
REFERENCE_EXAMPLES = ROOT / "reference" / "nulmeting-2017-voorbeelden.csv"

RAW = ROOT / "raw"
WAVE = RAW / "2017"
POPULATION_CSV = RAW / "population.csv"
KEY_TXT = RAW / "pseudoniem-sleutel.txt"
ONLINE_SAV = WAVE / "enquete_online.sav"
PHONE_CSV = WAVE / "telefonisch.csv"
CODING_CSV = WAVE / "codering.csv"
EXAMPLES_CSV = WAVE / "voorbeelden.csv"

SEED = 2017
FIELDWORK_START = datetime(2017, 9, 18, 8, 0)
FIELDWORK_DAYS = 40
EMAIL_DOMAIN = "example.nl"
# The .sav header records when the file was written (9 bytes date, 8 bytes time at byte
# 92). A fixed export moment, just after the fieldwork, keeps the file byte-identical.
SAV_STAMP_OFFSET = 92
SAV_STAMP = b"24 Oct 1709:00:00"

# Page of the online questionnaire on which each theme is asked; 6 = the closing page.
THEME_PAGE = {
    "toegang": 1,
    "financien": 2,
    "huisvesting": 3,
    "begeleiding": 4,
    "samenwerking": 5,
}
COMPLETE_PAGE = 6
PREFIX_THEME = {"t": "toegang", "f": "financien", "h": "huisvesting", "b": "begeleiding", "s": "samenwerking"}
REAL_GEMEENTEN = {"Almere", "Amsterdam", "Apeldoorn", "Haarlem", "Maastricht"}
QUOTE_SECTIONS = {"knelpunten", "oplossingen", "ondersteuning"}

SYSTEM_LABELS = {
    "id": "Respons-ID",
    "startdate": "Startdatum en -tijd",
    "submitdate": "Datum en tijd verzonden",
    "lastpage": "Laatst bereikte pagina",
    "gemeente": "Centrumgemeente",
    "naam_invuller": "Naam invuller",
    "email_invuller": "E-mailadres invuller",
    "functie_invuller": "Functie invuller",
}
PHONE_COLUMNS = ["id", "gemeente", "datum_gesprek", "contactpersoon", "interviewer"]

# The numbers of the report that the files must reproduce.
EXPECTED_RESPONSE = {
    "uitgenodigd": 35,
    "online": 22,
    "telefonisch": 1,
    "totaal": 23,
    "non_respons": 12,
    "compleet": 19,
    "gedeeltelijk": 4,
}
EXPECTED_REACHED = {"toegang": 23, "financien": 22, "huisvesting": 21, "begeleiding": 20, "samenwerking": 19}
EXPECTED_CLOSED: dict[str, dict[tuple[int, ...], int]] = {
    "t_verblijfsstatus": {(1,): 13, (2,): 10},
    "t_beschikking": {(1, 2): 10, (3,): 13},
    "t_beschikking_actie": {(1, 2): 10, (3,): 13},
    "t_administratieve_last": {(1,): 10, (2,): 13},
    "f_praktische_problemen": {(1,): 12, (2,): 10},
    "h_woonruimte": {(1,): 13, (2,): 7, (9,): 1},
    "b_kinderen": {(1,): 2, (2,): 18},
    "s_samenwerking": {(1,): 8, (2,): 4, (3,): 6, (9,): 1},
}
EXPECTED_CODED = {
    "toegang.administratieve_last.situatie": 3,
    "toegang.begeleidingsovereenkomst": 1,
    "toegang.steun.landelijke_oplossing": 3,
    "toegang.steun.vast_bedrag": 1,
    "toegang.steun.bsn_versleuteling": 1,
    "financien.voorschotten": 2,
    "financien.kostendelersnorm": 2,
    "financien.bijzondere_bijstand": 2,
    "financien.bewindvoering": 1,
    "financien.samenwerking_werk_inkomen": 6,
    "huisvesting.krimp": 1,
    "begeleiding.clientondersteuning_beschikbaar": 6,
    "begeleiding.clientondersteuning_twijfel": 2,
    "begeleiding.ervaringsdeskundigen": 1,
    # National support wanted (sections 3.4-6.4). Where the report says "een gemeente" the
    # count is 1 (and in the reference); where it says "een aantal" or "een deel van de
    # gemeenten" the reconstruction chooses 3, which the reference does not list.
    "financien.steun.afspraken_overdracht": 3,
    "financien.steun.rijk_basisafspraken": 1,
    "financien.steun.voorbeelden_schuldhulp": 1,
    "financien.steun.zelfde_schuldhulp": 1,
    "financien.steun.toeslagen_eerder": 3,
    "financien.steun.briefadres": 1,
    "financien.steun.voorbeelden_toeslagpartner": 1,
    "financien.steun.boetes": 3,
    "financien.steun.bewindvoering": 1,
    "huisvesting.steun.sociale_woningbouw": 1,
    "huisvesting.steun.landelijke_aandacht": 1,
    "huisvesting.steun.zonder_papieren": 1,
    "huisvesting.steun.voorbeelden_corporaties": 1,
    "begeleiding.steun.afspraken_nazorg": 3,
    "begeleiding.steun.voorbeelden_nazorg": 1,
    "begeleiding.steun.informatie_dienstverlening": 1,
    "begeleiding.steun.kader_verantwoordelijkheid": 1,
    "begeleiding.steun.wachtlijsten_jeugdzorg": 3,
    "begeleiding.steun.transitiearrangement": 1,
    "begeleiding.steun.integrale_financiering": 1,
    "samenwerking.steun.uniforme_afspraken": 3,
    "samenwerking.steun.maatwerkafspraken": 1,
    "samenwerking.steun.goede_voorbeelden": 1,
}
EXPECTED_EXAMPLES = {"toegang": 1, "financien": 6, "huisvesting": 5, "begeleiding": 8, "samenwerking": 5}
EXPECTED_QUOTES = 35
# Examples the report attributes to a named gemeente, and who must give them.
EXAMPLE_GIVERS = {
    "Ondersteuning administratie door vrijwilligers": "Amsterdam",
    "Omklapwoningen": "Amsterdam",
    "Bijzondere bijstand": "Almere",
    "Specialistische hulp": "Almere",
    "Opstapregeling": "Apeldoorn",
    "Plan van aanpak": "Apeldoorn",
    "Housing Maastricht": "Maastricht",
    "Waar moet goede hulp aan kinderen in de opvang aan voldoen?": "Haarlem",
}


@dataclass(frozen=True)
class Gemeente:
    """One invited centrumgemeente and its (fictional) contact person."""

    gemeente_id: str
    code: int
    name: str
    provincie: str
    contact: str
    email: str
    telefoon: str


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


# --------------------------------------------------------------------------- population


def email_address(person: str, domain: str) -> str:
    """Fictional e-mail address: initial, dot, surname at ``<domain>.example.nl``."""
    first, *rest = person.split()
    surname = "".join(rest).lower()
    host = "".join(ch for ch in domain.lower() if ch.isalnum() or ch == "-")
    return f"{first[0].lower()}.{surname}@{host}.{EMAIL_DOMAIN}"


def phone_numbers(rng: random.Random, count: int) -> list[str]:
    """Unique fictional mobile numbers in the form 06-12345678."""
    numbers: list[str] = []
    while len(numbers) < count:
        number = f"06-{rng.randint(10_000_000, 99_999_999)}"
        if number not in numbers:
            numbers.append(number)
    return numbers


def build_population(content: dict[str, Any], rng: random.Random) -> list[Gemeente]:
    """The 35 centrumgemeenten sorted by name, numbered CG01..CG35."""
    rows = sorted(content["population"], key=lambda row: row[0])
    phones = phone_numbers(rng, len(rows))
    return [
        Gemeente(f"CG{code:02d}", code, name, provincie, contact, email_address(contact, name), phone)
        for code, (name, provincie, contact), phone in zip(range(1, len(rows) + 1), rows, phones, strict=True)
    ]


def write_population(population: list[Gemeente]) -> None:
    """Write raw/population.csv."""
    header = ["gemeente_id", "gemeente", "provincie", "contactpersoon", "email", "telefoon"]
    rows = [[g.gemeente_id, g.name, g.provincie, g.contact, g.email, g.telefoon] for g in population]
    write_csv(POPULATION_CSV, header, rows)


def write_key(content: dict[str, Any]) -> None:
    """Write raw/pseudoniem-sleutel.txt (one line)."""
    KEY_TXT.parent.mkdir(parents=True, exist_ok=True)
    KEY_TXT.write_text(content["pseudonym_key"] + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- answers


def question_theme(question_id: str) -> str:
    """Theme of a question id, from its prefix (t_, f_, h_, b_, s_)."""
    return PREFIX_THEME[question_id.split("_", 1)[0]]


def reached_themes(respondent: dict[str, Any]) -> list[str]:
    """Themes the respondent reached, in questionnaire order."""
    themes = {question_theme(q) for q in respondent["closed"]}
    return [theme for theme in THEME_PAGE if theme in themes]


def answer_text(value: str | dict[str, Any], examples: dict[str, str]) -> str:
    """The text of one open answer from the content file."""
    if isinstance(value, str):
        return value
    if "example" in value:
        return examples[value["example"]]
    return value["text"]


def answers_of(
    respondent: dict[str, Any], questions: list[dict[str, Any]], examples: dict[str, str]
) -> dict[str, float | str]:
    """All codebook columns of one respondent: codes (NaN if unreached) and texts."""
    row: dict[str, float | str] = {}
    for question in questions:
        qid = question["id"]
        if question["type"] == "closed":
            row[qid] = float(respondent["closed"].get(qid, math.nan))
        else:
            row[qid] = answer_text(respondent["open"].get(qid, ""), examples)
    return row


def last_page(respondent: dict[str, Any]) -> int:
    """Last questionnaire page reached: the closing page, or the last theme's page."""
    if not respondent.get("partial"):
        return COMPLETE_PAGE
    return THEME_PAGE[reached_themes(respondent)[-1]]


def online_times(rng: random.Random, count: int) -> list[tuple[datetime, int]]:
    """Start moments (sorted, so ids follow the start order) and durations in minutes."""
    starts = sorted(
        FIELDWORK_START + timedelta(days=rng.randint(0, FIELDWORK_DAYS - 1), minutes=rng.randint(0, 9 * 60))
        for _ in range(count)
    )
    return [(start, rng.randint(18, 95)) for start in starts]


# --------------------------------------------------------------------------- online .sav


def invuller(
    respondent: dict[str, Any], gemeente: Gemeente, index: int, content: dict[str, Any]
) -> dict[str, str]:
    """Personal data of whoever filled in the online questionnaire."""
    override = content["invuller_opvang"].get(gemeente.name)
    if override:
        email = email_address(override["naam"], f"vrouwenopvang-{gemeente.name}")
        return {
            "naam_invuller": override["naam"],
            "email_invuller": email,
            "functie_invuller": override["functie"],
        }
    functies = content["functies"]
    return {
        "naam_invuller": gemeente.contact,
        "email_invuller": gemeente.email,
        "functie_invuller": functies[index % len(functies)],
    }


def online_frame(
    content: dict[str, Any],
    population: dict[str, Gemeente],
    questions: list[dict[str, Any]],
    rng: random.Random,
) -> pd.DataFrame:
    """One row per online response, columns in the order of the survey export."""
    respondents = [r for r in content["respondents"] if not r["id"].startswith("T")]
    times = online_times(rng, len(respondents))
    rows = []
    for index, (respondent, (start, minutes)) in enumerate(zip(respondents, times, strict=True)):
        gemeente = population[respondent["gemeente"]]
        submit = pd.NaT if respondent.get("partial") else start + timedelta(minutes=minutes)
        rows.append(
            {
                "id": int(respondent["id"]),
                "startdate": start,
                "submitdate": submit,
                "lastpage": last_page(respondent),
                "gemeente": gemeente.code,
                **invuller(respondent, gemeente, index, content),
                **answers_of(respondent, questions, content["examples"]),
            }
        )
    frame = pd.DataFrame(rows)
    frame["startdate"] = pd.to_datetime(frame["startdate"])
    frame["submitdate"] = pd.to_datetime(frame["submitdate"])
    return frame


def scale_labels(codebook: dict[str, Any], question: dict[str, Any]) -> dict[int, str]:
    """Value labels of a closed question's scale."""
    return {int(k): v for k, v in codebook["scales"][question["scale"]]["values"].items()}


def write_online(frame: pd.DataFrame, codebook: dict[str, Any], population: list[Gemeente]) -> None:
    """Write raw/2017/enquete_online.sav with labels and user-defined missing values."""
    questions = codebook["questions"]
    closed = [q for q in questions if q["type"] == "closed"]
    labels = {**SYSTEM_LABELS, **{q["id"]: q["text"] for q in questions}}
    value_labels: dict[str, dict[int, str]] = {
        "gemeente": {g.code: g.name for g in population},
        **{q["id"]: scale_labels(codebook, q) for q in closed},
    }
    missing = {q["id"]: codebook["scales"][q["scale"]]["missing"] for q in closed}
    measure = {column: "nominal" for column in frame.columns}
    measure.update({"id": "scale", "startdate": "scale", "submitdate": "scale", "lastpage": "ordinal"})
    ONLINE_SAV.parent.mkdir(parents=True, exist_ok=True)
    pyreadstat.write_sav(
        frame,
        str(ONLINE_SAV),
        column_labels=[labels[column] for column in frame.columns],
        variable_value_labels=value_labels,
        missing_ranges=missing,
        variable_measure=measure,
    )
    fix_sav_stamp(ONLINE_SAV)


def fix_sav_stamp(path: Path) -> None:
    """Replace the creation date and time in the .sav header by a fixed export moment."""
    data = bytearray(path.read_bytes())
    check(data[:4] == b"$FL2", f"{path.name}: not an SPSS system file")
    data[SAV_STAMP_OFFSET : SAV_STAMP_OFFSET + len(SAV_STAMP)] = SAV_STAMP
    path.write_bytes(bytes(data))


# --------------------------------------------------------------------------- phone .csv


def format_cell(value: float | str) -> str:
    """A CSV cell: integer codes without decimals, NaN as empty."""
    if isinstance(value, float):
        return "" if math.isnan(value) else str(int(value))
    return value


def write_phone(
    content: dict[str, Any], population: dict[str, Gemeente], questions: list[dict[str, Any]]
) -> None:
    """Write raw/2017/telefonisch.csv: the telephone interview typed in by hand."""
    interview = content["telefonisch"]
    rows = []
    for respondent in content["respondents"]:
        if not respondent["id"].startswith("T"):
            continue
        gemeente = population[respondent["gemeente"]]
        answers = answers_of(respondent, questions, content["examples"])
        rows.append(
            [
                respondent["id"],
                gemeente.name,
                str(interview["datum_gesprek"]),
                gemeente.contact,
                interview["interviewer"],
                *(format_cell(answers[q["id"]]) for q in questions),
            ]
        )
    write_csv(PHONE_CSV, PHONE_COLUMNS + [q["id"] for q in questions], rows)


# --------------------------------------------------------------------------- coding


def coding_rows(content: dict[str, Any]) -> list[list[str]]:
    """One row per open answer that carries codes or is quoted in the report."""
    rows = []
    for respondent in content["respondents"]:
        for qid, value in respondent["open"].items():
            if isinstance(value, str) or "example" in value:
                continue
            codes = value.get("codes", [])
            quote = bool(value.get("quote"))
            if codes or quote:
                rows.append(
                    [
                        f"{respondent['id']}.{qid}",
                        ";".join(codes),
                        "ja" if quote else "",
                        value.get("note", ""),
                    ]
                )
    return sorted(rows)


def example_rows(content: dict[str, Any]) -> list[list[str | int]]:
    """The 25 good examples in reference order, numbered within their theme."""
    given = {
        value["example"]: f"{respondent['id']}.{qid}"
        for respondent in content["respondents"]
        for qid, value in respondent["open"].items()
        if isinstance(value, dict) and "example" in value
    }
    order: Counter[str] = Counter()
    rows: list[list[str | int]] = []
    for ref in read_csv(REFERENCE_EXAMPLES).itertuples():
        order[ref.theme] += 1
        rows.append([given[ref.title], order[ref.theme], ref.title, ref.named_place])
    return rows


# --------------------------------------------------------------------------- verification


@dataclass
class Wave:
    """The raw files of the wave, read back into one table of answers."""

    answers: pd.DataFrame  # index: response id; gemeente, mode, complete, lastpage, questions
    population: pd.DataFrame
    coding: pd.DataFrame
    examples: pd.DataFrame


def read_online(codebook: dict[str, Any]) -> pd.DataFrame:
    """Read the .sav back and check its labels and user-defined missing values."""
    frame, meta = pyreadstat.read_sav(str(ONLINE_SAV), user_missing=True)
    for question in codebook["questions"]:
        qid = question["id"]
        check(
            meta.column_names_to_labels.get(qid) == question["text"],
            f"sav: variable label of {qid} is missing",
        )
        if question["type"] != "closed":
            continue
        scale = codebook["scales"][question["scale"]]
        labels = {int(k): v for k, v in meta.variable_value_labels.get(qid, {}).items()}
        check(labels == scale_labels(codebook, question), f"sav: value labels of {qid}")
        ranges = meta.missing_ranges.get(qid, [])
        check([int(r["lo"]) for r in ranges] == scale["missing"], f"sav: missing_ranges of {qid}")
    names = {int(k): v for k, v in meta.variable_value_labels["gemeente"].items()}
    check(len(names) == EXPECTED_RESPONSE["uitgenodigd"], "sav: gemeente value labels")
    frame["id"] = frame["id"].astype(int).astype(str)
    frame["gemeente"] = frame["gemeente"].astype(int).map(names)
    frame["mode"] = "online"
    frame["complete"] = frame["submitdate"].notna()
    return frame


def read_phone() -> pd.DataFrame:
    """Read the telephone CSV back; closed codes become numbers."""
    frame = read_csv(PHONE_CSV)
    dates = pd.to_datetime(frame["datum_gesprek"], format="%Y-%m-%d")
    check(
        bool(dates.between("2017-09-01", "2017-10-31").all()),
        "telefonisch: datum_gesprek outside Sep-Oct 2017",
    )
    frame["mode"] = "telefonisch"
    frame["complete"] = True
    frame["lastpage"] = float(COMPLETE_PAGE)
    return frame


def read_wave(codebook: dict[str, Any]) -> Wave:
    """Read every written file back."""
    questions = codebook["questions"]
    online, phone = read_online(codebook), read_phone()
    keep = ["id", "gemeente", "mode", "complete", "lastpage"] + [q["id"] for q in questions]
    answers = pd.concat([online[keep], phone[keep]], ignore_index=True).set_index("id")
    for question in questions:
        qid = question["id"]
        if question["type"] == "closed":
            answers[qid] = pd.to_numeric(answers[qid].replace("", math.nan))
        else:
            answers[qid] = answers[qid].fillna("").astype(str)
    return Wave(answers, read_csv(POPULATION_CSV), read_csv(CODING_CSV), read_csv(EXAMPLES_CSV))


def reached(wave: Wave, codebook: dict[str, Any]) -> dict[str, set[str]]:
    """Respondents per theme: those with a closed answer (a code, possibly 9) there."""
    result: dict[str, set[str]] = defaultdict(set)
    for question in codebook["questions"]:
        if question["type"] == "closed":
            answered = wave.answers[question["id"]].notna()
            result[question["theme"]] |= set(wave.answers.index[answered])
    return result


def verify_population(wave: Wave) -> None:
    """35 gemeenten, unique ids and contacts, only the five real names."""
    pop = wave.population
    check(len(pop) == EXPECTED_RESPONSE["uitgenodigd"], "respons.uitgenodigd: population")
    check(
        list(pop["gemeente_id"]) == [f"CG{i:02d}" for i in range(1, 36)], "population: ids must be CG01..CG35"
    )
    for column in ["gemeente", "contactpersoon", "email", "telefoon"]:
        check(pop[column].is_unique, f"population: {column} not unique")
    check(all(e.endswith("." + EMAIL_DOMAIN) for e in pop["email"]), "population: e-mail outside .example.nl")
    check(set(pop["gemeente"]) >= REAL_GEMEENTEN, "population: a real gemeente is missing")


def verify_response(wave: Wave, codebook: dict[str, Any]) -> None:
    """Response counts, complete/partial, and the shape of partial responses."""
    answers, themes = wave.answers, reached(wave, codebook)
    modes = Counter(answers["mode"])
    non_response = set(wave.population["gemeente"]) - set(answers["gemeente"])
    counts = {
        "online": modes["online"],
        "telefonisch": modes["telefonisch"],
        "totaal": len(answers),
        "non_respons": len(non_response),
        "compleet": int(answers["complete"].sum()),
        "gedeeltelijk": int((~answers["complete"]).sum()),
    }
    for name, count in counts.items():
        check(count == EXPECTED_RESPONSE[name], f"respons.{name}: {count} != {EXPECTED_RESPONSE[name]}")
    check(answers["gemeente"].is_unique, "respons: a gemeente responded twice")
    for theme, expected in EXPECTED_REACHED.items():
        check(
            len(themes[theme]) == expected,
            f"theme {theme}: reached by {len(themes[theme])}, expected {expected}",
        )
    for rid, row in answers.iterrows():
        verify_progress(str(rid), row, themes, codebook)
    partial_depths = sorted(
        sum(rid in themes[t] for t in THEME_PAGE) for rid in answers.index[~answers["complete"]]
    )
    check(partial_depths == [1, 2, 3, 4], f"partials reach {partial_depths}, not 1..4 themes")


def verify_progress(rid: str, row: pd.Series, themes: dict[str, set[str]], codebook: dict[str, Any]) -> None:
    """A respondent reaches a prefix of the themes, answers nothing beyond it."""
    got = [rid in themes[theme] for theme in THEME_PAGE]
    depth = sum(got)
    check(
        got == [True] * depth + [False] * (len(got) - depth),
        f"respondent {rid}: reached themes are not a prefix",
    )
    check(
        row["complete"] == (depth == len(THEME_PAGE)),
        f"respondent {rid}: complete flag does not match the themes reached",
    )
    page = COMPLETE_PAGE if row["complete"] else list(THEME_PAGE.values())[depth - 1]
    check(int(row["lastpage"]) == page, f"respondent {rid}: lastpage {row['lastpage']}")
    for question in codebook["questions"]:
        value = row[question["id"]]
        if rid in themes[question["theme"]]:
            check(
                question["type"] == "open" or not pd.isna(value),
                f"respondent {rid}: {question['id']} unanswered in a reached theme",
            )
        else:
            check(
                pd.isna(value) or value == "",
                f"respondent {rid}: {question['id']} answered in an unreached theme",
            )


def verify_closed(wave: Wave, codebook: dict[str, Any]) -> None:
    """Counts per value of every closed question among those who reached the theme."""
    themes = reached(wave, codebook)
    by_id = {q["id"]: q for q in codebook["questions"]}
    for qid, expected in EXPECTED_CLOSED.items():
        base = wave.answers.loc[sorted(themes[by_id[qid]["theme"]]), qid]
        check(base.notna().all(), f"{qid}: a respondent of the theme has no answer")
        for codes, count in expected.items():
            got = int(base.isin(codes).sum())
            check(got == count, f"{qid}: {got} answered {codes}, expected {count}")
    answers = wave.answers
    check(
        set(answers.index[answers["t_beschikking"].isin([1, 2])])
        == set(answers.index[answers["t_beschikking_actie"].isin([1, 2])]),
        "toegang.beschikking.actie: not the same respondents as toegang.beschikking",
    )


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
    """Distinct-respondent counts, parents, and the stories told by one gemeente."""
    coded, answers = coded_respondents(wave, codebook), wave.answers
    check(set(coded) <= set(EXPECTED_CODED), f"codering: unexpected codes {set(coded)}")
    for figure, expected in EXPECTED_CODED.items():
        check(
            len(coded[figure]) == expected, f"{figure}: {len(coded[figure])} respondents, expected {expected}"
        )
    themes = reached(wave, codebook)
    for figure in codebook["figures"]:
        members = coded.get(figure["id"], set())
        check(members <= themes[figure["theme"]], f"{figure['id']}: theme not reached")
        if "parent" in figure:
            parent = next(f for f in codebook["figures"] if f["id"] == figure["parent"])
            counted = set(answers.index[answers[parent["question"]].isin(parent["counts"])])
            check(members <= counted, f"{figure['id']}: coded outside {figure['parent']}")
    check(
        coded["toegang.steun.vast_bedrag"] <= coded["toegang.steun.landelijke_oplossing"],
        "toegang.steun.vast_bedrag: not one of the landelijke_oplossing gemeenten",
    )
    check(
        coded["toegang.steun.bsn_versleuteling"] == coded["toegang.begeleidingsovereenkomst"],
        "toegang.steun.bsn_versleuteling: not the begeleidingsovereenkomst gemeente",
    )


def verify_keywords(wave: Wave, codebook: dict[str, Any]) -> None:
    """Keywords appear in coded answers and not in uncoded ones (verbatim quotes excepted)."""
    codes = {row.answer_id: set(filter(None, row.codes.split(";"))) for row in wave.coding.itertuples()}
    quotes = set(wave.coding.loc[wave.coding["citeerbaar"] == "ja", "answer_id"])
    for figure in codebook["figures"]:
        for qid in figure.get("coded_from", []):
            for rid, text in wave.answers[qid].items():
                answer_id = f"{rid}.{qid}"
                hit = any(k.lower() in text.lower() for k in figure["keywords"])
                has_code = figure["id"] in codes.get(answer_id, set())
                check(
                    answer_id in quotes or hit == has_code,
                    f"{figure['id']}: keyword/code mismatch on {answer_id}",
                )


def verify_quotes(wave: Wave, codebook: dict[str, Any]) -> None:
    """Every quote of the report is one non-empty knelpunten/oplossingen/ondersteuning answer."""
    sections = {q["id"]: q.get("section") for q in codebook["questions"]}
    quotes = wave.coding[wave.coding["citeerbaar"] == "ja"]
    check(len(quotes) == EXPECTED_QUOTES, f"quotes: {len(quotes)} != {EXPECTED_QUOTES}")
    for answer_id in quotes["answer_id"]:
        qid = answer_id.split(".", 1)[1]
        check(sections[qid] in QUOTE_SECTIONS, f"quotes: {answer_id} in a wrong section")
    check(
        list(wave.coding["answer_id"]) == sorted(wave.coding["answer_id"]),
        "codering: not sorted by answer_id",
    )


def verify_examples(wave: Wave) -> None:
    """25 examples matching the reference, one per respondent per theme."""
    examples, ref = wave.examples, read_csv(REFERENCE_EXAMPLES)
    check(list(examples["titel"]) == list(ref["title"]), "voorbeelden: titles differ")
    check(
        list(examples["naam_publiceren"]) == list(ref["named_place"]),
        "voorbeelden: naam_publiceren differs from the reference",
    )
    rids = examples["answer_id"].str.split(".").str[0]
    qids = examples["answer_id"].str.split(".").str[1]
    themes = qids.map(question_theme)
    check(list(themes) == list(ref["theme"]), "voorbeelden: answer in the wrong theme")
    check(bool(qids.str.endswith("_voorbeelden").all()), "voorbeelden: not a *_voorbeelden")
    for theme, expected in EXPECTED_EXAMPLES.items():
        in_theme = rids[themes == theme]
        check(len(in_theme) == expected, f"voorbeelden {theme}: {len(in_theme)} != {expected}")
        check(in_theme.is_unique, f"voorbeelden {theme}: a respondent gives two examples")
        volgorde = list(examples.loc[themes == theme, "volgorde"].astype(int))
        check(volgorde == list(range(1, expected + 1)), f"voorbeelden {theme}: volgorde")
    for rid, qid, title in zip(rids, qids, examples["titel"], strict=True):
        text, row = wave.answers.at[rid, qid], wave.answers.loc[rid]
        check(text != "" and "http" not in text, f"voorbeeld {title}: text empty or URL")
        if title in EXAMPLE_GIVERS:
            check(
                row["gemeente"] == EXAMPLE_GIVERS[title]
                and row["mode"] == "online"
                and bool(row["complete"]),
                f"voorbeeld {title}: wrong respondent",
            )


def verify_privacy(wave: Wave, content: dict[str, Any], codebook: dict[str, Any]) -> None:
    """No personal data in open answers; gemeente names only in their own examples."""
    persons = set(wave.population["contactpersoon"]) | {content["telefonisch"]["interviewer"]}
    persons |= {v["naam"] for v in content["invuller_opvang"].values()}
    personal = persons | set(wave.population["email"]) | set(wave.population["telefoon"])
    names = set(wave.population["gemeente"])
    open_ids = [q["id"] for q in codebook["questions"] if q["type"] == "open"]
    for rid, row in wave.answers.iterrows():
        for qid in open_ids:
            text = row[qid]
            check(not any(p in text for p in personal), f"{rid}.{qid}: personal data")
            for name in names:
                allowed = qid.endswith("_voorbeelden") and name == row["gemeente"]
                check(name not in text or allowed, f"{rid}.{qid}: names {name}")


def verify_reference(wave: Wave, codebook: dict[str, Any]) -> None:
    """Every figure the report prints, computed with its base rule, equals the reference.

    Figures the report describes without a number ("een aantal gemeenten") are not in the
    reference; their reconstructed counts are checked against EXPECTED_CODED instead.
    """
    ref = read_csv(REFERENCE_FIGURES).set_index("figure_id")
    themes, coded = reached(wave, codebook), coded_respondents(wave, codebook)
    counted: dict[str, set[str]] = {}
    unprinted = {f["id"] for f in codebook["figures"]} - set(ref.index)
    check(unprinted <= set(EXPECTED_CODED), f"not in the reference nor reconstructed: {unprinted}")
    for figure in codebook["figures"]:
        fid = figure["id"]
        if "question" in figure:
            answers = wave.answers[figure["question"]]
            counted[fid] = set(wave.answers.index[answers.isin(figure["counts"])])
            question = next(q for q in codebook["questions"] if q["id"] == figure["question"])
            missing = codebook["scales"][question["scale"]]["missing"]
            base = int((answers.notna() & ~answers.isin(missing)).sum())
        else:
            counted[fid] = coded.get(fid, set())
            base = (
                len(counted[figure["parent"]])
                if figure["base"] == "parent_counted"
                else len(themes[figure["theme"]])
            )
        if fid in unprinted:
            continue
        check(
            len(counted[fid]) == int(ref.at[fid, "count"]),
            f"{fid}: {len(counted[fid])} != reference {ref.at[fid, 'count']}",
        )
        denominator = ref.at[fid, "denominator"]
        check(
            denominator == "" or base == int(denominator),
            f"{fid}: base {base} != reference denominator {denominator}",
        )


def verify(content: dict[str, Any], codebook: dict[str, Any]) -> None:
    """Re-read the written files and check every figure of the report."""
    wave = read_wave(codebook)
    verify_population(wave)
    verify_response(wave, codebook)
    verify_closed(wave, codebook)
    verify_coding(wave, codebook)
    verify_keywords(wave, codebook)
    verify_quotes(wave, codebook)
    verify_examples(wave)
    verify_privacy(wave, content, codebook)
    verify_reference(wave, codebook)


# --------------------------------------------------------------------------- main


def main() -> None:
    """Write the demo raw files of the 2017 wave and verify them."""
    content, codebook = load_yaml(CONTENT_PATH), load_yaml(CODEBOOK_PATH)
    questions = codebook["questions"]
    rng = random.Random(SEED)
    population = build_population(content, rng)
    by_name = {g.name: g for g in population}
    write_population(population)
    write_key(content)
    write_online(online_frame(content, by_name, questions, rng), codebook, population)
    write_phone(content, by_name, questions)
    write_csv(CODING_CSV, ["answer_id", "codes", "citeerbaar", "opmerking"], coding_rows(content))
    write_csv(EXAMPLES_CSV, ["answer_id", "volgorde", "titel", "naam_publiceren"], example_rows(content))
    verify(content, codebook)
    written = [POPULATION_CSV, KEY_TXT, ONLINE_SAV, PHONE_CSV, CODING_CSV, EXAMPLES_CSV]
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    print("checked: every figure of the 2017 report is reproduced")


if __name__ == "__main__":
    main()
