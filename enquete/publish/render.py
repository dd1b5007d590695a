"""Render: the ledger, quotes and examples of a wave as the Markdown pages of the report.

Every sentence with a number is generated from a ledger row, so the text, the charts and the
tables cannot disagree. Respondent text (quotes, examples) is HTML-escaped and placed in
one-line raw HTML blocks, where Markdown does not interpret it: no answer can become markup,
a link or a script on the site.
"""

from __future__ import annotations

import json
import shutil
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from enquete.codebook import Codebook, load_codebooks
from enquete.config import Config
from enquete.errors import InputError, Problem
from enquete.privacy.disclosure import response_table
from enquete.publish.browser import find_chromium, missing_message
from enquete.publish.claims import in_words, sentence_start
from enquete.publish.compiled_templates import with_compiled_templates
from enquete.publish.downloads import write_downloads
from enquete.publish.dutch import dutch_date, dutch_number
from enquete.publish.one_voice import stated_by_text
from enquete.publish.page_text import literal, paragraph
from enquete.publish.pdf import PDF_PLAN
from enquete.publish.print_document import ANNEX, REPORT
from enquete.publish.print_version import annex_name, pdf_name, print_chapters
from enquete.publish.provenance import read_manifest
from enquete.publish.render_cache import render_once
from enquete.publish.site_titles import escaped, escaped_settings
from enquete.publish.summary import summary_groups
from enquete.publish.wave_report import BASE_RULE_NAMES, BASE_RULES, WaveReport
from enquete.tables import read_csv, write_atomically
from enquete.text.wave_text import WaveText, load_texts, text_chapters, write_text_reports

# The partial plotly.js bundle (bar and scatter traces, 1.2 MB instead of 4.7 MB), served by
# the site itself from templates/assets.
PLOTLY_JS = "assets/js/plotly-basic-4.1.1/plotly-basic.min.js"
PRINT_PAGE = "printversie.md"


def page_name(theme_id: str) -> str:
    return f"{theme_id}.md"


@cache
def environment(templates: Path) -> Environment:
    """One Jinja environment per templates folder, so each template is compiled once per build.

    Jinja checks a template's modification time before using its compiled form, so an
    edited template is still read anew.
    """
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraph"] = paragraph
    env.filters["in_words"] = in_words
    env.filters["literal"] = literal
    env.filters["sentence_start"] = sentence_start
    env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    env.filters["dutch_number"] = dutch_number
    env.filters["dutch_date"] = dutch_date
    return with_compiled_templates(env, "report")


def wave_folder(config: Config, year: str) -> str:
    """Where a wave's report lives on the site: the latest at the root, earlier ones archived."""
    return "" if year == config.latest.year else f"archief/{year}/"


