"""Where the build writes: the tables of each stage, by name, in the project's folders.

Light on purpose (no pandas): the Snakefile reads it while it parses, and the stages that
write or read these tables use the same names.
"""

from __future__ import annotations

PROCESSED = (  # what ingest writes for a wave, under processed/<year>/
    "populatie",
    "respondenten",
    "gesloten_antwoorden",
    "open_antwoorden",
    "codes",
    "voorbeelden",
    "codering_status",
    "codeurs",
)
