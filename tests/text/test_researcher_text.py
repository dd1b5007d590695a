"""The researcher-text engine on hand-made figures: references, refusals, HTML, sentences."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from enquete.errors import InputError
from enquete.text.quantifiers import load_quantifier_table
from enquete.text.references import Figures, Value
from enquete.text.text_origin import source_wave, start_wave_text
from enquete.text.wave_text import changed_since_source, load_wave_text, sentence_table
from tests.conftest import PROJECT

THEMES = ["toegang", "huisvesting"]


def figures(previous_year: str = "", **changed: Value) -> Figures:
    current = {
        "toegang.verblijfsstatus": Value(13, 23),
        "toegang.beschikking": Value(10, 23, final=False),
        "samenwerking.loopt_goed": Value(8, 18),
        "respons.uitgenodigd": Value(35, None),
        "toegang.een": Value(1, 23),
    } | changed
    previous: dict[str, Value | str] = {
        "toegang.verblijfsstatus": Value(12, 22),
        "toegang.beschikking": "gewijzigd",
    }
    return Figures(current, previous if previous_year else {}, previous_year)


class Elements(HTMLParser):
    """The tags and attributes of an HTML text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project with the shipped quantifier table, as the working directory."""
    (tmp_path / "config").mkdir()
    for table in ("kwantoren.yaml", "veranderwoorden.yaml"):
        shutil.copy2(PROJECT / "config" / table, tmp_path / "config" / table)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(year: str, page: str, text: str) -> None:
    path = Path("tekst") / year / f"{page}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def refusal(year: str = "2017", numbers: Figures | None = None, concept: bool = False) -> str:
    with pytest.raises(InputError) as error:
        load_wave_text(year, THEMES, numbers or figures(), concept)
    return error.value.message()


SECTION = "## Tegen welke knelpunten lopen gemeenten aan?\n\n"


def test_the_spec_message_for_a_quantifier_that_does_not_fit(project: Path) -> None:
    write(
        "2021",
        "toegang",
        SECTION + 'Ook nu zien de meeste centrumgemeenten ({{ cijfer("toegang.verblijfsstatus") }})\nhet.\n',
    )
    message = refusal("2021", figures(**{"toegang.verblijfsstatus": Value(11, 24)}))
    expected = (
        "tekst/2021/toegang.md, line 3: 'de meeste centrumgemeenten' does not fit "
        "toegang.verblijfsstatus = 11 van 24 (46 %)"
    )
    assert expected in message


def test_a_fitting_quantifier_renders_the_figure(project: Path) -> None:
    write(
        "2017",
        "toegang",
        SECTION + 'De meeste centrumgemeenten ({{ cijfer("toegang.verblijfsstatus") }}) zien het.',
    )
    text = load_wave_text("2017", THEMES, figures())
    html = str(text.part("toegang", "knelpunten"))
    assert "De meeste centrumgemeenten (13 van 23) zien het." in html


@pytest.mark.parametrize(
    ("sentence", "fits"),
    [
        ('Ongeveer de helft ({{ cijfer("samenwerking.loopt_goed") }}) is tevreden.', True),
        ('Een minderheid ({{ cijfer("samenwerking.loopt_goed") }}) is tevreden.', True),
        ('Vrijwel alle gemeenten ({{ cijfer("toegang.verblijfsstatus") }}) zien het.', False),
        ('Een enkele gemeente ({{ cijfer("toegang.een") }}) doet het.', True),
        ('Enkele gemeenten ({{ cijfer("toegang.een") }}) doen het.', False),
        ('Geen enkele gemeente ({{ cijfer("toegang.een") }}) doet het.', False),
        ('Alle gemeenten ({{ cijfer("toegang.verblijfsstatus") }}) doen het.', False),
        # the nearest reference counts: 'de meeste' goes with 13 van 23, not with 8 van 18
        (
            'De meeste ({{ cijfer("toegang.verblijfsstatus") }}) en verder '
            'nog heel veel woorden ertussen ({{ cijfer("samenwerking.loopt_goed") }}).',
            True,
        ),
    ],
)
def test_quantifiers_are_checked_against_the_nearest_reference(
    project: Path, sentence: str, fits: bool
) -> None:
    write("2017", "toegang", SECTION + sentence)
    if fits:
        load_wave_text("2017", THEMES, figures())
    else:
        assert "does not fit" in refusal()


def test_a_quantifier_in_another_sentence_is_not_paired(project: Path) -> None:
    write(
        "2017",
        "toegang",
        SECTION + 'Bijna alle gemeenten zien het. Zo {{ cijfer("samenwerking.loopt_goed") }}.',
    )
    message = refusal()
    assert (
        "'Bijna alle gemeenten' claims a share of the respondents, but its sentence has no reference"
        in message
    )
    assert "does not fit" not in message  # not read against the next sentence's figure


def test_typed_counts_stop_the_build_naming_file_line_and_text(project: Path) -> None:
    write(
        "2017",
        "huisvesting",
        "Inleiding.\n\nIn 2017 meldden\u00a0tien gemeen\u00adten en 3 van de 23 iets.\n",
    )
    message = refusal()
    assert "tekst/2017/huisvesting.md, line 3: a count is typed, not referenced" in message
    assert "found 'tien gemeen\\xadten'" in message  # the soft hyphen shown, not hidden
    assert "found '3 van de 23'" in message


def test_respondent_free_numbers_are_allowed(project: Path) -> None:
    write(
        "2017",
        "aanleiding",
        "## Achtergrond\n\nSinds de Wmo 2015 en op 1 januari 2017 hebben gemeenten taken; zie hoofdstuk 3."
        "[^1] De 2e gemeente en 35 jaar ervaring, [zie](https://example.nl/13-gemeenten.pdf)."
        "\n\n[^1]: Kamerstuk 29 325 over gemeenten.\n",
    )
    load_wave_text("2017", THEMES, figures())


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{{ cijfer("bestaat.niet") }}', "line 1: unknown figure 'bestaat.niet'"),
        ('Regel een.\n{{ cijfer("toegang.verblijfsstatus" }}', "line 2: reference syntax error"),
        ('{{ vorige("toegang.verblijfsstatus") }}', "this is the first wave"),
        ('{{ tel("toegang.verblijfsstatus") }}', "unknown function tel()"),
        ("{{ cijfer.__class__ }}", "not a Getattr expression"),
        ("{% for x in y %}{{ x }}{% endfor %}", "not a Jinja statement"),
        ('{{ basis("respons.uitgenodigd") }}', "this figure has no base"),
        ("{{ aantal(figuur) }}", "takes a figure id in quotes"),
    ],
)
def test_bad_references_name_file_and_line(project: Path, source: str, message: str) -> None:
    write("2017", "aanpak", source + "\n")
    text = refusal()
    assert "tekst/2017/aanpak.md, " in text and message in text


def test_vorige_shows_the_previous_wave_or_says_why_not(project: Path) -> None:
    write("2019", "aanpak", 'Eerder {{ vorige("toegang.verblijfsstatus") }}.\n')
    text = load_wave_text("2019", THEMES, figures("2017"))
    assert "Eerder 12 van 22." in str(text.part("aanpak"))
    write("2019", "aanpak", 'Eerder {{ vorige("toegang.beschikking") }}.\n')
    assert "not comparable with 2017 (gewijzigd)" in refusal("2019", figures("2017"))


def test_every_form_of_a_reference(project: Path) -> None:
    forms = ["cijfer", "aantal", "woorden", "Woorden", "basis", "procent"]
    write("2017", "aanpak", " · ".join(f'{{{{ {f}("toegang.verblijfsstatus") }}}}' for f in forms) + "\n")
    html = str(load_wave_text("2017", THEMES, figures()).part("aanpak"))
    assert "13 van 23 · 13 · dertien · Dertien · 23 · 57 procent" in html


def test_other_headings_stop_the_build(project: Path) -> None:
    write(
        "2017",
        "toegang",
        "Intro.\n\n## wat vonden de  RAPPORTEN?\n\nA.\n\n## Iets anders\n\nB.\n\n"
        "## Wat vonden de rapporten?\n",
    )
    message = refusal()
    assert (
        "tekst/2017/toegang.md, line 7: heading is not a section of a theme page; found '## Iets anders'"
        in message
    )
    assert "line 11: heading used twice" in message


def test_a_file_for_no_page_is_refused(project: Path) -> None:
    write("2017", "toegnag", "Tekst.\n")
    assert "tekst/2017/toegnag.md: is not a page of the report" in refusal()


def test_markup_that_could_execute_is_removed(project: Path) -> None:
    write(
        "2017",
        "toegang",
        SECTION + 'Zie <script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">dit</a> '
        "en [dat](javascript:alert(2)) <img src=x onerror=alert(3)>.\n\n"
        "### Kop &lt;img src=x onerror=alert(d)&gt; {: onclick=alert(e) }\n\n"
        "Meer.[^1] [Aanpak](aanpak.md)\n\n[^1]: Noot.\n",
    )
    part = str(load_wave_text("2017", THEMES, figures()).part("toegang", "knelpunten"))
    page = markdown.markdown(part, extensions=["attr_list", "md_in_html", "toc"])  # as MkDocs reads it
    elements = Elements()
    elements.feed(page)
    assert elements.tags <= {"div", "p", "a", "sup", "hr", "ol", "li", "h3"}, elements.tags
    assert all(not name.startswith("on") for name, _ in elements.attributes)
    assert all(not value.startswith("javascript") for _, value in elements.attributes)
    assert "Kop &lt;img src=x onerror=alert(d)&gt; {: onclick=alert(e) }</h3>" in page  # shown as text
    assert 'href="aanpak.html"' in page and 'id="toegang-knelpunten-fn-1"' in page


def test_concept_marks_provisional_figures_for_eye_and_screen_reader(project: Path) -> None:
    write(
        "2017",
        "aanpak",
        'Eerst {{ cijfer("toegang.beschikking") }}, dan {{ cijfer("toegang.verblijfsstatus") }}.\n',
    )
    html = str(load_wave_text("2017", THEMES, figures(), concept=True).part("aanpak"))
    assert '<mark class="voorlopig">10 van 23 <small>(voorlopig)</small></mark>, dan 13 van 23.' in html
    assert "voorlopig" not in str(load_wave_text("2017", THEMES, figures()).part("aanpak"))


def test_missing_text_is_listed_and_sentences_keep_their_lines(project: Path) -> None:
    lines = [
        "Intro.",
        "",
        "## Wat vonden de rapporten?",
        "",
        "De rapporten ({{ cijfer(",
        '"toegang.een") }}).',
    ]
    write("2017", "toegang", "\n".join([*lines, 'Nu {{ aantal("toegang.een") }} gemeente.', ""]))
    text = load_wave_text("2017", THEMES, figures())
    assert (
        "tekst/2017/toegang.md: geen tekst onder '## Tegen welke knelpunten lopen gemeenten aan?'"
        in text.missing
    )
    assert "tekst/2017/aanleiding.md: geen tekst" in text.missing
    table = sentence_table(text)
    assert list(table["regel"]) == [5, 7]
    assert list(table["zin"]) == ["De rapporten (1 van 23).", "Nu 1 gemeente."]
    assert table["cijfers"][1] == "aantal(toegang.een) = 1"


def test_a_new_wave_lists_copied_sentences_whose_figures_changed(project: Path) -> None:
    write(
        "2019",
        "toegang",
        SECTION + 'Zo {{ cijfer("toegang.verblijfsstatus") }}. En {{ cijfer("toegang.een") }}.\n',
    )
    start_wave_text("2021", "2019", Path("tekst"))
    assert source_wave("2021", Path("tekst")) == "2019"
    old = load_wave_text("2019", THEMES, figures())
    moved = figures(**{"toegang.verblijfsstatus": Value(11, 24)})
    new = load_wave_text("2021", THEMES, moved, concept=True, source_text=old)
    listed = "tekst/2021/toegang.md, line 3: toegang.verblijfsstatus: 13 van 23 → 11 van 24 — 'Zo 11 van 24.'"
    (line,) = changed_since_source(new, old)
    assert line.startswith(listed + " (bevestigen: toegang.md#")
    assert [stale.line() for stale in new.stale] == [line]
    # A final build refuses it (the confirmation key in the message); a concept build marks it.
    with pytest.raises(InputError, match="copied unedited from 2019, but its figures changed"):
        load_wave_text("2021", THEMES, moved, source_text=old)
    assert '<mark class="te-herschrijven">11 van 24 <small>(te herschrijven)</small></mark>' in str(
        new.part("toegang", "knelpunten")
    )
    with pytest.raises(InputError, match="already holds text"):
        start_wave_text("2021", "2019", Path("tekst"))


def test_the_quantifier_table_is_validated(project: Path) -> None:
    Path("config/kwantoren.yaml").write_text("kwantoren:\n  - woorden: [de meeste]\n    aandeel_boven: 0.5\n")
    with pytest.raises(InputError, match="does not match its schema"):
        load_quantifier_table()
    Path("config/kwantoren.yaml").write_text(
        "kwantoren:\n  - {woorden: [de meeste], aantal: 1}\n  - {woorden: [De  Meeste], aantal: 2}\n"
    )
    with pytest.raises(InputError, match="a quantifier is listed twice"):
        load_quantifier_table()
