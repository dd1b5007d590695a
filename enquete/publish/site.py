"""Building the static site with its engine (`enquete.publish.engines`), atomically.

The site is built (by MkDocs in this process, by Zensical in a child process) into a fresh
sibling directory and swapped into place only when the build succeeded, so a failed build
leaves the previous site exactly as it was. The site step then repairs and checks the site
name and navigation titles over the built pages (`enquete.publish.site_titles`), the same
for either engine.
`SOURCE_DATE_EPOCH` pins the dates MkDocs writes (sitemap), so reruns are byte-identical.
The report's PDF is printed from the staged print page (`enquete.publish.pdf`), then the publication
gate (`enquete.privacy.gate`) reads everything staged, PDFs included, and only then the swap happens.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from enquete.config import Config
from enquete.errors import InputError, Problem
from enquete.publish.compiled_templates import with_compiled_templates
from enquete.publish.engines import DEFAULT, chosen_engine, run_zensical
from enquete.publish.pdf import PDF_PLAN, make_pdfs
from enquete.publish.pdf_follow_up import place_printed_pdfs, remember_pending
from enquete.publish.site_titles import live_titles, repair_pages, titles_of

FORBIDDEN_PREFIXES = ("http://", "https://", "//")


def build_site(
    config_file: Path | str,
    site_dir: Path | str,
    epoch: int,
    gate: Callable[..., list[Problem]] | None = None,
    engine: str = DEFAULT,
    pdfs_later: bool = False,
) -> None:
    """Build, check, print and gate the site in a staging folder; swap it in when all passed.

    With `pdfs_later` (watch mode) only the PDFs already printed for these very pages are
    published with it; the rest follow (`enquete.publish.pdf_follow_up`)."""
    site_dir = Path(site_dir)
    staging = site_dir.with_name(f".{site_dir.name}.new")
    if staging.exists():
        shutil.rmtree(staging)
    run = run_zensical if engine == "zensical" else run_mkdocs
    failure = run(Path(config_file), staging.resolve(), epoch)
    if failure is not None:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(
            [Problem(str(config_file), f"the site could not be built ({engine})", found=failure[-2000:])],
            remedy="the previous site is left as it was; fix the problem above and run again.",
        )
    titles = site_titles(Path(config_file))
    repair_pages(staging, titles)  # titles a theme escaped twice, for either engine
    problems = [
        Problem(
            page,
            "page loads an asset from the internet",
            found=url,
            expected="assets served by the site itself",
        )
        for page, url in external_assets(staging)
    ]
    problems += [
        Problem(page, "a site or navigation title reaches the page as markup", found=title, expected="text")
        for page, title in live_titles(staging, titles)
    ]
    plan = Path(config_file).with_name(PDF_PLAN)
    pending: list[str] = []
    try:  # the PDF is published with the site (or follows it), and the gate reads it too
        if not problems and pdfs_later:
            pending = place_printed_pdfs(staging, plan)
        elif not problems:
            make_pdfs(staging, plan)
        problems += gate(staging, expected=pending) if gate else []  # links to PDFs that follow are good
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(
            problems,
            remedy="nothing was published; the previous site is left as it was. "
            "Remove the string from the data (or anonymise the quote) and run again.",
        )
    previous = site_dir.with_name(f".{site_dir.name}.old")
    if previous.exists():
        shutil.rmtree(previous)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    remember_pending(site_dir, plan, pending)


class Collected(logging.Handler):
    """MkDocs' warnings and errors, kept for the message instead of printed as they come."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def run_mkdocs(config_file: Path, site_dir: Path, epoch: int) -> str | None:
    """`mkdocs build --strict --quiet`, in this process; None on success, else what went wrong.

    In this process rather than as `python -m mkdocs`: the build already runs in one Python
    with Markdown and Jinja imported, and a second start costs more than MkDocs' own work.
    `SOURCE_DATE_EPOCH` is read by MkDocs when it writes the sitemap's dates.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    mkdocs_log = logging.getLogger("mkdocs")
    collected = Collected()
    saved = (mkdocs_log.level, mkdocs_log.propagate, os.environ.get("SOURCE_DATE_EPOCH"))
    mkdocs_log.addHandler(collected)
    mkdocs_log.setLevel(logging.WARNING)
    mkdocs_log.propagate = False
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
        theme_environment = config.theme.get_env  # the theme's templates, compiled once across builds
        config.theme.get_env = lambda: with_compiled_templates(theme_environment(), "theme")
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, OSError, ValueError) as error:
        return "\n".join([*collected.lines, f"{type(error).__name__}: {error}"])
    finally:
        mkdocs_log.removeHandler(collected)
        mkdocs_log.setLevel(saved[0])
        mkdocs_log.propagate = saved[1]
        if saved[2] is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved[2]
    return None


def external_assets(site: Path) -> list[tuple[str, str]]:
    """Scripts, stylesheets, fonts and images a page would fetch from elsewhere."""
    from html.parser import HTMLParser

    found: list[tuple[str, str]] = []

    class AssetFinder(HTMLParser):
        def __init__(self, page: str) -> None:
            super().__init__()
            self.page = page

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            url = None
            if tag in ("script", "img", "iframe", "source", "audio", "video"):
                url = values.get("src")
            elif tag == "link" and values.get("rel", "") not in ("canonical", "alternate"):
                url = values.get("href")
            if url and url.strip().lower().startswith(FORBIDDEN_PREFIXES):
                found.append((self.page, url))

    for page in sorted(site.rglob("*.html")):
        AssetFinder(str(page.relative_to(site))).feed(page.read_text(encoding="utf-8"))
    for stylesheet in sorted(site.rglob("*.css")):
        text = stylesheet.read_text(encoding="utf-8", errors="replace")
        for marker in ("url(http", "url('http", 'url("http', "@import url(http", "url(//"):
            if marker in text:
                found.append((str(stylesheet.relative_to(site)), marker))
    return found


def publish_site(
    config: Config, report: Path | str, analysis: Path | str, site: Path | str, pdfs: str = "now"
) -> None:
    """The site stage: the engine builds the report, the PDFs are printed, the gate reads it all,
    and only then does the new site replace the old one. With `pdfs="later"` (watch mode)
    the PDFs still to print follow the site (`enquete.publish.pdf_follow_up`)."""
    from enquete.privacy.gate import gate_for

    gate = gate_for(config, Path(analysis))
    engine = chosen_engine(config.engine)
    build_site(
        Path(report) / "mkdocs.yml",
        site,
        config.latest.source_date_epoch,
        gate=gate,
        engine=engine,
        pdfs_later=pdfs == "later",
    )


def site_titles(config_file: Path) -> list[str]:
    """The site name and navigation titles of the generated mkdocs.yml, as a reader reads them."""
    import yaml

    settings = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    return titles_of(settings or {})
