import datetime as dt
import re
from pathlib import Path

import pytest

from enquete.config import load_config
from enquete.errors import InputError
from tests.conftest import PROJECT


def test_shipped_configuration_has_the_2017_wave_with_its_reference() -> None:
    config = load_config(PROJECT / "config" / "config.yaml")
    wave = config.waves["2017"]
    assert [source.mode for source in wave.sources] == ["online", "telefonisch"]
    assert wave.reference == "reference/nulmeting-2017-figures.csv"
    assert "reconstructie" in wave.demo_notice


def test_publication_date_fixes_the_build_epoch(mini: Path) -> None:
    wave = load_config("config.yaml").waves["2017"]
    assert wave.published == dt.date(2018, 10, 1)
    assert wave.source_date_epoch == 1538395200  # 2018-10-01 12:00 UTC


def test_a_wave_must_be_named_by_its_year(mini: Path) -> None:
    text = Path("config.yaml").read_text(encoding="utf-8").replace('"2017":', '"nulmeting":')
    Path("config.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="does not match"):
        load_config("config.yaml")


def test_a_missing_configuration_file_is_named(mini: Path) -> None:
    with pytest.raises(InputError, match=re.escape("elders.yaml: the configuration is missing")):
        load_config("elders.yaml")


def test_the_configuration_is_parsed_once_while_its_file_is_unchanged(tmp_path, monkeypatch) -> None:
    import enquete.config

    source = (PROJECT / "config" / "config.yaml").read_text(encoding="utf-8")
    path = tmp_path / "config.yaml"
    path.write_text(source, encoding="utf-8")
    parsed: list[object] = []
    original = enquete.config.read_validated_yaml

    def counting(*args, **kwargs):
        parsed.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(enquete.config, "read_validated_yaml", counting)
    first = enquete.config.load_config(path)
    assert enquete.config.load_config(path) is first
    assert len(parsed) == 1
    path.write_text(source.replace("title:", "title: Nieuw —", 1), encoding="utf-8")
    assert enquete.config.load_config(path) is not first
    assert len(parsed) == 2
