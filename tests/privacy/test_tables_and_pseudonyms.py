import io
import zipfile
from pathlib import Path

import pandas as pd

from enquete.privacy.pseudonyms import pseudonym, pseudonyms_for
from enquete.tables import csv_bytes, write_xlsx, xlsx_bytes

EPOCH = 1538395200  # 2018-10-01 12:00 UTC


def test_csv_uses_unix_line_ends_and_utf8() -> None:
    data = csv_bytes(pd.DataFrame({"a": ["cliënt"], "b": [1]}))
    assert data == "a,b\ncliënt,1\n".encode()


def test_xlsx_carries_the_fixed_moment_not_the_clock() -> None:
    data = xlsx_bytes({"Cijfers": pd.DataFrame({"a": [1, 2]})}, EPOCH)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {info.date_time for info in archive.infolist()} == {(2018, 10, 1, 12, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert "2018-10-01T12:00:00Z" in core
    assert core.count("2018-10-01T12:00:00Z") == 2  # created and modified
    assert pd.read_excel(io.BytesIO(data))["a"].tolist() == [1, 2]


def test_pseudonyms_are_stable_and_depend_on_the_key() -> None:
    assert pseudonym(b"k" * 16, "CG01") == pseudonym(b"k" * 16, "CG01")
    assert pseudonym(b"k" * 16, "CG01") != pseudonym(b"q" * 16, "CG01")
    mapping = pseudonyms_for(b"k" * 16, ["CG01", "CG02"])
    assert all(p.startswith("G-") and len(p) == 8 for p in mapping.values())


def test_a_remembered_workbook_is_the_one_a_fresh_write_gives(tmp_path: Path) -> None:

    sheets = {"Tabel": pd.DataFrame({"a": ["=1+1", "x"], "b": [1.5, 2.0]})}
    write_xlsx(sheets, tmp_path / "vers.xlsx", EPOCH)
    write_xlsx(sheets, tmp_path / "eerste.xlsx", EPOCH, cache=tmp_path / "cache")
    write_xlsx(sheets, tmp_path / "eerste.xlsx", EPOCH, cache=tmp_path / "cache")
    assert (tmp_path / "eerste.xlsx").read_bytes() == (tmp_path / "vers.xlsx").read_bytes()


def test_a_changed_frame_or_a_damaged_cache_writes_anew(tmp_path: Path) -> None:

    cache, path = tmp_path / "cache", tmp_path / "cijfers.xlsx"
    write_xlsx({"Tabel": pd.DataFrame({"a": ["oud"]})}, path, EPOCH, cache=cache)
    write_xlsx({"Tabel": pd.DataFrame({"a": ["nieuw"]})}, path, EPOCH, cache=cache)
    assert "nieuw" in str(pd.read_excel(path)["a"].tolist())
    (cache / "cijfers.xlsx").write_bytes(b"kapot")
    write_xlsx({"Tabel": pd.DataFrame({"a": ["nieuw"]})}, path, EPOCH, cache=cache)
    assert pd.read_excel(path)["a"].tolist() == ["nieuw"]
    first = path.read_bytes()
    write_xlsx({"Tabel": pd.DataFrame({"a": ["nieuw"]})}, path, EPOCH + 86400, cache=cache)
    write_xlsx({"Tabel": pd.DataFrame({"a": ["nieuw"]})}, tmp_path / "vers.xlsx", EPOCH + 86400)
    assert path.read_bytes() == (tmp_path / "vers.xlsx").read_bytes() != first
