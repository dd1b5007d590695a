"""Compiled Jinja templates kept between builds, in `.enquete-cache/jinja/`.

Every build compiles the same templates again: the report's own (`templates/`) and the ~40
of the MkDocs theme, some 0.8 s of an edit's CPU time. Jinja's bytecode cache keeps the
compiled form of each template under its name and file, and uses it only while the
template's source has the same checksum, so an edited template is compiled anew and the
pages are byte for byte those a cold build writes. The compiled form also depends on the
environment's settings (block trimming, delimiters), which Jinja does not check: each
environment has a folder of its own.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

FOLDER = Path(".enquete-cache") / "jinja"  # of the project the build runs in (its working directory)


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's file cache for one environment, in a folder made when it is first written."""

    def __init__(self, environment: str) -> None:
        self.folder = FOLDER / environment
        super().__init__(str(self.folder))

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: Bucket) -> None:
        if self.folder.is_dir():
            super().load_bytecode(bucket)


def with_compiled_templates(env: Environment, environment: str) -> Environment:
    """`env`, its templates compiled once across builds (in the folder named `environment`)."""
    env.bytecode_cache = CompiledTemplates(environment)
    return env