def render_wave(
    config: Config,
    year: str,
    codebook: Codebook,
    analysis_root: Path | str,
    templates: Path | str,
    docs: Path | str,
    make_pdf: bool = False,
    concept: bool = False,
    text: WaveText | None = None,
    manifest: dict | None = None,
) -> list[tuple[str, str]]:
    """Write the Markdown pages and downloads of one wave; returns its navigation entries.

    `manifest` is the part of the build's manifest the wave's pages show (`shown_manifest`)."""
    wave = config.waves[year]
    text = text or load_texts(config, {year: codebook}, Path(analysis_root), concept, [year])[year]
    opening, closing = text_chapters(codebook, text)
    report = WaveReport(config, wave, codebook, Path(analysis_root) / year)
    coding = coding_context(config, year, Path(analysis_root) / year, report.ledger, concept)
    env = environment(Path(templates))
    folder = wave_folder(config, year)
    out = Path(docs) / folder
    root = "../" * folder.count("/")
    common = {
        "config": config,
        "wave": wave,
        "codebook": codebook,
        "response": report.response(),
        "page_name": page_name,
        "root": root,
        "plotly_js": root + PLOTLY_JS,
        "archived": bool(folder),
        "latest": config.latest,
        "has_comparison": report.versus_nulmeting is not None,
        "pdf": pdf_name(year) if make_pdf else "",
        "annex_pdf": annex_name(year) if make_pdf else "",
        "print_version": False,
        "concept": coding["concept"],
        "labels": report.labels(),
        "rule_names": BASE_RULE_NAMES,
    }
    chapters: list[tuple[str, str, str]] = []  # (page, title, Markdown) of the print version

    # An archived page names its own wave in the site's header (templates/overrides).
    # Escaped here, as the site name is in mkdocs.yml (enquete/publish/site_titles.py).
    front_matter = yaml.safe_dump({"kop": escaped(f"{config.title} — {wave.label}")}, allow_unicode=True)

    def with_header(text: str) -> str:
        if not folder:
            return text
        if text.startswith("---\n"):  # the page has front matter of its own
            return "---\n" + front_matter + text.removeprefix("---\n")
        return f"---\n{front_matter}---\n{text}"

    def write(name: str, template: str, title: str = "", **context: object) -> None:
        hook = {"tekst": text.for_page(Path(name).stem)}  # the researcher's text for this page
        page = with_header(env.get_template(template).render(**common, **hook, **context))
        write_atomically(out / name, page.encode("utf-8"))
        if title:
            printed = env.get_template(template).render(
                **(common | {"print_version": True}), **hook, **context
            )
            chapters.append((name, title, printed))

    summary = summary_groups([(theme, report.summary_claims(theme.id)) for theme in codebook.themes])
    write("index.md", "samenvatting.md.j2", "Samenvatting", summary=summary, examples=len(report.examples))
    for page, title in opening:
        write(page, "hoofdstuk.md.j2", title, chapter_title=title)
    regions = response_table(Path(analysis_root), config.years, year, config.min_cell).to_dict("records")
    with_base = report.ledger[report.ledger["base"] != ""]
    used_rules = {rule.split("(")[0] for rule in with_base["base_rule"]}
    write(
        "aanpak.md",
        "aanpak.md.j2",
        "Aanpak en respons",
        base_rules={rule: text for rule, text in BASE_RULES.items() if rule in used_rules},
        regions=regions,
        min_cell=config.min_cell,
        stated=stated_by_text(text, "aanpak"),
    )
    for theme in codebook.themes:
        title = f"{theme.chapter}. {theme.title}"
        context = report.theme_context(theme.id) | {"stated": stated_by_text(text, theme.id)}
        write(page_name(theme.id), "thema.md.j2", title, **context)
    for page, title in closing:
        write(page, "hoofdstuk.md.j2", title, chapter_title=title)
    by_theme = [(theme, report.examples_of(theme.id)) for theme in codebook.themes]
    write(
        "voorbeelden.md",
        "voorbeelden.md.j2",
        "Goede voorbeelden",
        by_theme=by_theme,
        total=len(report.examples),
    )
    if report.versus_nulmeting is not None:
        write(
            "vergelijking.md",
            "vergelijking.md.j2",
            "Vergelijking met de nulmeting",
            **report.comparison_context(),
        )
    downloads, chart_downloads = write_downloads(report, out / "downloads")
    write("downloads.md", "downloads.md.j2", downloads=downloads, chart_downloads=chart_downloads)
    backtest = report.backtest.to_dict("records") if report.backtest is not None else None
    manifest = manifest or shown_manifest(read_manifest(Path(analysis_root) / "manifest.json"), year)
    write(
        "verantwoording.md",
        "verantwoording.md.j2",
        "Verantwoording",
        base_rules=BASE_RULES,
        backtest=backtest,
        beyond_report=list(report.ledger.loc[report.ledger["in_report"] == "nee", "label"])
        if "in_report" in report.ledger
        else [],
        manifest=manifest,
        wave_files=manifest["waves"][year]["files"],
        coding=coding,
    )
    write(PRINT_PAGE, "printversie.md.j2", chapters=print_chapters(chapters))

    nav = [("Samenvatting", "index.md"), *[(title, page) for page, title in opening]]
    nav += [("Aanpak en respons", "aanpak.md")]
    nav += [(f"{theme.chapter}. {theme.title}", page_name(theme.id)) for theme in codebook.themes]
    nav += [(title, page) for page, title in closing]
    nav += [("Goede voorbeelden", "voorbeelden.md")]
    if report.versus_nulmeting is not None:
        nav += [("Vergelijking met de nulmeting", "vergelijking.md")]
    nav += [("Downloads", "downloads.md"), ("Verantwoording", "verantwoording.md")]
    nav += [("Printversie (hele rapport)", PRINT_PAGE)]
    return [(title, folder + page) for title, page in nav]


