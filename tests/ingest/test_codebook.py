from pathlib import Path

import pytest

from enquete.codebook import load_codebook
from enquete.errors import InputError
from tests.conftest import PROJECT


def test_shipped_codebook_is_valid_and_covers_every_reference_figure() -> None:
    codebook = load_codebook(PROJECT / "codebook" / "codebook.yaml")
    reference = (PROJECT / "reference" / "nulmeting-2017-figures.csv").read_text(encoding="utf-8")
    ids = {line.split(",")[0] for line in reference.splitlines()[1:]}
    figure_ids = {figure.id for figure in codebook.figures}
    assert {i for i in ids if not i.startswith("respons.")} <= figure_ids
    assert [theme.id for theme in codebook.themes] == [
        "toegang",
        "financien",
        "huisvesting",
        "begeleiding",
        "samenwerking",
    ]


def test_codes_are_the_coded_figures(mini: Path) -> None:
    codebook = load_codebook("codebook.yaml")
    assert codebook.code_ids == {"toegang.status.detail", "toegang.geld", "huisvesting.krapte"}


def replace_in(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert old in text
    Path(path).write_text(text.replace(old, new), encoding="utf-8")


def test_a_figure_naming_a_question_that_does_not_exist_stops_with_its_id(mini: Path) -> None:
    replace_in("codebook.yaml", "question: h_woning", "question: h_woningen")
    with pytest.raises(InputError) as raised:
        load_codebook("codebook.yaml")
    message = raised.value.message()
    assert "codebook.yaml" in message
    assert "figures/huisvesting.woning" in message
    assert "h_woningen" in message


def test_a_schema_violation_names_the_place(mini: Path) -> None:
    replace_in(
        "codebook.yaml",
        'base: theme_respondents\n    keywords: ["geld"]',
        'base: everybody\n    keywords: ["geld"]',
    )
    with pytest.raises(InputError) as raised:
        load_codebook("codebook.yaml")
    assert "figures/2/base" in raised.value.message()
    assert "'everybody' is not one of" in raised.value.message()


def test_counting_a_missing_code_is_refused(mini: Path) -> None:
    replace_in(
        "codebook.yaml",
        'counts: [1]\n    base: valid_answer\n    sentence: {one: "herkent B"',
        'counts: [1, 9]\n    base: valid_answer\n    sentence: {one: "herkent B"',
    )
    with pytest.raises(InputError, match="lacks or declares missing"):
        load_codebook("codebook.yaml")


def test_invalid_yaml_is_reported_without_traceback(mini: Path) -> None:
    Path("codebook.yaml").write_text("themes: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_codebook("codebook.yaml")
