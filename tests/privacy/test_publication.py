"""What reaches the public site: no respondent markup, no contact details, no stray names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workflow.test_end_to_end import checksums
from tests.workflow.test_failures import build, mini_project

ATTACK = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [klik](javascript:alert(3)) "
    "# Kop | a | b | *nadruk* en **vet** gaan over geld"
)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return mini_project(tmp_path / "project")


@pytest.mark.slow
def test_respondent_text_shows_literally_and_never_becomes_markup(project: Path) -> None:
    replace(project / "online.csv", "Er is een detail en te weinig geld.", ATTACK)
    replace(project / "voorbeelden.csv", "Voorbeeld Aastad", "*Titel* [link](javascript:alert(4))")
    result = build(project)
    assert result.returncode == 0, result.stderr
    for page in ("toegang.html", "voorbeelden.html"):
        html = (project / "site" / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert 'href="javascript:' not in html
        assert "<em>nadruk</em>" not in html and "<strong>vet</strong>" not in html
        assert "<em>Titel</em>" not in html
        assert "*Titel* [link](javascript:alert(4))" in html
    toegang = (project / "site/toegang.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in toegang
    assert "[klik](javascript:alert(3)) # Kop | a | b | *nadruk* en **vet**" in toegang
    assert "<h1>Kop" not in toegang and 'id="kop"' not in toegang


@pytest.mark.slow
def test_quotes_are_anonymised_on_the_page(project: Path) -> None:
    replace(
        project / "online.csv",
        "Geld is een probleem.",
        "Bel Anna Aalders (a.aalders@aastad.example.nl) in Ceeveen.",
    )
    replace(project / "codering.csv", "12.t_knelpunten,toegang.geld,,", "12.t_knelpunten,toegang.geld,ja,")
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/toegang.html").read_text(encoding="utf-8")
    assert "Bel [persoon] ([e-mail]) in [gemeente]." in page
    assert "Anna Aalders" not in page and "Ceeveen" not in page


@pytest.mark.slow
def test_the_gate_stops_contact_details_and_a_gemeente_name_the_consent_does_not_cover(project: Path) -> None:
    assert build(project).returncode == 0
    before = checksums(project)
    # Aastad consented to publishing its example under its name; that covers neither
    # the contact's e-mail address nor another gemeente's name in the example's text.
    replace(
        project / "online.csv",
        "Een goed voorbeeld uit Aastad.",
        "Een goed voorbeeld uit Aastad. Mail a.aalders@aastad.example.nl of vraag het Ceeveen.",
    )
    result = build(project)
    assert result.returncode == 1
    assert (
        "toegang.html: e-mailadres on a published page; found 'a.aalders@aastad.example.nl'" in result.stderr
    )
    assert "toegang.html: gemeentenaam on a published page; found 'Ceeveen'" in result.stderr
    assert "gemeentenaam on a published page; found 'Aastad'" not in result.stderr
    assert checksums(project) == before


@pytest.mark.slow
def test_a_name_is_published_only_with_its_consented_example(project: Path) -> None:
    replace(project / "voorbeelden.csv", "Voorbeeld Aastad,Aastad", "Voorbeeld Aastad,")
    result = build(project)
    assert result.returncode == 1
    assert "gemeentenaam on a published page; found 'Aastad'" in result.stderr