def shown_manifest(manifest: dict, year: str) -> dict:
    """What a wave's *Verantwoording* shows of the manifest: the software, the configuration
    and the wave's own files, not the digests of the other waves' inputs. An edit of one
    wave therefore leaves the pages of the others as they were (`enquete.publish.render_cache`)."""
    shown = {key: manifest[key] for key in ("project", "python", "libraries", "configuration")}
    return shown | {"waves": {year: {"files": manifest["waves"][year]["files"]}}}


def coding_context(config: Config, year: str, analysis: Path, ledger: pd.DataFrame, concept: bool) -> dict:
    """Agreement between coders, and what is left to code; refuses a final build with open work.

    Figures that depend on answers nobody coded yet (or on which the coders disagree without a
    reconciliation) are not final. Such a wave is built only as a draft (`--concept`), which
    says so on every page and lists what is left.
    """
    agreement = read_csv(analysis / "overeenstemming.csv")
    pending = read_csv(analysis / "nog_te_coderen.csv")
    provisional = ledger[ledger["final"] == "nee"]
    if len(provisional) and not concept:
        raise InputError(
            [
                Problem(
                    f"wave {year}",
                    "figures depend on open answers that are not finally coded",
                    column=row.figure_id,
                    found=f"{row['count']} van {row['base']}",
                    expected="every answer of its questions coded, and disagreements reconciled",
                )
                for _, row in provisional.iterrows()
            ],
            remedy=f"open answers without final codes: {len(pending)} "
            f"(see analysis/{year}/nog_te_coderen.csv); "
            "code them in the coders' worksheets or settle the disagreements in the reconciliation file; "
            "or build a draft with `make concept` (every page then says *concept*).",
        )
    scored = agreement[(agreement["kappa"] != "") & (agreement["meaningful"] == "ja")]
    low = scored[scored["kappa"].astype(float) < config.min_kappa]
    if len(low) and config.below_min_kappa == "error":
        raise InputError(
            [
                Problem(
                    f"wave {year}",
                    "agreement between coders below the minimum",
                    column=row.code,
                    found=f"kappa {row.kappa}",
                    expected=f"at least {config.min_kappa}",
                )
                for row in low.itertuples()
            ],
            remedy="discuss the codes with the coders and recode, "
            "or lower coding.min_kappa in the configuration.",
        )
    return {
        "coders": len(config.waves[year].coders),
        "concept": bool(len(provisional)) and concept,
        "agreement": agreement.to_dict("records"),
        "low": set(low["code"]),
        "min_kappa": config.min_kappa,
        "min_uses": config.min_uses,
        "not_meaningful": int((agreement["meaningful"] == "nee").sum()),
        "disagreements": len(read_csv(analysis / "onenigheden.csv")),
        "suggestions": read_csv(analysis / "suggesties.csv").to_dict("records"),
        "pending": pending.to_dict("records"),
        "provisional": list(provisional["figure_id"]),
    }


def copy_assets(templates: Path, docs: Path) -> None:
    """The site's own CSS and scripts, and the partial plotly.js: nothing is loaded from elsewhere."""
    shutil.copytree(templates / "assets", docs / "assets", dirs_exist_ok=True)


