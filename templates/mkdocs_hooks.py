"""MkDocs hooks of the report site: the site name and the navigation's titles are text.

They come from the configuration (title, wave labels) and the codebook (theme titles), and
mkdocs-material prints them unescaped in every page's header and navigation. Marking them as
escaped HTML (markupsafe's Markup) makes the theme print them literally and keeps its own
`| e` from escaping them twice; `overrides/main.html` escapes the page's <title> too.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import escape


def on_config(config):  # MkDocs' hook signatures: config, nav and files are MkDocs objects
    config["site_name"] = escape(config["site_name"])
    return config


def on_nav(nav, config, files):
    for item in walk(nav.items):
        if item.title:
            item.title = escape(item.title)
    return nav


def walk(items: Iterable) -> Iterable:
    for item in items:
        yield item
        yield from walk(getattr(item, "children", None) or [])
