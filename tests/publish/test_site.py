from pathlib import Path

from enquete.publish.site import external_assets


def test_external_scripts_stylesheets_and_fonts_are_found(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<html><head><script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/f.css"><link rel="canonical" href="https://ok.example/">'
        '</head><body><a href="https://links.are.fine/">x</a><img src="local.png"></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        "@font-face { src: url(https://fonts.example/f.woff2) }", encoding="utf-8"
    )
    found = external_assets(tmp_path)
    assert ("a.html", "https://cdn.example/x.js") in found
    assert ("a.html", "//fonts.example/f.css") in found
    assert ("b.css", "url(http") in found
    assert len(found) == 3
