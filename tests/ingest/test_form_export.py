"""A form tool's export of the generated questionnaire is read without any mapping.

The round trip: `enquete questionnaire` writes the XLSForm; the form is filled in by simulated
gemeenten and exported as KoboToolbox (XLSX, `group/question`) and ODK Central (CSV,
`group-question`) export it, and the telephone answers are typed under the header the printed
questionnaire gives; `enquete build` reads all three with no `columns:` or `values:` in the
configuration, and the ledger counts what the simulated gemeenten answered.
"""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.codebook import load_codebook
from enquete.ingest.form_export import SEPARATORS, without_group_prefixes
from enquete.ingest.validation import as_date
from tests.conftest import PROJECT

CODEBOOK = load_codebook(PROJECT / "codebook" / "codebook-2019.yaml")
KOBO_META_BEFORE = ["start", "end"]
KOBO_META_AFTER = ["meta/instanceID", "_id", "_uuid", "_submission_time", "_validation_status", "_notes"]
KOBO_META_AFTER += ["_status", "_submitted_by", "__version__", "_tags", "_index"]
CENTRAL_META_BEFORE = ["SubmissionDate", "start", "end"]
CENTRAL_META_AFTER = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "Status", "ReviewState"]
CENTRAL_META_AFTER += ["DeviceID", "Edits", "FormVersion"]


# The prefixes alone.

QUESTIONS = st.sampled_from(CODEBOOK.questions)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(QUESTIONS, st.sampled_from(SEPARATORS)), unique_by=lambda pair: pair[0].id))
def test_each_theme_prefix_is_taken_off_its_own_questions(chosen: list) -> None:
    columns = [f"{question.theme}{separator}{question.id}" for question, separator in chosen]
    others = ["Respons-ID", "meta/instanceID", "meta-instanceID", "_submission_time", "toegang", "x/y"]
    renamed = without_group_prefixes(columns + others, CODEBOOK)
    assert renamed == {column: question.id for column, (question, _) in zip(columns, chosen, strict=True)}


@settings(max_examples=40, deadline=None)
@given(QUESTIONS, st.sampled_from([theme.id for theme in CODEBOOK.themes]), st.sampled_from(SEPARATORS))
def test_another_themes_prefix_or_a_question_already_there_is_left_alone(question, theme, separator) -> None:
    column = f"{theme}{separator}{question.id}"
    expected = {column: question.id} if theme == question.theme else {}
    assert without_group_prefixes([column], CODEBOOK) == expected
    assert without_group_prefixes([column, question.id], CODEBOOK) == {}  # both stay; the extra is refused
    doubled = [f"{question.theme}/{question.id}", f"{question.theme}-{question.id}"]
    assert without_group_prefixes(doubled, CODEBOOK) == {}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2021-10-05T07:15:02.383Z", "2021-10-05"),
        ("2021-10-05T09:12:33.123+02:00", "2021-10-05"),
        ("2021-10-05T07:15:02", "2021-10-05"),
        ("20211005", None),
        ("2021-13-05T07:15:00", None),
        ("2021-10-05Tnu", None),
    ],
)
def test_a_form_tools_timestamp_is_a_date(text: str, date: str | None) -> None:
    assert as_date(text) == date


# The round trip.


def read_form(path: Path) -> tuple[list[dict], dict[str, list[str]]]:
    """The XLSForm's survey rows and choice lists, read as any form tool reads them."""
    book = openpyxl.load_workbook(path)

    def rows(sheet: str) -> list[dict]:
        values = list(book[sheet].iter_rows(values_only=True))
        return [dict(zip(values[0], row, strict=True)) for row in values[1:]]

    choices: dict[str, list[str]] = {}
    for choice in rows("choices"):
        choices.setdefault(choice["list_name"], []).append(str(choice["name"]))
    return rows("survey"), choices


def asked(condition: str | None, answers: dict[str, str]) -> bool:
    """The form's `relevant`, evaluated: `selected(${q}, 'code') or …`."""
    if not condition:
        return True
    return any(
        answers.get(name) == code for name, code in re.findall(r"selected\(\$\{(\w+)\}, '(\w+)'\)", condition)
    )


