"""A hostile site name or navigation title reaches both engines' navigation as text.

Each example builds a small site with Material for MkDocs and with Zensical through the site
step (`build_site`): the generated settings escape the titles, the site step repairs and
checks the built pages, the gate's page check finds nothing that can run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from enquete.privacy.page_safety import unsafe_markup
from enquete.publish.site import build_site
from enquete.publish.site_titles import escaped, escaped_settings
from tests.reader_text import visible_text

PROJECT = Path(__file__).resolve().parents[2]
ENGINES = ("mkdocs", "zensical")
HOSTILE = [
    "Rapport <i>schuin</i>",
    "<script>alert(1)</script> start",
    "Citaat \"dubbel\" en 'enkel'",
    "Entiteiten &amp; &lt;b&gt; &#60;i&#62; & <",
    "Knelpunt <a href=javascript:alert(2)>A</a>",
    "<img src=x onerror=alert(3)>",
]
pieces = st.sampled_from(["<i>", "</i>", "<script>", "</script>", "&amp;", "&#60;", "&", "<", '"', "'", "/"])
hostile_titles = st.lists(
    pieces | st.text(alphabet="abcé ", min_size=1, max_size=3), min_size=2, max_size=6
).map(lambda parts: "T " + "".join(parts))


def small_site(folder: Path, site_name: str, titles: list[str]) -> Path:
    """A report folder as the render stage writes it: docs, overrides, the generated mkdocs.yml."""
    docs = folder / "docs"
    (docs / "archief").mkdir(parents=True)
    shutil.copytree(PROJECT / "templates/overrides", folder / "overrides")
    pages = [f"p{number}.md" for number in range(len(titles))]
    for page in pages:
        (docs / page).write_text("# Kop\n\nTekst.\n", encoding="utf-8")
    (docs / "index.md").write_text("# Samenvatting\n\nTekst.\n", encoding="utf-8")
    kop = escaped(f"{site_name} <i>archief</i>")  # as the render stage writes it
    (docs / "archief/index.md").write_text(f"---\nkop: '{kop}'\n---\n# Oud\n\nTekst.\n", encoding="utf-8")
    nav = [{"Samenvatting": "index.md"}, *({title: page} for title, page in zip(titles, pages, strict=True))]
    nav.append({f"Archief: {titles[0]}": [{titles[-1]: "archief/index.md"}]})
    config = {
        "site_name": site_name,
        "docs_dir": "docs",
        "use_directory_urls": False,
        "theme": {"name": "material", "language": "nl", "custom_dir": "overrides", "font": False},
        "plugins": ["search"],
        "nav": nav,
        "extra": {"titel": site_name.rpartition(" — ")[0] or site_name},
    }
    path = folder / "mkdocs.yml"
    path.write_text(
        yaml.safe_dump(escaped_settings(config), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def check_titles_are_text(site: Path, titles: list[str], elsewhere: tuple[str, ...] = ()) -> None:
    """Every title (and each text of `elsewhere`) is never raw markup and never shown escaped
    twice on any page; every title is in the navigation as written."""
    pages = sorted(site.rglob("*.html"))
    assert pages
    for path in pages:
        source = path.read_text(encoding="utf-8")
        shown = visible_text(source)  # text and the attributes a screen reader reads
        assert unsafe_markup(source) == [], path.name
        for title in [*titles, *elsewhere]:
            if "<" in title:
                assert title not in source, (path.name, title)  # never raw markup
            if escaped(title) != title:
                assert escaped(title) not in shown, (path.name, title)  # never shown escaped twice
    index = (site / "index.html").read_text(encoding="utf-8")
    navigation = visible_text("<nav " + index.partition('class="md-nav md-nav--primary"')[2])
    for title in titles:
        assert " ".join(title.split()) in navigation, title  # shown as written (spaces collapsed)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_hostile_titles_of_the_issue_are_text_in_the_navigation(tmp_path: Path, engine: str) -> None:
    site_name = f"{HOSTILE[0]} — Meting <b>2019</b>"
    config = small_site(tmp_path / "report", site_name, HOSTILE)
    build_site(config, tmp_path / "site", 1538395200, engine=engine)
    check_titles_are_text(
        tmp_path / "site", [site_name, *HOSTILE], elsewhere=(f"{site_name} <i>archief</i>", "<i>archief</i>")
    )
    archived = visible_text((tmp_path / "site/archief/index.html").read_text(encoding="utf-8"))
    assert archived.count(f"{site_name} <i>archief</i>") >= 2  # header and sidebar name the wave
    header = (tmp_path / "site/p1.html").read_text(encoding="utf-8").partition('class="md-ellipsis kop">')[2]
    header = header.partition("</div>")[0]
    assert visible_text(header) == f"{HOSTILE[0]} — Meting <b>2019</b>"  # title and wave, as text
    assert '<span class="kop-meting">Meting &lt;b&gt;2019&lt;/b&gt;</span>' in " ".join(header.split())
    generator = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert ("zensical" in generator) == (engine == "zensical")  # the engine asked for built it


# Each example is two real builds (~3 s): few examples, and no shrinking, which would rebuild
# for minutes; a failure still prints the titles that failed.
@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(site_name=hostile_titles, titles=st.lists(hostile_titles, min_size=2, max_size=3, unique=True))
def test_generated_hostile_titles_are_text_under_both_engines(
    tmp_path_factory: pytest.TempPathFactory, site_name: str, titles: list[str]
) -> None:
    for engine in ENGINES:
        folder = tmp_path_factory.mktemp(engine)
        config = small_site(folder / "report", site_name, titles)
        build_site(config, folder / "site", 1538395200, engine=engine)
        check_titles_are_text(folder / "site", [site_name, *titles])
