"""The README and the guides under docs/ stay true: every command they show still works.

Every shell command in a ```sh, ```console or ```bash block is checked without running a build:
`enquete` commands are parsed by the command's own argparse parser, make targets must be
targets of the Makefile, and every repository path a command or a sentence names must exist.
Links between the guides must reach a file and a heading. The cheap commands (`enquete check`,
`--help`, `make -n`) are then run for real in a copy of the project.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enquete.cli import parser
from tests.conftest import PROJECT

GUIDES = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
SHELL = {"sh", "console", "bash"}
# Programs a guide may tell the reader to run; anything else is a new kind of command this test
# does not know how to check yet (add it here, with a check if it names project things).
KNOWN_PROGRAMS = {"enquete", "make", "python", "python3", "pip", "apt-get", "npm", "git", "ruff", "snakefmt"}
# The folders whose paths a sentence names are code and documentation: they exist in the repository.
# (raw/, tekst/, codebook/ and the generated folders are named for a wave that may not exist yet.)
CODE_FOLDERS = ("enquete/", "tests/", "benchmarks/", "scripts/", "templates/", "docs/", ".ci/")
GENERATED = {"processed", "analysis", "report", "site", "vragenlijst", "test-artifacts", ".venv", ".preview"}
PATH_IN_PROSE = re.compile(r"`((?:\.ci|enquete|tests|benchmarks|scripts|templates|docs)/[^`\s<>*…]*)`")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Command:
    """One simple command of a guide: where it stands, and its words after the shell split it."""

    guide: str
    line: int
    words: tuple[str, ...]

    def where(self) -> str:
        return f"{self.guide}, line {self.line}: {shlex.join(self.words)}"


def shell_blocks(text: str) -> list[tuple[int, str, str]]:
    """Each fenced block as (line of its first body line, language, body without indentation)."""
    blocks = []
    for match in FENCE.finditer(text):
        indent = len(match["indent"])
        body = "".join(line[indent:] for line in match["body"].splitlines(keepends=True))
        blocks.append((text.count("\n", 0, match.start("body")) + 1, match["lang"], body))
    return blocks


def commands(guide: str, text: str) -> list[Command]:
    """The simple commands of every shell block: lines joined at `\\`, comments and prompts removed,
    split at `&&`, `||`, `;` and `|`, leading `VAR=value` assignments dropped."""
    found = []
    for first, lang, body in shell_blocks(text):
        if lang not in SHELL:
            continue
        lines = body.splitlines()
        number = 0
        while number < len(lines):
            start, line = number, lines[number]
            while line.rstrip().endswith("\\") and number + 1 < len(lines):
                number += 1
                line = line.rstrip()[:-1] + " " + lines[number]
            number += 1
            if lang == "console":
                if not line.startswith("$ "):
                    continue  # output, not a command
                line = line[2:]
            lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            words: list[str] = []
            for word in [*lexer, ";"]:
                if word and set(word) <= set(";&|"):
                    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
                        words.pop(0)
                    if words:
                        found.append(Command(guide, first + start, tuple(words)))
                    words = []
                else:
                    words.append(word)
    return found


def make_targets(makefile: Path) -> set[str]:
    text = makefile.read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, re.M))


def enquete_arguments(words: tuple[str, ...]) -> list[str] | None:
    """The arguments of an `enquete` command in any of its spellings, or None for another program."""
    program = Path(words[0]).name
    if program == "enquete":
        return list(words[1:])
    if program.startswith("python") and words[1:3] == ("-m", "enquete"):
        return list(words[3:])
    return None


def parse_problem(arguments: list[str]) -> str | None:
    """What the command's own parser says of these arguments (None: they parse)."""
    if "--help" in arguments or "-h" in arguments:
        arguments = [word for word in arguments if word not in ("--help", "-h")]
        if not arguments:
            return None
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            parser().parse_args(arguments)
    except SystemExit:
        return errors.getvalue().strip().splitlines()[-1] if errors.getvalue().strip() else "does not parse"
    return None


