"""Text from respondents and researchers placed on a page: shown as written, never markup.

Respondent text (quotes, examples) is HTML-escaped and kept on one line, so it stays one raw
HTML block that Markdown does not interpret. Researcher text from the configuration and the
codebook (titles, findings, labels, sentences) stands in Markdown: its Markdown syntax is
backslash-escaped here, its HTML by the templates' autoescaping.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape


def paragraph(text: str) -> Markup:
    """Respondent text, escaped, on one line (line breaks as <br>) so it stays one HTML block."""
    lines = [escape(line.strip()) for line in str(text).splitlines() if line.strip()]
    return Markup("<br>").join(lines)


MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")  # what Python-Markdown unescapes


def literal(text: str) -> str:
    """Researcher or respondent text placed in Markdown (e.g. a heading): every character literal.

    HTML is escaped afterwards by the template's autoescaping; here Markdown's own syntax —
    emphasis, links such as [x](javascript:...), headings, tables — is backslash-escaped.
    """
    return MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))
