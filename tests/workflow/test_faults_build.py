"""The build reruns on content, not only on file times; the preview outlives a failed refresh."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.workflow.contents import ContentDigests
from tests.projects import mini_project

OLD = 1_000_000_000  # 2001: older than any output


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enquete", "--config", "config.yaml", "build", "--directory", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"ENQUETE_CHROMIUM": "off"},
    )


def write(project: Path, page: str, text: str) -> Path:
    path = project / "tekst/2017" / f"{page}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page(project: Path, name: str) -> str:
    return (project / "site" / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("content") / "project"
    mini_project(project, word_tables=True)
    write(project, "aanleiding", "## Achtergrond\n\nDe tekst van de aanleiding.\n")
    write(project, "tot-slot", "## Vooruit\n\nDe tekst van het slot.\n")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow
def test_files_swapped_with_mv_are_rebuilt(project: Path) -> None:
    first, second = project / "tekst/2017/aanleiding.md", project / "tekst/2017/tot-slot.md"
    for path in (first, second):
        os.utime(path, (OLD, OLD))  # both older than every output, as after a restore or a copy
    between = project / "tekst/2017/tussen.tmp"
    first.rename(between)  # mv aanleiding.md tussen; mv tot-slot.md aanleiding.md; mv tussen tot-slot.md
    second.rename(first)
    between.rename(second)
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Nothing to rebuild" not in result.stdout
    assert "De tekst van het slot." in page(project, "aanleiding.html")
    assert "De tekst van de aanleiding." in page(project, "tot-slot.html")
    again = build(project)  # and nothing more once it is built
    assert again.returncode == 0 and "Nothing to rebuild" in again.stdout, again.stdout


@pytest.mark.slow
def test_a_changed_file_given_an_old_date_is_rebuilt(project: Path) -> None:
    path = write(project, "tot-slot", "## Vooruit\n\nEen herschreven slot.\n")
    os.utime(path, (OLD, OLD))  # touch -d 2001-09-09
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Een herschreven slot." in page(project, "tot-slot.html")
    # An input of an earlier step too: the population, rewritten with the same time.
    population = project / "population.csv"
    status = population.stat()
    population.write_text(population.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    os.utime(population, ns=(status.st_atime_ns, status.st_mtime_ns))
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Nothing to rebuild" not in result.stdout


names = st.lists(
    st.from_regex(r"tekst/20[0-9]{2}/[a-z]{1,8}\.md", fullmatch=True), min_size=2, max_size=5, unique=True
)


@settings(max_examples=40, deadline=None)
@given(
    names=names,
    contents=st.lists(st.binary(max_size=40), min_size=5, max_size=5, unique=True),
    data=st.data(),
)
def test_the_digest_changes_with_any_swap_and_only_with_content(names, contents, data) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        paths = [str(Path(folder) / name) for name in names]
        for path, content in zip(paths, contents, strict=False):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_bytes(content)
        before = ContentDigests().of(paths)
        one, other = data.draw(st.sampled_from([(a, b) for a in paths for b in paths if a < b]))
        first, second = Path(one).read_bytes(), Path(other).read_bytes()
        Path(one).write_bytes(second)
        Path(other).write_bytes(first)
        assert ContentDigests().of(paths) != before  # contents differ (unique): a swap is seen
        Path(one).write_bytes(first)
        Path(other).write_bytes(second)
        os.utime(one, (OLD, OLD))
        assert ContentDigests().of(paths) == before  # a time alone is no change


def test_the_outputs_of_other_steps_are_not_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("analysis").mkdir()
    Path("analysis/figures.csv").write_text("a\n", encoding="utf-8")
    before = ContentDigests().of(["analysis/figures.csv"])
    Path("analysis/figures.csv").write_text("b\n", encoding="utf-8")
    assert ContentDigests().of(["analysis/figures.csv"]) == before


# --- the preview ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, contains: str, seconds: float = 30) -> str:
    """The page once it contains `contains` (the preview rebuilds in the background)."""
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                text = response.read().decode("utf-8")
        except OSError:
            text = ""
        if contains in text:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {contains!r}; last page:\n{text[-2000:]}")


FLAKY_PREVIEW = """
import sys
from pathlib import Path

import enquete.workflow.preview as preview
from enquete.cli import main

real = preview.load_texts


def flaky(*args, **kwargs):
    if "STORING" in Path("tekst/2017/tot-slot.md").read_text(encoding="utf-8"):
        raise RuntimeError("een storing die geen controle voorzag")
    return real(*args, **kwargs)


preview.load_texts = flaky
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_a_failed_refresh_keeps_the_server_and_the_last_good_page_with_a_notice(project: Path) -> None:
    write(project, "tot-slot", "## Vooruit\n\nHet laatste goede slot.\n")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", FLAKY_PREVIEW, "--config", "config.yaml", "preview", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/tot-slot.html"
    try:
        fetch(url, "Het laatste goede slot.", 60)
        # A text the build refuses: the page keeps its text and says why at the top.
        write(project, "tot-slot", "## Vooruit\n\nTien gemeenten willen meer.\n")
        shown = fetch(url, "Niet bijgewerkt.")
        assert (
            "Het laatste goede slot." in shown
            and "Tien gemeenten willen meer." not in shown.split("<pre>")[0]
        )
        assert "a count is typed, not referenced" in shown
        # An error no check foresaw (a bug, planted in the child's text loading).
        write(project, "tot-slot", "## Vooruit\n\nSTORING\n")
        shown = fetch(url, "RuntimeError: een storing die geen controle voorzag")
        assert "Niet bijgewerkt." in shown and "Het laatste goede slot." in shown
        assert server.poll() is None  # the preview is still running
        write(project, "tot-slot", "## Vooruit\n\nEen goed slot.\n")
        shown = fetch(url, "Een goed slot.")
        assert "Niet bijgewerkt." not in shown  # the notice goes with the next good save
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the preview and its `mkdocs serve`
        output = server.communicate(timeout=30)[0]
        write(project, "tot-slot", "## Vooruit\n\nDe tekst van het slot.\n")
    assert "unexpected error" in output
