"""Bigger enquêtes with the demo's structure, for the scale benchmark (`benchmarks/scale.py`).

All 342 Dutch gemeenten are invited (fictional names, generated deterministically), each wave
has the 2017 codebook's questionnaire and `respondents` responses — online in an SPSS file
with value labels and user-missing codes, a few by telephone in a CSV — a partial response
now and then, open answers drawn from the demo's own answers with their codes, two coders
who disagree on a few answers and a reconciliation, and good examples. Everything is seeded,
so a size is the same project every time.

The helpers of `scripts/make_demo_data.py` write the files in the demo's formats.
"""

from __future__ import annotations

import math
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pyreadstat
import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "scripts"))
import make_demo_data as demo  # noqa: E402  (the demo generator: formats and helpers)

COPIED = ["mkdocs.yml", "codebook", "templates"]
POPULATION = 342
FIRST_YEAR = 2017
PHONE_SHARE = 30  # one telephone response per this many
PARTIAL_SHARE = 8  # one partial online response per this many
EMPTY_SHARE = 0.45  # share of open questions left empty
DISAGREE_SHARE = 40  # coder 2 differs on one coded answer per this many
EXAMPLES_PER_THEME = 5
PREFIXES = [
    "Aal",
    "Bram",
    "Cor",
    "Dier",
    "Eem",
    "Gaas",
    "Hees",
    "Ilp",
    "Jub",
    "Kam",
    "Lier",
    "Mep",
    "Nij",
    "Ool",
    "Pey",
    "Rha",
    "Sla",
    "Ter",
    "Ulft",
    "Vee",
    "Wes",
    "Yer",
    "Zwe",
    "Aard",
]
SUFFIXES = [
    "broek",
    "dijk",
    "dorp",
    "veen",
    "wold",
    "horst",
    "ingen",
    "kerk",
    "lo",
    "meer",
    "oord",
    "rade",
    "sum",
    "zand",
    "hove",
    "gast",
    "wier",
    "akker",
]
PROVINCES = [
    "Drenthe",
    "Flevoland",
    "Friesland",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
]
FIRST_NAMES = [
    "Anouk",
    "Bas",
    "Carla",
    "Daan",
    "Eva",
    "Frank",
    "Greet",
    "Hans",
    "Ilse",
    "Joost",
    "Karin",
    "Lars",
    "Marloes",
    "Niels",
    "Olga",
    "Pim",
]
SURNAMES = [
    "Aalbers",
    "Brink",
    "Claessen",
    "Dekker",
    "Evers",
    "Franssen",
    "Gerritsen",
    "Hendriks",
    "Jacobs",
    "Kuiper",
    "Lammers",
]


@dataclass(frozen=True)
class Pooled:
    """A demo answer to reuse: its text, the codes coder 1 gave it, and whether it is quotable."""

    text: str
    codes: tuple[str, ...]
    quotable: bool


def gemeente_names(forbidden_text: str) -> list[str]:
    """342 fictional names, none inside another or inside any text the site may show."""
    candidates = sorted({p + s for p in PREFIXES for s in SUFFIXES})
    random.Random(342).shuffle(candidates)
    names: list[str] = []
    for name in candidates:
        folded = name.casefold()
        clash = folded in forbidden_text or any(
            folded in n.casefold() or n.casefold() in folded for n in names
        )
        if not clash:
            names.append(name)
        if len(names) == POPULATION:
            return sorted(names)
    raise RuntimeError("not enough fictional gemeente names")


def population(forbidden_text: str) -> list[demo.Gemeente]:
    rng = random.Random(2017)
    names = gemeente_names(forbidden_text)
    phones = demo.phone_numbers(rng, len(names))
    people = [f"{first} {last}" for last in SURNAMES for first in FIRST_NAMES]
    return [
        demo.Gemeente(
            f"GM{code:04d}",
            code,
            name,
            PROVINCES[code % len(PROVINCES)],
            people[code % len(people)] + f" {name}",  # unique: the gate looks for each contact
            demo.email_address(people[code % len(people)], name),
            phone,
        )
        for code, name, phone in zip(range(1, len(names) + 1), names, phones, strict=True)
    ]


def answer_pool() -> dict[str, list[Pooled]]:
    """The demo's 2017 open answers per question, with coder 1's codes and quotable marks."""
    sheet = pd.read_csv(PROJECT / "raw" / "2017" / "codering-codeur1.csv", dtype=str, keep_default_na=False)
    pool: dict[str, list[Pooled]] = {}
    for row in sheet.itertuples():
        question = row.answer_id.rsplit(".", 1)[1]
        codes = tuple(c.strip() for c in row.codes.split(";") if c.strip() and c.strip() != "geen")
        pool.setdefault(question, []).append(Pooled(row.tekst, codes, row.citeerbaar == "ja"))
    return pool


