"""What the browser tests need besides the browser: a web server like the one that will host
the site, and the Chromium to drive.

The server answers from the built site and compresses text with gzip, as any web server
that hosts a static site does (and as the browser's "transferred" column counts it); it
serves only 127.0.0.1 and stops with the tests.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import pytest

from enquete.publish.browser import find_chromium

COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".csv", ".txt", ".map")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it and the file is text."""

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site at http://127.0.0.1:<free port>/ for as long as the block runs."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_or_skip() -> Path:
    """Debian's Chromium; skipped locally without it, but CI (which installs it) must have it."""
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it for CI")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("playwright is not installed: make (or pip install -r requirements.lock)")
    return chromium