def fill_in(survey: list[dict], choices: dict[str, list[str]], gemeente: str, rng: random.Random) -> dict:
    """One gemeente's answers, by the form: keyed `group/question`, skipped where not relevant,
    and stopped after a random theme for a partial response."""
    answers: dict[str, str] = {"gemeente": gemeente}
    by_name: dict[str, str] = {}
    group, stop = "", rng.choice([None, None, None, 2, 3, 4])
    groups_done = 0
    for row in survey[1:]:
        kind, name = row["type"], row["name"]
        if kind == "begin_group":
            group, groups_done = name, groups_done + 1
            continue
        if (
            kind == "end_group"
            or (stop is not None and groups_done > stop)
            or not asked(row["relevant"], by_name)
        ):
            continue
        if kind.startswith("select_one "):
            value = rng.choice(choices[kind.split(" ", 1)[1]])
        else:
            value = rng.choice(["", f"Bij ons speelt dit in gesprek {rng.randrange(1000)} nauwelijks."])
        if value:
            answers[f"{group}/{name}"] = by_name[name] = value
    return answers


def project_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("Snakefile", "mkdocs.yml", "config", "codebook", "raw", "reference", "templates"):
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    return target


def write_exports(project: Path, survey: list[dict], choices: dict, rng: random.Random) -> list[dict]:
    """The three files of wave 2021, as the tools export them; returns every response."""
    gemeenten = rng.sample(choices["gemeente"], 24)
    questions = [f"{row['name']}" for row in survey if row["type"] not in ("begin_group", "end_group")][1:]
    groups = {q.id: q.theme for q in CODEBOOK.questions}
    prefixed = [f"{groups[q]}/{q}" for q in questions]
    responses = []
    folder = project / "raw" / "2021"
    folder.mkdir()

    kobo = openpyxl.Workbook()
    kobo.active.append([*KOBO_META_BEFORE, "gemeente", *prefixed, *KOBO_META_AFTER])
    for number, gemeente in enumerate(gemeenten[:12]):
        answers = fill_in(survey, choices, gemeente, rng)
        responses.append({**answers, "id": str(1000 + number)})
        stamp = f"2021-10-{number + 1:02d}T09:1{number % 10}:00"
        meta = [
            f"uuid:{number:08d}",
            1000 + number,
            f"{number:08d}",
            stamp,
            "",
            "",
            "submitted_via_web",
            "",
            "v1",
        ]
        kobo.active.append(
            [
                f"{stamp}.000+02:00",
                f"{stamp}.000+02:00",
                gemeente,
                *[answers.get(c) for c in prefixed],
                *meta,
                "",
                number,
            ]
        )
    kobo.save(folder / "kobo-export.xlsx")

    with (folder / "odk-central.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            [*CENTRAL_META_BEFORE, "gemeente", *[c.replace("/", "-") for c in prefixed], *CENTRAL_META_AFTER]
        )
        for number, gemeente in enumerate(gemeenten[12:20]):
            answers = fill_in(survey, choices, gemeente, rng)
            key = f"uuid:c{number:07d}"
            responses.append({**answers, "id": key})
            stamp = f"2021-11-{number + 1:02d}T08:00:00.383Z"
            writer.writerow(
                [
                    stamp,
                    stamp,
                    stamp,
                    gemeente,
                    *[answers.get(c, "") for c in prefixed],
                    key,
                    key,
                    "7",
                    "veld",
                    "",
                    "",
                    "",
                    "0",
                    "v1",
                ]
            )

    with (folder / "telefonisch.csv").open(
        "w", newline="", encoding="utf-8"
    ) as file:  # under the paper's header
        page = (project / "vragenlijst" / "2021" / "vragenlijst-2021.html").read_text(encoding="utf-8")
        header = re.search(r"<pre>(.*?)</pre>", page, re.S)[1].strip().split(",")
        writer = csv.writer(file)
        writer.writerow(header)
        for number, gemeente in enumerate(gemeenten[20:], start=1):
            answers = fill_in(survey, choices, gemeente, rng)
            responses.append({**answers, "id": f"T{number:02d}"})
            plain = {key.split("/")[-1]: value for key, value in answers.items()}
            fixed = [f"T{number:02d}", gemeente, f"2021-10-{number + 10}", "mevrouw X", "interviewer Y"]
            writer.writerow(fixed + [plain.get(q, "") for q in header[5:]])
    return responses