def path_problem(word: str, root: Path) -> str | None:
    """A word that names a file of the repository must name one that exists."""
    if word.startswith(("-", "/", "..", "~")) or "://" in word or "<" in word or "=" in word:
        return None
    if "/" not in word and not re.fullmatch(r"[\w.-]+\.(py|ya?ml|csv|xlsx|sav|md|lock|toml|txt|json)", word):
        return None
    first = word.split("/")[0]
    if first in GENERATED or not (root / first).exists():
        return None  # a program, a git revision or a file the command itself makes
    if not any(root.glob(word.rstrip("/"))):
        return f"names {word!r}, which is not in the repository"
    return None


def command_problems(command: Command, root: Path, targets: set[str]) -> list[str]:
    """Everything wrong with one command of a guide."""
    words, problems = command.words, []
    program = Path(words[0]).name
    if words[0].startswith(".venv/bin/") and program not in KNOWN_PROGRAMS | {"pytest"}:
        problems.append(f"runs {words[0]!r}, which the project does not install")
    arguments = enquete_arguments(words)
    if arguments is not None:
        if problem := parse_problem(arguments):
            problems.append(f"enquete refuses the arguments: {problem}")
    elif program == "make":
        for word in words[1:]:
            if not word.startswith("-") and "=" not in word and word not in targets:
                problems.append(f"make target {word!r} is not in the Makefile")
    elif program not in KNOWN_PROGRAMS | {"pytest"}:
        problems.append(f"runs {program!r}, a program this test does not know")
    for word in words[1:]:
        if problem := path_problem(word, root):
            problems.append(problem)
    return [f"{command.where()}: {problem}" for problem in problems]


INLINE_COMMAND = re.compile(r"`((?:[A-Z_]+=\S+ )*(?:make|enquete|\.venv/bin/enquete) [^`]*)`")


def option_problems(arguments: list[str]) -> list[str]:
    """For a command named in a sentence (often without its required values): each subcommand
    must exist, and each option must be one that subcommand has."""
    level, problems = parser(), []
    for word in arguments:
        if word.startswith("-"):
            if word.split("=")[0] not in level._option_string_actions:
                problems.append(f"no option {word.split('=')[0]} of {level.prog}")
            continue
        subcommands = [action for action in level._actions if isinstance(action, argparse._SubParsersAction)]
        if subcommands:
            if word not in subcommands[0].choices:
                problems.append(f"no subcommand {word!r} of {level.prog}")
                break
            level = subcommands[0].choices[word]
        elif word in ("…", "...") or word.startswith("<"):
            break
    return problems


def inline_problems(guide: Path, text: str, root: Path, targets: set[str]) -> list[str]:
    """The `make …` and `enquete …` commands a sentence names in inline code."""
    problems = []
    for match in INLINE_COMMAND.finditer(without_blocks(text)):
        where = f"{guide.relative_to(root)}, line {text.count(chr(10), 0, match.start()) + 1}: {match[1]}"
        words = [word for word in match[1].split() if not re.fullmatch(r"[A-Z_]+=\S+", word)]
        arguments = enquete_arguments(tuple(words))
        if arguments is not None:
            problems += [f"{where}: {problem}" for problem in option_problems(arguments)]
        elif words[1] not in targets and not words[1].startswith("-"):
            problems.append(f"{where}: make target {words[1]!r} is not in the Makefile")
    return problems


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def without_blocks(text: str) -> str:
    """The text with its fenced blocks blanked (lines kept): a `#` line there is no heading."""
    return FENCE.sub(lambda match: "\n" * match.group(0).count("\n"), text)


def without_code(text: str) -> str:
    """The text with fenced blocks and inline code blanked, where no link is."""
    return re.sub(r"`[^`\n]*`", "``", without_blocks(text))


def anchors(text: str) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#{1,6} +(.+?)#*$", without_blocks(text), re.M):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def link_problems(guide: Path, text: str, root: Path) -> list[str]:
    """Every relative link must reach a file of the repository, and its anchor a heading there."""
    problems = []
    prose = without_code(text)
    for match in LINK.finditer(prose):
        target = match[1]
        if re.match(r"[a-z]+:", target):
            continue
        where = f"{guide.relative_to(root)}, line {prose.count(chr(10), 0, match.start()) + 1}"
        file, _, anchor = target.partition("#")
        path = (guide.parent / file).resolve() if file else guide
        if not path.exists():
            problems.append(f"{where}: link to {target!r}, a file that does not exist")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path.read_text(encoding="utf-8")):
            problems.append(f"{where}: link to {target!r}, but {path.name} has no heading with that anchor")
    return problems


