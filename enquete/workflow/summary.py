"""What a build made, in a few lines: the last thing `enquete build` prints.

A researcher who runs `make report` should not have to look through `site/` to learn
whether the PDFs were printed or whether the coders' agreement is too low: the summary
names the waves, counts the figures, pages, charts and PDFs, repeats the warnings that
are otherwise only on the *Verantwoording* page (kappa below the minimum, figures from
answers not finally coded in a concept build, no PDF without Chromium) and says which
file to open. It is read from the outputs themselves, so it is as true after a no-op
rerun as after a cold build.
"""

from __future__ import annotations

import csv
from pathlib import Path

from enquete.config import TEXT_FOLDER, Config, load_config

CHART_MARKER = 'class="plotly-graph-div'
PRINT_PAGE = "printversie.html"
NOTHING_TO_DO = "Nothing to rebuild: no input changed since the last build."


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def wave_lines(config: Config) -> list[str]:
    latest = config.latest.year
    archived = [f"{year} (archief/{year}/)" for year in reversed(config.years) if year != latest]
    return [f"Waves: {latest} (the report){''.join(', ' + entry for entry in archived)}"]


def figure_counts(config: Config, root: Path) -> dict[str, int]:
    return {year: len(read_rows(root / "analysis" / year / "figures.csv")) for year in config.years}


def count_charts(pages: list[Path]) -> int:
    """Charts on the report's pages; the print version repeats them and is not counted."""
    report_pages = [page for page in pages if page.name != PRINT_PAGE]
    return sum(page.read_text(encoding="utf-8").count(CHART_MARKER) for page in report_pages)


def low_agreement(config: Config, root: Path) -> list[str]:
    """Codes whose kappa is below the minimum, with the counts behind it.

    Only where the coefficient is meaningful (`enquete.analysis.coding.meaningful`): a code a
    coder gave once has a kappa of 0.0 after one difference, which says nothing about the
    coding.
    """
    warnings = []
    for year in config.years:
        for row in read_rows(root / "analysis" / year / "overeenstemming.csv"):
            if row.get("meaningful") != "ja" or not row.get("kappa"):
                continue
            if float(row["kappa"]) < config.min_kappa:
                warnings.append(
                    f"{year}: coders' agreement on {row['code']} is kappa {row['kappa']}, "
                    f"below coding.min_kappa {config.min_kappa} (coder 1 gave it {row['coded_by_first']} "
                    f"times, coder 2 {row['coded_by_second']} times, of {row['answers']} answers; "
                    f"{row['disagreements']} differences)"
                )
    return warnings


def agreement_lines(config: Config, root: Path) -> list[str]:
    """How many codes were used too rarely for their kappa and alpha to be judged."""
    lines = []
    for year in config.years:
        rows = read_rows(root / "analysis" / year / "overeenstemming.csv")
        rare = [row for row in rows if row.get("meaningful") == "nee"]
        if rows:
            lines.append(
                f"Agreement {year}: {len(rows) - len(rare)} codes judged; {len(rare)} not judged "
                f"(a coder gave or withheld the code fewer than {config.min_uses} times: "
                "kappa and alpha say nothing there; counts in overeenstemming.csv)"
            )
    return lines


def coding_reviews(config: Config, root: Path) -> list[str]:
    """Answers on which a keyword rule suggests a code no coder gave, still to be decided."""
    from enquete.analysis.coding_review import OPEN, REVIEW_FILE

    warnings = []
    for year in config.years:
        rows = read_rows(root / "analysis" / year / f"{REVIEW_FILE}.csv")
        remaining = sorted({row["answer_id"] for row in rows if row["status"] == OPEN})
        if remaining:
            warnings.append(
                f"{year}: {len(remaining)} coded answers contain a keyword of a code no coder gave "
                f"({', '.join(remaining[:5])}{' …' if len(remaining) > 5 else ''}); review them in "
                f"analysis/{year}/{REVIEW_FILE}.xlsx and decide each in the reconciliation file"
            )
    return warnings


def review_line(config: Config, root: Path) -> str:
    """How many answers remain to be reviewed, per wave (also when none do)."""
    from enquete.analysis.coding_review import OPEN, REVIEW_FILE

    counts = []
    for year in config.years:
        rows = read_rows(root / "analysis" / year / f"{REVIEW_FILE}.csv")
        counts.append(f"{year}: {len({row['answer_id'] for row in rows if row['status'] == OPEN})}")
    return f"Coding review (keyword suggests a code no coder gave), answers open: {', '.join(counts)}"


