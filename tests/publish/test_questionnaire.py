"""The questionnaire generated from the codebook: an XLSForm that pyxform (ODK, KoboToolbox)
converts, with the codebook's ids and codes; a printed version with the code beside each answer."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from pyxform.xls2xform import convert

from enquete.codebook import Codebook, load_codebook
from enquete.errors import InputError
from enquete.instrument.printed import Interview, questionnaire_html
from enquete.instrument.xlsform import xlsform_workbook
from enquete.publish.browser import find_chromium
from tests.conftest import PROJECT

DEMO = PROJECT / "codebook" / "codebook-2019.yaml"
GEMEENTEN = ["Amberdijk", "'s-Hertogenbosch", "Den Haag", "Súdwest-Fryslân"]
EPOCH = 1_600_000_000


def codebook_variant(tmp: Path, change) -> Codebook:
    """The demo codebook with `change` applied to its YAML data, loaded as the build loads it."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    change(data)
    path = tmp / f"codebook-{uuid.uuid4().hex}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_codebook(path)


def xform(codebook: Codebook, tmp: Path) -> str:
    """The XForm pyxform makes of the generated XLSForm; a warning is a failure too."""
    path = tmp / f"form-{uuid.uuid4().hex}.xlsx"
    path.write_bytes(xlsform_workbook(codebook, GEMEENTEN, "2021", "Knelpunten", EPOCH))
    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings)
    assert warnings == []
    root = re.search(r'<instance><(\w+) id="enquete_2021" version="[^"]+">', result.xform)
    assert root is not None
    return result.xform.replace(f"/{root[1]}/", "/ROOT/")


def follow_up(data: dict, question: str, parent: str, answers: list[int]) -> None:
    for entry in data["questions"]:
        if entry["id"] == question:
            entry["asked_if"] = {"question": parent, "answers": answers}


@pytest.mark.parametrize("name", ["codebook.yaml", "codebook-2019.yaml"])
def test_the_shipped_codebooks_become_a_form_pyxform_converts(name: str, tmp_path: Path) -> None:
    codebook = load_codebook(PROJECT / "codebook" / name)
    form = xform(codebook, tmp_path)
    for theme in codebook.themes:  # each theme a group named by its id, its questions inside it
        assert f'<group ref="/ROOT/{theme.id}">' in form
        for question in codebook.questions_of(theme.id):
            assert f'ref="/ROOT/{theme.id}/{question.id}"' in form
    for scale_name, scale in codebook.scales.items():  # each scale a choice list with the codebook's codes
        instance = re.search(rf'<instance id="{scale_name}">(.*?)</instance>', form, re.S)
        assert instance is not None
        items = re.findall(r"<name>(.*?)</name><label>(.*?)</label>", instance[1])
        assert items == [(str(code), label) for code, label in scale.values.items()]
    assert "<name>9</name><label>Weet niet / geen antwoord</label>" in form
    assert "relevant=" not in form  # the shipped questionnaires have no follow-up questions
    names = re.findall(
        r"<name>(.*?)</name>", re.search(r'<instance id="gemeente">(.*?)</instance>', form, re.S)[1]
    )
    assert names == GEMEENTEN  # in the order given, the names themselves as values


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_follow_up_question_is_asked_only_after_its_answers(tmp_path: Path, data: st.DataObject) -> None:
    base = load_codebook(DEMO)
    closed = [q for q in base.questions[:-1] if q.is_closed]
    parent = data.draw(st.sampled_from(closed))
    later = base.questions[base.questions.index(parent) + 1 :]
    question = data.draw(st.sampled_from(later))
    codes = sorted(base.scale_of(parent).values)
    answers = data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=len(codes), unique=True))
    codebook = codebook_variant(tmp_path, lambda d: follow_up(d, question.id, parent.id, answers))
    form = xform(codebook, tmp_path)
    binds = re.findall(r'<bind nodeset="([^"]+)"[^>]*?relevant="([^"]+)"', form)
    assert len(binds) == 1
    node, condition = binds[0]
    assert node == f"/ROOT/{question.theme}/{question.id}"
    parent_path = f"/ROOT/{parent.theme}/{parent.id}"
    assert [code for path, code in re.findall(r"selected\( *([^ ,]+) *, *'(\d+)'\)", condition)] == [
        str(code) for code in answers
    ]
    assert set(re.findall(r"selected\( *([^ ,]+) *,", condition)) == {parent_path}


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="${}"),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() == text and text.strip())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_question_text_reaches_form_and_paper_as_text(tmp_path: Path, text: str) -> None:
    def reword(data: dict) -> None:
        data["questions"][0]["text"] = text

    codebook = codebook_variant(tmp_path, reword)
    form = xform(codebook, tmp_path)
    assert "<label>" in form  # converted: a text such as '=SUM(A1)' or '<script>' is no formula, no markup
    page = questionnaire_html(codebook, "2021", "Knelpunten", Interview(), "raw/2021/telefonisch.csv")
    assert str(escape(text)) in page


