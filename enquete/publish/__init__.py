"""Publish: the report's pages, charts, downloads, print version, PDF and the static site."""