class Respondents:
    """The answers of one wave, drawn with the codebook's scales and the demo's open answers."""

    def __init__(self, codebook: dict, pool: dict[str, list[Pooled]], rng: random.Random) -> None:
        self.codebook, self.pool, self.rng = codebook, pool, rng
        self.figures = {figure["id"]: figure for figure in codebook["figures"]}
        self.themes = list(demo.THEME_PAGE)

    def answers(self, partial: bool) -> tuple[dict, dict[str, tuple[tuple[str, ...], bool]], int]:
        """Closed codes and open texts of one respondent, the codes of its open answers, and
        how many themes it reached."""
        reached = self.rng.randint(1, len(self.themes) - 1) if partial else len(self.themes)
        row: dict[str, float | str] = {}
        coded: dict[str, tuple[tuple[str, ...], bool]] = {}
        for question in self.codebook["questions"]:
            inside = self.themes.index(question["theme"]) < reached
            if question["type"] == "closed":
                scale = self.codebook["scales"][question["scale"]]
                codes = [int(c) for c in scale["values"]]
                valid = [c for c in codes if c not in scale.get("missing", [])]
                value = self.rng.choice(codes if self.rng.random() < 0.05 else valid)
                row[question["id"]] = float(value) if inside else math.nan
            elif inside and question["id"] in self.pool and self.rng.random() > EMPTY_SHARE:
                answer = self.rng.choice(self.pool[question["id"]])
                row[question["id"]] = answer.text
                coded[question["id"]] = (answer.codes, answer.quotable)
            else:
                row[question["id"]] = ""
        for question, (codes, quotable) in coded.items():
            coded[question] = (tuple(c for c in codes if self.keep(c, codes, row)), quotable)
        return row, coded, reached

    def keep(self, code: str, codes: tuple[str, ...], row: dict) -> bool:
        """A nuance counts only among its parent's gemeenten: answer the parent's question so,
        or keep the nuance only beside its coded parent."""
        parent = self.figures.get(self.figures[code].get("parent", ""))
        if parent is None:
            return True
        if "question" in parent:
            row[parent["question"]] = float(parent["counts"][0])
            return True
        return parent["id"] in codes


def write_online(path: Path, frame: pd.DataFrame, codebook: dict, people: list[demo.Gemeente]) -> None:
    """The online responses as SPSS, labelled like the demo's export."""
    closed = [q for q in codebook["questions"] if q["type"] == "closed"]
    labels = {**demo.SYSTEM_LABELS, **{q["id"]: q["text"] for q in codebook["questions"]}}
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[labels[column] for column in frame.columns],
        variable_value_labels={
            "gemeente": {g.code: g.name for g in people},
            **{q["id"]: demo.scale_labels(codebook, q) for q in closed},
        },
        missing_ranges={q["id"]: codebook["scales"][q["scale"]]["missing"] for q in closed},
    )
    demo.fix_sav_stamp(path)


def write_wave(
    project: Path, year: int, respondents: int, codebook: dict, people: list[demo.Gemeente], pool: dict
) -> dict:
    """The raw files of one wave; returns its entry for the configuration."""
    rng = random.Random(year * 1000 + respondents)
    folder = project / "raw" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    drawer = Respondents(codebook, pool, rng)
    chosen = sorted(rng.sample(people, respondents), key=lambda g: g.code)
    questions = [q["id"] for q in codebook["questions"]]
    online, phone, coder_rows, examples = [], [], [], []
    start = datetime(year, 9, 18, 8, 0)
    for index, gemeente in enumerate(chosen):
        by_phone = index % PHONE_SHARE == PHONE_SHARE - 1
        partial = not by_phone and index % PARTIAL_SHARE == PARTIAL_SHARE - 1
        answers, coded, _ = drawer.answers(partial)
        response_id = f"T{len(phone) + 1:02d}" if by_phone else str(1001 + len(online))
        moment = start + timedelta(days=rng.randint(0, 39), minutes=rng.randint(0, 540))
        if by_phone:
            phone.append(
                [response_id, gemeente.name, moment.date().isoformat(), gemeente.contact, "Interviewer"]
                + [demo.format_cell(answers[q]) for q in questions]
            )
        else:
            online.append(
                {
                    "id": int(response_id),
                    "startdate": moment,
                    "submitdate": pd.NaT if partial else moment + timedelta(minutes=rng.randint(18, 95)),
                    "lastpage": demo.COMPLETE_PAGE if not partial else 1,
                    "gemeente": gemeente.code,
                    "naam_invuller": gemeente.contact,
                    "email_invuller": gemeente.email,
                    "functie_invuller": "beleidsmedewerker",
                    **answers,
                }
            )
        for question, (codes, quotable) in coded.items():
            coder_rows.append(
                [f"{response_id}.{question}", "; ".join(codes) or "geen", "ja" if quotable else ""]
            )
            if question.endswith("_voorbeelden"):
                examples.append((question, f"{response_id}.{question}"))
    frame = pd.DataFrame(online)
    frame["startdate"] = pd.to_datetime(frame["startdate"])
    frame["submitdate"] = pd.to_datetime(frame["submitdate"])
    write_online(folder / "enquete_online.sav", frame, codebook, people)
    demo.write_csv(folder / "telefonisch.csv", demo.PHONE_COLUMNS + questions, phone)
    write_coders(folder, sorted(coder_rows), rng)
    write_examples(folder / "voorbeelden.csv", examples)
    return wave_entry(year)