def provisional_figures(config: Config, root: Path) -> list[str]:
    warnings = []
    for year in config.years:
        provisional = [
            row["figure_id"]
            for row in read_rows(root / "analysis" / year / "figures.csv")
            if row.get("final") == "nee"
        ]
        if provisional:
            warnings.append(
                f"{year}: concept — {len(provisional)} figures depend on answers not finally coded "
                f"(analysis/{year}/nog_te_coderen.csv)"
            )
    return warnings


def pdf_lines(root: Path) -> list[str]:
    """What is wrong with the PDFs: none planned (no Chromium), or planned and missing (except
    the ones that follow a watched build's site)."""
    from enquete.publish.pdf import PDF_PLAN, read_plan
    from enquete.publish.pdf_follow_up import pending_pdfs

    planned = read_plan(root / "report" / PDF_PLAN)
    if not planned:
        return ["no PDF: Chromium was not found (apt-get install chromium, then enquete build --force)"]

    missing = [item["pdf"] for item in planned if not (root / "site" / item["pdf"]).is_file()]
    following = set(pending_pdfs())
    return [f"PDF planned but missing: site/{name}" for name in missing if name not in following]


def following_pdfs(root: Path) -> list[str]:
    """The PDFs a watched build's live site still waits for (`enquete.publish.pdf_follow_up`)."""
    from enquete.publish.pdf_follow_up import pending_pdfs

    missing = [name for name in pending_pdfs() if not (root / "site" / name).is_file()]
    if not missing:
        return []
    return [f"PDFs follow the site, printing now: {', '.join(f'site/{name}' for name in missing)}"]


CHAPTERS = (("aanleiding.md", "Aanleiding"), ("tot-slot.md", "Tot slot"))


def missing_text(config: Config, root: Path) -> list[str]:
    """Waves whose report lacks the researcher's text: without `tekst/<year>/` the report has
    no Aanleiding and no Tot slot and every page shows only the generated sentences. The build
    is right to go on (a first draft has no text yet), but it must not happen unnoticed."""
    warnings = []
    for year in config.years:
        folder = root / TEXT_FOLDER / year
        start = f"`enquete tekst nieuw --wave {year}` starts it as a copy of the latest wave's text"
        if not folder.is_dir():
            warnings.append(
                f"wave {year}: no text in {TEXT_FOLDER}/{year}/ — the report has no Aanleiding and no "
                f"Tot slot, and its pages show only the generated sentences; {start}"
            )
            continue
        absent = [title for name, title in CHAPTERS if not (folder / name).is_file()]
        if absent:
            files = ", ".join(f"{TEXT_FOLDER}/{year}/{name}" for name, title in CHAPTERS if title in absent)
            warnings.append(f"wave {year}: the report has no {' and no '.join(absent)} ({files} missing)")
    return warnings


def build_summary(config_file: str, steps: list[str], seconds: float, root: Path, open_path: str) -> str:
    """The closing lines of a successful build."""
    return "\n".join([done_line(steps, seconds), *outputs_summary(config_file, root), open_line(open_path)])


def done_line(steps: list[str], seconds: float) -> str:
    return f"Built in {seconds:.1f} s: {len(steps)} steps run." if steps else NOTHING_TO_DO


def open_line(open_path: str) -> str:
    return f"Open {open_path} in a browser."


def outputs_summary(config_file: str, root: Path) -> list[str]:
    """What the outputs hold (waves, figures, pages, PDFs, agreement, warnings): the same lines
    after every build that leaves the same outputs, so a no-op can repeat them."""
    config = load_config(config_file)
    site = root / "site"
    pages = sorted(site.rglob("*.html"))
    pdfs = sorted(site.rglob("*.pdf"))
    figures = figure_counts(config, root)
    per_wave = ", ".join(f"{year}: {count}" for year, count in figures.items())
    lines = [
        *wave_lines(config),
        f"Figures: {sum(figures.values())} in the ledgers ({per_wave}); charts: {count_charts(pages)}",
        f"Pages: {len(pages)}; PDFs: {len(pdfs)}"
        + (f" ({', '.join(str(pdf.relative_to(site)) for pdf in pdfs)})" if pdfs else ""),
        *following_pdfs(root),
    ]
    lines += [*agreement_lines(config, root), review_line(config, root)]
    warnings = (
        low_agreement(config, root)
        + coding_reviews(config, root)
        + provisional_figures(config, root)
        + pdf_lines(root)
        + missing_text(config, root)
    )
    lines.append(f"Warnings: {len(warnings)}" if warnings else "Warnings: none")
    lines += [f"  - {warning}" for warning in warnings]
    return lines