def render_report(
    config: Config,
    codebooks: dict[str, Codebook],
    analysis_root: Path | str,
    templates: Path | str,
    report_dir: Path | str,
    concept: bool = False,
    preview: bool = False,
) -> None:
    """The latest wave as the report, every earlier wave in full under archief/, and mkdocs.yml.

    `preview` marks where each part of the researcher's text sits, for the live preview."""
    report_dir = Path(report_dir)
    texts = load_texts(config, codebooks, Path(analysis_root), concept, preview=preview)  # before any page
    docs = report_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    make_pdf = find_chromium() is not None
    if not make_pdf:
        print(f"{missing_message()}: the site is built without the PDF of the report.", file=sys.stderr)
    navigation: list = []
    plan = []
    manifest = read_manifest(Path(analysis_root) / "manifest.json")
    for year in reversed(config.years):
        shown = shown_manifest(manifest, year)
        codebook, text = codebooks[year], texts[year]
        arguments = (config, codebook, text, shown, make_pdf, concept, str(analysis_root), str(docs))

        def render(
            year: str = year, codebook: Codebook = codebook, text: WaveText = text, shown: dict = shown
        ) -> list:
            return render_wave(
                config, year, codebook, analysis_root, templates, docs, make_pdf, concept, text, shown
            )

        nav = render_once(year, arguments, Path(templates), docs / wave_folder(config, year), render)
        entries = [{title: page} for title, page in nav]
        if year == config.latest.year:
            navigation += entries
        else:
            navigation.append({f"Archief: {config.waves[year].label}": entries})
        if make_pdf:
            folder = wave_folder(config, year)
            wave = config.waves[year]
            for part, name in ((REPORT, pdf_name(year)), (ANNEX, annex_name(year))):
                plan.append(
                    {
                        "page": folder + PRINT_PAGE.replace(".md", ".html"),
                        "part": part,
                        "pdf": f"{folder}downloads/{name}",
                        "annex": annex_name(year),
                        "title": f"{config.title} — {wave.label}",
                        "date": f"Gepubliceerd op {dutch_date(wave.published)}",
                        "epoch": wave.source_date_epoch,
                    }
                )
    env = environment(Path(templates))
    statement = env.get_template("toegankelijkheid.md.j2")
    text = statement.render(config=config, latest=config.latest, pdf=make_pdf)
    write_atomically(docs / "toegankelijkheid.md", text.encode("utf-8"))
    navigation.append({"Toegankelijkheid": "toegankelijkheid.md"})
    copy_assets(Path(templates), docs)
    overrides = report_dir / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(Path(templates) / "overrides", overrides)
    write_text_reports(texts, report_dir, concept)
    write_atomically(report_dir / PDF_PLAN, (json.dumps(plan, indent=2, ensure_ascii=False) + "\n").encode())
    settings = {
        "INHERIT": "../mkdocs.yml",
        "site_name": f"{config.title} — {config.latest.label}",
        "docs_dir": "docs",
        "theme": {"name": "material", "custom_dir": "overrides"},
        "nav": navigation,
        "extra": {"titel": config.title},  # the header sets the wave apart from the title
    }
    settings = escaped_settings(settings)  # the site name and titles as text, for any engine
    text = "# Generated by `enquete render`; edit ../mkdocs.yml instead.\n"
    text += yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    write_atomically(report_dir / "mkdocs.yml", text.encode("utf-8"))


def render_stage(
    config: Config, analysis: Path | str, templates: Path | str, report: Path | str, concept: bool = False
) -> None:
    """The render stage: every wave's pages, charts and downloads, and the site's mkdocs.yml."""
    codebooks = load_codebooks({year: wave.codebook for year, wave in config.waves.items()})
    render_report(config, codebooks, analysis, templates, report, concept=concept)