def prose_path_problems(guide: Path, text: str, root: Path) -> list[str]:
    problems = []
    for match in PATH_IN_PROSE.finditer(text):
        path = match[1].rstrip(".,:;")
        if not (root / path).exists():
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"{guide.relative_to(root)}, line {line}: names {path!r}, which does not exist")
    return problems


def all_commands() -> list[Command]:
    return [
        command
        for guide in GUIDES
        for command in commands(str(guide.relative_to(PROJECT)), guide.read_text(encoding="utf-8"))
    ]


# The guides themselves.


def test_the_guides_show_commands() -> None:
    shown = all_commands()
    assert any(enquete_arguments(command.words) for command in shown)
    assert {"report", "test"} <= {
        word for command in shown if command.words[0] == "make" for word in command.words
    }


def test_every_command_in_the_guides_exists() -> None:
    targets = make_targets(PROJECT / "Makefile")
    problems = [
        problem for command in all_commands() for problem in command_problems(command, PROJECT, targets)
    ]
    assert not problems, "\n".join(problems)


def test_every_link_between_the_guides_resolves() -> None:
    problems = [
        problem
        for guide in GUIDES
        for problem in link_problems(guide, guide.read_text(encoding="utf-8"), PROJECT)
    ]
    assert not problems, "\n".join(problems)


def test_every_code_path_the_guides_name_exists() -> None:
    problems = [
        problem
        for guide in GUIDES
        for problem in prose_path_problems(guide, guide.read_text(encoding="utf-8"), PROJECT)
    ]
    assert not problems, "\n".join(problems)


def test_every_command_a_sentence_names_exists() -> None:
    targets = make_targets(PROJECT / "Makefile")
    problems = [
        problem
        for guide in GUIDES
        for problem in inline_problems(guide, guide.read_text(encoding="utf-8"), PROJECT, targets)
    ]
    assert not problems, "\n".join(problems)


def test_the_readme_is_a_front_door() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 160
    for guide in GUIDES[1:]:
        assert f"(docs/{guide.name})" in readme, f"the README does not point to docs/{guide.name}"


# The cheap commands, for real, in a copy of the project.

PROJECT_FILES = ["Snakefile", "mkdocs.yml", "Makefile", "pyproject.toml", "requirements.lock"]
PROJECT_FOLDERS = ["config", "codebook", "raw", "reference", "templates", "tekst"]


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("guides") / "project"
    for name in PROJECT_FOLDERS:
        shutil.copytree(PROJECT / name, target / name)
    for name in PROJECT_FILES:
        shutil.copy2(PROJECT / name, target / name)
    return target


CHEAP = {"check", "questionnaire"}  # questionnaire without Chromium: the XLSForm and the HTML


def cheap_runs() -> list[tuple[str, list[str]]]:
    """`enquete check` and `questionnaire` as shown, `--help` of every other subcommand a guide
    uses, and `make -n` of every target."""
    runs: dict[str, list[str]] = {"enquete --help": [sys.executable, "-m", "enquete", "--help"]}
    for command in all_commands():
        arguments = enquete_arguments(command.words)
        if arguments and arguments[0] in CHEAP:  # cheap enough to run as shown
            runs[shlex.join(["enquete", *arguments])] = [sys.executable, "-m", "enquete", *arguments]
        elif arguments:
            name = " ".join(
                word for word in arguments[:2] if not word.startswith("-") and word in SUBCOMMANDS
            )
            runs[f"enquete {name} --help"] = [sys.executable, "-m", "enquete", *name.split(), "--help"]
        elif command.words[0] == "make":
            for word in command.words[1:]:
                runs[f"make -n {word}"] = ["make", "-n", word]
    return sorted(runs.items())