def write_coders(folder: Path, rows: list[list[str]], rng: random.Random) -> None:
    """Coder 1 gives the demo's codes; coder 2 now and then misses one; the reconciliation settles it."""
    header = ["answer_id", "codes", "citeerbaar", "opmerking"]
    second, settled = [], []
    for answer_id, codes, quotable in rows:
        if codes != "geen" and rng.randrange(DISAGREE_SHARE) == 0:
            second.append([answer_id, "geen", quotable, ""])
            settled.append([answer_id, codes, quotable, "Codeur 2 zag dit knelpunt over het hoofd."])
        else:
            second.append([answer_id, codes, quotable, ""])
    demo.write_csv(folder / "codering-codeur1.csv", header, [[*row, ""] for row in rows])
    demo.write_csv(folder / "codering-codeur2.csv", header, second)
    demo.write_csv(folder / "codering-afstemming.csv", header, settled)


def write_examples(path: Path, examples: list[tuple[str, str]]) -> None:
    per_theme: dict[str, list[str]] = {}
    for question, answer_id in examples:
        per_theme.setdefault(question, []).append(answer_id)
    rows = [
        [answer_id, order, f"Goed voorbeeld {order} ({question.split('_')[0]})", ""]
        for question, answer_ids in sorted(per_theme.items())
        for order, answer_id in enumerate(answer_ids[:EXAMPLES_PER_THEME], start=1)
    ]
    demo.write_csv(path, ["answer_id", "volgorde", "titel", "naam_publiceren"], rows)


def wave_entry(year: int) -> dict:
    folder = f"raw/{year}"
    return {
        "label": f"Meting {year} (schaaltest)",
        "fieldwork": f"september – oktober {year}",
        "published": f"{year + 1}-03-01",
        "demo_notice": "Fictieve gegevens voor een schaaltest.",
        "codebook": "codebook/codebook.yaml",
        "sources": [
            {
                "file": f"{folder}/enquete_online.sav",
                "mode": "online",
                "date_column": "submitdate",
                "system_columns": ["startdate", "lastpage"],
                "personal_columns": ["naam_invuller", "email_invuller", "functie_invuller"],
            },
            {
                "file": f"{folder}/telefonisch.csv",
                "mode": "telefonisch",
                "date_column": "datum_gesprek",
                "personal_columns": ["contactpersoon", "interviewer"],
            },
        ],
        "coding": {
            "coders": {
                "codeur1": f"{folder}/codering-codeur1.csv",
                "codeur2": f"{folder}/codering-codeur2.csv",
            },
            "reconciliation": f"{folder}/codering-afstemming.csv",
        },
        "examples": f"{folder}/voorbeelden.csv",
    }


def make_project(project: Path, waves: int, respondents: int) -> None:
    """A project folder with `waves` waves of `respondents` responses among 342 gemeenten."""
    for name in COPIED:
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    codebook = yaml.safe_load((PROJECT / "codebook" / "codebook.yaml").read_text(encoding="utf-8"))
    pool = answer_pool()
    shown = " ".join(
        [p.text for answers in pool.values() for p in answers]
        + [p.read_text(encoding="utf-8") for p in (PROJECT / "templates").rglob("*.j2")]
        + [(PROJECT / "codebook" / "codebook.yaml").read_text(encoding="utf-8")]
    ).casefold()
    people = population(shown)
    raw = project / "raw"
    raw.mkdir()
    demo.write_csv(
        raw / "population.csv",
        ["gemeente_id", "gemeente", "provincie", "contactpersoon", "email", "telefoon"],
        [[g.gemeente_id, g.name, g.provincie, g.contact, g.email, g.telefoon] for g in people],
    )
    (raw / "pseudoniem-sleutel.txt").write_text("schaaltest-sleutel\n", encoding="utf-8")
    entries = {
        str(year): write_wave(project, year, respondents, codebook, people, pool)
        for year in range(FIRST_YEAR, FIRST_YEAR + waves)
    }
    config = {
        "title": "Knelpunten in de vrouwenopvang",
        "subtitle": "Schaaltest",
        "population": "raw/population.csv",
        "pseudonym_key": "raw/pseudoniem-sleutel.txt",
        "waves": entries,
    }
    (project / "config").mkdir()
    (project / "config" / "config.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