@pytest.mark.parametrize(
    ("parent", "answers", "found"),
    [
        ("t_onbekend", [1], "t_onbekend"),  # no such question
        ("t_knelpunten", [1], "t_knelpunten"),  # an open question
        ("s_samenwerking", [1], "s_samenwerking"),  # comes after the follow-up
        ("t_verblijfsstatus", [1, 4], "[4]"),  # a code its scale lacks
    ],
)
def test_skip_logic_the_codebook_cannot_mean_is_refused(
    tmp_path: Path, parent: str, answers: list[int], found: str
) -> None:
    with pytest.raises(InputError) as refused:
        codebook_variant(tmp_path, lambda d: follow_up(d, "t_beschikking_actie", parent, answers))
    message = refused.value.message()
    assert "questions/t_beschikking_actie/asked_if" in message
    assert f"found '{found}'" in message or found in message


def test_the_printed_questionnaire_has_every_question_with_its_column_and_codes(tmp_path: Path) -> None:
    codebook = codebook_variant(
        tmp_path, lambda d: follow_up(d, "t_beschikking_actie", "t_beschikking", [1, 2])
    )
    page = questionnaire_html(codebook, "2021", "Knelpunten", Interview(), "raw/2021/telefonisch.csv")
    for number, question in enumerate(codebook.questions, start=1):
        assert f"Vraag {number}. {escape(question.text)}" in page
        assert f"kolom {question.id}" in page
    toegang = page[page.index('id="t_verblijfsstatus"') :]
    toegang = toegang[: toegang.index("</table>")]
    assert re.findall(r"<td>([^<]+)</td><td class=\"code\">(\d+)</td>", toegang) == [
        ("Ja, herkennen wij", "1"),
        ("Nee, herkennen wij niet", "2"),
        ("Weet niet / geen antwoord", "9"),
    ]
    assert "Alleen stellen als het antwoord op vraag 2 ‘Ja, is een knelpunt’ (code 1) of" in page
    header = "id,gemeente,datum_gesprek,contactpersoon,interviewer," + ",".join(
        q.id for q in codebook.questions
    )
    assert header in page


def project_copy(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    for name in ("config", "codebook", "raw"):
        shutil.copytree(PROJECT / name, target / name)
    return target


def questionnaire(project: Path, *arguments: str, chromium: str = "off") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enquete", "questionnaire", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "ENQUETE_CHROMIUM": chromium},
    )


def test_the_command_writes_the_same_questionnaire_every_time(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    first = questionnaire(project, "--wave", "2021")
    assert first.returncode == 0, first.stderr
    assert "codebook/codebook-2019.yaml" in first.stdout and "no PDF" in first.stdout
    folder = project / "vragenlijst" / "2021"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert sorted(before) == ["vragenlijst-2021.html", "vragenlijst-2021.xlsx"]
    assert questionnaire(project, "--wave", "2021").returncode == 0
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    # A codebook of the wave's own is preferred once it exists.
    shutil.copy(project / "codebook" / "codebook.yaml", project / "codebook" / "codebook-2021.yaml")
    assert "codebook/codebook-2021.yaml" in questionnaire(project, "--wave", "2021").stdout


@pytest.mark.parametrize("year", ["21", "twintig", "2021a", ""])
def test_a_wave_that_is_no_year_is_refused_plainly(tmp_path: Path, year: str) -> None:
    result = questionnaire(project_copy(tmp_path), "--wave", year)
    assert result.returncode == 1
    assert "--wave" in result.stderr and "not a wave's year" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
def test_the_pdf_has_every_question_and_its_codes(tmp_path: Path) -> None:
    from pypdf import PdfReader

    project = project_copy(tmp_path)
    result = questionnaire(project, "--wave", "2021", chromium=str(find_chromium()))
    assert result.returncode == 0, result.stderr
    pdf = project / "vragenlijst" / "2021" / "vragenlijst-2021.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = re.sub(r"\s+", " ", text)
    for question in load_codebook(DEMO).questions:
        assert f"kolom {question.id}" in text
    assert "Weet niet / geen antwoord 9" in text


def test_skip_logic_is_part_of_a_figures_definition(tmp_path: Path) -> None:
    """A follow-up is asked of fewer gemeenten: its figures' base changes, so the comparison
    needs the crosswalk to say whether they stay comparable; other figures are untouched."""
    from enquete.analysis.comparison import definition

    before = load_codebook(DEMO)
    after = codebook_variant(tmp_path, lambda d: follow_up(d, "t_beschikking_actie", "t_beschikking", [1, 2]))
    changed = [f.id for f in before.figures if definition(f, before) != definition(after.figure(f.id), after)]
    assert changed == ["toegang.beschikking.actie"]
