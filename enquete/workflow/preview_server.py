"""`mkdocs serve` for the live preview, watching its pages every 0.1 s instead of every 0.5 s.

MkDocs polls the docs folder for changes; its default half second would be most of the
preview's refresh time. Usage: python -m enquete.workflow.preview_server <mkdocs.yml> <host:port>
"""

from __future__ import annotations

import sys

from mkdocs.commands import serve
from mkdocs.livereload import LiveReloadServer

POLLING_SECONDS = 0.1


class QuickServer(LiveReloadServer):
    """MkDocs' live-reload server with a shorter polling interval."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("polling_interval", POLLING_SECONDS)
        super().__init__(*args, **kwargs)


def main(config_file: str, address: str) -> None:
    serve.LiveReloadServer = QuickServer  # serve() builds its server from this name
    serve.serve(config_file=config_file, build_type="dirty", dev_addr=address)


if __name__ == "__main__":
    main(*sys.argv[1:3])