def configure_2021(project: Path, responses: list[dict]) -> None:
    """Wave 2021 in the configuration: its files, the tools' own columns, no columns/values."""
    config = yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))
    config["waves"]["2021"] = {
        "label": "Meting 2021 (test)",
        "published": "2022-03-01",
        "demo_notice": "Deze meting is een test.",
        "codebook": "codebook/codebook-2019.yaml",
        "sources": [
            {
                "file": "raw/2021/kobo-export.xlsx",
                "mode": "online",
                "id_column": "_id",
                "date_column": "_submission_time",
                "system_columns": [
                    *KOBO_META_BEFORE,
                    *[c for c in KOBO_META_AFTER if c not in ("_id", "_submission_time")],
                ],
            },
            {
                "file": "raw/2021/odk-central.csv",
                "mode": "online",
                "id_column": "KEY",
                "date_column": "SubmissionDate",
                "system_columns": ["start", "end", *[c for c in CENTRAL_META_AFTER if c != "KEY"]],
            },
            {
                "file": "raw/2021/telefonisch.csv",
                "mode": "telefonisch",
                "date_column": "datum_gesprek",
                "personal_columns": ["contactpersoon", "interviewer"],
            },
        ],
        "coding": "raw/2021/codering.csv",
        "examples": "raw/2021/voorbeelden.csv",
    }
    (project / "config" / "config.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    with (project / "raw" / "2021" / "codering.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["answer_id", "codes", "citeerbaar"])
        for response in responses:
            for key in sorted(response):
                if "/" in key and CODEBOOK.question(key.split("/")[1]).type == "open":
                    writer.writerow([f"{response['id']}.{key.split('/')[1]}", "geen", ""])
    (project / "raw" / "2021" / "voorbeelden.csv").write_text(
        "answer_id,volgorde,titel,naam_publiceren\n", encoding="utf-8"
    )


def test_the_exports_of_the_generated_form_are_read_with_no_mapping(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    environment = {**os.environ, "ENQUETE_CHROMIUM": "off"}
    command = [sys.executable, "-m", "enquete", "questionnaire", "--wave", "2021"]
    made = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False, env=environment)
    assert made.returncode == 0, made.stderr
    survey, choices = read_form(project / "vragenlijst" / "2021" / "vragenlijst-2021.xlsx")
    rng = random.Random(2021)
    responses = write_exports(project, survey, choices, rng)
    configure_2021(project, responses)
    wave = yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))["waves"]["2021"]
    assert all("columns" not in source and "values" not in source for source in wave["sources"])

    build = [sys.executable, "-m", "enquete", "build", "--directory", str(project)]
    result = subprocess.run(build, capture_output=True, text=True, check=False, env=environment)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    ledger = pd.read_csv(project / "analysis" / "2021" / "figures.csv", dtype=str)
    by_id = ledger.set_index("figure_id")
    for figure in CODEBOOK.figures:
        if not figure.question:
            continue
        question = CODEBOOK.question(figure.question)
        given = [r.get(f"{question.theme}/{question.id}") for r in responses]
        valid = [int(a) for a in given if a is not None and int(a) not in CODEBOOK.scale_of(question).missing]
        assert int(by_id.loc[figure.id, "base"]) == len(valid), figure.id
        assert int(by_id.loc[figure.id, "count"]) == sum(a in figure.counts for a in valid), figure.id
    assert int(by_id.loc["respons.totaal", "count"]) == 24
    assert int(by_id.loc["respons.telefonisch", "count"]) == 4
