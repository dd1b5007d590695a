"""One voice per section: generated sentences give way to the researcher's text that says them,
and every base definition says something its name does not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from enquete.publish.wave_report import BASE_RULE_NAMES, BASE_RULES
from tests.conftest import FIXTURES, PROJECT
from tests.text.test_text_build import build, write

# Every generated response sentence of Aanpak, by the figure(s) whose reference removes it.
RESPONSE_SENTENCES = {
    "respons.uitgenodigd": "De vragenlijst is toegestuurd aan alle",
    "respons.online": "centrumgemeenten hebben de vragenlijst online ingevuld.",
    "respons.telefonisch": "telefonisch gereageerd.",
    "respons.totaal": "In totaal hebben",
    "respons.gedeeltelijk": "compleet ingevuld en",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project whose Aanpak text states the telephone and partial response, and whose
    Toegang text has its own *Wat vonden de rapporten?*."""
    project = tmp_path_factory.mktemp("voice") / "project"
    shutil.copytree(FIXTURES / "mini", project)
    for name in ("Snakefile", "mkdocs.yml", "config/kwantoren.yaml", "config/veranderwoorden.yaml"):
        (project / name).parent.mkdir(exist_ok=True)
        shutil.copy2(PROJECT / name, project / name)
    shutil.copytree(PROJECT / "templates", project / "templates")
    write(
        project,
        "aanpak",
        "## Het veldwerk\n\nOok telefonisch kon men reageren: dat deed "
        '{{ woorden("respons.telefonisch") }} centrumgemeente. Gedeeltelijk ingevuld: '
        '{{ woorden("respons.gedeeltelijk") }}.\n',
    )
    write(project, "toegang", "## Wat vonden de rapporten?\n\nDe rapporten vonden A, in eigen woorden.\n")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow
def test_a_response_sentence_the_text_states_is_not_repeated(project: Path) -> None:
    page = (project / "report/docs/aanpak.md").read_text(encoding="utf-8")
    generated = page.partition("## Respons")[2].partition("| Stap |")[0]
    for figure, sentence in RESPONSE_SENTENCES.items():
        stated = figure in ("respons.telefonisch", "respons.gedeeltelijk")
        assert (sentence in generated) is not stated, figure
    assert "Ook telefonisch kon men reageren" in page
    assert "| Gereageerd: telefonisch | 1 |" in page  # the table keeps every number


@pytest.mark.slow
def test_the_findings_give_way_to_the_researchers_own_section(project: Path) -> None:
    toegang = (project / "report/docs/toegang.md").read_text(encoding="utf-8")
    findings = toegang.partition("## Wat vonden de rapporten?")[2].partition("## Tegen")[0]
    assert "in eigen woorden" in findings and "Bevinding A" not in findings
    huisvesting = (project / "report/docs/huisvesting.md").read_text(encoding="utf-8")
    assert "Bevinding B" in huisvesting  # no text of its own: the codebook's list stays


WORD = re.compile(r"[a-zà-ÿ]+")
STOP = {
    "de",
    "het",
    "een",
    "die",
    "dat",
    "van",
    "en",
    "of",
    "ook",
    "zijn",
    "is",
    "op",
    "in",
    "te",
    "om",
    "dit",
}


def content_stems(text: str) -> set[str]:
    """Words of a text as compared: lower case, without stop words, cut to six letters (so
    'uitgenodigde' and 'uitgenodigd' are one word)."""
    return {word[:6] for word in WORD.findall(text.casefold()) if word not in STOP}


@pytest.mark.parametrize("rule", sorted(BASE_RULES))
def test_every_base_definition_says_more_than_its_name(rule: str) -> None:
    new = content_stems(BASE_RULES[rule]) - content_stems(BASE_RULE_NAMES[rule])
    assert len(new) >= 4, (rule, BASE_RULES[rule])


def test_the_old_empty_definition_would_have_been_caught() -> None:
    said = "alle centrumgemeenten die zijn uitgenodigd"
    assert len(content_stems(said) - content_stems("Alle uitgenodigde centrumgemeenten")) < 4
