"""The docs name only what exists: commands and their options, modules and files.

Cheap checks that keep docs/*.md and README.md honest as the code moves: every
``cpi-assistant ...`` they show is a command the parser has, with options it takes; every
``assistant.x.y`` they name imports (and its attribute exists); every path they name under the
project's own folders is there.
"""

from __future__ import annotations

import argparse
import importlib
import re
from pathlib import Path

import pytest

from assistant.cli import build_parser

# The project folder (the one with pyproject.toml), wherever this file sits under tests/.
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
# Folders whose paths the docs may name; a path under one of them must exist.
OWN_FOLDERS = ("assistant/", "content/", "docs/", "scripts/", "tests/", ".ci/")
# Words that end a shell command inside a line (a pipe, a redirect, a comment, the next one).
COMMAND_ENDS = {"|", ">", ">>", "<", "&&", "||", ";", "#", "or", "and"}


def _docs() -> list[tuple[str, str]]:
    return [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")) for path in DOCS]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _action(parser: argparse.ArgumentParser, option: str) -> argparse.Action | None:
    return next((a for a in parser._actions if option in a.option_strings), None)


def _command_lines(text: str) -> list[str]:
    """Each ``cpi-assistant ...`` as written: to the end of its code span or of its line."""
    found = []
    for line in text.splitlines():
        for span in re.findall(r"`([^`]*cpi-assistant[^`]*)`", line) or [line]:
            start = span.find("cpi-assistant ")
            if start >= 0:
                found.append(span[start:])
    return found


def command_problems(command: str, parser: argparse.ArgumentParser) -> list[str]:
    """What in one ``cpi-assistant ...`` line the parser does not know (empty: all known)."""
    problems = []
    current = parser
    words = iter(command.split()[1:])
    for word in words:
        word = word.strip("[](),.:")
        if word in COMMAND_ENDS:
            break
        if re.match(r"--?[a-zA-Z]", word):
            option, has_value, _ = word.partition("=")
            action = _action(current, option) or _action(parser, option)
            if action is None:
                problems.append(f"{option} is not an option of `{command}`")
            elif action.nargs != 0 and not has_value:
                next(words, None)  # its value
            continue
        subcommands = _subcommands(current)
        if word in subcommands:
            current = subcommands[word]
        elif current is parser and re.fullmatch(r"[a-z][a-z-]+", word) and word != "command":
            problems.append(f"`{word}` is not a cpi-assistant command")
            break
    return problems


@pytest.mark.parametrize("name,text", _docs(), ids=[name for name, _ in _docs()])
def test_every_command_shown_in_the_docs_exists(name: str, text: str) -> None:
    parser = build_parser()
    problems = [p for line in _command_lines(text) for p in command_problems(line, parser)]
    assert problems == [], name


def test_a_wrong_command_or_option_is_caught() -> None:
    # The check itself can fail: an unknown command and an unknown option are reported.
    parser = build_parser()
    assert command_problems("cpi-assistant plann show Sam", parser)
    assert command_problems("cpi-assistant plan show Sam --colour", parser)
    assert command_problems("cpi-assistant people -o out.txt", parser)
    assert command_problems("cpi-assistant train --persona stan --role-card", parser) == []


def _resolves(dotted: str) -> bool:
    """``assistant.a.b.name``: the longest importable module, then attributes down from it."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        module_name = ".".join(parts[:end])
        try:
            target: object = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # Only "this name is not a module" moves on; a module failing to import is a bug.
            if exc.name is not None and not (module_name + ".").startswith(exc.name + "."):
                raise
            continue
        for attribute in parts[end:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


@pytest.mark.parametrize("name,text", _docs(), ids=[name for name, _ in _docs()])
def test_every_module_named_in_the_docs_exists(name: str, text: str) -> None:
    dotted = set(re.findall(r"`(assistant(?:\.\w+)+)", text))
    missing = sorted(d for d in dotted if not _resolves(d))
    assert missing == [], name


@pytest.mark.parametrize("name,text", _docs(), ids=[name for name, _ in _docs()])
def test_every_project_path_named_in_the_docs_exists(name: str, text: str) -> None:
    paths = set()
    for span in re.findall(r"`([^`\s]+)`", text):
        path = span.rstrip("/").split(":")[0]
        placeholder = re.fullmatch(r"[A-Z_]+", Path(path).stem) and "README" not in path
        if span.startswith(OWN_FOLDERS) and not re.search(r"[<>*{}]", path) and not placeholder:
            paths.add(path)
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert missing == [], name


def test_the_app_docs_code_table_names_files_in_the_ui_package() -> None:
    # docs/app.md's "Code" table names files relative to assistant/ui/.
    text = (ROOT / "docs" / "app.md").read_text(encoding="utf-8")
    code = text.split("\n## Code\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in code.splitlines() if line.startswith("| `")]
    named = {name for row in rows for name in re.findall(r"`([^`]+)`", row.split("|")[1])}
    assert named, "the table was not found"
    missing = sorted(n for n in named if not (ROOT / "assistant" / "ui" / n.rstrip("/")).exists())
    assert missing == []
    ui = ROOT / "assistant" / "ui"
    files = {p.name for p in ui.iterdir() if p.suffix in (".py", ".tcss") and p.stem != "__init__"}
    folders = {f"{p.name}/" for p in ui.iterdir() if (p / "__init__.py").exists()}
    assert sorted((files | folders) - named) == [], "not in docs/app.md's Code table"


def test_the_readme_names_every_package() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    packages = [p.name for p in (ROOT / "assistant").iterdir() if (p / "__init__.py").exists()]
    assert sorted(p for p in packages if f"`assistant/{p}/`" not in text) == []


@pytest.mark.parametrize("name,text", _docs(), ids=[name for name, _ in _docs()])
def test_every_import_shown_in_the_docs_works(name: str, text: str) -> None:
    lines = re.findall(r"^\s*(from assistant[\w.]* import [\w, ]+)$", text, re.MULTILINE)
    failing = []
    for line in lines:
        try:
            exec(line, {})
        except ImportError as exc:
            failing.append(f"{line}: {exc}")
    assert failing == [], name


def test_every_module_named_in_a_docstring_exists() -> None:
    # Docstrings and comments name modules as ``assistant.x.y`` or :mod:`~assistant.x.y`.
    missing = sorted(
        f"{path.relative_to(ROOT)}: {dotted}"
        for path in (ROOT / "assistant").rglob("*.py")
        for dotted in set(re.findall(r"[`~](assistant(?:\.\w+)+)", path.read_text("utf-8")))
        if not _resolves(dotted)
    )
    assert missing == []


@pytest.mark.parametrize("command", ["new", "details"])
def test_the_readme_lists_every_detail_a_person_command_takes(command: str) -> None:
    # The person's details (reference, NHS number, date of birth, gender, name) are what these
    # commands are for: the README's command table names each option that sets one.
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(
        line for line in text.splitlines() if line.startswith(f"| `cpi-assistant {command} ")
    )
    shown = row.split("`")[1]
    parser = _subcommands(build_parser())[command]
    general = {"--help", "--data-dir", "--training", "--json"}
    options = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
    assert sorted(o for o in options - general if o not in shown) == []