def subcommands(level: argparse.ArgumentParser) -> set[str]:
    """Every subcommand of the `enquete` command, at any depth (`tekst nieuw`)."""
    found: set[str] = set()
    for action in level._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, below in action.choices.items():
                found |= {name} | subcommands(below)
    return found


SUBCOMMANDS = subcommands(parser())


@pytest.mark.parametrize(("name", "argv"), cheap_runs(), ids=[name for name, _ in cheap_runs()])
def test_the_cheap_commands_run(project_copy: Path, name: str, argv: list[str]) -> None:
    environment = {**os.environ, "ENQUETE_CHROMIUM": "off"}
    result = subprocess.run(
        argv, cwd=project_copy, capture_output=True, text=True, check=False, timeout=120, env=environment
    )
    assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr


# The checks themselves: each must catch what it is for.

NAME = st.from_regex(r"[a-z][a-z0-9]{2,12}", fullmatch=True)


@settings(deadline=None, max_examples=30)  # parsing starts argparse afresh; no timing here
@given(NAME)
def test_an_unknown_subcommand_or_option_is_caught(name: str) -> None:
    targets = make_targets(PROJECT / "Makefile")
    text = f"```sh\n.venv/bin/enquete {name}x --wave 2021\nenquete check --{name}\n```\n"
    problems = [
        problem
        for command in commands("g.md", text)
        for problem in command_problems(command, PROJECT, targets)
    ]
    assert len(problems) == 2, problems
    assert all("enquete refuses the arguments" in problem for problem in problems)


@settings(deadline=None, max_examples=30)  # parsing starts argparse afresh; no timing here
@given(NAME)
def test_a_make_target_that_is_gone_is_caught(name: str) -> None:
    targets = make_targets(PROJECT / "Makefile")
    text = f"Some text.\n\n   ```console\n   $ make report {name}-x  # comment\n   output line\n   ```\n"
    problems = [
        problem
        for command in commands("g.md", text)
        for problem in command_problems(command, PROJECT, targets)
    ]
    assert problems == [f"g.md, line 4: make report {name}-x: make target '{name}-x' is not in the Makefile"]


@settings(deadline=None, max_examples=30)  # parsing starts argparse afresh; no timing here
@given(NAME)
def test_a_path_that_is_gone_is_caught(name: str) -> None:
    text = (
        f"```bash\nFOO=1 python scripts/{name}_gone.py \\\n"
        f"  && .venv/bin/python -m pytest tests/{name}.py\n```\n"
        f"See `enquete/{name}_gone.py` and [x](docs/researcher.md#{name}-missing).\n"
    )
    guide = PROJECT / "README.md"
    problems = [
        problem for command in commands("g.md", text) for problem in command_problems(command, PROJECT, set())
    ]
    assert [problem.split(": ")[-1] for problem in problems] == [
        f"names 'scripts/{name}_gone.py', which is not in the repository",
        f"names 'tests/{name}.py', which is not in the repository",
    ]
    assert len(prose_path_problems(guide, text, PROJECT)) == 1
    assert "no heading with that anchor" in link_problems(guide, text, PROJECT)[0]


@settings(deadline=None, max_examples=30)  # parsing starts argparse afresh; no timing here
@given(NAME)
def test_a_command_named_in_a_sentence_is_checked(name: str) -> None:
    targets = make_targets(PROJECT / "Makefile")
    text = (
        f"Run `enquete {name}x`, `.venv/bin/enquete build --{name}`, `ENQUETE_TIMINGS=1 make {name}-x`"
        " and `enquete tekst nieuw --wave` (all but the last are wrong).\n"
    )
    problems = inline_problems(PROJECT / "README.md", text, PROJECT, targets)
    assert [problem.rsplit(": ", 1)[-1] for problem in problems] == [
        f"no subcommand '{name}x' of enquete",
        f"no option --{name} of enquete build",
        f"make target '{name}-x' is not in the Makefile",
    ]


def test_slugs_follow_github() -> None:
    text = "# A\n## Writing the report's text\n## For `enquete diff`, reviewers\n## A\n"
    text += "```sh\n## not a heading\n```\n"
    assert anchors(text) == {"a", "writing-the-reports-text", "for-enquete-diff-reviewers", "a-1"}
